using System.Text;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Model.Tables;

/// <summary>
/// A <c>regexp:</c> or <c>pcre:</c> table (regexp_table(5), pcre_table(5)): <c>/pattern/flags result</c>
/// rules tried in file order, the first match wins. ConfigLint does not run POSIX or PCRE regular
/// expressions in .NET, whose semantics differ; it evaluates only rules whose meaning it can prove:
/// <list type="bullet">
/// <item>a catch-all (<c>/./</c>, <c>/^/</c>, <c>/.*/</c>, <c>/^.*$/</c>, <c>/.+/</c>, …), which matches every key
/// smtpd looks up (a key is never empty);</item>
/// <item>a plain pattern: letters, digits, <c>@ - _ = , : ; &lt; &gt; % ! ~ ' " # / &amp;</c>, the escapes
/// <c>\. \- \@ \/ \_</c>, <c>.</c> as any character, <c>^</c> first and <c>$</c> last, which matches
/// exactly the keys that hold it (case-insensitively unless the <c>i</c> flag turns that off).</item>
/// </list>
/// A key that reaches any other rule (a negated one, one inside <c>if</c>/<c>endif</c> whose condition is
/// not a catch-all, or any other expression) has an unknown answer. A pattern table gets only the
/// full key: smtpd's partial lookups (a parent domain, <c>user@</c>, a shorter address) skip it.
/// </summary>
public sealed class PatternTable : AccessTable
{
    private readonly IReadOnlyList<PatternRule> rules;

    private PatternTable(TableReference reference, SourceText source, IReadOnlyList<PatternRule> rules)
        : base(reference, source, rules.Select(r => r.Entry).ToList()) => this.rules = rules;

    /// <summary>True when every rule is a catch-all or a plain pattern: every answer is known.</summary>
    public bool FullyModelled => rules.All(r => r.Kind != PatternKind.Opaque);

    public static PatternTable Parse(TableReference reference, SourceText source)
    {
        var rules = new List<PatternRule>();

        // if/endif nest; a rule inside an "if" whose condition is not a catch-all is opaque.
        var blocks = new Stack<bool>();
        foreach (var line in LogicalLine.Read(source))
        {
            var text = line.Text.Text;
            if (text.Equals("endif", StringComparison.OrdinalIgnoreCase))
            {
                blocks.TryPop(out _);
                continue;
            }

            var insideOpaque = blocks.Count > 0 && blocks.Peek();
            var isIf = text.Length > 2 && text.StartsWith("if", StringComparison.OrdinalIgnoreCase) && (char.IsWhiteSpace(text[2]) || text[2] is '/' or '!');
            var body = isIf ? text[2..].TrimStart() : text;
            var negated = body.StartsWith('!');
            if (negated)
            {
                body = body[1..];
            }

            var parsed = TryParseRule(body, out var pattern, out var flags, out var result, out var patternLength);
            PlainPattern? plain = null;
            var kind = !parsed || negated ? PatternKind.Opaque : Classify(pattern, flags, reference.Type, out plain);
            if (isIf)
            {
                blocks.Push(insideOpaque || kind != PatternKind.CatchAll);
                continue;
            }

            if (!parsed || result.Length == 0)
            {
                // regexp_table: a malformed rule is skipped with a warning.
                continue;
            }

            var written = patternLength + (negated ? 1 : 0);
            var entry = new TableEntry(text[..Math.Min(text.Length, written)], AccessResult.Of(result), line.Text.SpanOf(0, written));
            rules.Add(insideOpaque ? new PatternRule(entry, PatternKind.Opaque, null) : new PatternRule(entry, kind, plain));
        }

        return new PatternTable(reference, source, rules);
    }

    public override TableAnswer FindDomain(string name, AccessLookup lookup) => Match(name);

    public override TableAnswer FindMailAddress(string address, AccessLookup lookup) =>
        Match(address.Length == 0 ? lookup.NullSenderKey : address);

    /// <summary>smtpd matches the client's name, then its address; the name is unknown, so only a table whose first rule is a catch-all is known.</summary>
    public override IEnumerable<ClientPart> SplitClients(AddressSet addresses)
    {
        var answer = rules.Count == 0 ? TableAnswer.NoMatch
            : rules[0].Kind == PatternKind.CatchAll ? TableAnswer.Of(rules[0].Entry)
            : TableAnswer.Unknown;
        yield return new ClientPart(addresses, answer);
    }

    public override IEnumerable<string> DomainsFor(TableEntry entry, AccessLookup lookup) =>
        rules.Where(r => r.Entry == entry && r.Plain is not null).Select(r => r.Plain!.Example(domain: true)).OfType<string>();

    public override IEnumerable<string> MailAddressesFor(TableEntry entry, AccessLookup lookup) =>
        rules.Where(r => r.Entry == entry && r.Plain is not null).Select(r => r.Plain!.Example(domain: false)).OfType<string>();

    /// <summary>The first rule that matches <paramref name="key"/>, or unknown when an unprovable rule comes first.</summary>
    public TableAnswer Match(string key)
    {
        foreach (var rule in rules)
        {
            switch (rule.Kind)
            {
                case PatternKind.CatchAll:
                    return TableAnswer.Of(rule.Entry);
                case PatternKind.Plain when rule.Plain!.Matches(key):
                    return TableAnswer.Of(rule.Entry);
                case PatternKind.Plain:
                    continue;
                default:
                    return TableAnswer.Unknown;
            }
        }

        return TableAnswer.NoMatch;
    }

