using System.Text;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Findings;

/// <summary>
/// A line-number-free identity of a finding (SARIF <c>partialFingerprints["configlint/v1"]</c> and
/// the json <c>fingerprint</c>), so a finding keeps its identity when lines move.
/// </summary>
public static class FindingFingerprint
{
    /// <summary>The <c>partialFingerprints</c> key; the version is bumped if the recipe ever changes.</summary>
    public const string SarifKey = "configlint/v1";

    /// <summary>
    /// Lowercase SHA-256 hex of the file's path from the repository root and
    /// <see cref="Finding.LogicalKey"/>, or, when the rule gave none, of rule ID, that path and the
    /// text under the span (the whole trimmed line for an empty span, the message when the file
    /// cannot be read). The repository path, not the display path, so the fingerprint is the same
    /// from whichever directory ConfigLint runs.
    /// </summary>
    public static string Compute(Finding finding, string repositoryPath, IReadOnlyList<string>? lines)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(repositoryPath);

        // NUL cannot occur in a file Postfix reads, so the parts cannot run into each other.
        var key = finding.LogicalKey is { } logical ? string.Join('\0', repositoryPath, logical) : FallbackKey(finding, repositoryPath, lines);
        return Sha256.HexOf(key);
    }

    private static string FallbackKey(Finding finding, string repositoryPath, IReadOnlyList<string>? lines)
    {
        var text = lines is null ? null : SpanText.Of(finding.Span, lines);
        if (text is not null && text.Length == 0)
        {
            text = SpanText.LineAt(lines!, finding.Span.StartLine)?.Trim();
        }

        return string.Join('\0', finding.RuleId, repositoryPath, text ?? finding.Message);
    }
}

/// <summary>Reading the text under a span from a file's physical lines.</summary>
public static class SpanText
{
    public static string? LineAt(IReadOnlyList<string> lines, int line) =>
        line >= 1 && line <= lines.Count ? lines[line - 1] : null;

    /// <summary>The text the span covers, lines joined with '\n'; null when the span starts outside the file.</summary>
    public static string? Of(Span span, IReadOnlyList<string> lines)
    {
        var first = LineAt(lines, span.StartLine);
        if (first is null)
        {
            return null;
        }

        var endLine = Math.Min(Math.Max(span.EndLine, span.StartLine), lines.Count);
        var text = new StringBuilder();
        for (var line = span.StartLine; line <= endLine; line++)
        {
            var lineText = lines[line - 1];
            var from = line == span.StartLine ? Clamp(span.StartColumn - 1, lineText.Length) : 0;
            var to = line == span.EndLine ? Clamp(span.EndColumn - 1, lineText.Length) : lineText.Length;
            if (line > span.StartLine)
            {
                text.Append('\n');
            }

            if (to > from)
            {
                text.Append(lineText, from, to - from);
            }
        }

        return text.ToString();
    }

    private static int Clamp(int value, int max) => Math.Clamp(value, 0, max);
}
