using ConfigLint.Core.Text;

namespace ConfigLint.Core.Parsing;

/// <summary>One <c>name = value</c> definition in main.cf, with the span of its name and a mapped value.</summary>
public sealed record MainCfEntry(string Name, Span NameSpan, ValueText Value, int FirstLine, int LastLine);

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
                diagnostics.Add(new Diagnostic(DiagnosticKind.MainCfSyntax, line.Text.SpanOf(0, parts.NameEnd),
                    $"Missing '=' after attribute name: \"{Shorten(text)}\"; Postfix stops with a fatal error on this line."));
                continue;
            }

            var name = text[..parts.NameEnd];
            var value = NameValue.Value(line.Text, parts);
            entries.Add(new MainCfEntry(name, line.Text.SpanOf(0, parts.NameEnd), value, line.FirstLine, line.LastLine));
        }

        return new MainCfDocument(source, entries, diagnostics);
    }

    internal static string Shorten(string text) => Excerpt.Of(text);
}
