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

    /// <summary>The plan of the rule list this selection was last used with (<see cref="Analyzer"/>), kept for the next configuration.</summary>
    internal object? Plan { get; set; }

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
        var plan = RulePlan.For(rules, selection ?? RuleSelection.Default);
        var inputs = InputsOf(config);
        var findings = new List<Finding>();
        var ran = new List<RuleDescriptor>(plan.Analysis.Length);
        RuleContext? context = null;
        foreach (var (rule, severity, needs, check) in plan.Analysis)
        {
            if ((needs & inputs) != needs)
            {
                continue;
            }

            ran.Add(rule.Descriptor);
            var started = timings?.Now ?? 0;
            try
            {
                check(context = context?.For(rule.Descriptor, severity) ?? new RuleContext(rule.Descriptor, severity, config, findings));
            }
            catch (RuleManifestException e) when (errors is not null)
            {
                // The run is incomplete (exit code 2), but the report of everything else is still written.
                errors.Add(e.Message);
            }

            timings?.AddRule(rule.Descriptor.Id, timings.Now - started);
        }

        var (marked, audit) = InlineSuppressions.Apply(config.Suppressions, findings, plan.Descriptors, ran);
        findings = marked;
        foreach (var (rule, severity, _, check) in plan.AfterSuppressions)
        {
            check(new RuleContext(rule.Descriptor, severity, config, findings, audit));
        }

        if (!config.Secrets.Any)
        {
            // Nothing to mask: the findings as they are, not a copy of each.
            return findings;
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
        var plan = RulePlan.For(rules, selection ?? RuleSelection.Default);
        var inputs = InputsOf(config);
        var skipped = new List<RuleDescriptor>();
        foreach (var (rule, _, needs, _) in plan.All)
        {
            if ((needs & inputs) != needs)
            {
                skipped.Add(rule.Descriptor);
            }
        }

        return skipped;
    }

    private static Inputs InputsOf(PostfixConfig config) =>
        (config.Main is not null ? Inputs.MainCf : 0) | (config.Master is not null ? Inputs.MasterCf : 0) | (config.Aliases is not null ? Inputs.Aliases : 0);

    /// <summary>The files a rule needs (<see cref="RuleDescriptor.Needs"/>), as flags.</summary>
    [Flags]
    private enum Inputs
    {
        MainCf = 1,
        MasterCf = 2,
        Aliases = 4,
    }

    /// <summary>
    /// The rules in force with their levels, worked out once for a rule set and a selection rather than
    /// for every configuration of a fleet (three level lookups and a walk of the inputs per rule and
    /// configuration were a twentieth of a fleet's check). A selection keeps the plan of the last rule
    /// list it was used with; a race between threads only makes the same plan twice.
    /// </summary>
    /// <param name="Check">
    /// The rule's <see cref="IRuleLogic.Check"/> as a delegate made once: called through the interface, the
    /// one call site for 80-odd rule classes took the runtime's slowest dispatch (a cache too small for
    /// them all) for every rule and configuration of a fleet.
    /// </param>
    private readonly record struct PlannedRule(LoadedRule Rule, Severity Severity, Inputs Needs, Action<RuleContext> Check);

    private sealed class RulePlan
    {
        private RulePlan(IReadOnlyList<LoadedRule> rules, RuleSelection selection)
        {
            Rules = rules;
            Descriptors = rules.Select(r => r.Descriptor).ToList();
            All = rules.Select(r => new PlannedRule(r, selection.SeverityOf(r.Descriptor), NeedsOf(r.Descriptor), r.Logic.Check))
                .Where(r => r.Severity != Severity.None)
                .ToArray();
            Analysis = All.Where(r => r.Rule.Descriptor.Phase == RulePhase.Analysis).ToArray();
            AfterSuppressions = All.Where(r => r.Rule.Descriptor.Phase == RulePhase.AfterSuppressions).ToArray();
        }

        public IReadOnlyList<LoadedRule> Rules { get; }

        /// <summary>Every rule of the set, switched on or not (the suppression audit knows them all).</summary>
        public IReadOnlyList<RuleDescriptor> Descriptors { get; }

        /// <summary>The rules switched on, in the set's order.</summary>
        public PlannedRule[] All { get; }

        public PlannedRule[] Analysis { get; }

        public PlannedRule[] AfterSuppressions { get; }

        public static RulePlan For(IEnumerable<LoadedRule> rules, RuleSelection selection)
        {
            if (rules is not IReadOnlyList<LoadedRule> list)
            {
                return new RulePlan(rules.ToList(), selection);
            }

            if (selection.Plan is RulePlan kept && ReferenceEquals(kept.Rules, list))
            {
                return kept;
            }

            var plan = new RulePlan(list, selection);
            selection.Plan = plan;
            return plan;
        }

        private static Inputs NeedsOf(RuleDescriptor rule)
        {
            Inputs needs = 0;
            foreach (var need in rule.Needs)
            {
                needs |= need switch
                {
                    RuleInput.MainCf => Inputs.MainCf,
                    RuleInput.MasterCf => Inputs.MasterCf,
                    RuleInput.Aliases => Inputs.Aliases,
                    _ => 0,
                };
            }

            return needs;
        }
    }
}
