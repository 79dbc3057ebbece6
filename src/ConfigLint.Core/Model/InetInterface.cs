using System.Net;
using System.Net.Sockets;

namespace ConfigLint.Core.Model;

/// <summary>What one element of <c>inet_interfaces</c> means (postconf(5) inet_interfaces).</summary>
public enum InetInterfaceKind
{
    /// <summary><c>all</c>: every address of the enabled protocols (0.0.0.0, ::).</summary>
    All,

    /// <summary><c>loopback-only</c>: 127.0.0.1 and ::1.</summary>
    LoopbackOnly,

    /// <summary>An IP address, bracketed or not (brackets are optional here).</summary>
    Address,

    /// <summary>A host name, resolved by Postfix at start-up (<c>localhost</c> maps to 127.0.0.1).</summary>
    HostName,
}

/// <summary>One element of <c>inet_interfaces</c>, read once for the listeners and the rules alike.</summary>
public sealed record InetInterface(InetInterfaceKind Kind, string Host, IPAddress? Address)
{
    public static InetInterface Parse(string text)
    {
        switch (text.ToLowerInvariant())
        {
            case "all":
                return new InetInterface(InetInterfaceKind.All, text, null);
            case "loopback-only":
                return new InetInterface(InetInterfaceKind.LoopbackOnly, text, null);
        }

        var bare = text.StartsWith('[') && text.EndsWith(']') ? text[1..^1] : text;
        var ip = ParseAddress(bare);
        return ip is null ? new InetInterface(InetInterfaceKind.HostName, bare, null) : new InetInterface(InetInterfaceKind.Address, bare, ip);
    }

    /// <summary>True when the element certainly means a loopback address only.</summary>
    public bool IsLoopback => Kind switch
    {
        InetInterfaceKind.LoopbackOnly => true,
        InetInterfaceKind.Address => AddressRanges.IsLoopback(Address!),
        InetInterfaceKind.HostName => AddressRanges.IsLoopbackName(Host),
        _ => false,
    };

    /// <summary>An IP address as Postfix writes them: IPv6, or IPv4 as four dotted numbers (not "127.1").</summary>
    internal static IPAddress? ParseAddress(string text) =>
        IPAddress.TryParse(text, out var ip) && (ip.AddressFamily == AddressFamily.InterNetworkV6 || text.Count(c => c == '.') == 3) ? ip : null;
}
