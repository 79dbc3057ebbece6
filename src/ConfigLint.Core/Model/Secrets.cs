using System.Text;
using ConfigLint.Core.Model.Tables;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Model;

/// <summary>A password written in the tree: its text and where its characters are (one span per physical line).</summary>
public sealed record Secret(string Value, IReadOnlyList<Span> Pieces);

/// <summary>One entry of an SMTP client password table: the destination (or sender) it is for, and its password.</summary>
public sealed record PasswordEntry(string Key, Span KeySpan, Secret Password);

/// <summary>Why a source of passwords is one.</summary>
public enum PasswordSourceKind
{
    /// <summary>The source file of a table that <c>smtp_sasl_password_maps</c> or <c>lmtp_sasl_password_maps</c> names.</summary>
    PasswordMap,

    /// <summary>A <c>static:</c> or <c>inline:</c> table written into the parameter value itself.</summary>
    InlineValue,

    /// <summary>A file named like a password table (<c>*_passwd</c>) that no parameter names.</summary>
    NamedLikePasswordTable,
}

/// <summary>
/// A place in the tree that holds SMTP client passwords: <paramref name="File"/> is the display
/// path of the file; <paramref name="Parameter"/> the parameter that makes Postfix use it (null
/// for a <c>*_passwd</c> file no parameter names) with <paramref name="ReferenceSpan"/> where it
/// names it.
/// </summary>
public sealed record PasswordSource(string File, PasswordSourceKind Kind, string? Parameter, Span? ReferenceSpan, IReadOnlyList<PasswordEntry> Entries);

/// <summary>
/// The SMTP client passwords the analysed tree holds, so that a rule can report them and no
/// output ever repeats them. A password table (sasl_passwd(5) style, postmap(1) source format)
/// maps a destination or sender to <c>username:password</c>; the SMTP client splits the value at
/// the first ':' and sends what follows as the password (smtp_sasl_glue.c), so an entry with
/// text after the first ':' holds a password. Sources: every table of
/// <c>smtp_sasl_password_maps</c> and <c>lmtp_sasl_password_maps</c> (main.cf and each service's
/// <c>-o</c>) whose text is in the tree, <c>static:</c> and <c>inline:</c> tables written in those
/// values, and files named <c>*_passwd</c> anywhere in the tree (three directories deep). Every
/// reporter shows the tree's lines through <see cref="Redact(string, IReadOnlyList{string})"/> and
/// every message passes <see cref="Redact(string)"/>.
/// </summary>
public sealed class Secrets
{
    /// <summary>Parameters whose tables give the SMTP/LMTP client a password (postconf(5)).</summary>
    public static readonly IReadOnlyList<string> PasswordParameters = ["smtp_sasl_password_maps", "lmtp_sasl_password_maps"];

    /// <summary>The name ending of a password table the tree holds without a parameter naming it (sasl_passwd, relay_passwd).</summary>
    public const string PasswordFileSuffix = "_passwd";

    /// <summary>Shorter passwords are masked in the files' lines but not searched for in messages, where they would mask ordinary words.</summary>
    private const int MinimumScrubbedLength = 3;

    private readonly Dictionary<string, List<Span>> piecesByFile = new(StringComparer.Ordinal);
    private readonly List<string> values = [];

