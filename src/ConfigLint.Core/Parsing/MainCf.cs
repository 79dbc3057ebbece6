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
}

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
    }

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

    public MainCfEntry? Get(string name) => effective.GetValueOrDefault(name);

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
            var firstSpan = Span.Line(source.Path, line.FirstLine, source.LineText(line.FirstLine).Length);
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
            entries.Add(new MainCfEntry(name, line.Text.SpanOf(0, parts.NameEnd), value, line.FirstLine, line.LastLine));
        }

        return new MainCfDocument(source, entries, diagnostics);
    }

    internal static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
