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
        var listeners = context.Config.Listeners;
        var byEndpoint = new Dictionary<(string Address, string Port), List<Listener>>();
        foreach (var listener in listeners.All)
        {
            foreach (var address in AddressesOf(listener, listeners.Protocols))
            {
                var key = (address, listener.PortNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? listener.Port);
                if (!byEndpoint.TryGetValue(key, out var list))
                {
                    byEndpoint[key] = list = [];
                }

                if (list.All(l => l.Service != listener.Service))
                {
                    list.Add(listener);
                }
            }
        }

        // One finding per pair of services, naming every endpoint they share.
        var pairs = new List<(Listener First, Listener Second, List<string> Endpoints)>();
        foreach (var ((address, port), list) in byEndpoint)
        {
            for (var i = 1; i < list.Count; i++)
            {
                var first = list[0];
                var second = list[i];
                var endpoint = address.Contains(':', StringComparison.Ordinal) ? $"[{address}]:{port}" : $"{address}:{port}";
                var pair = pairs.FirstOrDefault(p => p.First.Service == first.Service && p.Second.Service == second.Service);
                if (pair.Endpoints is null)
                {
                    pairs.Add((first, second, [endpoint]));
                }
                else
                {
                    pair.Endpoints.Add(endpoint);
                }
            }
        }

        foreach (var (first, second, endpoints) in pairs)
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

    /// <summary>The addresses a listener occupies: its IP address, both loopback addresses for localhost, else its host name.</summary>
    private static IEnumerable<string> AddressesOf(Listener listener, IReadOnlySet<AddressFamily> protocols)
    {
        if (listener.Address is { } ip)
        {
            return [ip.ToString()];
        }

        if (listener.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            // /etc/hosts: 127.0.0.1 and ::1; master binds each address of the enabled protocols.
            return new[] { ("127.0.0.1", AddressFamily.InterNetwork), ("::1", AddressFamily.InterNetworkV6) }
                .Where(a => protocols.Contains(a.Item2)).Select(a => a.Item1);
        }

        return [listener.Host.ToLowerInvariant()];
    }
}
