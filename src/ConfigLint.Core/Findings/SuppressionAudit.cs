using ConfigLint.Core.Parsing;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Findings;

/// <summary>A directive, or one key of it, that suppresses nothing (reported by the unused-suppression rule).</summary>
public sealed record UnusedSuppression(SuppressionDirective Directive, Span Span, string Detail);

/// <summary>What applying the inline suppressions found: the directives, and those that did nothing.</summary>
public sealed record SuppressionAudit(IReadOnlyList<SuppressionDirective> Directives, IReadOnlyList<UnusedSuppression> Unused)
{
    public static SuppressionAudit None { get; } = new([], []);
}
