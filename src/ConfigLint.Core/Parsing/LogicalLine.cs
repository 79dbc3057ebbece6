using System.Text;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Parsing;

/// <summary>
/// One logical line of a Postfix table-like file: a first physical line plus its continuation
/// lines. This is Postfix's readlline(3): a line whose first non-blank character is '#' is a
/// comment and vanishes (also inside a continuation), blank lines are skipped and do not end a
/// continuation, and a line starting with whitespace continues the previous one. Pieces are
/// trimmed and joined with one space (POSTFIX-SEMANTICS.md §1).
/// </summary>
public sealed class LogicalLine
{
    public LogicalLine(int firstLine, int lastLine, ValueText text, bool startsWithWhitespace, IReadOnlyList<LinePiece>? pieces = null)
    {
        FirstLine = firstLine;
        LastLine = lastLine;
        Text = text;
        StartsWithWhitespace = startsWithWhitespace;
        Pieces = pieces ?? [];
    }

    /// <summary>
    /// The physical lines that make up this logical line, in order: the first one, then each
    /// continuation line, each as the trimmed piece of <see cref="Text"/> it contributed.
    /// </summary>
    public IReadOnlyList<LinePiece> Pieces { get; }

    public int FirstLine { get; }

    public int LastLine { get; }

    public ValueText Text { get; }

    /// <summary>True for a logical line whose first physical line is indented (only possible at the top of a file).</summary>
    public bool StartsWithWhitespace { get; }

    public static bool IsBlank(string line)
    {
        foreach (var c in line)
        {
            if (!IsSpace(c))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsComment(string line)
    {
        foreach (var c in line)
        {
            if (IsSpace(c))
            {
                continue;
            }

            return c == '#';
        }

        return false;
    }

    /// <summary>The whitespace Postfix's ISSPACE() knows in these files.</summary>
    public static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n' or '\v' or '\f';

    /// <summary>Groups the physical lines of <paramref name="source"/> into logical lines.</summary>
    public static List<LogicalLine> Read(SourceText source) => Read(source, 1, source.LineCount);

    /// <summary>Groups lines <paramref name="firstLine"/>..<paramref name="lastLine"/> of <paramref name="source"/> into logical lines.</summary>
    public static List<LogicalLine> Read(SourceText source, int firstLine, int lastLine)
    {
        var result = new List<LogicalLine>();
        var text = new StringBuilder();
        var segments = new List<ValueSegment>();
        var pieces = new List<LinePiece>();
        var first = 0;
        var last = 0;
        var indented = false;

        // The logical text so far is text (its length: length), except that a first piece is kept as its
        // line and bounds until a second one comes: most logical lines are one physical line, and their text
        // is then that line (or the part of it between its spaces) without being copied through the builder.
        var length = 0;
        string? head = null;
        var headStart = 0;
        var headEnd = 0;

        void Flush()
        {
            if (first > 0)
            {
                var value = head is null ? text.ToString()
                    : headStart == 0 && headEnd == head.Length ? head
                    : head[headStart..headEnd];
                result.Add(new LogicalLine(first, last, new ValueText(value, segments.ToArray()), indented, pieces.ToArray()));
            }

            text.Clear();
            segments.Clear();
            pieces.Clear();
            first = 0;
            length = 0;
            head = null;
        }

        void Append(string line, int number)
        {
            var start = 0;
            while (start < line.Length && IsSpace(line[start]))
            {
                start++;
            }

            var end = line.Length;
            while (end > start && IsSpace(line[end - 1]))
            {
                end--;
            }

            var firstPiece = pieces.Count == 0;
            if (head is not null)
            {
                text.Append(head, headStart, headEnd - headStart);
                head = null;
            }

            if (length > 0)
            {
                // The joining space is not in any one source line; map it to the end of the previous piece.
                var prev = segments[^1];
                segments.Add(new ValueSegment(length, 1, prev.File, prev.Line, prev.Column + prev.Length));
                text.Append(' ');
                length++;
            }

            segments.Add(new ValueSegment(length, end - start, source.Path, number, start + 1));
            pieces.Add(new LinePiece(number, length, end - start));
            if (firstPiece)
            {
                (head, headStart, headEnd) = (line, start, end);
            }
            else
            {
                text.Append(line, start, end - start);
            }

            length += end - start;
            last = number;
        }

        for (var number = firstLine; number <= lastLine; number++)
        {
            var line = source.LineText(number);
            if (IsBlank(line) || IsComment(line))
            {
                continue;
            }

            if (IsSpace(line[0]) && first > 0)
            {
                Append(line, number);
                continue;
            }

            Flush();
            first = number;
            indented = IsSpace(line[0]);
            Append(line, number);
        }

        Flush();
        return result;
    }
}

/// <summary>One physical line's share of a <see cref="LogicalLine"/>: its line number and the trimmed text it added, as an offset and length in the logical text.</summary>
public readonly record struct LinePiece(int Line, int Offset, int Length);
