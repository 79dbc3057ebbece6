using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.Core.Model.Tls;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// PF401: a network-reachable smtpd offers AUTH before TLS (smtpd_tls_auth_only = no and TLS not
/// enforced, or no working TLS at all) and smtpd_sasl_security_options, which filters the mechanisms
/// offered without TLS, does not exclude plaintext ones (smtpd.c smtpd_proto(): smtpd_sasl_activate()
/// with smtpd_sasl_security_options unless smtpd_tls_auth_only or enforced TLS). One finding per
/// written smtpd_sasl_auth_enable, with every server it reaches.
/// </summary>
[Rule("PF401")]
public sealed class PF401AuthWithoutTls : IRuleLogic
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
            if (server.Exposed is not { } exposed)
            {
                continue;
            }

            var tls = config.InboundTls(server.Answering);
            if (!tls.AuthBeforeTls || tls.SaslOptions.ExcludesPlaintext || tls.IsLevelInvalid)
            {
                continue;
            }

            hits.Add((ValueOrigin.Of(tls.SaslEnableValue) ?? exposed.Span, server, exposed, tls));
        }

        foreach (var group in hits.GroupBy(h => h.Span))
        {
            var servers = group.Select(h => (h.Server, h.Listener)).ToList();
            var first = group.First().Tls;
            var noTls = group.Any(h => !h.Tls.Works);
            var why = !first.UsesTls ? $"TLS is off: {TlsFindings.Describe(first.LevelValue, config)}"
                : !first.Works ? "STARTTLS fails: no server certificate is configured"
                : $"{TlsFindings.Describe(first.AuthOnlyValue, config)} and TLS is optional";
            var related = TlsFindings.Listening(servers)
                .Concat(TlsFindings.WrittenAt(first.AuthOnlyValue, "smtpd_tls_auth_only = no: AUTH is offered before STARTTLS."))
                .Concat(TlsFindings.WrittenAt(first.LevelCause, $"{first.LevelCause?.Name} = {first.LevelCause?.Value.Trim()}."))
                .Concat(TlsFindings.WrittenAt(first.SaslOptions.Value, "smtpd_sasl_security_options lacks noplaintext."));
            context.Report(group.Key,
                context.Format(
                    ("who", TlsFindings.Who(servers)),
                    ("offer", TlsFindings.Verb(servers, "offers", "offer")),
                    ("why", why),
                    ("options", first.SaslOptions.Value.Value.Trim())),
                TlsFindings.Distinct(group.Key, related),
                key: string.Join(",", servers.Select(s => s.Server.Listening.Key)),
                severity: noTls ? Severity.Error : Severity.Warning);
        }
    }
}
