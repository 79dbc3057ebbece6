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
        var all = rules.ToList();
        var findings = new List<Finding>();
        var ran = new List<LoadedRule>();
        foreach (var rule in all)
        {
            var severity = selection.SeverityOf(rule.Descriptor);
            if (severity == Severity.None)
            {
                continue;
            }

            ran.Add(rule);
            var context = new RuleContext(rule.Descriptor, severity, config, findings);
            rule.Logic.Check(context);
        }

        // Inline suppressions (# configlint: disable=...) mark findings rather than drop them, so
        // reporters can still show them on request; then the rules about suppressions judge them.
        var (marked, audit) = InlineSuppressions.Apply(InlineSuppressions.Collect(config), findings, all.Select(r => r.Descriptor).ToList(), ran.Select(r => r.Descriptor).ToList());
        findings = marked;
        foreach (var rule in ran)
        {
            if (rule.Logic is ISuppressionAuditRule auditor)
            {
                auditor.Audit(new RuleContext(rule.Descriptor, selection.SeverityOf(rule.Descriptor), config, findings), audit);
            }
        }

        return findings
            .OrderBy(f => f.Span.File, StringComparer.Ordinal)
            .ThenBy(f => f.Span.StartLine)
            .ThenBy(f => f.Span.StartColumn)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ToList();
    }
}
