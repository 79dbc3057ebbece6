using System.Net;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Model;

/// <summary>Where a listener's address comes from.</summary>
public enum ListenerSource
{
    /// <summary>The master.cf service name has its own host part (<c>192.0.2.1:smtp</c>); master binds it whatever inet_interfaces says.</summary>
    ServiceName,

    /// <summary>The service name is a bare port; master binds it on every address of inet_interfaces.</summary>
    InetInterfaces,
}

/// <summary>
/// One (address, port) an inet service binds. <see cref="Address"/> is an IP address, a wildcard
/// (<c>0.0.0.0</c>, <c>::</c>) or a host name kept as written (resolved only at run time).
/// </summary>
public sealed record Listener(MasterService Service, string Host, IPAddress? Address, bool IsWildcard, string Port, int? PortNumber, ListenerSource Source, Span Span)
{
    /// <summary>True when the address is certainly loopback (127.0.0.0/8, ::1, or the name localhost).</summary>
    public bool IsLoopback => Address is not null ? AddressRanges.IsLoopback(Address) : AddressRanges.IsLoopbackName(Host);

    public override string ToString() => Address is { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
