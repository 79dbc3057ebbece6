using ConfigLint.Core.Rules;
using ConfigLint.Core.Findings;
using System.Globalization;
using System.Text;
using ConfigLint.Core.Engine;
using ConfigLint.Core.Text;

namespace ConfigLint.Reporting;

/// <summary>
/// The default, human format: one block per finding, compiler style, so editors and terminals that
/// understand <c>file:line:col:</c> can jump to it.
/// </summary>
/// <example>
/// <code>
/// main.cf:3:14: error PF101 [open-relay-risk] mynetworks admits every IPv4 address.
///   3 | mynetworks = 0.0.0.0/0
///     |              ^~~~~~~~~
///   note: master.cf:12:1: smtp listens on every interface.
/// </code>
/// </example>
public sealed class TextReporter : IReporter
{
    /// <summary>Tab stops every 8 columns, as terminals and <c>less</c> show them, so the snippet looks like the file.</summary>
    public const int TabWidth = 8;

    private const string Reset = "\u001b[0m";
    private const string Bold = "\u001b[1m";
    private const string Dim = "\u001b[2m";
    private const string Red = "\u001b[1;31m";
    private const string Yellow = "\u001b[1;33m";
    private const string Cyan = "\u001b[1;36m";
    private const string Green = "\u001b[32m";

    private readonly bool _useColor;
    private readonly bool _includeSuppressed;

    public TextReporter(bool useColor = false, bool includeSuppressed = false)
    {
        _useColor = useColor;
        _includeSuppressed = includeSuppressed;
    }

    public string Format => "text";

    public void Write(ReportInput input, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);

        // Nothing was checked and the errors say why (on standard error): a report would only repeat them.
        if (input.Configurations == 0 && input.Errors.Count > 0 && input.Notes.Count == 0)
        {
            return;
        }

        if (input.Target is { } target)
        {
            output.WriteLine(Paint(Dim, $"configlint {input.ToolVersion}: {ReportFindings.Count(input.Configurations, "configuration", "configurations")}, target Postfix {target}"));
            output.WriteLine();
        }

        var tally = new FindingTally();

        // Each rule by its ID, the first of an ID as a search would find it: looked up for every finding
        // (a search through the catalogue for each was a twentieth of a fleet report's thread).
        var rules = new Dictionary<string, RuleDescriptor>(StringComparer.Ordinal);
        foreach (var rule in input.Rules)
        {
            rules.TryAdd(rule.Id, rule);
        }

        foreach (var finding in ReportFindings.Visible(input, _includeSuppressed, tally))
        {
            WriteFinding(finding, input.SourceLines, rules.GetValueOrDefault(finding.RuleId)?.FixSafety, output);
            output.WriteLine();
        }

        foreach (var note in input.Notes)
        {
            output.WriteLine($"{Paint(note.Level == Severity.Warning ? Yellow : Cyan, note.Level.ToName())}: {Sanitize(note.Message)}");
        }

        if (input.Notes.Count > 0)
        {
            output.WriteLine();
        }

