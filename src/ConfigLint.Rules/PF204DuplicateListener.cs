using System.Net;
using System.Net.Sockets;
using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF204: two master.cf services bind the same address and port. master opens one listening
/// socket per service and address (master_listen.c, inet_listen.c). Since Postfix 3.6 those
/// sockets carry SO_REUSEPORT (HISTORY 20200425), so both binds succeed and the kernel gives each
/// connection to one of them; Postfix 3.4 and 3.5 stop with "fatal: bind ADDR port PORT: Address
/// already in use". Entries master itself takes for one service (<c>smtp</c> and <c>25</c>) are
/// not two listeners: master runs the last (<see cref="MasterService.ReplacedBy"/>; master-duplicate-service
/// reports the other). A wildcard and
/// a specific address on the same port are not reported: with SO_REUSEPORT the specific socket
/// takes the connections to its own address.
/// </summary>
[Rule("PF204")]
public sealed class PF204DuplicateListener : IRuleLogic
{
    public void Check(RuleContext context)
    {
        // The first listener of every endpoint, and the listeners of other services on it. A master.cf
        // of 100,000 services has as many endpoints and no duplicates: nothing is kept per endpoint
        // but its first listener.
        var listeners = context.Config.Listeners;
        var firstOn = new Dictionary<Endpoint, Listener>();
        var othersOn = new Dictionary<Endpoint, List<Listener>>();
        foreach (var listener in listeners.All)
        {
            foreach (var address in AddressesOf(listener, listeners.Protocols))
            {
                var endpoint = new Endpoint(address, listener.PortNumber, listener.PortNumber is null ? listener.Port : null);
                if (!firstOn.TryGetValue(endpoint, out var first))
                {
                    firstOn[endpoint] = listener;
                    continue;
                }

                if (first.Service == listener.Service)
                {
                    continue;
                }

                if (!othersOn.TryGetValue(endpoint, out var others))
                {
                    othersOn[endpoint] = others = [];
                }

                if (others.All(l => l.Service != listener.Service))
                {
                    others.Add(listener);
                }
            }
        }

        // One finding per pair of services, naming every endpoint they share.
        var pairs = new Dictionary<(MasterService, MasterService), (Listener First, Listener Second, List<string> Endpoints)>();
        foreach (var (endpoint, others) in othersOn)
        {
            var first = firstOn[endpoint];
            foreach (var second in others)
            {
                if (pairs.TryGetValue((first.Service, second.Service), out var pair))
                {
                    pair.Endpoints.Add(endpoint.ToString());
                }
                else
                {
                    pairs[(first.Service, second.Service)] = (first, second, [endpoint.ToString()]);
                }
            }
        }

        foreach (var (first, second, endpoints) in pairs.Values)
        {
            // The finding sits where the fix goes: a host:port service name rather than an inet_interfaces element.
            var (primary, other) = second.Source == ListenerSource.ServiceName || first.Source != ListenerSource.ServiceName ? (second, first) : (first, second);
            var endpoint = endpoints[0];
            var colon = endpoint.LastIndexOf(':');
            var related = new List<RelatedLocation> { new(other.Span, $"{other.Service.Label} binds {string.Join(", ", endpoints)} too.") };
            context.Report(primary.Span, context.Format(
                ("first", other.Service.Label),
                ("second", primary.Service.Label),
                ("endpoints", string.Join(", ", endpoints)),
                ("address", endpoint[..colon].Trim('[', ']')),
                ("port", endpoint[(colon + 1)..])), related, key: $"{other.Service.Key}|{primary.Service.Key}");
        }
    }

    /// <summary>An address (an IP address or a host name) and a port (its number, or the name master could not resolve).</summary>
    private readonly record struct Endpoint(object Address, int? PortNumber, string? PortName)
    {
        public override string ToString()
        {
            var port = PortNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? PortName;
            var address = Address.ToString()!;
            return address.Contains(':', StringComparison.Ordinal) ? $"[{address}]:{port}" : $"{address}:{port}";
        }
    }

    /// <summary>The addresses a listener occupies: its IP address, both loopback addresses for localhost, else its host name (lower case).</summary>
    private static IEnumerable<object> AddressesOf(Listener listener, IReadOnlySet<AddressFamily> protocols)
    {
        if (listener.Address is { } ip)
        {
            return [ip];
        }

        if (listener.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            // /etc/hosts: 127.0.0.1 and ::1; master binds each address of the enabled protocols.
            return new[] { (IPAddress.Loopback, AddressFamily.InterNetwork), (IPAddress.IPv6Loopback, AddressFamily.InterNetworkV6) }
                .Where(a => protocols.Contains(a.Item2)).Select(a => (object)a.Item1);
        }

        return [listener.Host.ToLowerInvariant()];
    }
}
