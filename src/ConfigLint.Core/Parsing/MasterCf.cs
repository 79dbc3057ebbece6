using ConfigLint.Core.Text;

namespace ConfigLint.Core.Parsing;

/// <summary>A whitespace-separated field of a master.cf entry, with its span.</summary>
public sealed record MasterField(string Text, Span Span);

/// <summary>
/// A <c>-o name=value</c> (or <c>-o { name = value }</c>) option: a parameter override that applies
/// to this service only (master(5)).
/// </summary>
public sealed record MasterOverride(string Name, Span NameSpan, ValueText Value, Span OptionSpan);

/// <summary>
/// A comment line inside a master.cf entry (between its first and last line) that reads as a service entry
/// of its own (<c>#submission inet n - y - - smtpd</c>): someone commented out a service but not the
/// indented <c>-o</c> lines under it. The comment vanishes (readlline(3) drops comment lines, also inside
/// a logical line), so those lines continue the entry above it.
/// </summary>
/// <param name="Line">The comment's line number.</param>
/// <param name="Name">Its service name (field 1).</param>
/// <param name="Type">Its service type (field 2).</param>
/// <param name="Span">The comment's text on its line.</param>
public sealed record CommentedMasterEntry(int Line, string Name, string Type, Span Span);

/// <summary>
/// One master.cf service entry: <c>service type private unpriv chroot wakeup maxproc command [args]</c>
/// (master(5)). For <c>inet</c> services the name may carry a host: <c>host:port</c>, <c>[ipv6]:port</c>.
/// </summary>
public sealed class MasterService
{
    public required MasterField Service { get; init; }

    public required MasterField Type { get; init; }

    public required MasterField Private { get; init; }

    public required MasterField Unprivileged { get; init; }

    public required MasterField Chroot { get; init; }

    public required MasterField Wakeup { get; init; }

    public required MasterField ProcessLimit { get; init; }

    public required MasterField Command { get; init; }

    /// <summary>Command arguments after the command name, brace groups unwrapped, as Postfix passes them.</summary>
    public required IReadOnlyList<MasterField> Arguments { get; init; }

    public required IReadOnlyList<MasterOverride> Overrides { get; init; }

    /// <summary>
    /// The daemon options other than <c>-o</c> (<c>-v</c>, <c>-vv</c>, <c>-D</c>, <c>-S</c> ...), each as
    /// written: the words getopt(3) reads as options before the first word that is not one
    /// (master(5): "-v" increases the logging level, "-D" runs the daemon under a debugger).
    /// </summary>
    public IReadOnlyList<MasterField> Options { get; init; } = [];

    /// <summary>How many times the daemon is told -v (<c>-v -v</c> and <c>-vv</c> are two): its logging level above normal.</summary>
    public int Verbosity => Options.Sum(o => o.Text.Skip(1).TakeWhile(c => c != 'o' && c != 'i' && c != 'm' && c != 'n' && c != 's' && c != 't').Count(c => c == 'v'));

    public required int FirstLine { get; init; }

    /// <summary>Commented-out service lines between <see cref="FirstLine"/> and <see cref="LastLine"/>, in order.</summary>
    public IReadOnlyList<CommentedMasterEntry> CommentedEntries { get; internal set; } = [];

    public required int LastLine { get; init; }

    /// <summary>False for an entry that a later entry for the same master service replaces (master: "using the last entry").</summary>
    public bool IsEffective => ReplacedBy is null;

    /// <summary>
    /// The later entry that master runs instead of this one: the last entry with the same <see cref="MasterIdentity"/>
    /// and type (master_conf.c master_config(): "duplicate master.cf entry ... -- using the last entry"), or null.
    /// </summary>
    public MasterService? ReplacedBy { get; internal set; }

