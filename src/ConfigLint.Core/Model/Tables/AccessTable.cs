using System.Net;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Model.Tables;

/// <summary>One key or rule of an access table and its result, where it is written.</summary>
/// <param name="Key">The key, the pattern or the network as written.</param>
public sealed record TableEntry(string Key, AccessResult Result, Span Span)
{
    public override string ToString() => $"{Key} {Result.Text}";
}

/// <summary>What a table answers for one lookup: an entry, no match, or unknown (ConfigLint cannot prove which rule matches).</summary>
public readonly record struct TableAnswer(TableEntry? Entry, bool IsUnknown)
{
    public static TableAnswer NoMatch => default;

    public static TableAnswer Unknown => new(null, true);

    public static TableAnswer Of(TableEntry entry) => new(entry, false);

    public bool Matched => Entry is not null;
}

/// <summary>A part of a set of client addresses and what the table answers for every address in it.</summary>
public sealed record ClientPart(AddressSet Addresses, TableAnswer Answer);

/// <summary>
/// How smtpd looks keys up in access tables: whether <c>domain.tld</c> matches its subdomains
/// (<c>smtpd_access_maps</c> in <c>parent_domain_matches_subdomains</c>; otherwise only
/// <c>.domain.tld</c> does), and the key of the null sender (<c>smtpd_null_access_lookup_key</c>).
/// </summary>
public sealed record AccessLookup(bool ParentMatchesSubdomains, string NullSenderKey)
{
    public static AccessLookup Default { get; } = new(true, "<>");
}

/// <summary>
/// An access(5) table read from the configuration tree: the entries, and what smtpd's lookups in
/// smtpd_check.c find in them. Each table type answers only what ConfigLint can prove from its
/// text; the rest is <see cref="TableAnswer.Unknown"/>.
/// </summary>
public abstract class AccessTable
{
    protected AccessTable(TableReference reference, SourceText? source, IReadOnlyList<TableEntry> entries)
    {
        Reference = reference;
        Source = source;
        Entries = entries;
    }

    public TableReference Reference { get; }

    /// <summary>The file the entries were read from (for an indexed table, its source without .db); null for a table written in main.cf.</summary>
    public SourceText? Source { get; }

    /// <summary>The entries in file order (for a keyed table, the first of duplicate keys only: postmap keeps the first).</summary>
    public IReadOnlyList<TableEntry> Entries { get; }

    /// <summary>check_domain_access(): a HELO name and its parent domains.</summary>
    public abstract TableAnswer FindDomain(string name, AccessLookup lookup);

    /// <summary>check_mail_access(): a sender or recipient address (empty: the null sender).</summary>
    public abstract TableAnswer FindMailAddress(string address, AccessLookup lookup);

    /// <summary>
    /// check_namadr_access() for clients whose addresses are in <paramref name="addresses"/> and
    /// whose host name ConfigLint does not know: the parts the table answers alike, in address order.
    /// </summary>
    public abstract IEnumerable<ClientPart> SplitClients(AddressSet addresses);

    /// <summary>HELO names that get <paramref name="entry"/> (as far as the key's form tells).</summary>
    public abstract IEnumerable<string> DomainsFor(TableEntry entry, AccessLookup lookup);

    /// <summary>Addresses a client can send (as sender or recipient) to get <paramref name="entry"/>; empty string: the null sender.</summary>
    public abstract IEnumerable<string> MailAddressesFor(TableEntry entry, AccessLookup lookup);

    /// <summary>valid_hostaddr(): an IPv4 or IPv6 address, which gets no parent-domain lookups.</summary>
    protected static bool IsNumeric(string name) =>
        IPAddress.TryParse(name, out var ip) && (ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || name.Count(c => c == '.') == 3);

    /// <summary>The names check_domain_access() looks up for <paramref name="name"/>, in order.</summary>
    protected static IEnumerable<string> DomainKeys(string name, AccessLookup lookup)
    {
        var current = name;
        while (current.Length > 0)
        {
            yield return current;
            if (IsNumeric(name))
            {
                yield break;
            }

            var next = current.IndexOf('.', 1);
            if (next < 0)
            {
                yield break;
            }

            current = lookup.ParentMatchesSubdomains ? current[(next + 1)..] : current[next..];
        }
    }
}
