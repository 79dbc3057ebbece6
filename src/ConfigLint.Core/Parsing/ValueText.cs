using ConfigLint.Core.Text;

namespace ConfigLint.Core.Parsing;

/// <summary>A piece of a logical value and where it was written.</summary>
public readonly record struct ValueSegment(int Offset, int Length, string File, int Line, int Column);

/// <summary>
/// A logical value (a main.cf value, a master.cf -o value, an aliases value) as Postfix sees it
/// after joining continuation lines, together with a map back to the physical characters, so a
/// rule can underline one element of a value written over several lines.
/// </summary>
public sealed class ValueText
{
    public ValueText(string text, IReadOnlyList<ValueSegment> segments)
    {
        Text = text;
        Segments = segments;
    }

    public string Text { get; }

    public IReadOnlyList<ValueSegment> Segments { get; }

    /// <summary>The source span of <paramref name="length"/> characters of <see cref="Text"/> starting at <paramref name="offset"/>.</summary>
    public Span SpanOf(int offset, int length)
    {
        var start = Locate(offset, preferNext: true);
        var end = Locate(offset + Math.Max(length, 0), preferNext: false);
        if (end.Line < start.Line || (end.Line == start.Line && end.Column < start.Column))
        {
            end = start;
        }

        return new Span(start.File, start.Line, start.Column, end.Line, end.Column);
    }

    /// <summary>The span of the whole value (first to last character).</summary>
    public Span WholeSpan => SpanOf(0, Text.Length);

    private (string File, int Line, int Column) Locate(int offset, bool preferNext)
    {
        if (Segments.Count == 0)
        {
            return (string.Empty, 0, 0);
        }

        foreach (var s in Segments)
        {
            if (offset < s.Offset + s.Length || (offset == s.Offset + s.Length && !preferNext))
            {
                var within = Math.Max(0, offset - s.Offset);
                return (s.File, s.Line, s.Column + within);
            }
        }

        var last = Segments[^1];
        return (last.File, last.Line, last.Column + last.Length);
    }

    public static ValueText Single(string text, string file, int line, int column) =>
        new(text, [new ValueSegment(0, text.Length, file, line, column)]);

    public ValueText Slice(int offset, int length)
    {
        var segments = new List<ValueSegment>();
        foreach (var s in Segments)
        {
            var from = Math.Max(offset, s.Offset);
            var to = Math.Min(offset + length, s.Offset + s.Length);
            if (to > from || (length == 0 && from == to && from >= s.Offset && from <= s.Offset + s.Length))
            {
                segments.Add(new ValueSegment(from - offset, to - from, s.File, s.Line, s.Column + (from - s.Offset)));
            }
        }

        return new ValueText(Text.Substring(offset, length), segments);
    }
}
