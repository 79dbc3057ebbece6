using System.Net;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Model.Tables;

/// <summary>
/// A rule of a <c>cidr:</c> table whose network has host bits set (<c>10.1.2.3/8</c>): Postfix
/// logs "non-null host address bits in ..., perhaps you should use ... instead" and skips the rule
/// (cidr_match_parse(), dict_cidr.c).
/// </summary>
public sealed record CidrHostBits(string Pattern, IPNetwork Suggested, Span Span);

/// <summary>
/// A <c>cidr:</c> table read from the configuration tree (cidr_table(5)): logical lines of
/// <c>network/mask result</c>, searched in file order; the first network that holds the client's
/// address gives the result. A rule with a malformed pattern or with host bits set is skipped, as
/// Postfix skips it with a warning. <c>if</c>/<c>endif</c> blocks and <c>!</c> patterns are not
/// modelled: such a table is <see cref="Modelled"/> false and its answers are unknown.
/// </summary>
public sealed class CidrTable : AccessTable
{
    private readonly IReadOnlyList<(IPNetwork Network, TableEntry Entry)> rules;

    private CidrTable(TableReference reference, SourceText source, IReadOnlyList<(IPNetwork, TableEntry)> rules, IReadOnlyList<CidrHostBits> hostBits, bool modelled)
        : base(reference, source, rules.Select(r => r.Item2).ToList())
    {
        this.rules = rules;
        HostBits = hostBits;
        Modelled = modelled;
    }

    /// <summary>False when the table uses constructs ConfigLint does not evaluate (if/endif, negation).</summary>
    public bool Modelled { get; }

    /// <summary>Rules Postfix skips because their network has host bits set.</summary>
    public IReadOnlyList<CidrHostBits> HostBits { get; }

    public static CidrTable Parse(TableReference reference, SourceText source)
    {
        var rules = new List<(IPNetwork, TableEntry)>();
        var hostBits = new List<CidrHostBits>();
        var modelled = true;
        foreach (var line in LogicalLine.Read(source))
        {
            // readlline(3) already dropped comments and joined continuation lines.
            var text = line.Text.Text;
            var cut = text.IndexOfAny([' ', '\t']);
            var pattern = cut < 0 ? text : text[..cut];
            var result = cut < 0 ? string.Empty : text[cut..].Trim();
            if (pattern.StartsWith('!') || pattern.Equals("if", StringComparison.OrdinalIgnoreCase) || pattern.Equals("endif", StringComparison.OrdinalIgnoreCase))
            {
                modelled = false;
                continue;
            }

            var span = line.Text.SpanOf(0, pattern.Length);
            switch (ParseNetwork(pattern))
            {
                case ({ } network, false) when result.Length > 0:
                    rules.Add((network, new TableEntry(pattern, AccessResult.Of(result), span)));
                    break;
                case ({ } network, true):
                    hostBits.Add(new CidrHostBits(pattern, network, span));
                    break;
            }
        }

        return new CidrTable(reference, source, rules, hostBits, modelled);
    }

    /// <summary>The part of <paramref name="addresses"/> each rule answers for, in table order, then the part no rule matches.</summary>
    public override IEnumerable<ClientPart> SplitClients(AddressSet addresses)
    {
        if (!Modelled)
        {
            yield return new ClientPart(addresses, TableAnswer.Unknown);
            yield break;
        }

        var rest = addresses;
        foreach (var (network, entry) in rules)
        {
            var part = rest.Intersect(network);
            if (!part.IsEmpty)
            {
                yield return new ClientPart(part, TableAnswer.Of(entry));
                rest = rest.Except(network);
            }
        }

        if (!rest.IsEmpty)
        {
            yield return new ClientPart(rest, TableAnswer.NoMatch);
        }
    }

    /// <summary>The rule that answers for <paramref name="address"/>.</summary>
    public TableAnswer Find(IPAddress address) =>
        !Modelled ? TableAnswer.Unknown
        : rules.FirstOrDefault(r => r.Network.Contains(address)) is { Entry: { } e } ? TableAnswer.Of(e) : TableAnswer.NoMatch;

    /// <summary>A HELO name is looked up as it is: only an address literal can match a network.</summary>
    public override TableAnswer FindDomain(string name, AccessLookup lookup) =>
        IPAddress.TryParse(name, out var ip) && IsNumeric(name) ? Find(ip) : Modelled ? TableAnswer.NoMatch : TableAnswer.Unknown;

    /// <summary>An address (<c>user@domain</c>) is never a network: a cidr table gets only the full key (it is a pattern table).</summary>
    public override TableAnswer FindMailAddress(string address, AccessLookup lookup) =>
        Modelled ? TableAnswer.NoMatch : TableAnswer.Unknown;

    public override IEnumerable<string> DomainsFor(TableEntry entry, AccessLookup lookup) =>
        rules.Where(r => r.Entry == entry).Select(r => r.Network.BaseAddress.ToString());

    public override IEnumerable<string> MailAddressesFor(TableEntry entry, AccessLookup lookup) => [];

    /// <summary>The network a rule's pattern names, and whether host bits are set (the rule is then skipped).</summary>
    private static (IPNetwork? Network, bool HostBits) ParseNetwork(string pattern)
    {
        var p = pattern.Replace("[", string.Empty, StringComparison.Ordinal).Replace("]", string.Empty, StringComparison.Ordinal);
        var slash = p.IndexOf('/', StringComparison.Ordinal);
        var address = slash < 0 ? p : p[..slash];
        if (!IPAddress.TryParse(address, out var ip) || (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && address.Count(c => c == '.') != 3))
        {
            return (null, false);
        }

        var max = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32;
        var bits = max;
        if (slash >= 0 && (!int.TryParse(p[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out bits) || bits > max))
        {
            return (null, false);
        }

        // cidr_match_parse(): "non-null host address bits", the rule is skipped.
        var network = new IPNetwork(MatchList.Truncate(ip, bits), bits);
        return (network, !network.BaseAddress.Equals(ip));
    }
}
