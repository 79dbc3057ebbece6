using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.Core.Model.Smtpd;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// PF108: a network written with host bits set (<c>10.1.2.3/8</c>). In mynetworks, match_hostaddr()
/// gets "non-null host address bits" from cidr_match_parse() for every client of that address
/// family that reaches the element, and the match fails with an error: permit_mynetworks answers
/// 451 4.3.0. In a <c>cidr:</c> table, dict_cidr skips the rule with a warning.
/// </summary>
[Rule("PF108")]
public sealed class PF108CidrHostBits : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        var reported = new HashSet<Span>();
        var services = config.SmtpServers.Select(s => (MasterService?)s.Answering).DefaultIfEmpty(null).Distinct().ToList();
        foreach (var service in services)
        {
            var permits = config.Smtpd(service).UsesPermitMynetworks;
            foreach (var element in config.MatchList("mynetworks", service).Elements.Where(e => e.HasHostBits && !e.Negated))
            {
                if (element.Span is not { } span || !reported.Add(span))
                {
                    continue;
                }

                var network = element.Network!.Value;
                var family = network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
                var effect = permits
                    ? $"permit_mynetworks answers 451 4.3.0 Temporary lookup failure to every {family} client that no element before it matches, and the element trusts no one"
                    : $"every lookup of an {family} client in mynetworks that gets there fails, and the element trusts no one";
                context.Report(span, context.Format(
                    ("where", "mynetworks element"), ("pattern", element.Pattern), ("warning", $"mynetworks: {HostBitsText(element.Pattern, network)}"),
                    ("effect", effect), ("fix", network.ToString())),
                    fix: null, key: $"mynetworks|{element.Pattern}", severity: permits ? Severity.Error : Severity.Warning);
            }
        }

        foreach (var reference in config.TableReferences().Where(r => r.Type.Equals("cidr", StringComparison.OrdinalIgnoreCase)))
        {
            if (config.Tables.Cidr(reference) is not { } table)
            {
                continue;
            }

            foreach (var rule in table.HostBits)
            {
                if (!reported.Add(rule.Span))
                {
                    continue;
                }

                var related = reference.Span is { } used ? [new RelatedLocation(used, $"{reference.Text} is used here.")] : new List<RelatedLocation>();
                context.Report(rule.Span, context.Format(
                    ("where", $"{reference.Text} rule"), ("pattern", rule.Pattern),
                    ("warning", $"cidr map {reference.Name}, line {rule.Span.StartLine}: {HostBitsText(rule.Pattern, rule.Suggested)}: skipping this rule"),
                    ("effect", "the rule matches no client at all"), ("fix", rule.Suggested.ToString())),
                    related, key: $"{reference.Text}|{rule.Pattern}", severity: Severity.Warning);
            }
        }
    }

    /// <summary>cidr_match_parse()'s text: the pattern as written, the network it would be.</summary>
    private static string HostBitsText(string pattern, System.Net.IPNetwork network) =>
        $"non-null host address bits in \"{pattern}\", perhaps you should use \"{(network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{network.BaseAddress}]" : network.BaseAddress.ToString())}/{network.PrefixLength}\" instead";
}
