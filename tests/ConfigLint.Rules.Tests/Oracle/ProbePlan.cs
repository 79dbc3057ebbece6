using System.Net;

namespace ConfigLint.Rules.Tests.Oracle;

/// <summary>Which side of PF101's scale a probe address is on.</summary>
public enum ProbeClass
{
    /// <summary>A routable internet address (not private, loopback, link-local or documentation).</summary>
    Public,

    /// <summary>RFC 1918, CGNAT 100.64.0.0/10 or ULA fc00::/7.</summary>
    Private,
}

/// <summary>One fixed probe: the client address claimed with XCLIENT.</summary>
public sealed record ProbeAddress(string Address, ProbeClass Class, string Why);

/// <summary>
/// The fixed probe set. Every probe is an XCLIENT claim: the probe connects from a loopback
/// address inside the oracle's private network namespace and tells smtpd "treat me as ADDR";
/// no packet is ever sent to or from ADDR. smtpd then applies mynetworks and the relay
/// restrictions to ADDR exactly as for a real client from there.
///
/// The set is chosen against PF101's thresholds (rules/relay/PF101.yaml): an element wider than
/// one /24 (/48) that covers public space covers at least one public probe in the configurations
/// we test (the whole internet, its two halves, 172.0.0.0/8 for 172.16.0.0/12, an IPv6 /0), and no
/// probe lies in a network of /24 (/48) or less that a "fine" element would name: each public
/// probe is far from the documentation, office and loopback networks used as narrow elements.
/// The price of a fixed set: a public network wider than /24 that happens to contain none of
/// these addresses (say 11.22.32.0/23) would be an error by the rule and invisible to the
/// oracle; the generator therefore draws public elements from wide networks only, and the
/// report says so.
///
/// Documentation addresses (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) are
/// NOT public by the rule's definition and are not probes.
/// </summary>
public static class ProbePlan
{
    public static readonly IReadOnlyList<ProbeAddress> Addresses =
    [
        new("8.8.8.8", ProbeClass.Public, "low half 0.0.0.0/1"),
        new("1.1.1.1", ProbeClass.Public, "low half, first /8s"),
        new("64.1.2.3", ProbeClass.Public, "low half, 64.0.0.0/2"),
        new("100.0.0.1", ProbeClass.Public, "public, just below CGNAT 100.64.0.0/10"),
        new("130.1.2.3", ProbeClass.Public, "high half 128.0.0.0/1"),
        new("172.1.2.3", ProbeClass.Public, "inside the 172.0.0.0/8 typo, outside 172.16.0.0/12"),
        new("200.1.2.3", ProbeClass.Public, "high half, 192.0.0.0/2 but not 192.168/16"),
        new("2a00:1450::1", ProbeClass.Public, "IPv6 global unicast 2000::/3"),
        new("2600::1", ProbeClass.Public, "IPv6 global unicast, a second /12"),
        new("10.1.2.3", ProbeClass.Private, "10.0.0.0/8"),
        new("10.20.99.7", ProbeClass.Private, "a neighbour on the simulated LAN 10.20.0.0/16 (OracleRunner.LanAddress), outside any /24 we write: relays only when mynetworks_style subnet/class (or an element wider than /24) trusts the LAN"),
        new("172.16.1.2", ProbeClass.Private, "172.16.0.0/12"),
        new("192.168.1.2", ProbeClass.Private, "192.168.0.0/16, outside the office 192.168.10.0/24"),
        new("100.64.0.1", ProbeClass.Private, "CGNAT 100.64.0.0/10"),
        new("fd00::1", ProbeClass.Private, "ULA fc00::/7"),
    ];

    /// <summary>Where the witness smtpd listens (see <see cref="HarnessArguments"/>).</summary>
    public const string Witness = "127.0.0.254:10025";

    public static ProbeClass? ClassOf(string? xclient) =>
        xclient is null ? null : Addresses.FirstOrDefault(a => IPAddress.Parse(a.Address).Equals(IPAddress.Parse(xclient)))?.Class;

    /// <summary>
    /// Harness arguments: every fixed probe to every non-loopback listener, one plain probe to
    /// every listener (so each smtpd service starts at least once and logs the lists it cannot
    /// open), and the effective inet_interfaces and mynetworks as the sandboxed postconf sees them.
    /// </summary>
    /// <param name="withoutHelo">
    /// Also probe every address without HELO after XCLIENT: HELO restrictions only see a client
    /// that sends HELO, and one need not unless smtpd_helo_required = yes. A client relays when
    /// either way works.
    /// </param>
    public static List<string> HarnessArguments(bool withoutHelo = false)
    {
        var args = new List<string>
        {
            "--probe-every-listener", "label=reach", "--param", "inet_interfaces", "--param", "mynetworks", "--timeout", "10", "--logs", "trouble",

            // A loopback-only smtpd with main.cf's own settings: PF201 judges main.cf's lists even
            // when every service of the configuration overrides them with -o, because they are
            // wrong as written; the witness shows what Postfix makes of them. Loopback, so it
            // plays no part in PF101 (non-loopback listeners only) or PF202.
            "--witness", Witness,
        };
        foreach (var a in Addresses)
        {
            args.Add("--probe-listeners");
            args.Add($"xclient={a.Address},label={a.Class.ToString().ToLowerInvariant()}");
            if (withoutHelo)
            {
                args.Add("--probe-listeners");
                args.Add($"xclient={a.Address},nohelo=1,label={a.Class.ToString().ToLowerInvariant()}");
            }
        }

        return args;
    }
}
