using System.Net;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Model.Tables;

/// <summary>One rule of a <c>cidr:</c> table: a network and the result for addresses in it.</summary>
public sealed record CidrEntry(IPNetwork Network, AccessResult Result, Span Span);

/// <summary>
/// A <c>cidr:</c> table read from the configuration tree (cidr_table(5)): logical lines of
/// <c>network/mask result</c>, searched in file order; the first network that holds the client's
/// address gives the result. A rule with a malformed pattern or with host bits set is skipped, as
/// Postfix skips it with a warning. <c>if</c>/<c>endif</c> blocks and <c>!</c> patterns are not
/// modelled: such a table is <see cref="Modelled"/> false and its answers are unknown.
/// </summary>
public sealed class CidrTable
{
    private CidrTable(TableReference reference, SourceText source, IReadOnlyList<CidrEntry> entries, bool modelled)
    {
        Reference = reference;
        Source = source;
        Entries = entries;
        Modelled = modelled;
    }

    public TableReference Reference { get; }

    public SourceText Source { get; }

    public IReadOnlyList<CidrEntry> Entries { get; }

    /// <summary>False when the table uses constructs ConfigLint does not evaluate (if/endif, negation).</summary>
    public bool Modelled { get; }

    public static CidrTable Parse(TableReference reference, SourceText source)
    {
        var entries = new List<CidrEntry>();
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

            if (result.Length > 0 && ParseNetwork(pattern) is { } network)
            {
                entries.Add(new CidrEntry(network, AccessResult.Of(result), line.Text.SpanOf(0, pattern.Length)));
            }
        }

        return new CidrTable(reference, source, entries, modelled);
    }

    /// <summary>The part of <paramref name="addresses"/> each rule answers for, in table order, then the part no rule matches (entry null).</summary>
    public IEnumerable<(AddressSet Part, CidrEntry? Entry)> Split(AddressSet addresses)
    {
        var rest = addresses;
        foreach (var entry in Entries)
        {
            var part = rest.Intersect(entry.Network);
            if (!part.IsEmpty)
            {
                yield return (part, entry);
                rest = rest.Except(entry.Network);
            }
        }

        if (!rest.IsEmpty)
        {
            yield return (rest, null);
        }
    }

    /// <summary>The rule that answers for <paramref name="address"/>, or null.</summary>
    public CidrEntry? Find(IPAddress address) => Entries.FirstOrDefault(e => e.Network.Contains(address));

    private static IPNetwork? ParseNetwork(string pattern)
    {
        var p = pattern.Replace("[", string.Empty, StringComparison.Ordinal).Replace("]", string.Empty, StringComparison.Ordinal);
        var slash = p.IndexOf('/', StringComparison.Ordinal);
        var address = slash < 0 ? p : p[..slash];
        if (!IPAddress.TryParse(address, out var ip))
        {
            return null;
        }

        var max = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32;
        var bits = max;
        if (slash >= 0 && (!int.TryParse(p[(slash + 1)..], out bits) || bits < 0 || bits > max))
        {
            return null;
        }

        // cidr_map.c: "non-null host address bits", the rule is skipped.
        var network = new IPNetwork(MatchList.Truncate(ip, bits), bits);
        return network.BaseAddress.Equals(ip) ? network : null;
    }
}
