using ConfigLint.Core.Parsing;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Model.Tables;

/// <summary>One <c>key value</c> entry of a postmap(1) source file, with where each part is written.</summary>
public sealed record PostmapEntry(string Key, Span KeySpan, ValueText Value);

/// <summary>
/// The text a <c>hash:</c>, <c>btree:</c>, <c>lmdb:</c>, <c>cdb:</c> (...) table is built from, or a
/// <c>texthash:</c> table itself (postmap(1) "INPUT FILE FORMAT"): logical lines (readlline(3):
/// comments, blank lines and continuation lines as in main.cf) of a key, whitespace, and a value.
/// A line without a value is skipped, as postmap skips it with "expected format: key whitespace
/// value". Keys are kept as written; postmap folds them to lower case for lookups.
/// </summary>
public sealed class PostmapSource
{
    private PostmapSource(SourceText source, IReadOnlyList<PostmapEntry> entries)
    {
        Source = source;
        Entries = entries;
    }

    public SourceText Source { get; }

    public IReadOnlyList<PostmapEntry> Entries { get; }

    public static PostmapSource Parse(SourceText source)
    {
        var entries = new List<PostmapEntry>();
        foreach (var line in LogicalLine.Read(source))
        {
            var text = line.Text.Text;
            var keyEnd = 0;
            while (keyEnd < text.Length && !LogicalLine.IsSpace(text[keyEnd]))
            {
                keyEnd++;
            }

            var valueStart = keyEnd;
            while (valueStart < text.Length && LogicalLine.IsSpace(text[valueStart]))
            {
                valueStart++;
            }

            if (keyEnd == 0 || valueStart >= text.Length)
            {
                continue;
            }

            entries.Add(new PostmapEntry(text[..keyEnd], line.Text.SpanOf(0, keyEnd), line.Text.Slice(valueStart, text.Length - valueStart)));
        }

        return new PostmapSource(source, entries);
    }
}
