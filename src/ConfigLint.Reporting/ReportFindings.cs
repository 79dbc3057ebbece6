using ConfigLint.Core.Findings;
using System.Globalization;
using System.Text;
using ConfigLint.Core.Engine;
using ConfigLint.Core.Text;

namespace ConfigLint.Reporting;

/// <summary>Ordering and counting shared by the reporters, so every format lists findings alike.</summary>
internal static class ReportFindings
{
    /// <summary>
    /// The findings a format shows, in the engine's order (the engine sorts once), each counted into
    /// <paramref name="tally"/> as it is read, shown or not: the findings are read once (a fleet's are made
    /// while they are read), so the summary is counted on the way.
    /// </summary>
    public static IEnumerable<Finding> Visible(ReportInput input, bool includeSuppressed, FindingTally? tally = null)
    {
        foreach (var finding in input.Findings)
        {
            tally?.Add(finding);
            if (includeSuppressed || finding.Suppression is null)
            {
                yield return finding;
            }
        }
    }

    /// <summary>The engine's fingerprint; computed here only for findings that did not come through the engine (tests).</summary>
    public static string FingerprintOf(Finding finding, ReportInput input) =>
        finding.Fingerprint ?? FindingFingerprint.Compute(finding, input.RepositoryPath(finding.Span.File), input.SourceLines(finding.Span.File));

    /// <summary>
    /// The last line of a report, once <paramref name="tally"/> has counted every finding. It never says a
    /// run is clean when it is not: with an input error it starts with "incomplete", and a clean run says
    /// how many configurations it looked at.
    /// </summary>
    public static string Summary(ReportInput input, FindingTally tally)
    {
        var counts = tally.Summary();
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

    public static string Count(int n, string one, string many) =>
        string.Create(CultureInfo.InvariantCulture, $"{n} {(n == 1 ? one : many)}");
}

/// <summary>What a report counts while it reads the findings: active ones by severity and file, and suppressed ones.</summary>
internal sealed class FindingTally
{
    /// <summary>
    /// Files with active findings are counted as the engine hands findings on, ordered by file
    /// (<see cref="LintEngine.Sorted"/>; a streamed run's configurations come in the order of their
    /// directories, none inside another, each sorted), so a file's findings come together and a file
    /// is counted when the file changes. A set of every file's name was 2 MiB of a 10,000-configuration
    /// run's peak (issue 13). Findings out of that order (made by hand) are counted with a set from the
    /// first one out of order on.
    /// </summary>
    private string? lastFile;
    private HashSet<string>? unordered;
    private int files;

    public int Errors { get; private set; }

    public int Warnings { get; private set; }

    public int Notes { get; private set; }

    /// <summary>Unsuppressed findings.</summary>
    public int Active { get; private set; }

    public int Suppressed { get; private set; }

    public void Add(Finding finding)
    {
        if (finding.Suppression is not null)
        {
            Suppressed++;
            return;
        }

        Active++;
        CountFile(finding.Span.File);
        switch (finding.Severity)
        {
            case Severity.Error:
                Errors++;
                break;
            case Severity.Warning:
                Warnings++;
                break;
            case Severity.Note:
                Notes++;
                break;
        }
    }

    /// <summary><c>3 findings (1 error, 2 warnings) in 2 files</c>, or <c>no findings</c>; suppressed ones are counted apart.</summary>
    public string Summary()
    {
        var text = new StringBuilder();
        if (Active == 0)
        {
            text.Append("no findings");
        }
        else
        {
            var bySeverity = new List<string>();
            AddCount(bySeverity, Errors, "error", "errors");
            AddCount(bySeverity, Warnings, "warning", "warnings");
            AddCount(bySeverity, Notes, "note", "notes");
            text.Append(ReportFindings.Count(Active, "finding", "findings"));
            if (bySeverity.Count > 0)
            {
                text.Append(" (").AppendJoin(", ", bySeverity).Append(')');
            }

            text.Append(" in ").Append(ReportFindings.Count(files, "file", "files"));
        }

        if (Suppressed > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $", {Suppressed} suppressed");
        }

        return text.ToString();
    }

    private void CountFile(string file)
    {
        if (unordered is null)
        {
            var order = lastFile is null ? 1 : string.CompareOrdinal(file, lastFile);
            if (order == 0)
            {
                return;
            }

            if (order > 0)
            {
                files++;
                lastFile = file;
                return;
            }

            unordered = new HashSet<string>(StringComparer.Ordinal) { lastFile! };
        }

        if (unordered.Add(file))
        {
            files++;
        }
    }

    private static void AddCount(List<string> parts, int n, string one, string many)
    {
        if (n > 0)
        {
            parts.Add(ReportFindings.Count(n, one, many));
        }
    }
}
