using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>PF010: a <c># configlint: disable=…</c> comment without <c>-- reason</c> (it still suppresses).</summary>
[Rule("PF010")]
public sealed class PF010SuppressionWithoutReason : IRuleLogic
{
    public void Check(RuleContext context)
    {
        foreach (var directive in context.Suppressions.Directives)
        {
            // A malformed directive is PF011's: it suppresses nothing until it is fixed.
            if (directive.Problem is not null || directive.HasReason)
            {
                continue;
            }

            var rules = string.Join(", ", directive.Keys.Select(k => k.Text));
            context.Report(directive.Span,
                context.Format(("detail", $"Suppression of {rules} gives no reason; add one after ' -- ' (e.g. '{directive.Text.TrimEnd(' ', '-')} -- why this is acceptable').")),
                key: directive.Text);
        }
    }
}
