using ConfigLint.Core.Findings;
using System.Globalization;
using System.Text;
using ConfigLint.Core.Engine;
using ConfigLint.Core.Text;

namespace ConfigLint.Reporting;

/// <summary>Ordering and counting shared by the reporters, so every format lists findings alike.</summary>
internal static class ReportFindings
{
    /// <summary>By file, line, column and rule; the rest only makes the order total, so output is byte-for-byte reproducible.</summary>
    public static List<Finding> Sorted(IEnumerable<Finding> findings) =>
        findings
            .OrderBy(f => f.Span.File, StringComparer.Ordinal)
            .ThenBy(f => f.Span.StartLine)
            .ThenBy(f => f.Span.StartColumn)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ThenBy(f => f.Span.EndLine)
            .ThenBy(f => f.Span.EndColumn)
            .ThenBy(f => f.Message, StringComparer.Ordinal)
            .ToList();

    /// <summary>The findings a format shows, in the engine's order (the engine sorts once).</summary>
    public static List<Finding> Visible(ReportInput input, bool includeSuppressed) =>
        input.Findings.Where(f => includeSuppressed || f.Suppression is null).ToList();

    /// <summary>The engine's fingerprint; computed here only for findings that did not come through the engine (tests).</summary>
    public static string FingerprintOf(Finding finding, ReportInput input) =>
        finding.Fingerprint ?? FindingFingerprint.Compute(finding, input.RepositoryPath(finding.Span.File), input.SourceLines(finding.Span.File));

    /// <summary>
    /// The last line of a report. It never says a run is clean when it is not: with an input error
    /// it starts with "incomplete", and a clean run says how many configurations it looked at.
    /// </summary>
    public static string Summary(ReportInput input)
    {
        var counts = Summary(input.Findings);
        if (input.Unlisted > 0)
        {
            counts += string.Create(CultureInfo.InvariantCulture, $", {input.Unlisted} more not listed");
        }

        if (input.Errors.Count > 0)
        {
            return $"incomplete: {Count(input.Errors.Count, "input error", "input errors")} (see above); {counts.Replace("no findings", "0 findings", StringComparison.Ordinal)} in what could be checked";
        }

        return input.Target is null ? counts : $"{counts} ({Count(input.Configurations, "configuration", "configurations")} checked)";
    }

    /// <summary><c>3 findings (1 error, 2 warnings) in 2 files</c>, or <c>no findings</c>; suppressed ones are counted apart.</summary>
    public static string Summary(IReadOnlyCollection<Finding> findings)
    {
        var active = findings.Where(f => f.Suppression is null).ToList();
        var suppressed = findings.Count - active.Count;
        var text = new StringBuilder();
        if (active.Count == 0)
        {
            text.Append("no findings");
        }
        else
        {
            var bySeverity = new List<string>();
            AddCount(bySeverity, active.Count(f => f.Severity == Severity.Error), "error", "errors");
            AddCount(bySeverity, active.Count(f => f.Severity == Severity.Warning), "warning", "warnings");
            AddCount(bySeverity, active.Count(f => f.Severity == Severity.Note), "note", "notes");
            var files = active.Select(f => f.Span.File).Distinct(StringComparer.Ordinal).Count();
            text.Append(Count(active.Count, "finding", "findings"));
            if (bySeverity.Count > 0)
            {
                text.Append(" (").AppendJoin(", ", bySeverity).Append(')');
            }

            text.Append(" in ").Append(Count(files, "file", "files"));
        }

        if (suppressed > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $", {suppressed} suppressed");
        }

        return text.ToString();
    }

    private static void AddCount(List<string> parts, int n, string one, string many)
    {
        if (n > 0)
        {
            parts.Add(Count(n, one, many));
        }
    }

    public static string Count(int n, string one, string many) =>
        string.Create(CultureInfo.InvariantCulture, $"{n} {(n == 1 ? one : many)}");
}
