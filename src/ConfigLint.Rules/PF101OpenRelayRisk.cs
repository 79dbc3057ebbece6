using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// PF101: an smtpd reachable from the network relays for a mynetworks that covers too much.
/// Thresholds are in rules/relay/PF101.yaml.
/// </summary>
[Rule("PF101")]
public sealed class PF101OpenRelayRisk : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        foreach (var server in config.SmtpServers)
        {
            var exposed = server.Listeners.FirstOrDefault(l => !l.IsLoopback);
            if (exposed is null)
            {
                continue;
            }

            var permit = RestrictionList.RelaysByAddress(config, server.Answering);
            if (permit is null)
            {
                continue;
            }

            var permitText = permit.Span is null
                ? $"{permit.List.Name} default at compatibility_level {config.CompatibilityLevel}"
                : $"permit_mynetworks in {permit.List.Name}";
            var related = new List<RelatedLocation> { new(exposed.Span, $"{server.Listening.Label} listens on {exposed}.") };
            if (permit.Span is { } permitSpan)
            {
                related.Add(new RelatedLocation(permitSpan, $"permit_mynetworks in {permit.List.Name} lets mynetworks relay."));
            }

            var mynetworks = config.MatchList("mynetworks", server.Answering);
            foreach (var element in ReachableElements(mynetworks))
            {
                if (element.Negated || element.Network is not { } network || element.Span is not { } span)
                {
                    continue;
                }

                var (severity, why) = Judge(network, context.Rule);
                if (severity == Severity.None)
                {
                    continue;
                }

                context.Report(span,
                    context.Format(("service", server.Listening.Label), ("listener", exposed.ToString()), ("permit", permitText), ("element", element.Text), ("why", why)),
                    related, key: $"{server.Listening.Label}|{element.Text}", severity: severity);
            }

            // Without a main.cf (a master.cf checked on its own) the defaults are not known to be in
            // force: the deployment's main.cf is simply not in view, so say nothing about them.
            if (!mynetworks.Value.IsDefault || config.Main is null)
            {
                continue;
            }

            // mynetworks left to mynetworks_style: "subnet" and "class" trust the networks of the
            // host's own addresses (postconf(5) mynetworks_style), which on a public host are
            // strangers. Those addresses are the ones inet_interfaces selects (mynetworks.c uses
            // own_inet_addr_list()), not the address of the listener a client reaches: with
            // inet_interfaces = loopback-only or 127.0.0.1 the computed mynetworks is loopback even
            // when a master.cf service binds a public address or 0.0.0.0 (verified by the oracle
            // tests, tests/ConfigLint.Rules.Tests/Oracle). A private interface's subnet is the
            // operator's own network; only "all", a public address or a host name is a risk.
            var interfaces = config.Get("inet_interfaces", server.Answering);
            var trusting = ListItems.Split(interfaces.Value).Select(i => i.Text).FirstOrDefault(MayBePublicInterface);
            var style = config.Get("mynetworks_style", server.Answering);
            var styleValue = style.Value.Trim().ToLowerInvariant();
            if (trusting is not null && styleValue is "subnet" or "class")
            {
                var where = style.Provenance?.Span ?? config.Get("compatibility_level").Provenance?.Span ?? server.Listening.Service.Span;
                var because = style.IsDefault
                    ? $"is left to mynetworks_style = {styleValue}, the default at compatibility_level {config.CompatibilityLevel}, which trusts every host of this server's {styleValue}"
                    : $"is left to mynetworks_style = {styleValue}, which trusts every host of this server's {styleValue}";
                context.Report(where,
                    context.Format(("service", server.Listening.Label), ("listener", exposed.ToString()), ("permit", permitText), ("element", "(computed)"), ("why", because)),
                    related, key: $"{server.Listening.Label}|style", severity: Severity.Warning);
            }
        }
    }

    /// <summary>True for an inet_interfaces element whose networks may hold internet hosts: all, a public address, a host name.</summary>
    private static bool MayBePublicInterface(string text)
    {
        var element = InetInterface.Parse(text);
        return element.Kind switch
        {
            InetInterfaceKind.All => true,
            InetInterfaceKind.LoopbackOnly => false,
            InetInterfaceKind.HostName => !element.IsLoopback,
            _ => !AddressRanges.IsLoopback(element.Address!) && AddressRanges.CoversPublic(new System.Net.IPNetwork(element.Address!, element.Address!.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)),
        };
    }

    /// <summary>
    /// The elements smtpd can get to. An unbracketed IPv6 element is a lookup table to Postfix
    /// (PF201): with a non-empty "type" (<c>2001:db8::/32</c>) every lookup that reaches it fails and
    /// the client gets 451 4.3.0, so no element after it ever matches; with an empty one
    /// (<c>::1/128</c>) smtpd dies when it opens the list and nothing relays at all. Both verified
    /// against Postfix 3.7 by the oracle tests (tests/ConfigLint.Rules.Tests/Oracle).
    /// </summary>
    private static IEnumerable<MatchElement> ReachableElements(MatchList list)
    {
        var reachable = new List<MatchElement>();
        foreach (var element in list.Elements)
        {
            if (element.Kind == MatchElementKind.IPv6Network && !element.Bracketed)
            {
                return element.Pattern.StartsWith(':') ? [] : reachable;
            }

            reachable.Add(element);
        }

        return reachable;
    }

    internal static (Severity Severity, string Why) Judge(System.Net.IPNetwork network, RuleDescriptor rule)
    {
        var small = rule.Threshold(network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "small_network_prefix_ipv6" : "small_network_prefix_ipv4");
        if (network.PrefixLength >= small)
        {
            return (Severity.None, string.Empty);
        }

        if (AddressRanges.CoversPublic(network))
        {
            var size = network.PrefixLength == 0 ? "every address" : $"a /{network.PrefixLength} of public addresses";
            return (Severity.Error, $"covers {size}, so internet hosts can relay through this server");
        }

        if (AddressRanges.Within(network, AddressRanges.Private))
        {
            return (Severity.Warning, $"trusts a whole private /{network.PrefixLength}, far more than the hosts that need to relay");
        }

        return (Severity.None, string.Empty);
    }
}
