using ConfigLint.Core.Model;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Configuration;

/// <summary>A <c>.configlint.yml</c> that cannot be used, with the file and line to fix (exit code 2).</summary>
public sealed class ConfigurationException(string file, int line, string message) : Exception($"{file}:{line}: {message}")
{
    public string File { get; } = file;

    public int Line { get; } = line;

    public string Reason { get; } = message;
}

/// <summary>One entry of <c>rules:</c>: a rule ID, name or category and the level the user wants for it.</summary>
/// <param name="Selector">The key as written (an ID like PF101, a name like open-relay-risk, or a category like relay).</param>
/// <param name="Level">error, warning, note, or <see cref="Severity.None"/> for <c>off</c>.</param>
/// <param name="Line">Where the key is, for errors about it (an unknown rule).</param>
public sealed record RuleLevelSetting(string Selector, Severity Level, int Line);

/// <summary>
/// The contents of one <c>.configlint.yml</c> (see schemas/configlint.schema.json and
/// README.md). <see cref="Default"/> stands for "no file found".
/// </summary>
public sealed class ConfigLintSettings
{
    /// <summary>The file names looked for, in order, in each directory from the checked path upwards.</summary>
    public static readonly IReadOnlyList<string> FileNames = [".configlint.yml", ".configlint.yaml"];

    /// <summary>No configuration file: built-in rules at their default levels.</summary>
    public static ConfigLintSettings Default { get; } = new();

    /// <summary>The file's full path; null for <see cref="Default"/>.</summary>
    public string? Path { get; init; }

    /// <summary>The path as it is shown in messages (relative to the working directory when inside it).</summary>
    public string DisplayPath { get; init; } = "(defaults)";

    /// <summary>The directory relative paths in the file (exclude, rules_dirs) are resolved against.</summary>
    public string? BaseDirectory => Path is null ? null : System.IO.Path.GetDirectoryName(Path);

    /// <summary><c>rules:</c>, in file order.</summary>
    public IReadOnlyList<RuleLevelSetting> Rules { get; init; } = [];

    /// <summary><c>profiles:</c>, in file order (later ones win where they disagree).</summary>
    public IReadOnlyList<string> Profiles { get; init; } = [];

    /// <summary>Line of each profile name, for errors.</summary>
    public int ProfilesLine { get; init; }

    /// <summary><c>exclude:</c> path globs, relative to <see cref="BaseDirectory"/>.</summary>
    public IReadOnlyList<PathGlob> Exclude { get; init; } = [];

    /// <summary><c>rules_dirs:</c> resolved to full paths (each exists).</summary>
    public IReadOnlyList<string> RulesDirs { get; init; } = [];

    /// <summary><c>postfix_version:</c>, e.g. "3.7"; null when not given.</summary>
    public string? PostfixVersion { get; init; }

    /// <summary><c>default_compatibility_level:</c> for configurations whose main.cf sets none; null when not given.</summary>
    public string? DefaultCompatibilityLevel { get; init; }

    /// <summary><c>fail_level:</c>; null when not given (the CLI default applies, and <c>--fail-level</c> always wins).</summary>
    public Severity? FailLevel { get; init; }

    /// <summary><c>network:</c> hints.</summary>
    public NetworkHints Network { get; init; } = NetworkHints.Unknown;

    /// <summary>
    /// The values Postfix would compute that this file pins down: <c>compatibility_level</c> (used
    /// only when main.cf sets none) and <c>mail_version</c> (from <c>postfix_version</c>).
    /// </summary>
    public HostFacts ToHostFacts(HostFacts? baseFacts = null)
    {
        var values = new Dictionary<string, string>(baseFacts?.Values ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        if (DefaultCompatibilityLevel is { } level)
        {
            values["compatibility_level"] = level;
        }

        if (PostfixVersion is { } version)
        {
            values["mail_version"] = version;
        }

        return values.Count == 0 ? HostFacts.Unknown : new HostFacts(values);
    }

    /// <summary>True when <paramref name="fullPath"/> (a file) matches one of the <c>exclude:</c> globs.</summary>
    public bool IsExcluded(string fullPath)
    {
        if (Exclude.Count == 0 || BaseDirectory is not { } root)
        {
            return false;
        }

        var relative = System.IO.Path.GetRelativePath(root, fullPath).Replace('\\', '/');
        return Exclude.Any(g => g.MatchesPathOrParent(relative));
    }
}
