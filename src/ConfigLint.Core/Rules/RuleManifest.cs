using YamlDotNet.Serialization;

namespace ConfigLint.Core.Rules;

/// <summary>
/// The YAML form of a rule (rules/&lt;category&gt;/&lt;ID&gt;.yaml). Built-in and user rules share it.
/// Keys are snake_case; an unknown key is an error, so a typo never silently disables a rule.
/// </summary>
public sealed class RuleManifest
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? Title { get; set; }

    public string? Category { get; set; }

    public string? Severity { get; set; }

    public string? Message { get; set; }

    public string? Summary { get; set; }

    public string? Rationale { get; set; }

    public string? Remediation { get; set; }

    public string? Exceptions { get; set; }

    public List<string>? References { get; set; }

    public List<string>? Tags { get; set; }

    public string? Precision { get; set; }

    [YamlMember(Alias = "security_severity")]
    public string? SecuritySeverity { get; set; }

    public string? Status { get; set; }

    /// <summary><c>safe</c> or <c>unsafe</c> for a rule whose findings carry a fix (<c>configlint fix</c>); absent otherwise.</summary>
    public string? Fix { get; set; }

    /// <summary><c>false</c> for an opt-in rule: off unless <c>.configlint.yml</c> or a profile gives it a level.</summary>
    public bool? Enabled { get; set; }

    public string? Since { get; set; }

    /// <summary><c>coded</c> binds the rule to a class marked with its ID; otherwise <see cref="Check"/> is required.</summary>
    public string? Logic { get; set; }

    public CheckManifest? Check { get; set; }

    /// <summary>
    /// Limits a coded rule reads (e.g. PF101's prefix lengths), as data: the code reads them from
    /// here (<see cref="RuleDescriptor.Threshold"/>) and the docs render them, so prose and code
    /// cannot disagree.
    /// </summary>
    public Dictionary<string, string>? Thresholds { get; set; }

    /// <summary><c>after-suppressions</c> for rules that judge the suppression comments themselves; absent for every other rule.</summary>
    public string? Phase { get; set; }

    /// <summary>The files the rule needs to say anything (<c>main.cf</c>, <c>master.cf</c>, <c>aliases</c>); when one is absent the rule is not evaluated, and the run says so.</summary>
    public List<string>? Needs { get; set; }
}

/// <summary>
/// A declarative one-level condition on one parameter's effective value. Exactly one condition key
/// must be set. The rule fires when the condition holds.
/// </summary>
public sealed class CheckManifest
{
    /// <summary>The parameter whose effective value is tested.</summary>
    public string? Parameter { get; set; }

    /// <summary><c>main</c> (main.cf alone, default) or <c>services</c> (every smtpd service with its -o overrides).</summary>
    public string? Scope { get; set; }

    [YamlMember(Alias = "equals")]
    public string? EqualTo { get; set; }

    [YamlMember(Alias = "not_equals")]
    public string? NotEquals { get; set; }

    [YamlMember(Alias = "one_of")]
    public List<string>? OneOf { get; set; }

    [YamlMember(Alias = "not_one_of")]
    public List<string>? NotOneOf { get; set; }

    public string? Matches { get; set; }

    [YamlMember(Alias = "list_contains")]
    public string? ListContains { get; set; }

    [YamlMember(Alias = "list_lacks")]
    public string? ListLacks { get; set; }

    /// <summary>true: fires when the parameter is written explicitly; false: fires when it is left at its default.</summary>
    [YamlMember(Alias = "is_set")]
    public bool? IsSet { get; set; }
}
