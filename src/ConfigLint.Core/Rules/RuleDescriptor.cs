using ConfigLint.Core.Text;

namespace ConfigLint.Core.Rules;

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

    public string Since { get; init; } = "0.1.0";

    /// <summary>Where the generated doc page lives, relative to the repository root.</summary>
    public string DocPath => $"rules/{Category}/{Id}.md";

    /// <summary>Pascal-case form of <see cref="Name"/>, which the SARIF multitool wants as a friendly name.</summary>
    public string PascalName => string.Concat(Name.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
}
