using ConfigLint.Core.Findings;
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
    /// <summary>
    /// Runs the analysis-phase rules, applies the inline suppressions (which mark findings rather
    /// than drop them, so reporters can still show them on request), then runs the rules of the
    /// after-suppressions phase with the audit. A rule that needs a file the configuration lacks
    /// is not run (see <see cref="NotEvaluated"/>).
    /// </summary>
    /// <param name="config">The configuration.</param>
    /// <param name="rules">The rules in force.</param>
    /// <param name="selection">Their levels.</param>
    /// <param name="errors">
    /// Where a rule that cannot finish says why (a custom rule whose pattern takes too long), with
    /// its manifest's file and line; the other rules still run. Null: such an error is thrown.
    /// </param>
    /// <param name="timings">Where each rule's time goes (<c>check --timings</c>); the first rule to ask for a part of the lazy model pays for building it.</param>
    public static List<Finding> Run(PostfixConfig config, IEnumerable<LoadedRule> rules, RuleSelection? selection = null, ICollection<string>? errors = null, PhaseTimings? timings = null)
    {
        selection ??= RuleSelection.Default;
        var all = rules.ToList();
        var findings = new List<Finding>();
        var ran = new List<LoadedRule>();
        foreach (var rule in all.Where(r => r.Descriptor.Phase == RulePhase.Analysis))
        {
            var severity = selection.SeverityOf(rule.Descriptor);
            if (severity == Severity.None || !HasInputs(config, rule.Descriptor))
            {
                continue;
            }

            ran.Add(rule);
            var started = timings?.Now ?? 0;
            try
            {
                rule.Logic.Check(new RuleContext(rule.Descriptor, severity, config, findings));
            }
            catch (RuleManifestException e) when (errors is not null)
            {
                // The run is incomplete (exit code 2), but the report of everything else is still written.
                errors.Add(e.Message);
            }

            timings?.AddRule(rule.Descriptor.Id, timings.Now - started);
        }

        var (marked, audit) = InlineSuppressions.Apply(config.Suppressions, findings, all.Select(r => r.Descriptor).ToList(), ran.Select(r => r.Descriptor).ToList());
        findings = marked;
        foreach (var rule in all.Where(r => r.Descriptor.Phase == RulePhase.AfterSuppressions))
        {
            var severity = selection.SeverityOf(rule.Descriptor);
            if (severity != Severity.None)
            {
                rule.Logic.Check(new RuleContext(rule.Descriptor, severity, config, findings, audit));
            }
        }

        return findings.Select(f => WithoutSecrets(f, config.Secrets)).ToList();
    }

    /// <summary>
    /// A finding whose texts repeat no password of the tree: a message that quotes a value or a
    /// line (a syntax error, an effective value) never carries one into any output, nor into the
    /// fingerprint made from its logical key.
    /// </summary>
    private static Finding WithoutSecrets(Finding finding, Secrets secrets) => finding with
    {
        Message = secrets.Redact(finding.Message),
        LogicalKey = finding.LogicalKey is { } key ? secrets.Redact(key) : null,
        Related = finding.Related.Select(r => r with { Message = secrets.Redact(r.Message) }).ToList(),
        Fix = finding.Fix is { } fix ? fix with
        {
            Description = secrets.Redact(fix.Description),
            Replacements = fix.Replacements.Select(r => r with { NewText = secrets.Redact(r.NewText) }).ToList(),
        } : null,
        Suppression = finding.Suppression is { } s ? s with { Justification = secrets.Redact(s.Justification) } : null,
    };

    /// <summary>The rules that are switched on but were not run because the configuration lacks a file they need.</summary>
    public static List<RuleDescriptor> NotEvaluated(PostfixConfig config, IEnumerable<LoadedRule> rules, RuleSelection? selection = null)
    {
        selection ??= RuleSelection.Default;
        return rules.Select(r => r.Descriptor).Where(d => selection.SeverityOf(d) != Severity.None && !HasInputs(config, d)).ToList();
    }

    private static bool HasInputs(PostfixConfig config, RuleDescriptor rule) => rule.Needs.All(need => need switch
    {
        RuleInput.MainCf => config.Main is not null,
        RuleInput.MasterCf => config.Master is not null,
        RuleInput.Aliases => config.Aliases is not null,
        _ => true,
    });
}
