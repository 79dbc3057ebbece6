using System.Globalization;
using ConfigLint.Core.Catalogue;

namespace ConfigLint.Core.Model.Tls;

/// <summary>The SSL/TLS protocol versions Postfix names (tls_misc.c protocol_table), oldest first.</summary>
public enum TlsProtocol
{
    SSLv2,
    SSLv3,
    TLSv1,
    TLSv1_1,
    TLSv1_2,
    TLSv1_3,
}

/// <summary>
/// A protocol list parameter (<c>smtpd_tls_protocols</c>, <c>smtp_tls_mandatory_protocols</c>, …) as
/// the target release reads it, and the protocols it leaves enabled. tls_misc.c: the words are split on
/// commas, white space and colons; <c>name</c> includes a protocol, <c>!name</c> excludes one, and when
/// any protocol is included every protocol not included is excluded; names are compared without regard
/// to case (name_code()). Postfix 3.6 added the bounds <c>&gt;=name</c> and <c>&lt;=name</c> (also a
/// hexadecimal protocol number) in tls_proto_mask_lims(); 3.4 and 3.5 (tls_protocol_mask()) take
/// <c>&gt;=TLSv1.2</c> for an unknown name. An unknown word makes the whole list invalid, and the TLS
/// engine of that program then says "Invalid TLS protocol list … disabling TLS support"
/// (tls_server.c, tls_client.c). An empty list excludes nothing.
/// </summary>
public sealed class TlsProtocolList
{
    private static readonly (string Name, TlsProtocol Protocol, int Version)[] Known =
    [
        ("SSLv2", TlsProtocol.SSLv2, 0x0200),
        ("SSLv3", TlsProtocol.SSLv3, 0x0300),
        ("TLSv1", TlsProtocol.TLSv1, 0x0301),
        ("TLSv1.1", TlsProtocol.TLSv1_1, 0x0302),
        ("TLSv1.2", TlsProtocol.TLSv1_2, 0x0303),
        ("TLSv1.3", TlsProtocol.TLSv1_3, 0x0304),
    ];

    private TlsProtocolList(EffectiveValue value, bool invalid, IReadOnlySet<TlsProtocol> enabled)
    {
        Value = value;
        IsInvalid = invalid;
        Enabled = enabled;
    }

    public EffectiveValue Value { get; }

    /// <summary>The release cannot read the list: TLS is disabled where it applies.</summary>
    public bool IsInvalid { get; }

    /// <summary>The protocols the list does not exclude (empty when it is invalid).</summary>
    public IReadOnlySet<TlsProtocol> Enabled { get; }

    public bool Allows(TlsProtocol protocol) => Enabled.Contains(protocol);

    /// <summary>The Postfix name of a protocol ("TLSv1.1").</summary>
    public static string Name(TlsProtocol protocol) => Known.First(k => k.Protocol == protocol).Name;

    /// <summary>Whether the release knows the <c>&gt;=</c> and <c>&lt;=</c> bounds (tls_proto_mask_lims(), Postfix 3.6).</summary>
    public static bool KnowsBounds(PostfixRelease release)
    {
        ArgumentNullException.ThrowIfNull(release);
        return release.Major > 3 || (release.Major == 3 && release.Minor >= 6);
    }

    /// <summary>What separates protocol names (tls_protocol_mask(): CHARS_COMMA_SP ":").</summary>
    private static readonly char[] Separators = [',', ' ', '\t', '\r', '\n', ':'];

    public static TlsProtocolList Read(EffectiveValue value, PostfixRelease release)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(release);
        var bounds = KnowsBounds(release);
        var cache = bounds ? WithBounds : WithoutBounds;
        if (!cache.TryGetValue(value.Value, out var read))
        {
            read = Parse(value.Value, bounds);
            if (cache.Count >= MaxRemembered)
            {
                cache.Clear();
            }

            cache[value.Value] = read;
        }

        return new TlsProtocolList(value, read.Invalid, read.Enabled);
    }

    /// <summary>
    /// What a list's text reads as, by text, for releases with and without bounds: every service of a
    /// configuration, and every configuration of a fleet, reads the same few defaults (9 KB each time
    /// for a fleet configuration's lists). The sets are never changed once made.
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Parsed> WithBounds = new(StringComparer.Ordinal);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Parsed> WithoutBounds = new(StringComparer.Ordinal);
    private const int MaxRemembered = 1024;

    /// <summary>A class, so that the cache is a dictionary of references the tool has precompiled (of a tuple, it was compiled at start-up).</summary>
    private sealed record Parsed(bool Invalid, IReadOnlySet<TlsProtocol> Enabled);

    private static Parsed Parse(string text, bool bounds)
    {
        var include = new HashSet<TlsProtocol>();
        var exclude = new HashSet<TlsProtocol>();
        var floor = 0;
        var ceiling = 0;
        foreach (var word in text.Split(Separators, StringSplitOptions.RemoveEmptyEntries))
        {
            bool ok;
            if (bounds && word.StartsWith(">=", StringComparison.Ordinal))
            {
                ok = TryVersion(word[2..], out floor);
            }
            else if (bounds && word.StartsWith("<=", StringComparison.Ordinal))
            {
                ok = TryVersion(word[2..], out ceiling);
            }
            else if (word.StartsWith('!'))
            {
                ok = TryProtocol(word[1..], out var p);
                exclude.Add(p);
            }
            else
            {
                ok = TryProtocol(word, out var p);
                include.Add(p);
            }

            if (!ok)
            {
                return new Parsed(true, new HashSet<TlsProtocol>());
            }
        }

        var enabled = Known
            .Where(k => !exclude.Contains(k.Protocol) && (include.Count == 0 || include.Contains(k.Protocol)))
            .Where(k => (floor == 0 || k.Version >= floor) && (ceiling == 0 || k.Version <= ceiling))
            .Select(k => k.Protocol)
            .ToHashSet();
        return new Parsed(false, enabled);
    }

    private static bool TryProtocol(string name, out TlsProtocol protocol)
    {
        foreach (var k in Known)
        {
            if (string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                protocol = k.Protocol;
                return true;
            }
        }

        protocol = default;
        return false;
    }

    /// <summary>parse_tls_version(): a name of tls_version_table ("None" is no bound; SSLv2 is not there) or a hexadecimal number.</summary>
    private static bool TryVersion(string text, out int version)
    {
        // strtoul("") consumes nothing and leaves the end pointer on the terminating NUL: a bound of 0.
        if (text.Length == 0 || string.Equals(text, "None", StringComparison.OrdinalIgnoreCase))
        {
            version = 0;
            return true;
        }

        foreach (var k in Known.Skip(1))
        {
            if (string.Equals(k.Name, text, StringComparison.OrdinalIgnoreCase))
            {
                version = k.Version;
                return true;
            }
        }

        // strtoul(tok, &end, 16): an optional 0x, hexadecimal digits to the end, at most INT_MAX.
        var digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        if (digits.Length > 0 && long.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var number) && number <= int.MaxValue)
        {
            version = (int)number;
            return true;
        }

        version = 0;
        return false;
    }
}
