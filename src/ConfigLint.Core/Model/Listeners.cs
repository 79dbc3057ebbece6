using System.Net;
using System.Net.Sockets;
using ConfigLint.Core.Parsing;

namespace ConfigLint.Core.Model;

/// <summary>
/// Every (address, port) pair master binds for the inet services of master.cf: a service name's
/// own host part, else every address of <c>inet_interfaces</c> for the protocols of
/// <c>inet_protocols</c> (master(5), postconf(5) inet_interfaces). Computed once, grouped by service.
/// </summary>
public sealed class Listeners
{
    private readonly Dictionary<MasterService, List<Listener>> byService = new(ReferenceEqualityComparer.Instance);

    internal Listeners(MasterCfDocument? master, ParameterValues values)
    {
        Protocols = ReadProtocols(values.Get("inet_protocols").Value);
        var all = new List<Listener>();
        if (master is not null)
        {
            var interfaces = values.Get("inet_interfaces");
            var elements = ListItems.Of(interfaces).Items.Select(i => (Item: i, Interface: InetInterface.Parse(i.Text))).ToList();
            foreach (var service in master.EffectiveServices.Where(s => s.TypeName == "inet"))
            {
                var bound = Bind(service, interfaces, elements);
                byService[service] = bound;
                all.AddRange(bound);
            }
        }

        All = all;
    }

    /// <summary>Every listener, in master.cf order.</summary>
    public IReadOnlyList<Listener> All { get; }

    /// <summary>The protocols inet_protocols enables.</summary>
    public IReadOnlySet<AddressFamily> Protocols { get; }

    /// <summary>The listeners of one inet service (empty for any other service).</summary>
    public IReadOnlyList<Listener> Of(MasterService service) => byService.TryGetValue(service, out var list) ? list : [];

    private static HashSet<AddressFamily> ReadProtocols(string value)
    {
        var set = new HashSet<AddressFamily>();
        foreach (var p in ListItems.Split(value))
        {
            switch (p.Text.ToLowerInvariant())
            {
                case "all":
                    set.Add(AddressFamily.InterNetwork);
                    set.Add(AddressFamily.InterNetworkV6);
                    break;
                case "ipv4":
                    set.Add(AddressFamily.InterNetwork);
                    break;
                case "ipv6":
                    set.Add(AddressFamily.InterNetworkV6);
                    break;
            }
        }

        return set;
    }

    private List<Listener> Bind(MasterService service, EffectiveValue interfaces, List<(ListItem Item, InetInterface Interface)> elements)
    {
        var result = new List<Listener>();
        var port = service.Port;
        var portNumber = WellKnownPorts.Resolve(port);
        if (service.Host is { Length: > 0 } host)
        {
            var ip = InetInterface.ParseAddress(host);
            var wildcard = host == "*" || (ip is not null && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)));
            result.Add(new Listener(service, host, ip, wildcard, port, portNumber, ListenerSource.ServiceName, service.Service.Span));
            return result;
        }

        var fallback = interfaces.Provenance?.Span ?? service.Service.Span;
        foreach (var (item, element) in elements)
        {
            var span = item.Span ?? fallback;
            switch (element.Kind)
            {
                case InetInterfaceKind.All:
                    Add(AddressFamily.InterNetwork, "0.0.0.0", IPAddress.Any, true);
                    Add(AddressFamily.InterNetworkV6, "::", IPAddress.IPv6Any, true);
                    break;
                case InetInterfaceKind.LoopbackOnly:
                    Add(AddressFamily.InterNetwork, "127.0.0.1", IPAddress.Loopback, false);
                    Add(AddressFamily.InterNetworkV6, "::1", IPAddress.IPv6Loopback, false);
                    break;
                default:
                    // An address of a disabled protocol: Postfix says "host not found" at start-up
                    // and binds nothing for it.
                    if (element.Address is not { } ip || Protocols.Contains(ip.AddressFamily))
                    {
                        result.Add(new Listener(service, element.Host, element.Address, false, port, portNumber, ListenerSource.InetInterfaces, span));
                    }

                    break;
            }

            void Add(AddressFamily family, string host, IPAddress address, bool wildcard)
            {
                if (Protocols.Contains(family))
                {
                    result.Add(new Listener(service, host, address, wildcard, port, portNumber, ListenerSource.InetInterfaces, span));
                }
            }
        }

        return result;
    }
}
