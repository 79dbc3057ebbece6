using ConfigLint.Core.Findings;
using ConfigLint.Core.Model.Smtpd;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// PF107: a restriction the target Postfix release has removed (smtpd answers 451), deprecated
/// (smtpd logs that it will be removed) or renamed (an old name that still works), from the
/// per-release data generated from each release's smtpd_check.c (<see cref="RestrictionReleases"/>).
/// </summary>
[Rule("PF107")]
public sealed class PF107DeprecatedRestrictions : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var findings = new SmtpdFindings();
        findings.ForEachPipeline(context.Config, (pipeline, hitsHere) =>
        {
            foreach (var list in pipeline.AllLists.Concat(pipeline.Restrictions.DefinedClasses))
            {
                foreach (var r in list.Items.Where(r => r.Info is not null && r.Span is not null))
                {
                    var support = RestrictionReleases.Of(pipeline.Series, r.Name);
                    if (Describe(support, r, pipeline.Series) is not { } found)
                    {
                        continue;
                    }

                    var span = r.Span!.Value;
                    var hit = findings.At(span, "deprecated", () => new SmtpdFindings.Hit(span, "deprecated") { Severity = found.Severity });
                    hit.Values["what"] = found.What;
                    hitsHere.Add(hit);
                }
            }
        });

        findings.Report(context, (hit, who) => context.Format(("who", who), ("what", hit.Values["what"])));
    }

    private static (Severity Severity, string What)? Describe(RestrictionSupport support, Restriction r, string series)
    {
        // The history and the replacement are looked up only for a restriction that is reported (most are
        // supported: a fleet looked up every release of every restriction of every configuration).
        switch (support.Status)
        {
            case RestrictionStatus.Removed:
                return (Severity.Error, $"Postfix {series} has removed `{r.Name}': smtpd logs '{support.Message}' and answers 451 4.3.5 Server configuration error whenever it gets there");
            case RestrictionStatus.Deprecated:
                var firstRemoved = RestrictionReleases.History(r.Name).FirstOrDefault(h => h.Status == RestrictionStatus.Removed)?.Series;
                var gone = firstRemoved is null ? string.Empty : $", and Postfix {firstRemoved} answers 451 for it";
                return (Severity.Warning, $"Postfix {series} logs '{support.Message}' whenever smtpd runs `{r.Name}'{gone}");
            case RestrictionStatus.OldName:
                var instead = support.Replacement.Length == 0 ? string.Empty
                    : $"; use {string.Join(" or ", support.Replacement.Split(' ').Select(n => $"`{n}'"))} instead";
                return (Severity.Note, $"`{r.Name}' is the old name of `{support.Replacement}'; Postfix {series} still accepts it without a warning{instead}");
            case RestrictionStatus.Unknown:
                var known = RestrictionReleases.History(r.Name).Select(h => h.Series).ToList();
                return known.Count == 0 ? null
                    : (Severity.Error, $"Postfix {series} does not know `{r.Name}' (Postfix {known[0]} to {known[^1]} do): smtpd logs 'unknown smtpd restriction: \"{r.Name}\"' and answers 451 4.3.5 Server configuration error whenever it gets there");
            default:
                return null;
        }
    }
}
