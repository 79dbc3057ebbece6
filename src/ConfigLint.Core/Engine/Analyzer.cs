using ConfigLint.Core.Model;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Engine;

/// <summary>How the user tuned the rule set: a severity per rule ID, name or category (<see cref="Severity.None"/> = off).</summary>
public sealed class RuleSelection
{
    public static RuleSelection Default { get; } = new(new Dictionary<string, Severity>());

    public RuleSelection(IReadOnlyDictionary<string, Severity> levels) => Levels = levels;

    public IReadOnlyDictionary<string, Severity> Levels { get; }

    /// <summary>The configured severity: an ID beats a name, a name beats a category.</summary>
    public Severity SeverityOf(RuleDescriptor rule)
    {
        if (Levels.TryGetValue(rule.Id, out var s) || Levels.TryGetValue(rule.Name, out s) || Levels.TryGetValue(rule.Category, out s))
        {
            return s;
        }

        return rule.DefaultSeverity;
    }
}

/// <summary>Runs rules over a model and collects their findings.</summary>
public static class Analyzer
{
    public static List<Finding> Run(PostfixConfig config, IEnumerable<LoadedRule> rules, RuleSelection? selection = null)
    {
        selection ??= RuleSelection.Default;
        var findings = new List<Finding>();
        foreach (var rule in rules)
        {
            var severity = selection.SeverityOf(rule.Descriptor);
            if (severity == Severity.None)
            {
                continue;
            }

            var context = new RuleContext(rule.Descriptor, severity, config, findings);
            rule.Logic.Check(context);
        }

        return findings
            .OrderBy(f => f.Span.File, StringComparer.Ordinal)
            .ThenBy(f => f.Span.StartLine)
            .ThenBy(f => f.Span.StartColumn)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ToList();
    }
}
