using ConfigLint.Core.Engine;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF011: a <c># configlint:</c> comment that suppresses nothing. It can only judge after every
/// other rule has run, so the analyzer calls <see cref="Audit"/> once suppressions are applied.
/// </summary>
[Rule(InlineSuppressions.UnusedRuleId)]
public sealed class PF011UnusedSuppression : ISuppressionAuditRule
{
    public void Check(RuleContext context)
    {
        // Nothing to do before the other rules have reported: see Audit.
    }

    public void Audit(RuleContext context, SuppressionAudit audit)
    {
        foreach (var unused in audit.Unused)
        {
            context.Report(unused.Span, context.Format(("detail", unused.Detail)), key: $"{unused.Directive.Text}|{unused.Span.StartColumn}|{unused.Detail}");
        }
    }
}
