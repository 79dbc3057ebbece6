using ConfigLint.Core.Findings;
using System.Globalization;
using System.Text;
using ConfigLint.Core.Engine;
using ConfigLint.Core.Text;

namespace ConfigLint.Reporting;

/// <summary>
/// GitHub Actions workflow commands (<c>::error file=…,line=…::message</c>), which the runner turns
/// into annotations on the run and on the pull request's changed lines, without a SARIF upload.
/// </summary>
public sealed class GitHubReporter : IReporter
{
    private readonly bool _includeSuppressed;

    public GitHubReporter(bool includeSuppressed = false) => _includeSuppressed = includeSuppressed;

    public string Format => "github";

    public void Write(ReportInput input, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);

        foreach (var finding in ReportFindings.Visible(input, _includeSuppressed))
        {
            output.WriteLine(Command(finding, input.RepositoryPath));
        }

        // The run's own notes and errors, so a job log never shows green for what was not checked.
        foreach (var error in input.Errors)
        {
            output.WriteLine("::error title=configlint::" + EscapeData(error));
        }

        foreach (var note in input.Notes)
        {
            var file = note.File is { } f && input.HasSource(f) ? $" file={EscapeProperty(input.RepositoryPath(f))}," : " ";
            output.WriteLine($"::{Level(note.Level)}{file}title=configlint::{EscapeData(note.Message)}");
        }
    }

    /// <summary>One workflow command line for a finding; <paramref name="repositoryPath"/> maps a display path to the path from the repository root, which the runner needs.</summary>
    public static string Command(Finding finding, Func<string, string>? repositoryPath = null)
    {
        ArgumentNullException.ThrowIfNull(finding);
        repositoryPath ??= path => path;

        var span = finding.Span;
        var startLine = Math.Max(1, span.StartLine);
        var endLine = Math.Max(startLine, span.EndLine);
        var properties = new List<(string Name, string Value)>
        {
            ("file", repositoryPath(span.File)),
            ("line", Number(startLine)),
        };

        // The runner drops columns unless both ends are on one line, and rejects a column range
        // that runs backwards; GitHub's end column is the last character, not the one after it.
        if (endLine == startLine)
        {
            var col = Math.Max(1, span.StartColumn);
            properties.Add(("col", Number(col)));
            properties.Add(("endLine", Number(endLine)));
            properties.Add(("endColumn", Number(Math.Max(col, span.EndColumn - 1))));
        }
        else
        {
            properties.Add(("endLine", Number(endLine)));
        }

        properties.Add(("title", $"{finding.RuleId} [{finding.RuleName}]"));

        var message = new StringBuilder(finding.Message);
        if (finding.Suppression is { } suppression)
        {
            message.Append(" (suppressed");
            if (suppression.Justification.Length > 0)
            {
                message.Append(": ").Append(suppression.Justification);
            }

            message.Append(')');
        }

        foreach (var related in finding.Related)
        {
            message.Append('\n').Append(CultureInfo.InvariantCulture, $"note: {related.Span.File}:{related.Span.StartLine}:{related.Span.StartColumn}: {related.Message}");
        }

        var command = new StringBuilder("::").Append(Level(finding.Severity)).Append(' ');
        command.AppendJoin(',', properties.Select(p => p.Name + "=" + EscapeProperty(p.Value)));
        command.Append("::").Append(EscapeData(message.ToString()));
        return command.ToString();
    }

    /// <summary>The workflow command names; GitHub has no "note" level, its "notice" is the same thing.</summary>
    public static string Level(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "notice",
    };

    /// <summary>
    /// Escaping of a command's message, as @actions/core's <c>escapeData</c> (<c>%</c>, CR, LF),
    /// and beyond it every other control character as <c>%XX</c>: the runner leaves those as they
    /// are, so an ESC from a configuration file shows as <c>%1B</c> in the log instead of driving
    /// the log viewer's terminal emulation, and a NUL or BEL cannot reach it either.
    /// </summary>
    public static string EscapeData(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c == '%')
            {
                sb.Append("%25");
            }
            else if ((char.IsControl(c) && c != '\t') || c is '\u2028' or '\u2029')
            {
                sb.Append('%').Append(((int)c).ToString(c > 0xFF ? "X4" : "X2", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>Escaping of a property value, as @actions/core's <c>escapeProperty</c>: ':' and ',' would end it.</summary>
    public static string EscapeProperty(string value) =>
        EscapeData(value)
            .Replace(":", "%3A", StringComparison.Ordinal)
            .Replace(",", "%2C", StringComparison.Ordinal);

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
