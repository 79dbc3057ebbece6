using ConfigLint.Core.Text;

namespace ConfigLint.Core.Findings;

/// <summary>Another place that contributes to a finding (the listener, the permit_mynetworks that lets it relay, ...).</summary>
public sealed record RelatedLocation(Span Span, string Message);

/// <summary>A text edit a user can apply to fix a finding (SARIF <c>fixes</c>).</summary>
public sealed record Replacement(Span Span, string NewText);

public sealed record Fix(string Description, IReadOnlyList<Replacement> Replacements);

/// <summary>Why a finding is not reported: an inline comment or a baseline entry.</summary>
public sealed record Suppression(string Kind, string Justification, Span? Location);

/// <summary>One problem a rule found, located at the span that causes it.</summary>
public sealed record Finding
{
    public required string RuleId { get; init; }

    public required string RuleName { get; init; }

    public required Severity Severity { get; init; }

    public required string Message { get; init; }

    public required Span Span { get; init; }

    public IReadOnlyList<RelatedLocation> Related { get; init; } = [];

    public Fix? Fix { get; init; }

    /// <summary>
    /// What identifies this finding within its file independently of line numbers: rule and the
    /// text that causes it. With the file's repository path it makes <see cref="Fingerprint"/>.
    /// </summary>
    public string? LogicalKey { get; init; }

    /// <summary>The line-free identity (SARIF partialFingerprints, JSON, baselines), computed once by the engine; null before.</summary>
    public string? Fingerprint { get; init; }

    public Suppression? Suppression { get; init; }
}
