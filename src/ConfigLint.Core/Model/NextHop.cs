using System.Net;

namespace ConfigLint.Core.Model;

/// <summary>
/// A next-hop destination as relayhost and transport nexthops write it (postconf(5) relayhost, smtp(8)):
/// <c>domain</c>, <c>domain:port</c>, <c>[host]</c>, <c>[host]:port</c>, <c>[address]:port</c>. The brackets
/// turn off the MX lookup: the smtp client connects to the host itself (smtp_connect.c, host_port(3)).
/// </summary>
/// <param name="Host">The name or address, without brackets or port (<c>ipv6:</c> kept as written).</param>
/// <param name="Bracketed">Whether it was written in <c>[]</c> (no MX lookup).</param>
/// <param name="Port">The port or service name after the colon, or null.</param>
public sealed record NextHop(string Host, bool Bracketed, string? Port)
{
    /// <summary>Whether the host is a numeric address (an MX lookup of it is never meant).</summary>
    public bool IsAddress
    {
        get
        {
            var host = Host.StartsWith("ipv6:", StringComparison.OrdinalIgnoreCase) ? Host[5..] : Host;
            return IPAddress.TryParse(host, out _) && (host.Contains(':', StringComparison.Ordinal) || host.Count(c => c == '.') == 3);
        }
    }

    /// <summary>Splits one next-hop element; an optional leading <c>smtp:</c>-style transport is not part of it.</summary>
    public static NextHop Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close > 0)
            {
                var rest = text[(close + 1)..];
                return new NextHop(text[1..close], true, rest.StartsWith(':') && rest.Length > 1 ? rest[1..] : null);
            }
        }

        var colon = text.LastIndexOf(':');
        return colon < 0 || text.IndexOf(':', StringComparison.Ordinal) != colon
            ? new NextHop(text, false, null)
            : new NextHop(text[..colon], false, text.Length > colon + 1 ? text[(colon + 1)..] : null);
    }
}
