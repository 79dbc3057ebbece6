using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF011: a <c># configlint:</c> comment that suppresses nothing. Its manifest puts it in the
/// after-suppressions phase, so the engine runs it once every other rule has reported.
/// </summary>
[Rule("PF011")]
public sealed class PF011UnusedSuppression : IRuleLogic
{
    public void Check(RuleContext context)
    {
        foreach (var unused in context.Suppressions.Unused)
        {
            context.Report(unused.Span, context.Format(("detail", unused.Detail)), key: $"{unused.Directive.Text}|{unused.Span.StartColumn}|{unused.Detail}");
        }
    }
}
