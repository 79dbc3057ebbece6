using System.Net;

namespace ConfigLint.Core.Model;

/// <summary>Address ranges that decide how much a network element trusts.</summary>
public static class AddressRanges
{
    /// <summary>Private (not routed on the internet): RFC 1918, CGNAT 100.64.0.0/10, ULA fc00::/7.</summary>
    public static readonly IPNetwork[] Private =
    [
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("100.64.0.0/10"),
        IPNetwork.Parse("fc00::/7"),
    ];

    /// <summary>Not public either: loopback, link-local, documentation, "this network", IPv4-mapped loopback.</summary>
    public static readonly IPNetwork[] Special =
    [
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"),
        IPNetwork.Parse("192.0.2.0/24"),
        IPNetwork.Parse("198.51.100.0/24"),
        IPNetwork.Parse("203.0.113.0/24"),
        IPNetwork.Parse("::1/128"),
        IPNetwork.Parse("fe80::/10"),
        IPNetwork.Parse("2001:db8::/32"),
        IPNetwork.Parse("::ffff:127.0.0.0/104"),
    ];

    public static bool IsPrivate(IPAddress a) => Private.Any(n => n.Contains(a));

    private static readonly IPNetwork MappedLoopback = IPNetwork.Parse("::ffff:127.0.0.0/104");

    /// <summary>
    /// The one definition of "loopback" in ConfigLint: 127.0.0.0/8, ::1 and IPv4-mapped
    /// 127.0.0.0/8 (what Postfix's own loopback-only and the kernel treat as local).
    /// </summary>
    public static bool IsLoopback(IPAddress a) => IPAddress.IsLoopback(a) || MappedLoopback.Contains(a);

    /// <summary>True for the host name that the hosts file maps to loopback (postconf(5) inet_interfaces: "localhost").</summary>
    public static bool IsLoopbackName(string host) => string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the network lies entirely inside one of <paramref name="ranges"/>.</summary>
    public static bool Within(IPNetwork network, IEnumerable<IPNetwork> ranges) =>
        ranges.Any(r => r.BaseAddress.AddressFamily == network.BaseAddress.AddressFamily && r.PrefixLength <= network.PrefixLength && r.Contains(network.BaseAddress));

    /// <summary>True when the network covers addresses that are neither private nor special, i.e. internet hosts.</summary>
    public static bool CoversPublic(IPNetwork network) => !Within(network, Private) && !Within(network, Special);
}
