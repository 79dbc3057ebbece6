using ConfigLint.Core.Findings;
using ConfigLint.Core.Model.Smtpd;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF103: restrictions written after one that always ends its list — <c>permit</c>, and, unless
/// <c>warn_if_reject</c> stands before it, <c>reject</c>, <c>defer</c> or <c>check_relay_domains</c> —
/// are never evaluated; smtpd logs "restriction `x' after `permit' is ignored" when it gets there
/// (generic_checks() and has_required() in smtpd_check.c). Every restriction list of every smtpd
/// service and the classes they name; one finding per written list.
/// </summary>
[Rule("PF103")]
public sealed class PF103BarePermit : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var findings = new SmtpdFindings();
        findings.ForEachPipeline(context.Config, (pipeline, hitsHere) =>
        {
            foreach (var list in pipeline.AllLists.Concat(pipeline.Restrictions.DefinedClasses))
            {
                if (list.Ignored() is not { } ignored || ignored.Ignored[0].Span is not { } span)
                {
                    continue;
                }

                var hit = findings.At(span, "ignored", () => new SmtpdFindings.Hit(span, "ignored"));
                hit.Values["first"] = ignored.Ignored[0].Text;
                hit.Values["terminal"] = ignored.Terminal.Name;
                hit.Values["list"] = list.Parameter;
                hit.Values["more"] = ignored.Ignored.Count == 1 ? string.Empty
                    : ignored.Ignored.Count == 2 ? " (nor the restriction after it)"
                    : $" (nor the {ignored.Ignored.Count - 1} restrictions after it)";
                hit.Values["what"] = ignored.Terminal.Name.ToLowerInvariant() switch
                {
                    "permit" => "accepts",
                    "check_relay_domains" => "decides (or, from Postfix 3.9, answers 451)",
                    _ => "refuses",
                };
                if (ignored.Terminal.Span is { } terminal)
                {
                    hit.Related.Add(new RelatedLocation(terminal, $"`{ignored.Terminal.Name}' ends {list.Parameter} here."));
                }

                hitsHere.Add(hit);
            }
        });

        findings.Report(context, (hit, who) => context.Format(
            ("who", who), ("first", hit.Values["first"]), ("terminal", hit.Values["terminal"]), ("list", hit.Values["list"]),
            ("more", hit.Values["more"]), ("what", hit.Values["what"])));
    }
}
