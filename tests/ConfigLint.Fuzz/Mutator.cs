using System.Text;

namespace ConfigLint.Fuzz;

/// <summary>
/// Turns a seed into a hostile variant with one to four stacked mutations: bytes, lines and tokens
/// (<c>$</c>, <c>${</c>, <c>{}</c>, <c>[]</c>, <c>-o</c>, NUL, invalid UTF-8, CRLF), continuation
/// lines, nesting, cycles through computed defaults, amplifying <c>$name</c> chains, pattern
/// files that include themselves, hostile <c>.configlint.yml</c> and rule manifests, and splices of
/// two seeds. Everything depends on the <see cref="Random"/> only, so a seed reproduces a run.
/// </summary>
public sealed class Mutator(Random random, IReadOnlyList<FuzzCase> seeds)
{
    private static readonly string[] Files = ["main.cf", "master.cf", "aliases"];

    private const string Punctuation = "${}[]-o= \n\t#,!";

    private static readonly string[] Tokens =
    [
        "$", "${", "$(", "}", "{", ")", "(", "[", "]", "{}", "[]", "{ }", "-o", "-o{", "-o{ a = b }", "=", ",", "!", "#", "\\", "$$", "?", ":",
        "${x?{a}:{b}}", "${{$compatibility_level} <level {2} ? {a} : {b}}", "${{a} == {b}}", "${{a} =~ {b}}", "${name:value}",
        "$mynetworks", "$myhostname", "$mydomain", "${mynetworks?x}", "$service_name", "$mydestination", "$compatibility_level",
        "/etc/postfix/pat", "!/etc/postfix/pat", "/etc/postfix/../../etc/passwd", "hash:/etc/postfix/x", "inline:{ a, b }",
        "2001:db8::/32", "[::1]/128", "[2001:db8::]/64", "0.0.0.0/0", "10.0.0.0/8", "127.0.0.1:smtp", "[::]:25", "0.0.0.0:25",
        "permit_mynetworks", "reject_unauth_destination", "permit", "smtpd", "inet", "unix", "pass", "postscreen", "all", "loopback-only",
        ":include:/etc/postfix/inc", "|/bin/sh", "\0", "\u00ff", "\r", "\t", "\f", "\v", "\u001b[31m", "\u202e", "\ufeff",
        "{{ var }}", "{% if x %}", "<%= x %>", "# configlint: disable=PF101 -- r", "# configlint: disable-file=PF201", "# configlint: disable=",
        "compatibility_level = 3.6", "compatibility_level = 0", "99999999999999999999", "-1", "3.10", "level",
    ];

    private static readonly string[] DefaultCycles =
    [
        "mynetworks_style = $mynetworks", "compatibility_level = ${mynetworks?x}", "myhostname = $mynetworks", "mynetworks_style = $mydomain",
        "myhostname = $mydestination", "mydomain = $myhostname", "myhostname = mail.$mydomain", "inet_interfaces = $mynetworks",
        "compatibility_level = $compatibility_level", "a = $b", "b = $a", "relay_domains = $mydestination", "mydestination = $relay_domains",
        "smtpd_relay_restrictions = $smtpd_recipient_restrictions", "smtpd_recipient_restrictions = $smtpd_relay_restrictions",
        "mynetworks = $mynetworks_style", "compatibility_level = ${{$mynetworks} == {x} ? {2} : {3.6}}",
    ];

    public FuzzCase Mutate(FuzzCase seed)
    {
        var result = seed;
        var count = 1 + random.Next(4);
        for (var i = 0; i < count; i++)
        {
            result = MutateOnce(result);
        }

        return result;
    }

    private FuzzCase MutateOnce(FuzzCase c) => random.Next(22) switch
    {
        0 or 1 => Bytes(c),
        2 => DeleteLine(c),
        3 => DuplicateLine(c),
        4 => SwapLines(c),
        5 => InsertLineFromAnotherSeed(c),
        6 or 7 => InsertToken(c),
        8 => ReplaceToken(c),
        9 => Continuation(c),
        10 => LineEndings(c),
        11 => Nesting(c),
        12 => Append(c, "main.cf", Pick(DefaultCycles), "default cycle"),
        13 => Amplify(c),
        14 => SelfIncludingPatternFile(c),
        15 => HostileYaml(c),
        16 => MasterOverride(c),
        17 => Splice(c),
        18 => LongRun(c),
        19 => HostileManifest(c),
        20 => random.Next(2) == 0 ? c.With(Pick(Files), null, "remove file") : c.With(Pick(Files), [], "empty file"),
        _ => Append(c, Pick(Files), Pick(Tokens) + " " + Pick(Tokens) + " " + Pick(Tokens), "token line"),
    };

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private string PickFile(FuzzCase c) => c.Files.Count == 0 ? Pick(Files) : Pick(c.Files.Keys.Order(StringComparer.Ordinal).ToList());

