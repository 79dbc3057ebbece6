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
        if (segments.Count == 1)
        {
            single = segments[0];
        }
    }

    /// <summary>The one segment of a value written on one line (nearly every value and master.cf field), located without a search.</summary>
    private readonly ValueSegment? single;

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
        if (single is { } s1)
        {
            // What the search below finds among one segment.
            OperationCounter.Count();
            var end = s1.Offset + s1.Length;
            return (preferNext ? end > offset : end >= offset)
                ? (s1.File, s1.Line, s1.Column + Math.Max(0, offset - s1.Offset))
                : (s1.File, s1.Line, s1.Column + s1.Length);
        }

        if (Segments.Count == 0)
        {
            return (string.Empty, 0, 0);
        }

        // The first segment that ends after the offset (or at it, for the end of a span). Segments
        // are in text order and their ends never decrease, so this is a binary search: a value
        // written over 20,000 continuation lines has 40,000 segments, and every element of it is
        // located (issue 14: a linear scan made that quadratic).
        var i = FirstEndingAtOrAfter(offset, inclusive: !preferNext);
        if (i < Segments.Count)
        {
            var s = Segments[i];
            var within = Math.Max(0, offset - s.Offset);
            return (s.File, s.Line, s.Column + within);
        }

        var last = Segments[^1];
        return (last.File, last.Line, last.Column + last.Length);
    }

    /// <summary>The index of the first segment whose end is after <paramref name="offset"/> (at or after it when <paramref name="inclusive"/>), or the count.</summary>
    private int FirstEndingAtOrAfter(int offset, bool inclusive)
    {
        int lo = 0, hi = Segments.Count;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            var end = Segments[mid].Offset + Segments[mid].Length;
            OperationCounter.Count();
            if (inclusive ? end >= offset : end > offset)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }

    public static ValueText Single(string text, string file, int line, int column) =>
        new(text, [new ValueSegment(0, text.Length, file, line, column)]);

    public ValueText Slice(int offset, int length)
    {
        var segments = new List<ValueSegment>();

        // Only the segments from the first that reaches the offset to the last that starts inside the slice.
        for (var i = FirstEndingAtOrAfter(offset, inclusive: true); i < Segments.Count && Segments[i].Offset <= offset + length; i++)
        {
            var s = Segments[i];
            OperationCounter.Count();
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