    internal Secrets(PostfixConfig config, bool searchTree)
    {
        var sources = new List<PasswordSource>();
        var seenFiles = new HashSet<string>(StringComparer.Ordinal);
        var configDirectory = config.Get("config_directory").Value;
        var services = new List<MasterService?> { null };
        services.AddRange(config.Master?.EffectiveServices.Where(s => PasswordParameters.Any(p => s.Override(p) is not null)) ?? []);
        foreach (var parameter in PasswordParameters)
        {
            foreach (var service in services)
            {
                var value = config.Get(parameter, service);
                if (service is not null && service.Override(parameter) is null)
                {
                    continue;
                }

                var named = service is null ? parameter : $"-o {parameter} of {service.Label}";

                foreach (var item in ListItems.Of(value).Items)
                {
                    if (TableReference.Parse(item.Text, item.Span) is not { } reference)
                    {
                        continue;
                    }

                    while (reference.Type.Equals("proxy", StringComparison.OrdinalIgnoreCase) && TableReference.Parse(reference.Name, item.Span) is { } inner)
                    {
                        reference = inner;
                    }

                    if (reference.Type.Equals("static", StringComparison.OrdinalIgnoreCase) || reference.Type.Equals("inline", StringComparison.OrdinalIgnoreCase))
                    {
                        var entries = InlineEntries(reference, item, value);
                        if (entries.Count > 0 && item.Span is { } at)
                        {
                            sources.Add(new PasswordSource(at.File, PasswordSourceKind.InlineValue, named, at, entries));
                        }

                        continue;
                    }

                    if (!reference.IsFile || config.Tree.Map(reference.Name, configDirectory) is not { } relative || !seenFiles.Add(relative))
                    {
                        continue;
                    }

                    if (FileEntries(config.Tree, relative) is { Entries.Count: > 0 } file)
                    {
                        sources.Add(new PasswordSource(file.Source.Path, PasswordSourceKind.PasswordMap, named, item.Span, file.Entries));
                    }
                }
            }
        }

        foreach (var relative in searchTree ? config.Tree.FindFiles(PasswordFileSuffix) : [])
        {
            if (seenFiles.Add(relative) && FileEntries(config.Tree, relative) is { Entries.Count: > 0 } file)
            {
                sources.Add(new PasswordSource(file.Source.Path, PasswordSourceKind.NamedLikePasswordTable, null, null, file.Entries));
            }
        }

        Sources = sources;
        foreach (var secret in sources.SelectMany(s => s.Entries).Select(e => e.Password))
        {
            values.Add(secret.Value);
            foreach (var piece in secret.Pieces)
            {
                if (!piecesByFile.TryGetValue(piece.File, out var list))
                {
                    piecesByFile[piece.File] = list = [];
                }

                list.Add(piece);
            }
        }

        values = values.Distinct().OrderByDescending(v => v.Length).ToList();
    }

    /// <summary>Every place of the tree that holds SMTP client passwords.</summary>
    public IReadOnlyList<PasswordSource> Sources { get; }

    /// <summary>Whether the tree holds a password at all: without one, nothing needs masking.</summary>
    public bool Any => values.Count > 0 || piecesByFile.Count > 0;

    /// <summary>True when the file (display path) holds a password.</summary>
    public bool InFile(string path) => piecesByFile.ContainsKey(path);

    /// <summary>
    /// The lines of a file with every password character replaced by '*' (the same length, so
    /// columns stay true): at the places the password tables hold them, and wherever else a
    /// password of the tree is repeated (a line Postfix rejects, a copy in another file).
    /// </summary>
    public IReadOnlyList<string> Redact(string path, IReadOnlyList<string> lines)
    {
        var pieces = piecesByFile.TryGetValue(path, out var list) ? list : [];
        if (values.Count == 0)
        {
            return lines;
        }

        var copy = lines.ToArray();
        foreach (var piece in pieces)
        {
            for (var line = piece.StartLine; line <= piece.EndLine && line <= copy.Length; line++)
            {
                var text = copy[line - 1];
                var from = line == piece.StartLine ? Math.Clamp(piece.StartColumn - 1, 0, text.Length) : 0;
                var to = line == piece.EndLine ? Math.Clamp(piece.EndColumn - 1, from, text.Length) : text.Length;
                copy[line - 1] = string.Concat(text.AsSpan(0, from), new string('*', to - from), text.AsSpan(to));
            }
        }

        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = Redact(copy[i]);
        }

