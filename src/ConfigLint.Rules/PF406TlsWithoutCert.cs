using ConfigLint.Core.Model;
using ConfigLint.Core.Model.Tls;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// PF406: an smtpd turns TLS on (may, encrypt, wrapper mode) but names no server certificate. smtpd.c
/// pre_jail_init() then logs "No server certs available. TLS won't be enabled" and creates no TLS
/// context: STARTTLS (still announced) gets "454 4.7.0 TLS not available due to local problem",
/// with encrypt every MAIL FROM gets 530, and wrapper-mode connections are dropped. Whether the named
/// files exist is not checked: keys are rightly kept out of repositories. Anonymous TLS
/// (<c>smtpd_tls_cert_file = none</c>) that fails only because client certificates are asked for
/// ("Need a server cert to request client certs") is client-cert-settings' (PF417).
/// </summary>
[Rule("PF406")]
public sealed class PF406TlsWithoutCert : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        // Without a main.cf in view, what it sets (certificates, smtpd_tls_auth_only, the level, the SASL
        // options) is not known, so neither is the verdict (as PF101 assumes nothing about it).
        if (config.Main is null)
        {
            return;
        }

        var hits = new List<(Span Span, SmtpServer Server, Listener Listener, SmtpdTls Tls)>();
        foreach (var server in config.SmtpServers)
        {
            if (server.Listeners.Count == 0)
            {
                continue;
            }

            var tls = config.InboundTls(server.Answering);
            if (!tls.UsesTls || tls.Works || tls.AnonymousOnly || tls.LevelCause is not { } cause || ValueOrigin.Of(cause) is not { } span)
            {
                continue;
            }

            hits.Add((span, server, server.Exposed ?? server.Listeners[0], tls));
        }

        foreach (var group in hits.GroupBy(h => h.Span))
        {
            var servers = group.Select(h => (h.Server, h.Listener)).ToList();
            var tls = group.First().Tls;
            var effect = tls.WrapperMode ? "drops every connection before the greeting"
                : tls.IsEnforced ? "answers STARTTLS with \"454 4.7.0 TLS not available due to local problem\" and MAIL FROM with \"530 5.7.0 Must issue a STARTTLS command first\": no client can send mail"
                : "answers STARTTLS with \"454 4.7.0 TLS not available due to local problem\": clients go on without TLS, or give up";
            const string why = "no server certificate (smtpd_tls_chain_files, smtpd_tls_cert_file, smtpd_tls_eccert_file and smtpd_tls_dcert_file are all empty)";
            context.Report(group.Key,
                context.Format(
                    ("who", TlsFindings.Who(servers)),
                    ("turn", TlsFindings.Verb(servers, "turns", "turn")),
                    ("level", TlsFindings.Describe(tls.LevelCause!, config)),
                    ("why", why),
                    ("effect", effect)),
                TlsFindings.Distinct(group.Key, TlsFindings.Listening(servers)),
                key: string.Join(",", servers.Select(s => s.Server.Listening.Key)),
                severity: group.Any(h => h.Tls.IsEnforced) ? Severity.Error : Severity.Warning);
        }
    }
}
