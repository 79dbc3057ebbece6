using ConfigLint.Core.Model;
using ConfigLint.Core.Model.Tls;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// PF407: an smtpd that other mail servers reach on port 25 offers no STARTTLS: its effective
/// smtpd_tls_security_level is none or empty (and the old smtpd_use_tls and smtpd_enforce_tls are off),
/// so ehlo_cmd() never announces STARTTLS (smtpd.c). Without a main.cf the defaults are not known to
/// be in force and nothing is said (as PF101 does).
/// </summary>
[Rule("PF407")]
public sealed class PF407InboundTlsOff : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        var hits = new List<(Span Span, SmtpServer Server, Listener Listener, SmtpdTls Tls)>();
        foreach (var server in config.SmtpServers)
        {
            if (server.PublicOn(25, config.Network) is not { } listener)
            {
                continue;
            }

            var tls = config.InboundTls(server.Answering);
            if (tls.UsesTls || tls.IsLevelInvalid)
            {
                continue;
            }

            var written = ValueOrigin.Of(tls.LevelValue);
            if (written is null && config.Main is null)
            {
                continue;
            }

            hits.Add((written ?? listener.Span, server, listener, tls));
        }

        foreach (var group in hits.GroupBy(h => h.Span))
        {
            var servers = group.Select(h => (h.Server, h.Listener)).ToList();
            var tls = group.First().Tls;
            context.Report(group.Key,
                context.Format(
                    ("who", TlsFindings.Who(servers)),
                    ("offer", TlsFindings.Verb(servers, "offers", "offer")),
                    ("level", TlsFindings.Describe(tls.LevelValue, config))),
                TlsFindings.Distinct(group.Key, TlsFindings.Listening(servers)),
                key: string.Join(",", servers.Select(s => s.Server.Listening.Key)));
        }
    }
}