    private static bool TryParseRule(string text, out string pattern, out string flags, out string result, out int length)
    {
        pattern = flags = result = string.Empty;
        length = 0;
        if (text.Length < 2 || char.IsLetterOrDigit(text[0]) || char.IsWhiteSpace(text[0]) || text[0] == '\\')
        {
            return false;
        }

        var delimiter = text[0];
        var i = 1;
        var body = new StringBuilder();
        for (; i < text.Length && text[i] != delimiter; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                body.Append(text[i]).Append(text[i + 1]);
                i++;
                continue;
            }

            body.Append(text[i]);
        }

        if (i >= text.Length)
        {
            return false;
        }

        var f = i + 1;
        while (f < text.Length && char.IsAsciiLetter(text[f]))
        {
            f++;
        }

        pattern = body.ToString();
        flags = text[(i + 1)..f];
        result = text[f..].Trim();
        length = f;
        return f == text.Length || char.IsWhiteSpace(text[f]);
    }

    private static readonly HashSet<string> CatchAlls = new(StringComparer.Ordinal)
    {
        ".", "^", ".*", "^.*", ".*$", "^.*$", ".+", "^.+", ".+$", "^.+$", "^.", "(.*)", "^(.*)$", "(.+)", "^(.+)$",
    };

    private static PatternKind Classify(string pattern, string flags, string type, out PlainPattern? plain)
    {
        plain = null;
        var pcre = type.Equals("pcre", StringComparison.OrdinalIgnoreCase);

        // pcre x: white space and # comments are ignored; regexp x turns extended syntax OFF (basic
        // regular expressions). Only the default syntax is read here.
        if (flags.Contains('x', StringComparison.Ordinal))
        {
            return PatternKind.Opaque;
        }

        if (CatchAlls.Contains(pattern))
        {
            return PatternKind.CatchAll;
        }

        var ignoreCase = flags.Count(c => c == 'i') % 2 == 0;
        var anchoredStart = pattern.StartsWith('^') || (pcre && flags.Contains('A', StringComparison.Ordinal));
        var anchoredEnd = pattern.EndsWith('$') && !pattern.EndsWith("\\$", StringComparison.Ordinal);
        var inner = pattern[(pattern.StartsWith('^') ? 1 : 0)..(pattern.Length - (anchoredEnd ? 1 : 0))];
        var tokens = new List<char?>();
        for (var i = 0; i < inner.Length; i++)
        {
            var c = inner[i];
            if (c == '\\')
            {
                if (i + 1 >= inner.Length || inner[i + 1] is not ('.' or '-' or '@' or '/' or '_'))
                {
                    return PatternKind.Opaque;
                }

                tokens.Add(inner[++i]);
            }
            else if (c == '.')
            {
                tokens.Add(null);
            }
            else if (char.IsAsciiLetterOrDigit(c) || "@-_=,:;<>%!~'\"#/&".Contains(c, StringComparison.Ordinal))
            {
                tokens.Add(c);
            }
            else
            {
                return PatternKind.Opaque;
            }
        }

        if (tokens.Count == 0)
        {
            return PatternKind.Opaque;
        }

        plain = new PlainPattern(tokens, anchoredStart, anchoredEnd, ignoreCase);
        return PatternKind.Plain;
    }

    private enum PatternKind
    {
        CatchAll,
        Plain,
        Opaque,
    }

    private sealed record PatternRule(TableEntry Entry, PatternKind Kind, PlainPattern? Plain);

    /// <summary>A pattern of literal characters and "any character" (null), maybe anchored.</summary>
    private sealed record PlainPattern(IReadOnlyList<char?> Tokens, bool AnchoredStart, bool AnchoredEnd, bool IgnoreCase)
    {
        public bool Matches(string key)
        {
            for (var start = 0; start + Tokens.Count <= key.Length; start++)
            {
                if (AnchoredStart && start > 0)
                {
                    return false;
                }

                if (AnchoredEnd && start + Tokens.Count != key.Length)
                {
                    continue;
                }

                if (At(key, start))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A key that matches: the literal, with '.' as a dot, completed to a name or an address.</summary>
        public string? Example(bool domain)
        {
            var literal = new string(Tokens.Select(t => t ?? '.').ToArray());
            string value;
            if (domain)
            {
                value = !AnchoredStart && literal.StartsWith('.') ? "mail" + literal : literal;
            }
            else if (literal.Contains('@', StringComparison.Ordinal))
            {
                value = literal.StartsWith('@') && !AnchoredStart ? "user" + literal
                    : literal.EndsWith('@') && !AnchoredEnd ? literal + "example.net"
                    : literal;
            }
            else
            {
                value = AnchoredStart ? literal + "@example.net" : "user@" + literal;
            }

            return Matches(value) ? value : null;
        }

        private bool At(string key, int start)
        {
            for (var k = 0; k < Tokens.Count; k++)
            {
                if (Tokens[k] is { } c && !(IgnoreCase ? char.ToLowerInvariant(c) == char.ToLowerInvariant(key[start + k]) : c == key[start + k]))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