        output.WriteLine(Paint(Bold, ReportFindings.Summary(input, tally)));
    }

    private void WriteFinding(Finding finding, Func<string, IReadOnlyList<string>?> sourceLines, FixSafety? fixSafety, TextWriter output)
    {
        // Written in its parts, not built into one string first (a fleet's report is 20 MB of them).
        var span = finding.Span;
        output.Write(Paint(Bold, Sanitize(span.File) + ":" + Position(span) + ":"));
        output.Write(' ');
        output.Write(Paint(SeverityColor(finding.Severity), finding.Severity.ToName()));
        output.Write(' ');
        output.Write(Paint(Bold, finding.RuleId));
        output.Write(' ');
        output.Write(Paint(Dim, "[" + finding.RuleName + "]"));
        output.Write(' ');
        output.Write(Sanitize(finding.Message));
        if (finding.Suppression is { } suppression)
        {
            output.Write(Paint(Dim, $" (suppressed{(suppression.Justification.Length > 0 ? ": " + Sanitize(suppression.Justification) : string.Empty)})"));
        }

        output.WriteLine();
        WriteSnippet(span, sourceLines(span.File), output);

        foreach (var related in finding.Related)
        {
            output.WriteLine($"  {Paint(Cyan, "note:")} {Sanitize(related.Span.File)}:{Position(related.Span)}: {Sanitize(related.Message)}");
        }

        if (finding.Fix is { } fix)
        {
            // What 'configlint fix' does with it: applied by default, or only with --unsafe-fixes.
            var label = fixSafety == FixSafety.Unsafe ? "fix (unsafe, configlint fix --unsafe-fixes):" : "fix (configlint fix):";
            output.WriteLine($"  {Paint(Green, label)} {Sanitize(fix.Description)}");
        }
    }

    private void WriteSnippet(Span span, IReadOnlyList<string>? lines, TextWriter output)
    {
        var line = lines is null ? null : SpanText.LineAt(lines, span.StartLine);
        if (line is null)
        {
            return;
        }

        var from = Math.Clamp(span.StartColumn - 1, 0, line.Length);

        // A span that runs over several lines is underlined to the end of its first line.
        var to = span.EndLine > span.StartLine ? line.Length : Math.Clamp(span.EndColumn - 1, from, line.Length);
        (line, from, to) = Window(line, from, to);
        string display;
        int displayFrom, width;
        if (!line.AsSpan().ContainsAnyExceptInRange(' ', '~'))
        {
            // Printable ASCII (no tab, no control or wide character): each character is one cell, as
            // ExpandForDisplay would say after a walk and an array the size of the line (every finding of a fleet).
            (display, displayFrom, width) = (line, from, Math.Max(1, to - from));
        }
        else
        {
            var (expanded, columns) = ExpandForDisplay(line);
            (display, displayFrom, width) = (expanded, columns[from], Math.Max(1, columns[to] - columns[from]));
        }

        var number = span.StartLine.ToString(CultureInfo.InvariantCulture);
        var gutter = new string(' ', number.Length);
        output.WriteLine($"  {number} | {display}".TrimEnd());
        output.WriteLine($"  {gutter} | {new string(' ', displayFrom)}{Paint(Green, "^" + new string('~', width - 1))}");
    }

    /// <summary>How much of a long line a snippet shows: a 10 MB line is not echoed whole.</summary>
    public const int MaxSnippetLength = 200;

    /// <summary>
    /// At most <see cref="MaxSnippetLength"/> characters of a line around [from, to), with "..."
    /// where it is cut, and the span moved to match.
    /// </summary>
    internal static (string Line, int From, int To) Window(string line, int from, int to)
    {
        if (line.Length <= MaxSnippetLength)
        {
            return (line, from, to);
        }

        var start = Math.Max(0, Math.Min(from - 40, line.Length - MaxSnippetLength));
        if (start > 0 && char.IsLowSurrogate(line[start]))
        {
            start++;
        }

        var end = Math.Min(line.Length, start + MaxSnippetLength);
        if (end < line.Length && char.IsHighSurrogate(line[end - 1]))
        {
            end--;
        }

        const string Cut = "...";
        var prefix = start > 0 ? Cut : string.Empty;
        var shift = prefix.Length - start;
        var text = prefix + line[start..end] + (end < line.Length ? Cut : string.Empty);
        return (text, Math.Clamp(from + shift, 0, text.Length), Math.Clamp(to + shift, Math.Clamp(from + shift, 0, text.Length), Math.Min(text.Length, end - start + prefix.Length)));
    }

    /// <summary>
    /// The line as it should appear on a terminal, and for every UTF-16 index of the line (plus
    /// one past its end) the display column it lands on, so the underline stays under the span.
    /// Tabs go to the next tab stop; control and invisible format characters show as '?' so a
    /// file cannot move the cursor or reorder the terminal's text, and hidden characters are seen.
    /// </summary>
    internal static (string Display, int[] Columns) ExpandForDisplay(string line)
    {
        var display = new StringBuilder(line.Length);
        var columns = new int[line.Length + 1];
        var column = 0;
        for (var i = 0; i < line.Length; i++)
        {
            columns[i] = column;
            var c = line[i];
            if (c == '\t')
            {
                var spaces = TabWidth - (column % TabWidth);
                display.Append(' ', spaces);
                column += spaces;
            }
            else if (IsSurrogatePairAt(line, i))
            {
                // Both halves of a pair share one cell.
                display.Append(c).Append(line[i + 1]);
                column++;
                i++;
                columns[i] = column - 1;
            }
            else
            {
                display.Append(IsHidden(c) ? '?' : c);
                column++;
            }
        }

        columns[line.Length] = column;
        return (display.ToString(), columns);
    }

    private static bool IsHidden(char c) =>
        char.IsControl(c) || char.IsSurrogate(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format;

    private static bool IsSurrogatePairAt(string text, int i) =>
        i + 1 < text.Length && char.IsSurrogatePair(text[i], text[i + 1]);

    private static string Sanitize(string text)
    {
        var other = text.AsSpan().IndexOfAnyExceptInRange(' ', '~');
        if (other < 0)
        {
            // Printable ASCII only (no tab, no control or format character): nothing to replace, and
            // nearly every message and path is that (a fleet's report sanitised 40,000 of them char by char).
            return text;
        }

        // Printable beyond ASCII ("→" in a message): looked at from the first such character, and the text kept.
        var first = FirstToReplace(text, other);
        if (first < 0)
        {
            return text;
        }

        var clean = new StringBuilder(text.Length).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            if (IsSurrogatePairAt(text, i))
            {
                clean.Append(text, i, 2);
                i++;
            }
            else
            {
                clean.Append(text[i] == '\t' ? ' ' : IsHidden(text[i]) ? '?' : text[i]);
            }
        }

        return clean.ToString();
    }

    /// <summary>The index of the first character <see cref="Sanitize"/> would replace (a tab, a hidden one, half a pair) from <paramref name="from"/> on, or -1.</summary>
    private static int FirstToReplace(string text, int from)
    {
        for (var i = from; i < text.Length; i++)
        {
            var c = text[i];
            if (c is >= ' ' and <= '~')
            {
                // Printable ASCII, most of any message: no table lookup.
                continue;
            }

            if (IsSurrogatePairAt(text, i))
            {
                i++;
            }
            else if (c == '\t' || IsHidden(c))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Position(Span span) =>
        string.Create(CultureInfo.InvariantCulture, $"{span.StartLine}:{span.StartColumn}");

    private static string SeverityColor(Severity severity) => severity switch
    {
        Severity.Error => Red,
        Severity.Warning => Yellow,
        _ => Cyan,
    };

    private string Paint(string color, string text) => _useColor ? color + text + Reset : text;
}
