using ConfigLint.Core.Findings;
using ConfigLint.Core.Engine;
using ConfigLint.Core.Rules;

namespace ConfigLint.Reporting;

/// <summary>Everything a reporter may see: findings and rule descriptors, never the model.</summary>
/// <param name="Rules">Every rule that ran, whether it found something or not (SARIF lists them all so GitHub can close fixed alerts).</param>
/// <param name="Findings">What the rules found, suppressed ones included (each reporter decides whether to show them).</param>
/// <param name="SourceLines">Physical lines of a file by its display path, or null when it cannot be shown.</param>
/// <param name="Category">The <c>--category</c> value, or null.</param>
/// <param name="ToolVersion">ConfigLint's semantic version.</param>
/// <param name="SourceRootUri">The analysis root as a <c>file:///…/</c> URI ending with '/', or null to leave machine paths out of SARIF.</param>
public sealed record ReportInput(
    IReadOnlyList<RuleDescriptor> Rules,
    IReadOnlyList<Finding> Findings,
    Func<string, IReadOnlyList<string>?> SourceLines,
    string? Category,
    string ToolVersion,
    string? SourceRootUri);

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
