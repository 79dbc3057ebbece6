using ConfigLint.Core.Model;
using ConfigLint.Core.Model.Tls;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// PF405: an smtpd that other mail servers reach on port 25 enforces TLS (smtpd_tls_security_level =
/// encrypt, the old smtpd_enforce_tls = yes, or wrapper mode). smtpd then answers every command but
/// EHLO, HELO, STARTTLS, NOOP and QUIT with "530 5.7.0 Must issue a STARTTLS command first" (smtpd.c
/// smtpd_proto()), so servers that do not use STARTTLS cannot deliver; RFC 3207 section 4 forbids it
/// on a publicly referenced server.
/// </summary>
[Rule("PF405")]
public sealed class PF405Port25TlsRequired : IRuleLogic
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
            if (!tls.IsEnforced || tls.LevelCause is not { } cause || ValueOrigin.Of(cause) is not { } span)
            {
                continue;
            }

            hits.Add((span, server, listener, tls));
        }

        foreach (var group in hits.GroupBy(h => h.Span))
        {
            var servers = group.Select(h => (h.Server, h.Listener)).ToList();
            var tls = group.First().Tls;
            var effect = tls.WrapperMode
                ? "smtpd expects a TLS handshake before it greets, so a server that connects to port 25 and waits for the 220 greeting gets nothing"
                : "smtpd answers MAIL FROM with \"530 5.7.0 Must issue a STARTTLS command first\" until the client starts TLS, so servers that do not use STARTTLS cannot deliver";
            context.Report(group.Key,
                context.Format(
                    ("who", TlsFindings.Who(servers)),
                    ("require", TlsFindings.Verb(servers, "requires", "require")),
                    ("level", TlsFindings.Describe(tls.LevelCause!, config)),
                    ("effect", effect)),
                TlsFindings.Distinct(group.Key, TlsFindings.Listening(servers)),
                key: string.Join(",", servers.Select(s => s.Server.Listening.Key)));
        }
    }
}
