using ConfigLint.Core.Text;

namespace ConfigLint.Core.Parsing;

/// <summary>One <c>name = value</c> definition in main.cf, with the span of its name and a mapped value.</summary>
/// <param name="Name">The name exactly as Postfix reads it, a leading byte-order mark included.</param>
public sealed record MainCfEntry(string Name, Span NameSpan, ValueText Value, int FirstLine, int LastLine)
{
    /// <summary>
    /// True when the name starts with a UTF-8 byte-order mark (U+FEFF, bytes EF BB BF), which an editor saved
    /// at the top of the file. Postfix does not skip it: it is part of the name, so
    /// <c>&lt;BOM&gt;compatibility_level = 3.6</c> sets no compatibility_level (the level stays 0) and postconf
    /// warns "unused parameter: ???compatibility_level=3.6" (checked with postconf 3.7.11). The model keeps the
    /// name as Postfix sees it; rules report the mark.
    /// </summary>
    public bool StartsWithByteOrderMark => Name.Length > 0 && Name[0] == ByteOrderMark.Character;

    /// <summary>The name without a leading byte-order mark: the name the author meant.</summary>
    public string NameWithoutByteOrderMark => StartsWithByteOrderMark ? Name[1..] : Name;

    /// <summary>
    /// The indented lines that continue this definition, in order. Postfix joins each to the value
    /// (postconf(5): "a logical line starts with non-whitespace text; a line that starts with whitespace
    /// continues a logical line"), whatever it looks like.
    /// </summary>
    public IReadOnlyList<MainCfContinuation> Continuations { get; init; } = [];

    /// <summary>
    /// The first <c>#</c> in the value that starts a word (at the start of the value or after a blank, outside
    /// <c>{...}</c>), from there to the end of its physical line; null when there is none. main.cf knows only
    /// whole-line comments (postconf(5): "Comment lines begin with #"; util/readlline.c), so this text is part
    /// of the value.
    /// </summary>
    public MainCfInlineComment? InlineComment { get; init; }
}

/// <summary>One indented line of a main.cf definition (see <see cref="MainCfEntry.Continuations"/>).</summary>
/// <param name="Line">Its line number.</param>
/// <param name="Text">Its trimmed text, mapped to where it is written.</param>
/// <param name="DefinitionName">
/// The name when the line reads as a definition on its own (<c>name = value</c>, as split_nameval(3) splits it),
/// or null: what the author probably meant to be a new parameter.
/// </param>
/// <param name="NameSpan">Where that name is written, or null.</param>
/// <param name="Indentation">The blanks before the text (column 1 up to the text), which make it a continuation.</param>
public sealed record MainCfContinuation(int Line, ValueText Text, string? DefinitionName, Span? NameSpan, Span Indentation);

/// <summary>A <c>#</c> comment written after a value (see <see cref="MainCfEntry.InlineComment"/>).</summary>
/// <param name="Text">From the <c>#</c> to the end of its physical line, trimmed.</param>
/// <param name="Span">Where it is written.</param>
/// <param name="ValueBefore">The value up to the <c>#</c>, trimmed: what the author meant.</param>
public sealed record MainCfInlineComment(string Text, Span Span, string ValueBefore);

/// <summary>The UTF-8 byte-order mark as decoded text.</summary>
public static class ByteOrderMark
{
    /// <summary>U+FEFF, what the bytes EF BB BF decode to.</summary>
    public const char Character = '\uFEFF';

    /// <summary>The span of a byte-order mark at the very start of <paramref name="source"/>, or null when there is none.</summary>
    public static Span? At(SourceText source) =>
        source.LineText(1) is { Length: > 0 } first && first[0] == Character ? new Span(source.Path, 1, 1, 1, 2) : null;
}

/// <summary>
/// main.cf read as Postfix reads it: every definition kept in file order; the last one of a name
/// is the effective one (postconf(5): "the last definition wins", with an "overriding earlier
/// entry" warning).
/// </summary>
public sealed class MainCfDocument
{
    private readonly Dictionary<string, MainCfEntry> effective;
    private IReadOnlyList<SuppressionDirective>? suppressions;

    public MainCfDocument(SourceText source, IReadOnlyList<MainCfEntry> entries, IReadOnlyList<Diagnostic> diagnostics)
    {
        Source = source;
        Entries = entries;
        Diagnostics = diagnostics;
        effective = new Dictionary<string, MainCfEntry>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            effective[e.Name] = e;
        }

