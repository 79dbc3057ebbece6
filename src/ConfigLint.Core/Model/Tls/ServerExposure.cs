namespace ConfigLint.Core.Model.Tls;

/// <summary>Which listeners of an SMTP server other hosts, and the internet, can reach.</summary>
public static class ServerExposure
{
    /// <summary>
    /// A listener the internet may reach: not loopback, and not a private address (RFC 1918, CGNAT, ULA)
    /// unless the user said the server is behind NAT (<c>network: behind_nat: true</c>), where a router
    /// forwards to the private address. A wildcard or a host name may be public.
    /// </summary>
    public static bool IsPublic(this Listener listener, NetworkHints network)
    {
        ArgumentNullException.ThrowIfNull(listener);
        ArgumentNullException.ThrowIfNull(network);
        return !listener.IsLoopback
            && (network.BehindNat == true || listener.IsWildcard || listener.Address is not { } address || !AddressRanges.IsPrivate(address));
    }

    /// <summary>The first listener of the server on <paramref name="port"/> the internet may reach, or null.</summary>
    public static Listener? PublicOn(this SmtpServer server, int port, NetworkHints network)
    {
        ArgumentNullException.ThrowIfNull(server);
        return server.Listeners.FirstOrDefault(l => l.PortNumber == port && l.IsPublic(network));
    }

    /// <summary>The first non-loopback listener of the server on <paramref name="port"/>, or null.</summary>
    public static Listener? ExposedOn(this SmtpServer server, int port)
    {
        ArgumentNullException.ThrowIfNull(server);
        return server.Listeners.FirstOrDefault(l => l.PortNumber == port && !l.IsLoopback);
    }

    /// <summary>The first listener of the server on <paramref name="port"/>, loopback or not, or null.</summary>
    public static Listener? On(this SmtpServer server, int port)
    {
        ArgumentNullException.ThrowIfNull(server);
        return server.Listeners.FirstOrDefault(l => l.PortNumber == port);
    }
}
