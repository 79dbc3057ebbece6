using ConfigLint.Core.Model;
using ConfigLint.Core.Model.Tls;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// PF403: a network-reachable smtpd on the submission port (587) does not enforce TLS: its effective level
/// is none or may (smtpd.c pre_jail_init()), so mail and logins are accepted without TLS. The finding sits
/// at the value that decides the level, else at the service's master.cf line.
/// </summary>
[Rule("PF403")]
public sealed class PF403SubmissionTlsNotRequired : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        var hits = new List<(Span Span, SmtpServer Server, Listener Listener, SmtpdTls Tls)>();
        foreach (var server in config.SmtpServers)
        {
            if (server.ExposedOn(587) is not { } listener)
            {
                continue;
            }

            var tls = config.InboundTls(server.Answering);
            if (tls.IsEnforced || tls.IsLevelInvalid)
            {
                continue;
            }

            // The service's own -o is the cause; a main.cf level is right for port 25, so the fix is an -o
            // on this service, and the finding sits at its master.cf line.
            var own = tls.LevelCause is { Provenance: MasterOverrideProvenance } cause ? ValueOrigin.Of(cause) : null;

            // Without a main.cf in view its level is not known (as PF101 assumes nothing about it).
            if (own is null && config.Main is null)
            {
                continue;
            }

            var span = own ?? server.Listening.Service.Span;
            hits.Add((span, server, listener, tls));
        }

        foreach (var group in hits.GroupBy(h => h.Span))
        {
            var servers = group.Select(h => (h.Server, h.Listener)).ToList();
            var tls = group.First().Tls;
            var level = tls.LevelCause is { } cause ? TlsFindings.Describe(cause, config) : "TLS off";
            context.Report(group.Key,
                context.Format(
                    ("who", TlsFindings.Who(servers)),
                    ("accept", TlsFindings.Verb(servers, "accepts", "accept")),
                    ("level", level),
                    ("effect", tls.UsesTls ? "TLS is optional" : "TLS is off")),
                TlsFindings.Distinct(group.Key, TlsFindings.Listening(servers)),
                key: string.Join(",", servers.Select(s => s.Server.Listening.Key)));
        }
    }
}
