using System.Globalization;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Rules;

/// <summary>When a rule runs.</summary>
public enum RulePhase
{
    /// <summary>With every other rule, before inline suppressions are applied.</summary>
    Analysis,

    /// <summary>
    /// After inline suppressions are applied, with their audit in the context (the rules about the
    /// suppression comments themselves). Their findings cannot be suppressed inline, so a directive
    /// cannot hide its own problems.
    /// </summary>
    AfterSuppressions,
}

/// <summary>A file a rule needs in order to say anything.</summary>
public enum RuleInput
{
    MainCf,
    MasterCf,
    Aliases,
}

/// <summary>
/// Everything the user reads about a rule, loaded from its manifest (<c>rules/&lt;category&gt;/&lt;ID&gt;.yaml</c>).
/// Docs pages, <c>configlint rules list|explain</c> and SARIF <c>tool.driver.rules[]</c> are all rendered from this.
/// </summary>
public sealed record RuleDescriptor
{
    public required string Id { get; init; }

    /// <summary>Kebab-case slug of the problem (not the fix), e.g. <c>open-relay-risk</c>.</summary>
    public required string Name { get; init; }

    public required string Title { get; init; }

    public required string Category { get; init; }

    public required Severity DefaultSeverity { get; init; }

    /// <summary>The finding message; <c>{placeholders}</c> are filled by the rule.</summary>
    public required string Message { get; init; }

    public required string Summary { get; init; }

    public required string Rationale { get; init; }

    public required string Remediation { get; init; }

    public string Exceptions { get; init; } = string.Empty;

    public IReadOnlyList<string> References { get; init; } = [];

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>SARIF precision: very-high, high, medium or low.</summary>
    public string Precision { get; init; } = "high";

    /// <summary>GitHub's <c>security-severity</c> score ("0.1".."10.0") for security rules; null otherwise.</summary>
    public string? SecuritySeverity { get; init; }

    public string Status { get; init; } = "stable";

    /// <summary>
    /// Whether <c>configlint fix</c> applies this rule's fixes by default (<see cref="Rules.FixSafety.Safe"/>:
    /// they change nothing Postfix does beyond the finding itself) or only with <c>--unsafe-fixes</c>;
    /// null for a rule that offers no fix.
    /// </summary>
    public FixSafety? FixSafety { get; init; }

    /// <summary>False for an opt-in rule (manifest <c>enabled: false</c>): off unless settings or a profile give it a level.</summary>
    public bool EnabledByDefault { get; init; } = true;

    public string Since { get; init; } = "0.1.0";

    public RulePhase Phase { get; init; } = RulePhase.Analysis;

    /// <summary>Files the rule needs; without one of them it is not evaluated (and the run says so).</summary>
    public IReadOnlyList<RuleInput> Needs { get; init; } = [];

    /// <summary>The manifest's <c>thresholds:</c>, by name.</summary>
    public IReadOnlyDictionary<string, string> Thresholds { get; init; } = new Dictionary<string, string>();

    /// <summary>A numeric threshold from the manifest; a missing or non-numeric one is a bug in the manifest.</summary>
    public int Threshold(string name) =>
        Thresholds.TryGetValue(name, out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidOperationException($"{Id}: the manifest has no numeric threshold '{name}'.");

    /// <summary>Where the generated doc page lives, relative to the repository root.</summary>
    public string DocPath => $"rules/{Category}/{Id}.md";

    /// <summary>Pascal-case form of <see cref="Name"/>, which the SARIF multitool wants as a friendly name.</summary>
    public string PascalName => string.Concat(Name.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
}

/// <summary>How far a rule's fix may be trusted (manifest <c>fix:</c>).</summary>
public enum FixSafety
{
    /// <summary>Changes nothing Postfix does beyond the finding itself; <c>configlint fix</c> applies it.</summary>
    Safe,

    /// <summary>May change behaviour a user relies on; applied only with <c>--unsafe-fixes</c>.</summary>
    Unsafe,
}
