using System.Text;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Parsing;

/// <summary>What kind of destination an alias value names (aliases(5)).</summary>
public enum AliasTargetKind
{
    Address,
    Include,
    Command,
    File,
}

/// <summary>One comma-separated destination of an alias, with its span.</summary>
public sealed record AliasTarget(string Text, AliasTargetKind Kind, Span Span)
{
    /// <summary>
    /// For a <c>|command</c>: the file name of the program it runs, the first word of the command
    /// (<c>uudecode</c> for <c>"|/usr/bin/uudecode -o x"</c>); null for any other destination.
    /// local(8) hands the command to /bin/sh when it has shell metacharacters, else executes that
    /// word itself (local(8) "EXTERNAL COMMAND DELIVERY").
    /// </summary>
    public string? Program
    {
        get
        {
            if (Kind != AliasTargetKind.Command)
            {
                return null;
            }

            var word = Text.TrimStart('|', '"', ' ', '\t').Split([' ', '\t', '"'], 2)[0];
            return word[(word.LastIndexOf('/') + 1)..];
        }
    }
}

/// <summary>
/// One <c>name: value, value</c> entry as postalias stores it: the key unquoted and lower-cased,
/// the value re-tokenised the RFC 822 way (tok822_externalize), e.g. <c>a,,b , c</c> → <c>a, , b, c</c>.
/// </summary>
public sealed record AliasEntry(string Key, string Value, Span KeySpan, IReadOnlyList<AliasTarget> Targets, int FirstLine, int LastLine);

public sealed class AliasesDocument
{
    private IReadOnlyList<SuppressionDirective>? suppressions;

    public AliasesDocument(SourceText source, IReadOnlyList<AliasEntry> entries, IReadOnlyList<Diagnostic> diagnostics)
    {
        Source = source;
        Entries = entries;
        Diagnostics = diagnostics;
    }

    public SourceText Source { get; }

    /// <summary>Effective entries: for a duplicate key only the first is kept, as postalias does.</summary>
    public IReadOnlyList<AliasEntry> Entries { get; }

    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>The <c># configlint:</c> suppression comments, parsed once with the text.</summary>
    public IReadOnlyList<SuppressionDirective> Suppressions => suppressions ??= SuppressionComments.Parse(Source, Entries.Select(e => (e.FirstLine, e.LastLine)));
}

public static class AliasesParser
{
    public static AliasesDocument Parse(SourceText source)
    {
        var entries = new List<AliasEntry>();
        var byKey = new Dictionary<string, AliasEntry>(StringComparer.Ordinal);
        var diagnostics = new List<Diagnostic>();
        foreach (var line in LogicalLine.Read(source))
        {
            var firstSpan = Span.Line(source.Path, line.FirstLine, source.LineText(line.FirstLine).Length);
            var scanned = Tok822.Scan(line.Text.Text);
            var tokens = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(scanned);
            var colon = scanned.FindIndex(t => t.Kind == Tok822.Kind.Special && t.Text == ":");

            // postalias(1): "need name:value pair" — no colon, nothing before or after it, or a comma in the name.
            if (colon <= 0 || colon == tokens.Length - 1 || Tok822.HasSpecial(tokens[..colon], ","))
            {
                diagnostics.Add(new Diagnostic(DiagnosticKind.AliasesSyntax, firstSpan,
                    $"Need name:value pair: \"{MainCfParser.Shorten(line.Text.Text)}\"; postalias skips this entry."));
                continue;
            }

            if (Tok822.HasSpecial(tokens[..colon], "@") || Tok822.HasSpecial(tokens[..colon], "%"))
            {
                diagnostics.Add(new Diagnostic(DiagnosticKind.AliasesSyntax, firstSpan,
                    $"Name must be local: \"{MainCfParser.Shorten(line.Text.Text)}\"; postalias skips this entry."));
                continue;
            }

            var key = Tok822.Internalize(tokens[..colon]).ToLowerInvariant();
            var valueTokens = tokens[(colon + 1)..];
            var value = Tok822.Externalize(valueTokens);
            var keySpan = line.Text.SpanOf(tokens[0].Offset, tokens[colon - 1].Offset + tokens[colon - 1].Length - tokens[0].Offset);
            var entry = new AliasEntry(key, value, keySpan, Targets(line.Text, valueTokens), line.FirstLine, line.LastLine);
            if (byKey.TryGetValue(key, out var first))
            {
                diagnostics.Add(new Diagnostic(DiagnosticKind.AliasesSyntax, keySpan,
                    $"Duplicate entry \"{key}\" (first on line {first.FirstLine}); postalias keeps the first and ignores this one."));
                continue;
            }

            byKey[key] = entry;
            entries.Add(entry);
        }

        return new AliasesDocument(source, entries, diagnostics);
    }