    private static List<string> Lines(byte[] bytes) => [.. Encoding.Latin1.GetString(bytes).Split('\n')];

    private static byte[] Join(List<string> lines) => Encoding.Latin1.GetBytes(string.Join('\n', lines));

    /// <summary>Text in Latin-1 keeps every byte as one char, so byte-level garbage survives the round trip; real UTF-8 is added as bytes.</summary>
    private static string Latin1(string text) => Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(text));

    private FuzzCase Bytes(FuzzCase c)
    {
        var file = PickFile(c);
        var bytes = new List<byte>(c.Files.GetValueOrDefault(file) ?? []);
        var edits = 1 + random.Next(8);
        for (var i = 0; i < edits; i++)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            byte value = random.Next(6) switch
            {
                0 => 0,
                1 => 0xFF,
                2 => 0xC3,
                3 => (byte)'\r',
                4 => (byte)Punctuation[random.Next(Punctuation.Length)],
                _ => (byte)random.Next(256),
            };
            switch (random.Next(3))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] = value;
                    break;
                case 1 when bytes.Count > 0:
                    bytes.RemoveAt(at);
                    break;
                default:
                    bytes.Insert(at, value);
                    break;
            }
        }

        return c.With(file, [.. bytes], "bytes " + file);
    }

    private FuzzCase DeleteLine(FuzzCase c)
    {
        var file = PickFile(c);
        var lines = Lines(c.Files.GetValueOrDefault(file) ?? []);
        if (lines.Count > 0)
        {
            lines.RemoveAt(random.Next(lines.Count));
        }

        return c.With(file, Join(lines), "delete line " + file);
    }

    private FuzzCase DuplicateLine(FuzzCase c)
    {
        var file = PickFile(c);
        var lines = Lines(c.Files.GetValueOrDefault(file) ?? []);
        if (lines.Count > 0)
        {
            var at = random.Next(lines.Count);
            var times = random.Next(4) == 0 ? random.Next(2, 200) : 1;
            lines.InsertRange(at, Enumerable.Repeat(lines[at], times));
        }

        return c.With(file, Join(lines), "duplicate line " + file);
    }

    private FuzzCase SwapLines(FuzzCase c)
    {
        var file = PickFile(c);
        var lines = Lines(c.Files.GetValueOrDefault(file) ?? []);
        if (lines.Count > 1)
        {
            var a = random.Next(lines.Count);
            var b = random.Next(lines.Count);
            (lines[a], lines[b]) = (lines[b], lines[a]);
        }

        return c.With(file, Join(lines), "swap lines " + file);
    }

    private FuzzCase InsertLineFromAnotherSeed(FuzzCase c)
    {
        var other = Pick(seeds);
        if (other.Files.Count == 0)
        {
            return c;
        }

        var from = PickFile(other);
        var donor = Lines(other.Files[from]);
        var file = c.Files.ContainsKey(from) ? from : PickFile(c);
        var lines = Lines(c.Files.GetValueOrDefault(file) ?? []);
        lines.Insert(lines.Count == 0 ? 0 : random.Next(lines.Count), Pick(donor));
        return c.With(file, Join(lines), "line from " + other.Origin);
    }

    private FuzzCase InsertToken(FuzzCase c)
    {
        var file = PickFile(c);
        var text = Encoding.Latin1.GetString(c.Files.GetValueOrDefault(file) ?? []);
        var at = text.Length == 0 ? 0 : random.Next(text.Length + 1);
        return c.With(file, Encoding.Latin1.GetBytes(text.Insert(at, Latin1(Pick(Tokens)))), "token " + file);
    }

    private FuzzCase ReplaceToken(FuzzCase c)
    {
        var file = PickFile(c);
        var lines = Lines(c.Files.GetValueOrDefault(file) ?? []);
        if (lines.Count == 0)
        {
            return c;
        }

        var n = random.Next(lines.Count);
        var words = lines[n].Split(' ');
        words[random.Next(words.Length)] = Latin1(Pick(Tokens));
        lines[n] = string.Join(' ', words);
        return c.With(file, Join(lines), "replace token " + file);
    }

    private FuzzCase Continuation(FuzzCase c)
    {
        // Every blank of a line becomes a line break plus indentation: one element per continuation line.
        var file = PickFile(c);
        var lines = Lines(c.Files.GetValueOrDefault(file) ?? []);
        if (lines.Count == 0)
        {
            return c;
        }

        var n = random.Next(lines.Count);
        lines[n] = lines[n].Replace(" ", "\n" + new string(' ', 1 + random.Next(4)), StringComparison.Ordinal);
        return c.With(file, Join(lines), "continuation " + file);
    }

    private FuzzCase LineEndings(FuzzCase c)
    {
        var file = PickFile(c);
        var text = Encoding.Latin1.GetString(c.Files.GetValueOrDefault(file) ?? []);
        text = random.Next(3) switch
        {
            0 => text.Replace("\n", "\r\n", StringComparison.Ordinal),
            1 => text.Replace("\n", "\r", StringComparison.Ordinal),
            _ => text.Replace("\r", string.Empty, StringComparison.Ordinal),
        };
        return c.With(file, Encoding.Latin1.GetBytes(text), "line endings " + file);
    }

    private FuzzCase Nesting(FuzzCase c)
    {
        var depth = random.Next(4) == 0 ? random.Next(50, 400) : random.Next(1, 20);
        var value = new StringBuilder("x");
        var kind = random.Next(4);
        for (var i = 0; i < depth; i++)
        {
            value = kind switch
            {
                0 => new StringBuilder("${myhostname?{").Append(value).Append("}:{y}}"),
                1 => new StringBuilder("${{").Append(value).Append("} == {x} ? {a} : {b}}"),
                2 => new StringBuilder("{ ").Append(value).Append(" }"),
                _ => new StringBuilder("${mynetworks?").Append(value).Append('}'),
            };
        }

        return kind == 2
            ? Append(c, "master.cf", "nest inet n - n - - smtpd -o " + value, "nesting")
            : Append(c, "main.cf", Pick(["smtpd_banner", "mynetworks", "compatibility_level", "myhostname", "nested"]) + " = " + value, "nesting");
    }

    private FuzzCase Amplify(FuzzCase c)
    {
        var lines = 3 + random.Next(43);
        var leaf = Pick(["xy", string.Empty, "10.0.0.0/8", "$myhostname", "[::1]/128, ", "/etc/postfix/pat"]);
        var prefix = "amp" + random.Next(1000) + "_";
        var chain = new StringBuilder();
        for (var i = 0; i < lines - 1; i++)
        {
            chain.Append(prefix).Append(i).Append(" = $").Append(prefix).Append(i + 1).Append(random.Next(3) == 0 ? "\n    $" : " $").Append(prefix).Append(i + 1).Append('\n');
        }

        chain.Append(prefix).Append(lines - 1).Append(" = ").Append(leaf).Append('\n');
        chain.Append(Pick(["mynetworks", "smtpd_banner", "relay_domains", "debug_peer_list", "myhostname"])).Append(" = $").Append(prefix).Append('0');
        return Append(c, "main.cf", chain.ToString(), $"amplify {lines}");
    }

    private FuzzCase SelfIncludingPatternFile(FuzzCase c)
    {
        var times = 1 + random.Next(20);
        var pattern = new StringBuilder();
        for (var i = 0; i < times; i++)
        {
            pattern.Append(Pick(["/etc/postfix/pat", "/etc/postfix/pat2", "!/etc/postfix/pat", "10.0.0.0/8", "2001:db8::/32"])).Append('\n');
        }

        var withPattern = c.With("pat", Encoding.UTF8.GetBytes(pattern.ToString()), "pattern file")
            .With("pat2", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("/etc/postfix/pat\n", 1 + random.Next(12)))), "pattern file 2");
        return random.Next(2) == 0
            ? Append(withPattern, "main.cf", Pick(["mynetworks", "debug_peer_list", "smtpd_client_event_limit_exceptions"]) + " = /etc/postfix/pat", "use pattern")
            : Append(withPattern, "master.cf", "submission inet n - y - - smtpd -o mynetworks=/etc/postfix/pat", "use pattern in -o");
    }

    private FuzzCase HostileYaml(FuzzCase c)
    {
        var depth = random.Next(2) == 0 ? random.Next(1, 80) : random.Next(1000, 50000);
        var yaml = random.Next(12) switch
        {
            0 => ": [\nv",
            1 => "exclude: " + new string('[', depth) + new string(']', depth),
            2 => "rules:\n" + string.Concat(Enumerable.Range(0, Math.Min(depth, 3000)).Select(i => new string(' ', 2 + (i % 200)) + "k" + i + ":\n")),
            3 => "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c]\nexclude: [*d, *d, *d, *d]\n",
            4 => new string('k', depth) + ": 1\n",
            5 => "rules_dirs: [/etc]\n",
            6 => "exclude:\n  - \"" + string.Concat(Enumerable.Repeat("**/*a*", random.Next(1, 60))) + "\"\n",
            7 => "templates: check\nmaster_cf: " + Pick(["none", "stock", "bogus"]) + "\n",
            8 => "profiles: [" + Pick(["mx", "cis", "stig", "nope"]) + "]\nrules:\n  PF101: off\n  relay: error\n  nonsense: warning\nfail_level: " + Pick(["note", "none", "x"]) + "\n",
            9 => "network:\n  behind_nat: true\n  public_addresses: [203.0.113.1, " + Pick(["::1", "x", "1.2.3"]) + "]\npostfix_version: \"3.7\"\ndefault_compatibility_level: " + Pick(["\"3.6\"", "0", "z"]) + "\n",
            10 => "\t- " + string.Concat(Enumerable.Repeat("- ", Math.Min(depth, 2000))) + "x\n",
            _ => Encoding.Latin1.GetString(Enumerable.Range(0, random.Next(1, 400)).Select(_ => (byte)random.Next(256)).ToArray()),
        };
        return c.With(".configlint.yml", Encoding.Latin1.GetBytes(Latin1(yaml)), "hostile yaml");
    }

    private FuzzCase HostileManifest(FuzzCase c)
    {
        var matches = Pick(["(?i)postfix", "^(a+)+$", "(a|a)*b", "^(\\w+\\s?)*\\1$", "[", "(?<=x)y", ".*.*.*.*=.*"]);
        var manifest = random.Next(4) switch
        {
            0 => "id: " + new string('[', random.Next(10, 30000)) + "\n",
            1 => ": [\nv",
            2 => "id: ACME9" + random.Next(10, 99) + "\nname: fuzz-rule\ntitle: t\ncategory: fuzz\nseverity: warning\nmessage: \"{parameter} {value} {condition}\"\nsummary: s\nrationale: r\nremediation: m\ncheck:\n  parameter: " + Pick(["smtpd_banner", "mynetworks", "myhostname"]) + "\n  matches: \"" + matches.Replace("\\", "\\\\", StringComparison.Ordinal) + "\"\n",
            _ => "id: PF101\nlogic: coded\n",
        };
        return c.With("rules/FUZZ" + random.Next(3) + ".yaml", Encoding.UTF8.GetBytes(manifest), "hostile manifest");
    }

    private FuzzCase MasterOverride(FuzzCase c)
    {
        var line = new StringBuilder(Pick(["smtp", "submission", "127.0.0.1:10025", "[::1]:587", "0.0.0.0:25", "x"]))
            .Append(' ').Append(Pick(["inet", "unix", "pass", "fifo", "bogus"])).Append(" n - y - - ").Append(Pick(["smtpd", "postscreen", "smtp", "pipe"]));
        var overrides = random.Next(1, 6);
        for (var i = 0; i < overrides; i++)
        {
            line.Append(random.Next(3) == 0 ? "\n  " : " ").Append(Pick(["-o ", "-o", "-o { ", "-o{", "-v "]))
                .Append(Pick(["mynetworks", "mynetworks_style", "smtpd_relay_restrictions", "inet_interfaces", "syslog_name", "smtpd_banner"]))
                .Append(Pick(["=", " = ", "="]))
                .Append(Pick(Tokens))
                .Append(Pick([string.Empty, " }", "}"]));
        }

        return Append(c, "master.cf", line.ToString(), "master override");
    }

    private FuzzCase Splice(FuzzCase c)
    {
        var other = Pick(seeds);
        var file = Pick(Files);
        return other.Files.TryGetValue(file, out var bytes) ? c.With(file, bytes, $"{file} from {other.Origin}") : c;
    }

    private FuzzCase LongRun(FuzzCase c)
    {
        var unit = Pick([" ", "$", "{", "}", "x", ",", "$$", "${a}", "-o ", "\t", "# "]);
        var run = string.Concat(Enumerable.Repeat(unit, random.Next(100, 20_000)));
        return Append(c, PickFile(c), Pick(["smtpd_banner = ", "mynetworks = ", "# configlint: disable=PF101", string.Empty, "  "]) + run, "long run");
    }

    private FuzzCase Append(FuzzCase c, string file, string text, string step)
    {
        var lines = Lines(c.Files.GetValueOrDefault(file) ?? []);
        lines.Insert(lines.Count == 0 ? 0 : random.Next(lines.Count + 1), Latin1(text));
        return c.With(file, Join(lines), step);
    }
}
