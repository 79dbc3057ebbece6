using ConfigLint.Core.Findings;
using ConfigLint.Core.Model.Smtpd;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// PF106: a restriction class smtpd cannot find. A name in smtpd_restriction_classes without a
/// definition stops smtpd at start-up ("restriction class `x' needs a definition",
/// smtpd_check_init()); a word in a list that is neither a restriction of the target release nor a
/// class — a typo, or a parameter defined but not listed in smtpd_restriction_classes — is
/// "unknown smtpd restriction" and answers 451 4.3.5 when smtpd reaches it (generic_checks()).
/// A word after a restriction that always ends its list is never reached (PF103 reports it).
/// </summary>
[Rule("PF106")]
public sealed class PF106RestrictionClassUndefined : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var findings = new SmtpdFindings();
        findings.ForEachPipeline(context.Config, (pipeline, hitsHere) =>
        {
            var lists = pipeline.AllLists.Concat(pipeline.Restrictions.DefinedClasses).ToList();
            foreach (var undefined in pipeline.Restrictions.UndefinedClasses)
            {
                if (undefined.Span is not { } span)
                {
                    continue;
                }

                var hit = findings.At(span, "undefined", () => new SmtpdFindings.Hit(span, "undefined"));
                hit.Values["what"] = $"smtpd stops at start-up with 'fatal: restriction class `{undefined.Text}' needs a definition' and drops every connection: smtpd_restriction_classes names `{undefined.Text}', and no parameter `{undefined.Text} = ...' defines it";
                foreach (var use in lists.SelectMany(l => l.Items).Where(i => i.Name == undefined.Text && i.Span is not null))
                {
                    hit.Related.Add(new RelatedLocation(use.Span!.Value, $"`{undefined.Text}' is used here."));
                }

                hitsHere.Add(hit);
            }

            foreach (var list in lists)
            {
                var ignored = list.Ignored()?.Ignored ?? [];
                foreach (var word in list.Items)
                {
                    // Plain loops: this runs for every list of every configuration, and most words are known.
                    if (!word.IsUnknown || ignored.Contains(word) || RestrictionReleases.History(word.Name).Any() || word.Span is not { } span)
                    {
                        continue;
                    }

                    var hit = findings.At(span, "unknown", () => new SmtpdFindings.Hit(span, "unknown"));
                    hit.Values["what"] = word.UnlistedDefinition is not null
                        ? $"`{word.Name}' in {list.Parameter} is not a restriction class: it is set as a parameter, but smtpd_restriction_classes does not list it, so smtpd logs 'unknown smtpd restriction: \"{word.Name}\"' and answers 451 4.3.5 Server configuration error when it gets there"
                        : $"`{word.Name}' in {list.Parameter} is neither a restriction nor a restriction class, so smtpd logs 'unknown smtpd restriction: \"{word.Name}\"' and answers 451 4.3.5 Server configuration error when it gets there{Suggestion(word.Name)}";
                    if (word.UnlistedDefinition is { } defined)
                    {
                        hit.Related.Add(new RelatedLocation(defined, $"`{word.Name}' is set here."));
                    }

                    hitsHere.Add(hit);
                }
            }
        });

        findings.Report(context, (hit, who) => context.Format(("who", who), ("what", hit.Values["what"])));
    }

    private static string Suggestion(string word) =>
        NearestName.Find(word.ToLowerInvariant(), RestrictionReleases.AllNames) is { } name ? $" (did you mean `{name}'?)" : string.Empty;
}