    private static List<AliasTarget> Targets(ValueText line, ReadOnlySpan<Tok822.Token> tokens)
    {
        var targets = new List<AliasTarget>();
        var start = 0;
        for (var i = 0; i <= tokens.Length; i++)
        {
            if (i < tokens.Length && !(tokens[i].Kind == Tok822.Kind.Special && tokens[i].Text == ","))
            {
                continue;
            }

            if (i > start)
            {
                var part = tokens[start..i];
                var text = Tok822.Externalize(part);
                var kind = text.StartsWith(":include:", StringComparison.OrdinalIgnoreCase) ? AliasTargetKind.Include
                    : text.StartsWith('|') || text.StartsWith("\"|", StringComparison.Ordinal) ? AliasTargetKind.Command
                    : text.StartsWith('/') || text.StartsWith("\"/", StringComparison.Ordinal) ? AliasTargetKind.File
                    : AliasTargetKind.Address;
                var span = line.SpanOf(part[0].Offset, part[^1].Offset + part[^1].Length - part[0].Offset);
                targets.Add(new AliasTarget(text, kind, span));
            }

            start = i + 1;
        }

        return targets;
    }
}

/// <summary>
/// The RFC 822 tokeniser postalias uses (tok822_scan, tok822_internalize, tok822_externalize in
/// Postfix's global/tok822_*.c), reduced to what alias keys and values need.
/// </summary>
internal static class Tok822
{
    public enum Kind
    {
        Atom,
        QuotedString,
        Comment,
        DomainLiteral,
        Special,
    }

    public readonly record struct Token(Kind Kind, string Text, int Offset, int Length);

    private const string Specials = "()<>@,;:\\\".[]";

    /// <summary>The specials as strings, made once (a million-line aliases file has millions of them).</summary>
    private static readonly string[] SpecialText = [.. Enumerable.Range(0, 128).Select(c => ((char)c).ToString())];

    public static List<Token> Scan(string s)
    {
        // Sized for a typical line ("name: user, user@domain" is eight tokens) to spare the regrowth.
        var tokens = new List<Token>(Math.Min(s.Length / 3 + 1, 16));
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (LogicalLine.IsSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            if (c == '(')
            {
                var level = 0;
                var sb = new StringBuilder();
                while (i < s.Length)
                {
                    var ch = s[i++];
                    if (ch == '\\' && i < s.Length)
                    {
                        sb.Append(ch).Append(s[i++]);
                        continue;
                    }

                    sb.Append(ch);
                    if (ch == '(')
                    {
                        level++;
                    }
                    else if (ch == ')' && --level == 0)
                    {
                        break;
                    }
                }

                tokens.Add(new Token(Kind.Comment, sb.ToString(), start, i - start));
            }
            else if (c == '"' || c == '[')
            {
                var close = c == '"' ? '"' : ']';
                var sb = new StringBuilder();
                i++;
                while (i < s.Length && s[i] != close)
                {
                    if (s[i] == '\\' && i + 1 < s.Length)
                    {
                        i++;
                    }

                    sb.Append(s[i++]);
                }

                if (i < s.Length)
                {
                    i++;
                }

                tokens.Add(new Token(c == '"' ? Kind.QuotedString : Kind.DomainLiteral, sb.ToString(), start, i - start));
            }
            else if (Specials.Contains(c))
            {
                i++;
                tokens.Add(new Token(Kind.Special, SpecialText[c], start, 1));
            }
            else
            {
                while (i < s.Length && !LogicalLine.IsSpace(s[i]) && !Specials.Contains(s[i]) && !char.IsControl(s[i]))
                {
                    i++;
                }

                if (i == start)
                {
                    // A control character: tok822_scan makes it a token of its own.
                    i++;
                }

                tokens.Add(new Token(Kind.Atom, s.Substring(start, i - start), start, i - start));
            }
        }

        return tokens;
    }

    /// <summary>Whether <paramref name="tokens"/> hold the special <paramref name="special"/>.</summary>
    public static bool HasSpecial(ReadOnlySpan<Token> tokens, string special)
    {
        foreach (var t in tokens)
        {
            if (t.Kind == Kind.Special && t.Text == special)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The internal (unquoted) form, as alias keys are stored.</summary>
    public static string Internalize(ReadOnlySpan<Token> tokens) => Render(tokens, quote: false);

    /// <summary>The external (quoted) form, as alias values are stored.</summary>
    public static string Externalize(ReadOnlySpan<Token> tokens) => Render(tokens, quote: true);

    private static string Render(ReadOnlySpan<Token> tokens, bool quote)
    {
        if (tokens.Length == 1 && tokens[0].Kind == Kind.Atom)
        {
            // One word (most keys, most destinations): itself, no builder.
            return tokens[0].Text;
        }

        var sb = new StringBuilder();
        for (var i = 0; i < tokens.Length; i++)
        {
            var t = tokens[i];
            switch (t.Kind)
            {
                case Kind.QuotedString:
                    if (quote)
                    {
                        sb.Append('"');
                        foreach (var ch in t.Text)
                        {
                            if (ch is '"' or '\\' or '\r' or '\n')
                            {
                                sb.Append('\\');
                            }

                            sb.Append(ch);
                        }

                        sb.Append('"');
                    }
                    else
                    {
                        sb.Append(t.Text);
                    }

                    break;
                case Kind.DomainLiteral:
                    sb.Append('[').Append(t.Text).Append(']');
                    break;
                case Kind.Special when t.Text == ",":
                    sb.Append(", ");
                    continue;
                default:
                    sb.Append(t.Text);
                    break;
            }

            // tok822_externalize puts a blank between two words, never around specials.
            if (i + 1 < tokens.Length && t.Kind != Kind.Special && tokens[i + 1].Kind != Kind.Special)
            {
                sb.Append(' ');
            }
        }

        return sb.ToString();
    }
}
