using System.Net;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Model.Tls;

/// <summary>
/// One next-hop destination as <c>relayhost</c> and transport next hops write it: <c>[host]:port</c>
/// (no MX lookup), <c>host:port</c>, <c>host</c>, <c>[ipv6:2001:db8::1]:587</c> (postconf(5) relayhost,
/// smtp(8) "destination").
/// </summary>
public sealed record NextHop(string Text, string Host, bool Bracketed, string? Port, Span? Span)
{
    /// <summary>The port as a number (a service name resolved as /etc/services does), or null for the default.</summary>
    public int? PortNumber => Port is null ? null : WellKnownPorts.Resolve(Port);

    /// <summary>A loopback address or localhost: the credentials and the mail never leave the machine.</summary>
    public bool IsLoopback
    {
        get
        {
            var host = Host.StartsWith("ipv6:", StringComparison.OrdinalIgnoreCase) ? Host[5..] : Host;
            return IPAddress.TryParse(host, out var ip) ? AddressRanges.IsLoopback(ip) : AddressRanges.IsLoopbackName(host);
        }
    }

    public override string ToString() => Text;

    /// <summary>Reads one destination; <paramref name="span"/> is where it is written.</summary>
    public static NextHop Parse(string text, Span? span)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close > 0)
            {
                var rest = text[(close + 1)..];
                return new NextHop(text, text[1..close], true, rest.StartsWith(':') && rest.Length > 1 ? rest[1..] : null, span);
            }
        }

        var colon = text.LastIndexOf(':');
        return colon > 0 && text.IndexOf(':', StringComparison.Ordinal) == colon
            ? new NextHop(text, text[..colon], false, text[(colon + 1)..], span)
            : new NextHop(text, text, false, null, span);
    }
}

/// <summary>
/// Where mail to other domains goes, as main.cf says it for every destination: <c>relayhost</c>, and
/// the transport and next hop of <c>default_transport</c> (trivial-rewrite resolve.c: a next hop in the
/// transport overrides relayhost). Per-destination routes (<c>transport_maps</c>,
/// <c>sender_dependent_relayhost_maps</c>, <c>sender_dependent_default_transport_maps</c>) are tables
/// ConfigLint does not read.
/// </summary>
public sealed class OutboundRoute
{
    internal OutboundRoute(ParameterValues values, MasterCfDocument? master)
    {
        Relayhost = values.Get("relayhost");
        Relayhosts = ListItems.Of(Relayhost).Items.Select(i => NextHop.Parse(i.Text, i.Span)).ToList();
        DefaultTransportValue = values.Get("default_transport");
        var transport = DefaultTransportValue.Value.Trim();
        var colon = transport.IndexOf(':', StringComparison.Ordinal);
        DefaultTransport = colon < 0 ? transport : transport[..colon];
        var nexthop = colon < 0 ? string.Empty : transport[(colon + 1)..];
        DefaultNextHop = nexthop.Length > 0 ? NextHop.Parse(nexthop, DefaultTransportValue.Expanded.SpanOf(colon + 1 + DefaultTransportValue.Value.IndexOf(transport, StringComparison.Ordinal), nexthop.Length)) : null;
        DefaultService = master?.EffectiveServices.FirstOrDefault(s => s.Name == DefaultTransport && s.TypeName == "unix");
    }

    public EffectiveValue Relayhost { get; }

    /// <summary>The destinations of <c>relayhost</c> (empty: mail goes to each domain's MX).</summary>
    public IReadOnlyList<NextHop> Relayhosts { get; }

    public EffectiveValue DefaultTransportValue { get; }

    /// <summary>The master.cf service name of <c>default_transport</c> ("smtp").</summary>
    public string DefaultTransport { get; }

    /// <summary>The next hop written in <c>default_transport</c> (<c>smtp:[relay.example]:587</c>), or null.</summary>
    public NextHop? DefaultNextHop { get; }

    /// <summary>The master.cf entry that delivers default_transport mail (type unix), or null when master.cf has none.</summary>
    public MasterService? DefaultService { get; }

    /// <summary>The next hop of mail to other domains: default_transport's own, else relayhost's; empty when mail goes straight to MX hosts.</summary>
    public IReadOnlyList<NextHop> NextHops => DefaultNextHop is { } own ? [own] : Relayhosts;

    /// <summary>Mail to other domains goes straight to each domain's MX hosts.</summary>
    public bool IsDirect => NextHops.Count == 0;
}
