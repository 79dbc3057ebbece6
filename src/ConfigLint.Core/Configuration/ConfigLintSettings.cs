using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Model;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Configuration;

/// <summary>
/// A <c>.configlint.yml</c> that cannot be used, with the file and line to fix (exit code 2). One
/// exception carries every problem of the file (<see cref="Problems"/>), so a user fixes them all
/// in one round; <see cref="Exception.Message"/> lists them one per line.
/// </summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException(string file, int line, string message)
        : base($"{file}:{line}: {message}")
    {
        File = file;
        Line = line;
        Reason = message;
        Problems = [this];
    }

    private ConfigurationException(IReadOnlyList<ConfigurationException> problems, ConfigLintSettings? settings)
        : base(string.Join('\n', problems.Select(p => p.Message)))
    {
        File = problems[0].File;
        Line = problems[0].Line;
        Reason = problems[0].Reason;
        Problems = problems;
        Settings = settings;
    }

    public string File { get; }

    public int Line { get; }

    public string Reason { get; }

    /// <summary>Every problem, in file order (just this one for a single problem).</summary>
    public IReadOnlyList<ConfigurationException> Problems { get; }

    /// <summary>What could be read of the file despite the problems (rules: keys are checked against it), or null.</summary>
    public ConfigLintSettings? Settings { get; }

    /// <summary>One exception for several problems; the single problem itself when there is one.</summary>
    public static ConfigurationException Combine(IReadOnlyList<ConfigurationException> problems, ConfigLintSettings? settings = null)
    {
        var flat = problems.SelectMany(p => p.Problems).OrderBy(p => p.File, StringComparer.Ordinal).ThenBy(p => p.Line).ToList();
        return flat.Count == 1 && settings is null ? flat[0] : new ConfigurationException(flat, settings);
    }
}

/// <summary><c>master_cf:</c> what to do with a configuration that has main.cf but no master.cf.</summary>
public enum MasterCfMode
{
    /// <summary>Check it with the stock master.cf of the target release (what the package installs), and say so.</summary>
    Stock,

    /// <summary>Check main.cf alone; the rules that need master.cf are not evaluated, and the run says which.</summary>
    None,
}

/// <summary><c>templates:</c> what to do with template files (Jinja, ERB, Go templates …) that look like Postfix files.</summary>
public enum TemplateMode
{
    /// <summary>Report each as skipped; do not read it as a Postfix file.</summary>
    Skip,

    /// <summary>Read it as the Postfix file its name says (main.cf.j2 as main.cf).</summary>
    Check,
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

    /// <summary><c>postfix_version:</c> as written, e.g. "3.7" or "3.7.11"; null when not given.</summary>
    public string? PostfixVersion { get; init; }

    /// <summary>The release <see cref="PostfixVersion"/> names (the loader accepts only releases the catalogue has); null when not given.</summary>
    public PostfixRelease? Release { get; init; }

    /// <summary><c>default_compatibility_level:</c> for configurations whose main.cf sets none; null when not given.</summary>
    public string? DefaultCompatibilityLevel { get; init; }

    /// <summary><c>fail_level:</c>; null when not given (the CLI default applies, and <c>--fail-level</c> always wins).</summary>
    public Severity? FailLevel { get; init; }

    /// <summary><c>master_cf:</c>; stock when not given.</summary>
    public MasterCfMode MasterCf { get; init; } = MasterCfMode.Stock;

    /// <summary><c>templates:</c>; skip when not given.</summary>
    public TemplateMode Templates { get; init; } = TemplateMode.Skip;

    /// <summary><c>network:</c> hints.</summary>
    public NetworkHints Network { get; init; } = NetworkHints.Unknown;

    /// <summary>
    /// The values Postfix would compute that this file pins down: <c>compatibility_level</c> (used
    /// only when main.cf sets none).
    /// </summary>
    public HostFacts ToHostFacts(HostFacts? baseFacts = null)
    {
        var values = new Dictionary<string, string>(baseFacts?.Values ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        if (DefaultCompatibilityLevel is { } level)
        {
            values["compatibility_level"] = level;
        }

        return values.Count == 0 ? HostFacts.Unknown : new HostFacts(values);
    }

    /// <summary>True when <paramref name="fullPath"/> (a file or directory) matches one of the <c>exclude:</c> globs.</summary>
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
