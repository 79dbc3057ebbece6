namespace ConfigLint.Core.Model;

/// <summary>
/// A <c>transport:nexthop</c> value (local_transport, default_transport, a transport(5) result): the master.cf
/// service qmgr delivers with, and the optional next hop after the first colon (resolve.c split_at(channel, ':')).
/// </summary>
/// <param name="Transport">The master.cf service name; empty for an empty value or one that starts with ':'.</param>
/// <param name="NextHop">What follows the first colon, or null.</param>
public sealed record TransportValue(string Transport, string? NextHop)
{
    public static TransportValue Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? new TransportValue(text, null) : new TransportValue(text[..colon], text[(colon + 1)..]);
    }
}
