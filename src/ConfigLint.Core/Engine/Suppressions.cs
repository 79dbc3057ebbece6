using ConfigLint.Core.Findings;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Engine;

/// <summary>
/// Applies inline suppressions (<c># configlint: disable=…</c>, parsed once with the text: see
/// <see cref="SuppressionComments"/>) to the findings of the analysis phase. Rules of the
/// <see cref="RulePhase.AfterSuppressions"/> phase run afterwards and judge the audit.
/// </summary>
public static class InlineSuppressions
{
    /// <summary><see cref="Suppression.Kind"/> of an inline suppression (SARIF <c>inSource</c>).</summary>
    public const string Kind = "inSource";

    /// <summary>
    /// Marks the findings the directives cover (<see cref="Finding.Suppression"/> of kind
    /// <see cref="Kind"/>, the reason as justification) and works out which directives, or which of
    /// their keys, suppressed nothing. A key naming a rule that did not run (switched off) is not
    /// reported: nothing can be known about it.
    /// </summary>
    public static (List<Finding> Findings, SuppressionAudit Audit) Apply(
        IReadOnlyList<SuppressionDirective> directives,
        IReadOnlyList<Finding> findings,
        IReadOnlyCollection<RuleDescriptor> knownRules,
        IReadOnlyCollection<RuleDescriptor> rulesThatRan)
    {
        if (directives.Count == 0)
        {
            return (findings.ToList(), new SuppressionAudit(directives, []));
        }

        var used = new HashSet<SuppressionKey>();
        var result = new List<Finding>(findings.Count);
        foreach (var finding in findings)
        {
            var marked = finding;
            foreach (var directive in directives)
            {
                if (finding.Suppression is not null || directive.Problem is not null || !directive.Covers(finding.Span))
                {
                    continue;
                }

                var key = directive.Keys.FirstOrDefault(k => Names(k.Text, finding.RuleId, finding.RuleName));
                if (key is null)
                {
                    continue;
                }

                used.Add(key);
                if (marked.Suppression is null)
                {
                    marked = finding with { Suppression = new Suppression(Kind, directive.Reason ?? string.Empty, directive.Span) };
                }
            }

            result.Add(marked);
        }

        var unused = new List<UnusedSuppression>();
        foreach (var directive in directives)
        {
            if (directive.Problem is { } problem)
            {
                unused.Add(new UnusedSuppression(directive, directive.Span, $"'{Excerpt.Of(directive.Text)}' {problem}."));
                continue;
            }

            if (directive.Scope == SuppressionScope.Entry && directive.TargetFirstLine is null)
            {
                unused.Add(new UnusedSuppression(directive, directive.Span,
                    $"'{Excerpt.Of(directive.Text)}' is not directly above a main.cf parameter, master.cf service or aliases entry, so it suppresses nothing; move it to the line above the entry (no blank line between)."));
                continue;
            }

            foreach (var key in directive.Keys.Where(k => !used.Contains(k)))
            {
                var rule = knownRules.FirstOrDefault(r => Names(key.Text, r.Id, r.Name));
                var where = directive.Scope == SuppressionScope.File ? "in this file" : "on the entry below";
                if (rule is null)
                {
                    var hint = NearestName.Hint(key.Text, knownRules.Select(r => r.Id).Concat(knownRules.Select(r => r.Name)));
                    unused.Add(new UnusedSuppression(directive, key.Span, $"'{key.Text}' is not a rule ID or name{hint}, so this suppression suppresses nothing; 'configlint rules list' shows the rules."));
                }
                else if (rule.Phase == RulePhase.AfterSuppressions)
                {
                    unused.Add(new UnusedSuppression(directive, key.Span, $"{rule.Id} cannot be suppressed inline (a directive cannot hide its own problems); switch it off in .configlint.yml if you must."));
                }
                else if (rulesThatRan.Any(r => r.Id == rule.Id))
                {
                    unused.Add(new UnusedSuppression(directive, key.Span, $"Suppression of {rule.Id} [{rule.Name}] is unused: {rule.Id} reports nothing {where}; remove it."));
                }
            }
        }

        return (result, new SuppressionAudit(directives, unused));
    }

    private static bool Names(string key, string id, string name) =>
        string.Equals(key, id, StringComparison.OrdinalIgnoreCase) || string.Equals(key, name, StringComparison.OrdinalIgnoreCase);
}
