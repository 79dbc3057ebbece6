using ConfigLint.Core.Model;
using ConfigLint.Core.Model.Tls;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// PF402: an smtpd that other mail servers reach on port 25 offers SASL AUTH (smtpd_sasl_auth_enable =
/// yes for that service: with smtpd_tls_auth_only it is offered after STARTTLS, otherwise at once). A
/// note: AUTH belongs on submission and submissions. One finding per written smtpd_sasl_auth_enable.
/// </summary>
[Rule("PF402")]
public sealed class PF402SaslOnPort25 : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        var hits = new List<(Span Span, SmtpServer Server, Listener Listener)>();
        foreach (var server in config.SmtpServers)
        {
            if (server.PublicOn(25, config.Network) is not { } listener)
            {
                continue;
            }

            var tls = config.InboundTls(server.Answering);
            if (!tls.SaslEnabled || tls.IsLevelInvalid || ValueOrigin.Of(tls.SaslEnableValue) is not { } span)
            {
                continue;
            }

            hits.Add((span, server, listener));
        }

        foreach (var group in hits.GroupBy(h => h.Span))
        {
            var servers = group.Select(h => (h.Server, h.Listener)).ToList();
            context.Report(group.Key,
                context.Format(("who", TlsFindings.Who(servers)), ("offer", TlsFindings.Verb(servers, "offers", "offer"))),
                TlsFindings.Distinct(group.Key, TlsFindings.Listening(servers)),
                key: string.Join(",", servers.Select(s => s.Server.Listening.Key)));
        }
    }
}