    /// <summary>
    /// The name master identifies this service by, with its type (master_ent.c get_master_ent()): for <c>inet</c>
    /// the endpoint with a numeric port and a canonical numeric host (<c>25</c> for both <c>smtp</c> and
    /// <c>25</c>, <c>[127.0.0.1]:25</c>); for the other types the socket under <c>private/</c> or
    /// <c>public/</c>, so <c>pickup unix n</c> and <c>pickup unix y</c> are two services.
    /// </summary>
    public string MasterIdentity
    {
        get
        {
            if (Type.Text != "inet")
            {
                return $"{(Private.Text == "n" ? "public" : "private")}/{Name}";
            }

            // "Canonicalize endpoint names so that we correctly handle reload requests after someone changes
            // 25 into smtp or vice versa": a service name resolves to its number, a numeric host to its
            // canonical text; a host name or an unknown service name stays as written.
            var port = WellKnownPortNumber(Port) is { } n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : Port;
            if (string.IsNullOrEmpty(Host))
            {
                return port;
            }

            var host = System.Net.IPAddress.TryParse(Host, out var ip) && (Host.Contains(':', StringComparison.Ordinal) || Host.Count(c => c == '.') == 3) ? ip.ToString() : Host;
            return $"[{host}]:{port}";
        }
    }

    private static int? WellKnownPortNumber(string port) => WellKnownPorts.Resolve(port);

    public string Name => Service.Text;

    public string TypeName => Type.Text;

    /// <summary>True when master runs smtpd(8) for this entry (field 8 is <c>smtpd</c>).</summary>
    public bool RunsSmtpd => Command.Text == "smtpd";

    /// <summary>True for an entry of the stock master.cf that ConfigLint assumed because the configuration has none.</summary>
    public bool IsStock { get; internal set; }

    /// <summary>The service as messages name it: <c>smtp/inet</c>, or <c>smtp/inet of the stock master.cf</c> for an assumed one.</summary>
    public string Label => IsStock ? $"{Key} of the stock master.cf" : Key;

    /// <summary><c>name/type</c>, as postconf -M and -P name a service.</summary>
    public string Key => $"{Service.Text}/{Type.Text}";

    /// <summary>The host part of an inet service name (<c>127.0.0.1</c> for <c>127.0.0.1:smtp</c>, <c>::1</c> for <c>[::1]:25</c>), or null.</summary>
    public string? Host { get; init; }

    /// <summary>Whether the host part was written in brackets.</summary>
    public bool HostBracketed { get; init; }

    /// <summary>The port or service-name part of an inet service name.</summary>
    public string Port { get; init; } = string.Empty;

    /// <summary>The effective (last) -o override of a name, if any.</summary>
    public MasterOverride? Override(string name)
    {
        // Backwards, by index: the last one counts, and rules ask this of every service for many
        // names (an enumerator per call was a tenth of a 100,000-service check).
        for (var i = Overrides.Count - 1; i >= 0; i--)
        {
            if (Overrides[i].Name == name)
            {
                return Overrides[i];
            }
        }

        return null;
    }
}

public sealed class MasterCfDocument
{
    private IReadOnlyList<SuppressionDirective>? suppressions;

    public MasterCfDocument(SourceText source, IReadOnlyList<MasterService> services, IReadOnlyList<Diagnostic> diagnostics)
    {
        Source = source;
        Services = services;
        Diagnostics = diagnostics;
    }

    public SourceText Source { get; }

    /// <summary>Every entry in file order, including ones a later duplicate replaces.</summary>
    public IReadOnlyList<MasterService> Services { get; }

    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>
    /// The entries master runs: each but those a later entry of the same name and type replaces. A list
    /// made once (a document's entries do not change after parsing), not a filter run again at every
    /// ask: some thirty rules and parts of the model walk it for each configuration of a fleet.
    /// </summary>
    public IReadOnlyList<MasterService> EffectiveServices => effectiveServices ??= EffectiveOf(Services);

    private IReadOnlyList<MasterService>? effectiveServices;

    private static IReadOnlyList<MasterService> EffectiveOf(IReadOnlyList<MasterService> services)
    {
        foreach (var service in services)
        {
            if (!service.IsEffective)
            {
                return [.. services.Where(s => s.IsEffective)];
            }
        }

        // Nothing replaced (the usual master.cf): the entries themselves.
        return services;
    }

