using ConfigLint.Core.Parsing;
using Shouldly;
using Xunit;

namespace ConfigLint.Core.Tests.Parsing;

/// <summary>A value on one line is located without a search: it must say what the search says.</summary>
public sealed class ValueTextTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(7, 3)]
    [InlineData(12, 11)]
    public void One_segment_locates_what_the_same_characters_in_two_segments_locate(int length, int split)
    {
        // The same characters, one line, as one segment and as two adjacent ones (split anywhere): every
        // span, inside the text and past either end, must come out the same.
        var text = new string('x', length);
        var at = Math.Min(split, length);
        var one = new ValueText(text, [new ValueSegment(0, length, "main.cf", 4, 9)]);
        var two = new ValueText(text, [new ValueSegment(0, at, "main.cf", 4, 9), new ValueSegment(at, length - at, "main.cf", 4, 9 + at)]);

        for (var offset = -2; offset <= length + 2; offset++)
        {
            for (var size = -1; size <= length + 2; size++)
            {
                one.SpanOf(offset, size).ShouldBe(two.SpanOf(offset, size), $"offset {offset}, length {size}");
            }
        }

        one.WholeSpan.ShouldBe(new Core.Text.Span("main.cf", 4, 9, 4, 9 + length));
    }
}
