using System.Net;
using System.Net.Sockets;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Model;

/// <summary>What one element of an address match list is (postconf(5), "mynetworks"; match_list(3)).</summary>
public enum MatchElementKind
{
    /// <summary><c>192.0.2.0/24</c> or <c>192.0.2.1</c>.</summary>
    IPv4Network,

    /// <summary><c>[2001:db8::]/32</c> or — wrongly, see <see cref="MatchElement.Bracketed"/> — <c>2001:db8::/32</c>.</summary>
    IPv6Network,

    /// <summary>A host or domain name (<c>example.com</c>, <c>.example.com</c>).</summary>
    HostOrDomain,

    /// <summary><c>/file/name</c>: more patterns read from a file.</summary>
    File,

    /// <summary><c>type:table</c>, a lookup table.</summary>
    Table,

    /// <summary>Something Postfix cannot use as a pattern (a bracketed non-address, a bad mask).</summary>
    Invalid,
}

/// <summary>One element of a match list, with its own span wherever it was written.</summary>
public sealed record MatchElement
{
    public required string Text { get; init; }

    public required MatchElementKind Kind { get; init; }

    public bool Negated { get; init; }

    /// <summary>For IPv6: written in <c>[]</c>. Without them Postfix reads the element as a lookup table (POSTFIX-SEMANTICS.md §7).</summary>
    public bool Bracketed { get; init; }

    /// <summary>The network an address element covers (a single address is a /32 or /128).</summary>
    public IPNetwork? Network { get; init; }

    /// <summary>The address written before the '/', which may have host bits set (Postfix rejects that at run time).</summary>
    public IPAddress? Address { get; init; }

    /// <summary>
    /// The address has bits set beyond the prefix (<c>10.1.2.3/8</c>): cidr_match_parse() refuses it,
    /// and a client of its address family that reaches it makes the match fail with "non-null host
    /// address bits" (match_hostaddr(), match_error(): 451 4.3.0 for permit_mynetworks).
    /// </summary>
    public bool HasHostBits => Address is not null && Network is { } n && !n.BaseAddress.Equals(Address);

    /// <summary>Where the element is written; null for a built-in default.</summary>
    public Span? Span { get; init; }

    /// <summary>Where the list's value came from (main.cf, a -o override, a default).</summary>
    public Provenance? Provenance { get; init; }

    /// <summary>The <c>/file/name</c> this element was read from, or null.</summary>
    public string? FromFile { get; init; }

    /// <summary>The text without the negation, as Postfix matches it.</summary>
    public string Pattern => Negated ? Text[1..] : Text;
}

public sealed class MatchList
{
    public MatchList(string parameter, EffectiveValue value, IReadOnlyList<MatchElement> elements)
    {
        Parameter = parameter;
        Value = value;
        Elements = elements;
    }

    public string Parameter { get; }

    public EffectiveValue Value { get; }

    /// <summary>Elements in match order, <c>/file/name</c> contents expanded in place (the file element itself is kept too).</summary>
    public IReadOnlyList<MatchElement> Elements { get; }

    /// <summary>Classifies one pattern the way match_list(3) and the host/address matcher do.</summary>
    public static MatchElement Classify(string text, Span? span, Provenance? provenance, string? fromFile)
    {
        var negated = text.StartsWith('!');
        var p = negated ? text[1..] : text;
        var e = new MatchElement { Text = text, Kind = MatchElementKind.HostOrDomain, Negated = negated, Span = span, Provenance = provenance, FromFile = fromFile };
        if (p.StartsWith('/'))
        {
            return e with { Kind = MatchElementKind.File };
        }

        if (p.StartsWith('['))
        {
            // [addr]/mask, [addr/mask] and [addr] are all accepted by Postfix for IPv6 (and IPv4).
            var close = p.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return e with { Kind = MatchElementKind.Invalid };
            }

            var inner = p[1..close];
            var rest = p[(close + 1)..];
            string addr = inner, mask = string.Empty;
            var slash = inner.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                addr = inner[..slash];
                mask = inner[(slash + 1)..];
                if (rest.Length > 0)
                {
                    return e with { Kind = MatchElementKind.Invalid };
                }
            }
            else if (rest.StartsWith('/'))
            {
                mask = rest[1..];
            }
            else if (rest.Length > 0)
            {
                return e with { Kind = MatchElementKind.Invalid };
            }

            return Network(e, addr, mask, bracketed: true);
        }

        // match_list(3): an unbracketed pattern with a ':' is "type:table" — which is exactly why
        // an unbracketed IPv6 address breaks. We still recognise it as the address the user meant.
        if (p.Contains(':'))
        {
            var slash = p.IndexOf('/', StringComparison.Ordinal);
            var addr = slash >= 0 ? p[..slash] : p;
            if (IPAddress.TryParse(addr, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6)
            {
                return Network(e, addr, slash >= 0 ? p[(slash + 1)..] : string.Empty, bracketed: false);
            }

            return e with { Kind = MatchElementKind.Table };
        }

        if (p.Length > 0 && (char.IsAsciiDigit(p[0])) && p.All(c => char.IsAsciiDigit(c) || c is '.' or '/'))
        {
            var slash = p.IndexOf('/', StringComparison.Ordinal);
            return Network(e, slash >= 0 ? p[..slash] : p, slash >= 0 ? p[(slash + 1)..] : string.Empty, bracketed: false);
        }

        return e;
    }

    private static MatchElement Network(MatchElement e, string addr, string mask, bool bracketed)
    {
        if (!IPAddress.TryParse(addr, out var ip) || (ip.AddressFamily == AddressFamily.InterNetwork && addr.Count(c => c == '.') != 3))
        {
            return e with { Kind = MatchElementKind.Invalid, Bracketed = bracketed };
        }

        var kind = ip.AddressFamily == AddressFamily.InterNetworkV6 ? MatchElementKind.IPv6Network : MatchElementKind.IPv4Network;
        var max = kind == MatchElementKind.IPv6Network ? 128 : 32;
        var bits = max;
        if (mask.Length > 0 && (!int.TryParse(mask, out bits) || bits < 0 || bits > max))
        {
            return e with { Kind = MatchElementKind.Invalid, Bracketed = bracketed, Address = ip };
        }

        var network = new IPNetwork(Truncate(ip, bits), bits);
        return e with { Kind = kind, Bracketed = bracketed, Address = ip, Network = network };
    }

    internal static IPAddress Truncate(IPAddress ip, int bits)
    {
        var bytes = ip.GetAddressBytes();
        for (var k = 0; k < bytes.Length * 8; k++)
        {
            if (k >= bits)
            {
                bytes[k / 8] &= (byte)~(0x80 >> (k % 8));
            }
        }

        return new IPAddress(bytes);
    }
}