        written = NameFilter.Of(effective.Keys);
    }

    /// <summary>Which names may be written, without hashing them (<see cref="Get"/> is asked mostly about names that are not).</summary>
    private readonly NameFilter written;

    public SourceText Source { get; }

    /// <summary>
    /// The UTF-8 byte-order mark at the start of the file, or null. Postfix reads it as text: before a name it
    /// becomes part of the name (<see cref="MainCfEntry.StartsWithByteOrderMark"/>), before a comment or on an
    /// otherwise empty first line it makes the line a name without '=' ("missing '=' after attribute name",
    /// fatal; checked with postconf 3.7.11).
    /// </summary>
    public Span? ByteOrderMark => Parsing.ByteOrderMark.At(Source);

    /// <summary>Every definition in file order, duplicates included.</summary>
    public IReadOnlyList<MainCfEntry> Entries { get; }

    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>The effective (last) definition of each name.</summary>
    public IReadOnlyDictionary<string, MainCfEntry> Effective => effective;

    public MainCfEntry? Get(string name) => written.MayContain(name) ? effective.GetValueOrDefault(name) : null;

    /// <summary>The <c># configlint:</c> suppression comments, parsed once with the text.</summary>
    public IReadOnlyList<SuppressionDirective> Suppressions => suppressions ??= SuppressionComments.Parse(Source, Entries.Select(e => (e.FirstLine, e.LastLine)));
}

public static class MainCfParser
{
    public static MainCfDocument Parse(SourceText source)
    {
        var entries = new List<MainCfEntry>();
        var diagnostics = new List<Diagnostic>();
        foreach (var line in LogicalLine.Read(source))
        {
            var text = line.Text.Text;
            var firstSpan = Span.Line(source.Path, line.FirstLine, source.LineLength(line.FirstLine));
            if (line.StartsWithWhitespace)
            {
                // postconf: "logical line must not start with whitespace"; Postfix ignores the line.
                diagnostics.Add(new Diagnostic(DiagnosticKind.MainCfSyntax, firstSpan,
                    $"Logical line must not start with whitespace: \"{Shorten(text)}\"; Postfix ignores it."));
                continue;
            }

            var problem = NameValue.Split(text, out var parts);
            if (problem == NameValue.Problem.MissingName)
            {
                diagnostics.Add(new Diagnostic(DiagnosticKind.MainCfSyntax, firstSpan,
                    $"Missing attribute name: \"{Shorten(text)}\"; Postfix stops with a fatal error on this line."));
                continue;
            }

            if (problem == NameValue.Problem.MissingEquals)
            {
                var bom = text.Length > 0 && text[0] == Parsing.ByteOrderMark.Character
                    ? " (the line starts with a UTF-8 byte-order mark, which Postfix reads as text, not as a comment or blank)"
                    : string.Empty;
                diagnostics.Add(new Diagnostic(DiagnosticKind.MainCfSyntax, line.Text.SpanOf(0, parts.NameEnd),
                    $"Missing '=' after attribute name: \"{Shorten(text)}\"; Postfix stops with a fatal error on this line{bom}."));
                continue;
            }

            var name = text[..parts.NameEnd];
            var value = NameValue.Value(line.Text, parts);
            entries.Add(new MainCfEntry(name, line.Text.SpanOf(0, parts.NameEnd), value, line.FirstLine, line.LastLine)
            {
                Continuations = Continuations(source, line),
                InlineComment = InlineComment(line, parts.ValueStart),
            });
        }

        return new MainCfDocument(source, entries, diagnostics);
    }

    private static List<MainCfContinuation> Continuations(SourceText source, LogicalLine line)
    {
        var result = new List<MainCfContinuation>();
        foreach (var piece in line.Pieces.Skip(1))
        {
            var text = line.Text.Slice(piece.Offset, piece.Length);
            var indentation = new Span(source.Path, piece.Line, 1, piece.Line, text.SpanOf(0, 0).StartColumn);
            var definition = NameValue.Split(text.Text, out var parts) == NameValue.Problem.None;
            result.Add(new MainCfContinuation(
                piece.Line,
                text,
                definition ? text.Text[..parts.NameEnd] : null,
                definition ? text.SpanOf(0, parts.NameEnd) : null,
                indentation));
        }

        return result;
    }

    private static MainCfInlineComment? InlineComment(LogicalLine line, int valueStart)
    {
        var text = line.Text.Text;
        var depth = 0;
        for (var i = valueStart; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '{':
                    depth++;
                    break;
                case '}' when depth > 0:
                    depth--;
                    break;
                case '#' when depth == 0 && (i == valueStart || LogicalLine.IsSpace(text[i - 1])):
                    {
                        // The comment runs to the end of the physical line the '#' is on.
                        var piece = line.Pieces.Last(p => p.Offset <= i);
                        var end = piece.Offset + piece.Length;
                        return new MainCfInlineComment(text[i..end], line.Text.SpanOf(i, end - i), text[valueStart..i].TrimEnd());
                    }
            }
        }

        return null;
    }

    internal static string Shorten(string text) => Excerpt.Of(text);
}
