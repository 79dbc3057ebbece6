using System.Net;
using System.Net.Sockets;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Model.Tables;

/// <summary>
/// A table of exact keys: <c>texthash:</c>, or the text source a <c>postmap</c> database
/// (<c>hash:</c>, <c>btree:</c>, <c>lmdb:</c>, <c>cdb:</c>, <c>dbm:</c>, <c>sdbm:</c>) is built from
/// (postmap(1): <c>key whitespace value</c>, a line starting with whitespace continues the previous
/// one, <c>#</c> comments). Keys are folded to lower case as postmap and smtpd's lookups do
/// (DICT_FLAG_FOLD_FIX); of duplicate keys the first wins (postmap warns "duplicate entry").
/// Lookups follow access(5) and smtpd_check.c: a HELO name and its parent domains
/// (check_domain_access()), an address as <c>user@domain</c>, <c>domain</c>, its parents and
/// <c>user@</c> (check_mail_access()), a client's address and its shorter forms <c>1.2.3</c>,
/// <c>1.2</c>, <c>1</c> (check_addr_access()).
/// </summary>
public sealed class KeyedTable : AccessTable
{
    private readonly Dictionary<string, TableEntry> byKey;

    private KeyedTable(TableReference reference, SourceText source, List<TableEntry> entries, Dictionary<string, TableEntry> byKey)
        : base(reference, source, entries) => this.byKey = byKey;

    public static KeyedTable Parse(TableReference reference, SourceText source)
    {
        var entries = new List<TableEntry>();
        var byKey = new Dictionary<string, TableEntry>(StringComparer.Ordinal);
        foreach (var line in LogicalLine.Read(source))
        {
            var text = line.Text.Text;
            var cut = text.IndexOfAny([' ', '\t']);
            if (cut <= 0)
            {
                // postmap: "expected format: key whitespace value", the line is skipped.
                continue;
            }

            var key = text[..cut];
            var entry = new TableEntry(key, AccessResult.Of(text[cut..].Trim()), line.Text.SpanOf(0, key.Length));
            if (byKey.TryAdd(key.ToLowerInvariant(), entry))
            {
                entries.Add(entry);
            }
        }

        return new KeyedTable(reference, source, entries, byKey);
    }

    public TableAnswer FindKey(string key) => byKey.TryGetValue(key.ToLowerInvariant(), out var e) ? TableAnswer.Of(e) : TableAnswer.NoMatch;

    public override TableAnswer FindDomain(string name, AccessLookup lookup) =>
        DomainKeys(name.ToLowerInvariant(), lookup).Select(FindKey).FirstOrDefault(a => a.Matched);

    public override TableAnswer FindMailAddress(string address, AccessLookup lookup)
    {
        if (address.Length == 0)
        {
            return FindKey(lookup.NullSenderKey);
        }

        // mail_addr_find_strategy(): user@domain, then domain and its parents, then user@.
        var full = FindKey(address);
        if (full.Matched)
        {
            return full;
        }

        var at = address.LastIndexOf('@');
        if (at < 0)
        {
            return TableAnswer.NoMatch;
        }

        var domain = address[(at + 1)..].ToLowerInvariant();
        foreach (var key in MailDomainKeys(domain, lookup))
        {
            var answer = FindKey(key);
            if (answer.Matched)
            {
                return answer;
            }
        }

        return FindKey(address[..(at + 1)]);
    }

    /// <summary>
    /// Clients by address: exact-address keys, then the shorter IPv4 forms, most specific first.
    /// Host-name keys and shortened IPv6 keys cannot be tied to addresses: where such a key has an
    /// answer, the part it could reach is unknown.
    /// </summary>
    public override IEnumerable<ClientPart> SplitClients(AddressSet addresses)
    {
        var networks = new List<(IPNetwork Network, TableEntry Entry)>();
        var unknownKeys = false;
        foreach (var entry in Entries)
        {
            if (AddressKey(entry.Key) is { } network)
            {
                networks.Add((network, entry));
            }
            else if (entry.Result.Action != AccessAction.Continue)
            {
                unknownKeys = true;
            }
        }

        if (unknownKeys)
        {
            // A host name key (or a shortened IPv6 key) is looked up before the address and may match any client.
            yield return new ClientPart(addresses, TableAnswer.Unknown);
            yield break;
        }

        var rest = addresses;
        foreach (var (network, entry) in networks.OrderByDescending(n => n.Network.PrefixLength))
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

    public override IEnumerable<string> DomainsFor(TableEntry entry, AccessLookup lookup)
    {
        var key = entry.Key.ToLowerInvariant();
        if (key.Contains('@', StringComparison.Ordinal))
        {
            yield break;
        }

        // ".example.com" matches subdomains only; "example.com" itself (and, with parent matching, its subdomains).
        yield return key.StartsWith('.') ? "mail" + key : key;
    }

    public override IEnumerable<string> MailAddressesFor(TableEntry entry, AccessLookup lookup)
    {
        var key = entry.Key.ToLowerInvariant();
        if (key == lookup.NullSenderKey.ToLowerInvariant())
        {
            yield return string.Empty;
        }
        else if (key.EndsWith('@'))
        {
            yield return key + "example.net";
        }
        else if (key.Contains('@', StringComparison.Ordinal))
        {
            yield return key.StartsWith('@') ? "user" + key : key;
        }
        else if (key.StartsWith('.'))
        {
            yield return "user@mail" + key;
        }
        else if (!IsNumeric(key))
        {
            yield return "user@" + key;
        }
    }

    /// <summary>The domain keys of an address, as mail_addr_find_strategy() tries them (MA_FIND_DOMAIN with PDMS or PDDMDS).</summary>
    private static IEnumerable<string> MailDomainKeys(string domain, AccessLookup lookup)
    {
        var current = domain;
        while (current.Length > 0)
        {
            yield return current;
            var next = current.IndexOf('.', 1);
            if (next < 0)
            {
                yield break;
            }

            current = lookup.ParentMatchesSubdomains ? current[(next + 1)..] : current[next..];
        }
    }

    /// <summary>The addresses a key stands for in check_addr_access(): a full address, or 1, 2 or 3 leading IPv4 octets.</summary>
    private static IPNetwork? AddressKey(string key)
    {
        if (key.Contains(':', StringComparison.Ordinal))
        {
            // Only a full IPv6 address in Postfix's printable form (inet_ntop) is ever looked up whole.
            return IPAddress.TryParse(key, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6
                && v6.ToString().Equals(key, StringComparison.OrdinalIgnoreCase) ? new IPNetwork(v6, 128) : null;
        }

        var octets = key.Split('.');
        if (octets.Length is < 1 or > 4 || octets.Any(o => o.Length is 0 or > 3 || !o.All(char.IsAsciiDigit) || int.Parse(o, System.Globalization.CultureInfo.InvariantCulture) > 255))
        {
            return null;
        }

        var bytes = new byte[4];
        for (var i = 0; i < octets.Length; i++)
        {
            bytes[i] = byte.Parse(octets[i], System.Globalization.CultureInfo.InvariantCulture);
        }

        return new IPNetwork(new IPAddress(bytes), octets.Length * 8);
    }
}
