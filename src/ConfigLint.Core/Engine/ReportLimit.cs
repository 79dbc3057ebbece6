using System.Globalization;
using ConfigLint.Core.Findings;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Engine;

/// <summary>
/// How many findings of one rule in one file a report lists. A master.cf line of 90,000 <c>-o -o</c>
/// pairs is 90,000 PF003 findings (found by the fuzz harness on 2026-12-05): an 84 MB SARIF log
/// from a 540 KB file, which GitHub code scanning rejects (at most 25,000 results per run), for
/// one mistake that Postfix reports once, at the first fatal error, before it stops. Past the limit
/// the rest are counted in a note, so a report never looks shorter than the truth; the exit code
/// and the baseline still count every finding.
/// </summary>
public static class ReportLimit
{
    /// <summary>The most findings of one rule in one file that are listed, counted apart for unsuppressed and suppressed ones.</summary>
    public const int PerRuleAndFile = 1000;

    /// <summary>
    /// <paramref name="sorted"/> with at most <see cref="PerRuleAndFile"/> unsuppressed and as many
    /// suppressed findings of each rule in each file (the first ones, in report order); a note in
    /// <paramref name="notes"/> says how many of each rule and file were left out.
    /// </summary>
    public static List<Finding> Apply(List<Finding> sorted, List<ToolNote> notes)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentNullException.ThrowIfNull(notes);
        if (sorted.Count <= PerRuleAndFile)
        {
            // No rule can have more in one file than there are findings: nothing is left out (a fleet
            // configuration's handful of findings made three tables and hashed each finding thrice).
            return sorted;
        }

        var listed = new Dictionary<(string File, string RuleId, bool Suppressed), int>();
        var found = new Dictionary<(string File, string RuleId), int>();
        var omitted = new Dictionary<(string File, string RuleId), int>();
        var kept = new List<Finding>(sorted.Count);
        foreach (var finding in sorted)
        {
            var group = (finding.Span.File, finding.RuleId);
            found[group] = found.GetValueOrDefault(group) + 1;
            var key = (finding.Span.File, finding.RuleId, finding.Suppression is not null);
            var count = listed[key] = listed.GetValueOrDefault(key) + 1;
            if (count <= PerRuleAndFile)
            {
                kept.Add(finding);
            }
            else
            {
                omitted[group] = omitted.GetValueOrDefault(group) + 1;
            }
        }

        foreach (var ((file, ruleId), count) in omitted.OrderBy(o => o.Key.File, StringComparer.Ordinal).ThenBy(o => o.Key.RuleId, StringComparer.Ordinal))
        {
            notes.Add(new ToolNote(
                Severity.Warning,
                string.Create(CultureInfo.InvariantCulture, $"{file}: {ruleId} found {found[(file, ruleId)]:N0} times; {count:N0} of them {(count == 1 ? "is" : "are")} not listed (a report lists the first {PerRuleAndFile:N0} findings of one rule in one file)."),
                file));
        }

        return kept.Count == sorted.Count ? sorted : kept;
    }
}
