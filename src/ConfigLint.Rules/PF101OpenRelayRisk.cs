using System.Net;
using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.Core.Model.Smtpd;
using ConfigLint.Core.Model.Tables;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// PF101: an smtpd reachable from the network relays for a mynetworks that covers too much. A
/// client in mynetworks relays only when every stage of that smtpd's pipeline lets it through and
/// permit_mynetworks is what lifts the default deny (<see cref="SmtpdPipeline"/>). One finding per
/// mynetworks element, with every service it reaches as a related location. Thresholds are in
/// rules/relay/PF101.yaml.
/// </summary>
[Rule("PF101")]
public sealed class PF101OpenRelayRisk : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        var hits = new List<Hit>();
        foreach (var server in config.SmtpServers)
        {
            if (server.Exposed is not { } exposed)
            {
                continue;
            }

            var pipeline = config.Smtpd(server.Answering);
            var mynetworks = config.MatchList("mynetworks", server.Answering);
            foreach (var element in ReachableElements(mynetworks))
            {
                if (element.Negated || element.Network is not { } network || element.Span is not { } span
                    || Judge(network, context.Rule).Severity == Severity.None)
                {
                    continue;
                }

                if (Relaying(pipeline, SmtpClient.InNetwork(network), IsPermitMynetworks) is not { } relay)
                {
                    continue;
                }

                var (severity, why) = JudgeSet(relay.Addresses, context.Rule);
                if (severity == Severity.None)
                {
                    continue;
                }

                if (!relay.Addresses.SetEquals(AddressSet.Of(network)) && relay.RefusedBy is { } refuser)
                {
                    why += $" (the rest of it is refused by {refuser.Text})";
                }

                Add(hits, span, element.Text, $"mynetworks element '{element.Text}'", MynetworksClients, severity, why, server, exposed, relay)
                    .Fix ??= PrivateRangeFix(network, span);
            }

            // A client table that says OK to clients by address before the default deny is a trusted
            // list like mynetworks: judged by the same thresholds, at the table's line.
            foreach (var (entry, relay) in TableRelays(pipeline))
            {
                var (severity, why) = JudgeSet(relay.Addresses, context.Rule);
                if (severity == Severity.None)
                {
                    continue;
                }

                var by = relay.PermitStage.DecidedBy!;
                Add(hits, entry.Span, $"{by.Text}|{entry.Key}", $"its rule '{entry.Key} {entry.Result.Text}'", $"every client that {by.Text} says {entry.Result.Text} for", severity, why, server, exposed, relay);
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
            if (trusting is null || styleValue is not ("subnet" or "class"))
            {
                continue;
            }

            // The host's networks are not known: ask about a client anywhere in mynetworks.
            if (Relaying(pipeline, new SmtpClient(AddressSet.Everything, true), IsPermitMynetworks) is not { } styleRelay)
            {
                continue;
            }

            // One root cause for every service: the style line, else the level that defaults it, else
            // the inet_interfaces that makes the subnet public, else the top of main.cf.
            var where = style.Provenance?.Span ?? config.Get("compatibility_level").Provenance?.Span
                ?? interfaces.Provenance?.Span ?? Span.Line(config.Main.Source.Path, 1, config.Main.Source.LineLength(1));
            var because = style.IsDefault
                ? $"is left to mynetworks_style = {styleValue}, the default at compatibility_level {config.CompatibilityLevel}, which trusts every host of this server's {styleValue}"
                : $"is left to mynetworks_style = {styleValue}, which trusts every host of this server's {styleValue}";
            Add(hits, where, "(computed)", "mynetworks element '(computed)'", MynetworksClients, Severity.Warning, because, server, exposed, styleRelay);
        }

        foreach (var hit in hits)
        {
            Report(context, hit);
        }
    }

    private const string MynetworksClients = "every client in mynetworks";

    private static bool IsPermitMynetworks(StageResult stage) => stage.DecidedBy?.Info?.Effect == RestrictionEffect.PermitMynetworks;

    /// <summary>The client-table lines that let strangers relay, each with the addresses they cover (PF104 judges tables keyed by what a client sends).</summary>
    private static IEnumerable<(TableEntry Entry, Relay Relay)> TableRelays(SmtpdPipeline pipeline)
    {
        if (!pipeline.MayDecideBy(r => r.Info?.Effect == RestrictionEffect.ClientTable))
        {
            yield break;
        }

        var stranger = SmtpClient.Stranger;
        var entries = pipeline.Walk(stranger)
            .Where(o => o.Relays)
            .SelectMany(o => o.Stages.Where(s => s.Stage is SmtpdStage.Relay or SmtpdStage.Recipient && s.Decision == StageDecision.Permit
                && s.DecidedBy?.Info?.Effect == RestrictionEffect.ClientTable && s.Entry is not null).Select(s => s.Entry!))
            .Distinct();
        foreach (var entry in entries)
        {
            if (Relaying(pipeline, stranger, s => s.Entry == entry && s.DecidedBy?.Info?.Effect == RestrictionEffect.ClientTable) is { } relay)
            {
                yield return (entry, relay);
            }
        }
    }

    /// <summary>What a client gets: the addresses that relay because <paramref name="lifts"/> is the permit that lifts the default deny, or null.</summary>
    private static Relay? Relaying(SmtpdPipeline pipeline, SmtpClient client, Func<StageResult, bool> lifts)
    {
        var outcomes = pipeline.Walk(client);
        AddressSet? relaying = null;
        StageResult? permitStage = null;
        var unknowns = new List<Restriction>();
        foreach (var outcome in outcomes.Where(o => o.Relays))
        {
            var stage = outcome.Stages.FirstOrDefault(s => s.Stage is SmtpdStage.Relay or SmtpdStage.Recipient
                && s.Decision == StageDecision.Permit && lifts(s));
            if (stage is null)
            {
                continue;
            }

            relaying = relaying is null ? outcome.Addresses : relaying.Union(outcome.Addresses);
            permitStage ??= stage;
            unknowns.AddRange(outcome.Unknowns.Where(u => !unknowns.Contains(u)));
        }

        if (relaying is null || permitStage is null)
        {
            return null;
        }

        var refusedBy = outcomes.Where(o => !o.Relays).Select(o => o.RefusedAt?.DecidedBy).FirstOrDefault(r => r is not null);
        return new Relay(relaying, permitStage, unknowns, refusedBy);
    }

    /// <summary>
    /// 172.0.0.0/8 and 192.0.0.0/8 are public /8s that hold one RFC 1918 range each; written as a
    /// mynetworks element they almost always mean that range (the office-mx scenario). The fix
    /// narrows the element to it: unsafe, because which clients relay changes, as intended.
    /// </summary>
    private static Fix? PrivateRangeFix(IPNetwork network, Span span)
    {
        var meant = network.PrefixLength != 8 ? null
            : network.BaseAddress.Equals(IPAddress.Parse("172.0.0.0")) ? "172.16.0.0/12"
            : network.BaseAddress.Equals(IPAddress.Parse("192.0.0.0")) ? "192.168.0.0/16"
            : null;
        return meant is null ? null
            : new Fix($"Replace {network} (a /8 of public addresses) with {meant}, the private range (RFC 1918) it most likely means; clients outside {meant} no longer relay", [new Replacement(span, meant)]);
    }

    private static Hit Add(List<Hit> hits, Span span, string key, string element, string clients, Severity severity, string why, SmtpServer server, Listener exposed, Relay relay)
    {
        var hit = hits.FirstOrDefault(h => h.Span == span);
        if (hit is null)
        {
            hit = new Hit(span, key, element, clients, severity, why);
            hits.Add(hit);
        }
        else if (severity > hit.Severity)
        {
            hit.Severity = severity;
            hit.Why = why;
        }

        if (!hit.Servers.Any(s => s.Server.Listening == server.Listening))
        {
            hit.Servers.Add((server, exposed, relay));
        }

        return hit;
    }

    private static void Report(RuleContext context, Hit hit)
    {
        var config = context.Config;
        var (first, _, relay) = hit.Servers[0];
        var permit = relay.PermitStage.DecidedBy!;
        var permitText = permit.Span is null
            ? $"{relay.PermitStage.List.Parameter} default at compatibility_level {config.CompatibilityLevel}"
            : $"{permit.Name} in {relay.PermitStage.List.Parameter}";
        var who = hit.Servers.Count == 1
            ? $"{first.Listening.Label} listens on {hit.Servers[0].Exposed} and lets"
            : string.Join(", ", hit.Servers.SkipLast(1).Select(s => $"{s.Server.Listening.Label} ({s.Exposed})"))
              + $" and {hit.Servers[^1].Server.Listening.Label} ({hit.Servers[^1].Exposed}) let";

        // The listeners first, then the permit_mynetworks that let them relay (once each).
        var related = hit.Servers.Select(s => new RelatedLocation(s.Exposed.Span, $"{s.Server.Listening.Label} listens on {s.Exposed}.")).ToList();
        foreach (var (_, _, r) in hit.Servers)
        {
            if (r.PermitStage.DecidedBy?.Span is { } permitSpan && related.All(x => x.Span != permitSpan))
            {
                related.Add(new RelatedLocation(permitSpan, r.PermitStage.Entry is null
                    ? $"permit_mynetworks in {r.PermitStage.List.Parameter} lets mynetworks relay."
                    : $"{r.PermitStage.DecidedBy!.Text} in {r.PermitStage.List.Parameter}, before the default deny."));
            }
        }

        var unknowns = hit.Servers.SelectMany(s => s.Relay.Unknowns).Select(u => u.Text).Distinct().ToList();
        var unknown = unknowns.Count == 0 ? string.Empty
            : $" Unless {string.Join(" or ", unknowns)} refuses them first: ConfigLint cannot see {(unknowns.Count == 1 ? "its answers" : "their answers")}.";
        context.Report(hit.Span,
            context.Format(("who", who), ("clients", hit.Clients), ("permit", permitText), ("element", hit.Element), ("why", hit.Why), ("unknown", unknown)),
            related, fix: hit.Fix, key: hit.Key, severity: hit.Severity);
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
            _ => !AddressRanges.IsLoopback(element.Address!) && AddressRanges.CoversPublic(new IPNetwork(element.Address!, element.Address!.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)),
        };
    }

    /// <summary>
    /// The elements smtpd can get to. An unbracketed IPv6 element is a lookup table to Postfix
    /// (PF201): with a non-empty "type" (<c>2001:db8::/32</c>) every lookup that reaches it fails and
    /// the client gets 451 4.3.0, so no element after it ever matches; with an empty one
    /// (<c>::1/128</c>) smtpd dies when it opens the list and nothing relays at all. Both verified
    /// against Postfix 3.7 by the oracle tests (tests/ConfigLint.Rules.Tests/Oracle).
    /// An element with host bits set stops its address family (POSTFIX-SEMANTICS.md §7).
    /// </summary>
    private static IEnumerable<MatchElement> ReachableElements(MatchList list)
    {
        var reachable = new List<MatchElement>();
        var brokenFamilies = new HashSet<System.Net.Sockets.AddressFamily>();
        foreach (var element in list.Elements)
        {
            if (element.Kind == MatchElementKind.IPv6Network && !element.Bracketed)
            {
                return element.Pattern.StartsWith(':') ? [] : reachable;
            }

            // Host bits set (PF108): every client of that family that gets here ends the match with
            // an error (451 4.3.0), so neither this element nor a later one of its family trusts anyone.
            if (element.Network is { } n && (element.HasHostBits || brokenFamilies.Contains(n.BaseAddress.AddressFamily)))
            {
                brokenFamilies.Add(n.BaseAddress.AddressFamily);
                continue;
            }

            reachable.Add(element);
        }

        return reachable;
    }

    /// <summary>The worst verdict over the networks that make up <paramref name="addresses"/>.</summary>
    private static (Severity Severity, string Why) JudgeSet(AddressSet addresses, RuleDescriptor rule) =>
        addresses.ToNetworks().Select(n => Judge(n, rule)).OrderByDescending(j => j.Severity).FirstOrDefault((Severity.None, string.Empty));

    internal static (Severity Severity, string Why) Judge(IPNetwork network, RuleDescriptor rule)
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

    /// <summary>The addresses that relay, the stage whose permit_mynetworks let them, what could not be read, and what refuses the rest.</summary>
    private sealed record Relay(AddressSet Addresses, StageResult PermitStage, IReadOnlyList<Restriction> Unknowns, Restriction? RefusedBy);

    /// <summary>One finding in the making: a mynetworks element (or the computed mynetworks) and every server it lets relay.</summary>
    private sealed class Hit(Span span, string key, string element, string clients, Severity severity, string why)
    {
        public Span Span { get; } = span;

        /// <summary>What the finding's fingerprint is keyed on: the element as written (or the table and its rule).</summary>
        public string Key { get; } = key;

        public string Element { get; } = element;

        public string Clients { get; } = clients;

        public Severity Severity { get; set; } = severity;

        /// <summary>The repair, when the element is a public /8 around a private range (see <see cref="PrivateRangeFix"/>).</summary>
        public Fix? Fix { get; set; }

        public string Why { get; set; } = why;

        public List<(SmtpServer Server, Listener Exposed, Relay Relay)> Servers { get; } = [];
    }
}
