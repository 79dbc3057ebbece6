using ConfigLint.Core.Findings;
using ConfigLint.Core.Engine;
using ConfigLint.Core.Rules;

namespace ConfigLint.Reporting;

/// <summary>Everything a reporter may see: findings and rule descriptors, never the model.</summary>
/// <param name="Rules">Every rule that ran, whether it found something or not (SARIF lists them all so GitHub can close fixed alerts).</param>
/// <param name="Findings">
/// What the rules found, suppressed ones included (each reporter decides whether to show them), in order.
/// Read it once: for a fleet the engine makes the findings of each configuration while they are read
/// (<see cref="LintRequest.Stream"/>), and <see cref="Notes"/> and <see cref="Unlisted"/> are complete only
/// once the last one has been read.
/// </param>
/// <param name="SourceLines">
/// Physical lines of a file by its display path, or null when it cannot be shown. For a streamed run, only
/// the files of the finding just read are at hand (a file's findings come one after the other).
/// </param>
/// <param name="Category">The <c>--category</c> value, or null.</param>
/// <param name="ToolVersion">ConfigLint's semantic version.</param>
/// <param name="SourceRootUri">The analysis root as a <c>file:///…/</c> URI ending with '/', or null to leave machine paths out of SARIF.</param>
public sealed record ReportInput(
    IReadOnlyList<RuleDescriptor> Rules,
    IEnumerable<Finding> Findings,
    Func<string, IReadOnlyList<string>?> SourceLines,
    string? Category,
    string ToolVersion,
    string? SourceRootUri)
{
    /// <summary>What the run assumed, skipped or did not evaluate (every format reports these).</summary>
    public IReadOnlyList<ToolNote> Notes { get; init; } = [];

    /// <summary>Input and configuration errors: when there is one, the run is incomplete and no format may say it is clean.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>How many configurations were analysed.</summary>
    public int Configurations { get; init; } = 1;

    /// <summary>The Postfix release the model targeted, or null when not known (tests).</summary>
    public string? Target { get; init; }

    private Func<int> unlisted = () => 0;

    /// <summary>Unsuppressed findings not listed (past the per-rule, per-file limit; a note says where). Read it after the findings.</summary>
    public int Unlisted
    {
        get => unlisted();
        init => unlisted = () => value;
    }

    /// <summary>A display path's path from the repository root (SARIF URIs, GitHub annotation files).</summary>
    public Func<string, string> RepositoryPath { get; init; } = path => path;

    private Func<string, bool>? hasSource;

    /// <summary>
    /// Whether a file was read (a note may point at it): what <see cref="SourceLines"/> says, unless the run
    /// streamed and the file's lines are no longer at hand.
    /// </summary>
    public Func<string, bool> HasSource
    {
        get => hasSource ?? (path => SourceLines(path) is not null);
        init => hasSource = value;
    }

    /// <summary>Everything a reporter needs from a finished run.</summary>
    public static ReportInput From(LintResult result, string? category, string toolVersion) =>
        new(result.Rules, result.Findings, result.SourceLines, category, toolVersion, new Uri(result.RepositoryRoot.TrimEnd('/') + "/").AbsoluteUri)
        {
            Notes = result.Notes,
            Errors = result.Errors,
            Configurations = result.ConfigurationCount,
            Target = result.Target,
            RepositoryPath = result.RepositoryPath,
            HasSource = result.HasSource,
            unlisted = () => result.Unlisted,
        };
}

/// <summary>Writes findings in one output format.</summary>
public interface IReporter
{
    /// <summary>The name the user types after <c>--format</c>.</summary>
    string Format { get; }

    void Write(ReportInput input, TextWriter output);
}

/// <summary>The formats the CLI offers.</summary>
public static class Reporters
{
    /// <summary>Every format name, default first.</summary>
    public static IReadOnlyList<string> Names { get; } = ["text", "json", "sarif", "github"];

    /// <summary>The reporter for a format name (case-insensitive) with default options, or null for an unknown name.</summary>
    public static IReporter? ByName(string format) => ByName(format, useColor: false, includeSuppressed: false);

    /// <param name="format">text, json, sarif or github.</param>
    /// <param name="useColor">ANSI colour in the text format (the CLI decides from the terminal).</param>
    /// <param name="includeSuppressed">Also report suppressed findings (marked as such) in text, github and SARIF; json always lists them.</param>
    public static IReporter? ByName(string format, bool useColor, bool includeSuppressed) =>
        format?.Trim().ToLowerInvariant() switch
        {
            "text" => new TextReporter(useColor, includeSuppressed),
            "json" => new JsonReporter(),
            "sarif" => new SarifReporter(includeSuppressed),
            "github" => new GitHubReporter(includeSuppressed),
            _ => null,
        };
}
