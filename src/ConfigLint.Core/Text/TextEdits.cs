namespace ConfigLint.Core.Text;

/// <summary>
/// Applies span edits to a file's whole text, line terminators included, so every character no
/// edit covers stays exactly as it was: comments, spacing, continuation lines, CRLF or LF, and the
/// presence or absence of a final newline. Spans are those of <see cref="SourceText"/>: 1-based lines,
/// UTF-16 columns within the line without its terminator, the end exclusive; a span that ends at
/// column 1 of the line after the last one ends at the end of the text.
/// </summary>
public static class TextEdits
{
    /// <summary>The text with the edits applied, or null when two edits overlap or a span lies outside the text.</summary>
    public static string? Apply(string text, IEnumerable<(Span Span, string NewText)> edits)
    {
        var starts = LineStarts(text);
        var located = new List<(int Start, int End, string NewText)>();
        foreach (var (span, newText) in edits)
        {
            if (Offset(text, starts, span.StartLine, span.StartColumn) is not { } start
                || Offset(text, starts, span.EndLine, span.EndColumn) is not { } end || end < start)
            {
                return null;
            }

            located.Add((start, end, InTheFileLineEnding(text, start, newText)));
        }

        located.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.End.CompareTo(b.End));
        var result = new System.Text.StringBuilder(text.Length);
        var position = 0;
        foreach (var (start, end, newText) in located)
        {
            if (start < position)
            {
                return null;
            }

            result.Append(text, position, start - position).Append(newText);
            position = end;
        }

        return result.Append(text, position, text.Length - position).ToString();
    }

    /// <summary>
    /// New lines an edit brings end as the line it lands in ends (else as the file's first line does), so
    /// a CRLF file stays CRLF throughout: fixes write their text with '\n'.
    /// </summary>
    private static string InTheFileLineEnding(string text, int offset, string newText)
    {
        if (!newText.Contains('\n', StringComparison.Ordinal))
        {
            return newText;
        }

        var lf = text.IndexOf('\n', offset);
        if (lf < 0)
        {
            lf = text.IndexOf('\n', StringComparison.Ordinal);
        }

        if (lf <= 0 || text[lf - 1] != '\r')
        {
            return newText;
        }

        return newText.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);
    }

    private static List<int> LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts;
    }

    /// <summary>The offset of (line, column), or null outside the text. A column past a line's end (its CR, its LF) is not a place in it.</summary>
    private static int? Offset(string text, List<int> starts, int line, int column)
    {
        if (line < 1 || column < 1 || line > starts.Count)
        {
            return line == starts.Count + 1 && column == 1 ? text.Length : null;
        }

        var lineStart = starts[line - 1];
        var lineEnd = line < starts.Count ? starts[line] - 1 : text.Length;
        if (lineEnd > lineStart && text[lineEnd - 1] == '\r' && line < starts.Count)
        {
            lineEnd--;
        }

        return lineStart + column - 1 <= lineEnd ? lineStart + column - 1 : null;
    }
}