    /// <summary>The <c># configlint:</c> suppression comments, parsed once with the text.</summary>
    public IReadOnlyList<SuppressionDirective> Suppressions => suppressions ??= SuppressionComments.Parse(Source, Services.Select(s => (s.FirstLine, s.LastLine)));
}

public static class MasterCfParser
{
    private static readonly HashSet<string> Types = new(StringComparer.Ordinal) { "inet", "unix", "unix-dgram", "fifo", "pass" };

    public static MasterCfDocument Parse(SourceText source)
    {
        var services = new List<MasterService>();
        var diagnostics = new List<Diagnostic>();
        var words = new ShortWords();

        // One token list for every entry (each is done with its tokens before the next is read).
        var tokens = new List<Token>(16);
        foreach (var line in LogicalLine.Read(source))
        {
            var firstSpan = Span.Line(source.Path, line.FirstLine, source.LineLength(line.FirstLine));
            if (line.StartsWithWhitespace)
            {
                diagnostics.Add(new Diagnostic(DiagnosticKind.MasterCfSyntax, firstSpan,
                    $"Logical line must not start with whitespace: \"{MainCfParser.Shorten(line.Text.Text)}\"; Postfix ignores it."));
                continue;
            }

            var service = ParseEntry(line, firstSpan, diagnostics, words, tokens);
            if (service is not null)
            {
                service.CommentedEntries = CommentedEntries(source, line.FirstLine, line.LastLine);
                services.Add(service);
            }
        }

        // master(8): a later entry for the same service (its canonical name and its type) replaces the earlier
        // one (master_conf.c master_config()); the master-duplicate-service rule reports it.
        var seen = new Dictionary<(string, string), MasterService>();
        foreach (var s in services)
        {
            var identity = (s.MasterIdentity, s.TypeName);
            if (seen.TryGetValue(identity, out var earlier))
            {
                earlier.ReplacedBy = s;
            }

            seen[identity] = s;
        }

        return new MasterCfDocument(source, services, diagnostics);
    }

    private static MasterService? ParseEntry(LogicalLine line, Span firstSpan, List<Diagnostic> diagnostics, ShortWords words, List<Token> tokens)
    {
        Tokenize(line.Text, words, tokens);
        if (tokens.Count < 8)
        {
            diagnostics.Add(new Diagnostic(DiagnosticKind.MasterCfSyntax, firstSpan,
                $"Bad field count: a master.cf entry needs 8 fields (service type private unpriv chroot wakeup maxproc command), this one has {tokens.Count}; Postfix stops with a fatal error."));
            return null;
        }

        MasterField F(int i) => new(tokens[i].Text, line.Text.SpanOf(tokens[i].Offset, tokens[i].Length));

        var ok = true;
        void Check(int i, bool valid, string what)
        {
            if (!valid)
            {
                ok = false;
                diagnostics.Add(new Diagnostic(DiagnosticKind.MasterCfSyntax, F(i).Span,
                    $"Invalid {what} field \"{tokens[i].Text}\"; Postfix stops with a fatal error on this entry."));
            }
        }

        Check(1, Types.Contains(tokens[1].Text), "type");
        Check(2, IsFlag(tokens[2].Text), "private");
        Check(3, IsFlag(tokens[3].Text), "unprivileged");
        Check(4, IsFlag(tokens[4].Text), "chroot");
        Check(5, IsWakeup(tokens[5].Text), "wakeup");
        Check(6, tokens[6].Text == "-" || IsNumber(tokens[6].Text), "process_limit");
        if (!ok)
        {
            return null;
        }

        var args = new List<MasterField>();
        var overrides = new List<MasterOverride>();
        var flags = new List<MasterField>();

        // Daemons read their options with getopt(3), which stops at the first argument that is not
        // an option: after that (pipe's "flags=... argv=/usr/sbin/sendmail -oi"), "-o" belongs to
        // the command being run, not to Postfix (postconf -P follows the same rule).
        var options = true;
        for (var i = 8; i < tokens.Count; i++)
        {
            var t = tokens[i];
            var value = Unbrace(line.Text, t, diagnostics);
            args.Add(new MasterField(value.Text, line.Text.SpanOf(t.Offset, t.Length)));
            if (!t.Text.StartsWith('-') || t.Braced || t.Text == "--")
            {
                options = false;
            }

            if (!options)
            {
                continue;
            }

            if (t.Text == "-o" && !t.Braced)
            {
                var optionSpan = line.Text.SpanOf(t.Offset, t.Length);
                if (i + 1 >= tokens.Count)
                {
                    diagnostics.Add(new Diagnostic(DiagnosticKind.MasterCfSyntax, optionSpan,
                        "\"-o\" without a value; the daemon stops with a fatal error when it starts."));
                    continue;
                }

                var next = tokens[++i];
                var option = Unbrace(line.Text, next, diagnostics);
                args.Add(new MasterField(option.Text, line.Text.SpanOf(next.Offset, next.Length)));
                var whole = line.Text.SpanOf(t.Offset, next.Offset + next.Length - t.Offset);
                var parsed = SplitNameValue(option, whole, diagnostics);
                if (parsed is not null)
                {
                    overrides.Add(parsed with { OptionSpan = whole });
                }
            }
            else if (t.Text.StartsWith("-o", StringComparison.Ordinal) && t.Text.Length > 2 && !t.Braced)
            {
                diagnostics.Add(new Diagnostic(DiagnosticKind.MasterCfSyntax, line.Text.SpanOf(t.Offset, t.Length),
                    $"\"{t.Text}\": write \"-o\" and its value as separate words; postconf and the daemons split \"-o\" options written together differently."));
            }
            else
            {
                flags.Add(args[^1]);
            }
        }

        var name = tokens[0].Text;
        string? host = null;
        var bracketed = false;
        var port = name;
        if (tokens[1].Text == "inet")
        {
            (host, bracketed, port) = SplitInetName(name);
        }

        return new MasterService
        {
            Service = F(0),
            Type = F(1),
            Private = F(2),
            Unprivileged = F(3),
            Chroot = F(4),
            Wakeup = F(5),
            ProcessLimit = F(6),
            Command = F(7),
            Arguments = args,
            Overrides = overrides,
            Options = flags,
            FirstLine = line.FirstLine,
            LastLine = line.LastLine,
            Host = host,
            HostBracketed = bracketed,
            Port = port,
        };
    }