        return copy;
    }

    /// <summary>The text with every password of the tree (of at least three characters) replaced by '*'.</summary>
    public string Redact(string text)
    {
        foreach (var value in values)
        {
            if (value.Length >= MinimumScrubbedLength && text.Contains(value, StringComparison.Ordinal))
            {
                text = text.Replace(value, new string('*', value.Length), StringComparison.Ordinal);
            }
        }

        return text;
    }

    private static PostmapSource? FileEntriesSource(ConfigTree tree, string relative) =>
        tree.Read(relative, new List<Diagnostic>()) is { } text ? PostmapSource.Parse(text) : null;

    private static (SourceText Source, List<PasswordEntry> Entries)? FileEntries(ConfigTree tree, string relative)
    {
        if (FileEntriesSource(tree, relative) is not { } table)
        {
            return null;
        }

        var entries = new List<PasswordEntry>();
        foreach (var entry in table.Entries)
        {
            if (PasswordOf(entry.Value.Text) is { } at)
            {
                entries.Add(new PasswordEntry(entry.Key, entry.KeySpan, new Secret(entry.Value.Text.Substring(at.Offset, at.Length), [entry.Value.SpanOf(at.Offset, at.Length)])));
            }
        }

        return (table.Source, entries);
    }

    /// <summary>Where the password starts in <c>username:password</c>, or null when there is none (no ':' or nothing after it).</summary>
    private static (int Offset, int Length)? PasswordOf(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 || colon == value.Length - 1 ? null : (colon + 1, value.Length - colon - 1);
    }

    /// <summary>
    /// The entries of <c>static:username:password</c> (key: the parameter's every destination) and
    /// of <c>inline:{ key=username:password, ... }</c> (postconf(5) inline_table), with spans in
    /// the written value.
    /// </summary>
    private static List<PasswordEntry> InlineEntries(TableReference reference, ListItem item, EffectiveValue value)
    {
        var entries = new List<PasswordEntry>();
        var nameOffset = item.Offset + reference.Type.Length + 1;
        var body = reference.Name;
        var bodyOffset = nameOffset;
        if (body.StartsWith('{') && body.EndsWith('}'))
        {
            body = body[1..^1];
            bodyOffset++;
        }

        if (reference.Type.Equals("static", StringComparison.OrdinalIgnoreCase))
        {
            var trimmed = body.Trim();
            var lead = body.Length - body.TrimStart().Length;
            if (PasswordOf(trimmed) is { } at)
            {
                entries.Add(new PasswordEntry("every destination", item.Span ?? default, Secret(value, trimmed.Substring(at.Offset, at.Length), bodyOffset + lead + at.Offset)));
            }

            return entries;
        }

        foreach (var element in ListItems.Split(body))
        {
            // An element is key=value, or { key = value } when the value has blanks (postconf(5) inline_table).
            var (text, offset) = Unbrace(element.Text, bodyOffset + element.Offset);
            var eq = text.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            var key = text[..eq].TrimEnd();
            var (entryValue, valueOffset) = Unbrace(text[(eq + 1)..], offset + eq + 1);
            if (PasswordOf(entryValue) is { } at)
            {
                var keySpan = value.Expanded.SpanOf(offset, key.Length) ?? item.Span ?? default;
                entries.Add(new PasswordEntry(key, keySpan, Secret(value, entryValue.Substring(at.Offset, at.Length), valueOffset + at.Offset)));
            }
        }

        return entries;
    }

    /// <summary>The text without surrounding blanks and one pair of braces, and where it now starts.</summary>
    private static (string Text, int Offset) Unbrace(string text, int offset)
    {
        var lead = text.Length - text.TrimStart().Length;
        var trimmed = text.Trim();
        offset += lead;
        if (trimmed.Length >= 2 && trimmed[0] == '{' && trimmed[^1] == '}')
        {
            var inner = trimmed[1..^1];
            return (inner.Trim(), offset + 1 + (inner.Length - inner.TrimStart().Length));
        }

        return (trimmed, offset);
    }

    private static Secret Secret(EffectiveValue value, string text, int offset) =>
        new(text, value.Expanded.SpanOf(offset, text.Length) is { } span ? [span] : []);

    /// <summary>For tests and diagnostics: the files and lines that hold passwords, never the passwords.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var source in Sources)
        {
            sb.Append(source.File).Append(": ").AppendJoin(", ", source.Entries.Select(e => e.KeySpan.StartLine)).AppendLine();
        }

        return sb.ToString();
    }
}
