using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Configuration;

/// <summary>
/// A named preset of rule levels for a kind of server or an audit standard (<c>profiles:</c> in
/// <c>.configlint.yml</c>). A profile selects rules by category, tag or default severity rather
/// than by ID, so rules added later fall into the profiles that concern them.
/// </summary>
/// <param name="Name">What the user writes under <c>profiles:</c>.</param>
/// <param name="Summary">One line for docs and <c>configlint init</c>.</param>
/// <param name="Levels">Applied in order; a later entry wins over an earlier one for the same rule.</param>
public sealed record Profile(string Name, string Summary, IReadOnlyList<(string Selector, Severity Level)> Levels)
{
    /// <summary>
    /// <c>category:NAME</c>, <c>tag:NAME</c>, <c>severity:LEVEL</c> (the rule's default level), or a
    /// rule ID or name.
    /// </summary>
    public static bool Matches(string selector, RuleDescriptor rule)
    {
        var colon = selector.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return string.Equals(selector, rule.Id, StringComparison.OrdinalIgnoreCase) || selector == rule.Name;
        }

        var kind = selector[..colon];
        var value = selector[(colon + 1)..];
        return kind switch
        {
            "category" => rule.Category == value,
            "tag" => rule.Tags.Contains(value),
            "severity" => rule.DefaultSeverity.ToName() == value,
            _ => false,
        };
    }
}

/// <summary>The built-in profiles. README.md describes each; the Configuration tests pin what they change.</summary>
public static class Profiles
{
    public static IReadOnlyList<Profile> All { get; } =
    [
        new("mx",
            "A public MX that receives mail on port 25 (also as a backup MX): relay and listener rules are errors; VRFY, a missing HELO and SMTP AUTH on port 25 are warned about.",
            [("category:relay", Severity.Error), ("category:listeners", Severity.Error), ("effective-listeners", Severity.None),
             ("vrfy-enabled", Severity.Warning), ("helo-not-required", Severity.Warning), ("sasl-on-port25", Severity.Warning)]),
        new("submission",
            "A submission server for authenticated users that is not an MX: relay rules are errors, MX-only rules are off.",
            [("category:relay", Severity.Error), ("tag:mx", Severity.None)]),
        new("null-client",
            "A host that only sends (no local delivery, no mail from the network): listener rules are errors and what the host exposes is listed; MX-only and aliases rules are off.",
            [("category:listeners", Severity.Error), ("effective-listeners", Severity.Note), ("tag:mx", Severity.None), ("tag:aliases", Severity.None)]),
        new("cis",
            "CIS-benchmark-style audit: every security rule is an error, and so is every line Postfix would skip (syntax); VRFY and a missing HELO are reported, and what the host exposes is listed.",
            [("tag:security", Severity.Error), ("tag:syntax", Severity.Error), ("effective-listeners", Severity.Note),
             ("vrfy-enabled", Severity.Error), ("helo-not-required", Severity.Warning)]),
        new("stig",
            "DISA-STIG-style audit: every rule that warns by default is an error, every security rule is an error, VRFY and a missing HELO included; what the host exposes is listed.",
            [("severity:warning", Severity.Error), ("tag:security", Severity.Error), ("effective-listeners", Severity.Note),
             ("vrfy-enabled", Severity.Error), ("helo-not-required", Severity.Error)]),
    ];

    public static Profile? Find(string name) => All.FirstOrDefault(p => p.Name == name);
}