    /// <summary>Splits <c>host:port</c>, <c>[v6]:port</c> or a bare port/service name.</summary>
    public static (string? Host, bool Bracketed, string Port) SplitInetName(string name)
    {
        if (name.StartsWith('['))
        {
            var close = name.IndexOf(']', StringComparison.Ordinal);
            if (close > 0)
            {
                var rest = name[(close + 1)..];
                return (name[1..close], true, rest.StartsWith(':') ? rest[1..] : rest);
            }
        }

        var colon = name.LastIndexOf(':');
        return colon < 0 ? (null, false, name) : (name[..colon], false, name[(colon + 1)..]);
    }

    /// <summary>The comment lines inside a logical line that read as service entries (eight fields, a valid type and flags).</summary>
    private static List<CommentedMasterEntry> CommentedEntries(SourceText source, int firstLine, int lastLine)
    {
        var result = new List<CommentedMasterEntry>();
        for (var n = firstLine + 1; n < lastLine; n++)
        {
            var text = source.LineText(n);
            if (!LogicalLine.IsComment(text))
            {
                continue;
            }

            var hash = text.IndexOf('#', StringComparison.Ordinal);
            var fields = text[(hash + 1)..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 8 && Types.Contains(fields[1]) && IsFlag(fields[2]) && IsFlag(fields[3]) && IsFlag(fields[4]))
            {
                result.Add(new CommentedMasterEntry(n, fields[0], fields[1], new Span(source.Path, n, hash + 1, n, text.TrimEnd().Length + 1)));
            }
        }

        return result;
    }

    private static bool IsFlag(string s) => s is "y" or "n" or "-";

    private static bool IsNumber(string s) => s.Length > 0 && s.All(char.IsAsciiDigit);

    private static bool IsWakeup(string s) => s == "-" || IsNumber(s) || (s.EndsWith('?') && IsNumber(s[..^1]));

    private readonly record struct Token(string Text, int Offset, int Length, bool Braced);

    /// <summary>
    /// Splits on blanks, keeping a group that starts with '{' together up to its matching '}'
    /// (mystrtokq(3) with CHARS_BRACE, as master.cf has done since Postfix 3.0).
    /// </summary>
    /// <summary>
    /// One string for each short word of a master.cf ("inet", "n", "-", "smtpd"...): every entry
    /// repeats them, and 100,000 services made 700,000 copies. Longer words and, past a few hundred
    /// distinct ones, all further words are made as they come.
    /// </summary>
    private sealed class ShortWords
    {
        private const int MaxLength = 16;
        private const int MaxWords = 512;
        private readonly Dictionary<string, string> words = new(StringComparer.Ordinal);

        public string Get(ReadOnlySpan<char> word)
        {
            if (word.Length > MaxLength)
            {
                return word.ToString();
            }

            var lookup = words.GetAlternateLookup<ReadOnlySpan<char>>();
            if (lookup.TryGetValue(word, out var known))
            {
                return known;
            }

            var made = word.ToString();
            if (words.Count < MaxWords)
            {
                words[made] = made;
            }

            return made;
        }
    }

    /// <summary>Splits an entry into <paramref name="tokens"/> (cleared first).</summary>
    private static void Tokenize(ValueText value, ShortWords words, List<Token> tokens)
    {
        var text = value.Text;
        tokens.Clear();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && LogicalLine.IsSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                break;
            }

            var start = i;
            var level = 0;
            while (i < text.Length && (level > 0 || !LogicalLine.IsSpace(text[i])))
            {
                if (text[i] == '{')
                {
                    level++;
                }
                else if (text[i] == '}' && level > 0)
                {
                    level--;
                }

                i++;
            }

            tokens.Add(new Token(words.Get(text.AsSpan(start, i - start)), start, i - start, text[start] == '{'));
        }
    }

    /// <summary>extpar(3) with EXTPAR_FLAG_STRIP: "{ a = b }" becomes "a = b".</summary>
    private static ValueText Unbrace(ValueText line, Token t, List<Diagnostic> diagnostics)
    {
        if (!t.Braced)
        {
            return line.Slice(t.Offset, t.Length);
        }

        var text = t.Text;
        var level = 0;
        var close = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '{')
            {
                level++;
            }
            else if (text[i] == '}' && --level == 0)
            {
                close = i;
                break;
            }
        }

        var span = line.SpanOf(t.Offset, t.Length);
        int innerEnd;
        if (close < 0)
        {
            diagnostics.Add(new Diagnostic(DiagnosticKind.MasterCfSyntax, span, $"Missing '}}' in \"{MainCfParser.Shorten(text)}\"."));
            innerEnd = text.Length;
        }
        else
        {
            if (close != text.Length - 1)
            {
                diagnostics.Add(new Diagnostic(DiagnosticKind.MasterCfSyntax, span, $"Syntax error after '}}' in \"{MainCfParser.Shorten(text)}\"."));
            }

            innerEnd = close;
        }

        var s = 1;
        while (s < innerEnd && LogicalLine.IsSpace(text[s]))
        {
            s++;
        }

        var e = innerEnd;
        while (e > s && LogicalLine.IsSpace(text[e - 1]))
        {
            e--;
        }

        return line.Slice(t.Offset + s, e - s);
    }

    private static MasterOverride? SplitNameValue(ValueText option, Span whole, List<Diagnostic> diagnostics)
    {
        var text = option.Text;
        var problem = NameValue.Split(text, out var parts);
        if (problem != NameValue.Problem.None)
        {
            var why = problem == NameValue.Problem.MissingName ? "missing attribute name" : "missing '=' after attribute name";
            diagnostics.Add(new Diagnostic(DiagnosticKind.MasterCfSyntax, whole,
                $"Invalid \"-o {MainCfParser.Shorten(text)}\" option value: {why}; the daemon stops with a fatal error when it starts (postconf does not notice)."));
            return null;
        }

        return new MasterOverride(text[..parts.NameEnd], option.SpanOf(0, parts.NameEnd), NameValue.Value(option, parts), whole);
    }
}
