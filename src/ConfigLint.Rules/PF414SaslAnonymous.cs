using ConfigLint.Core.Model;
using ConfigLint.Core.Model.Tls;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// PF414: a network-reachable smtpd offers SASL AUTH and a security options list that applies to it lacks
/// noanonymous: smtpd_sasl_security_options before TLS, smtpd_sasl_tls_security_options after STARTTLS and
/// in wrapper mode (smtpd.c). The SASL backend then offers ANONYMOUS wherever it has it: Cyrus SASL with
/// its plugins installed does (the oracle shows AUTH ... ANONYMOUS), Dovecot where it is configured.
/// </summary>
[Rule("PF414")]
public sealed class PF414SaslAnonymous : IRuleLogic
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

        var hits = new List<(Span Span, SmtpServer Server, Listener Listener, SaslSecurityOptions Options, string When)>();
        foreach (var server in config.SmtpServers)
        {
            if (server.Exposed is not { } listener)
            {
                continue;
            }

            var tls = config.InboundTls(server.Answering);
            if (!tls.SaslEnabled || tls.IsLevelInvalid)
            {
                continue;
            }

            if (tls.AuthBeforeTls && !tls.SaslOptions.ExcludesAnonymous && ValueOrigin.Of(tls.SaslOptions.Value) is { } before)
            {
                hits.Add((before, server, listener, tls.SaslOptions, "before TLS"));
            }

            if (tls.Works && !tls.SaslTlsOptions.ExcludesAnonymous && ValueOrigin.Of(tls.SaslTlsOptions.Value) is { } after)
            {
                hits.Add((after, server, listener, tls.SaslTlsOptions, tls.WrapperMode ? "over TLS" : "after STARTTLS"));
            }
        }

        foreach (var group in hits.GroupBy(h => h.Span))
        {
            var servers = group.Select(h => (h.Server, h.Listener)).Distinct().ToList();
            var first = group.First();
            var when = string.Join(" and ", group.Select(h => h.When).Distinct());
            context.Report(group.Key,
                context.Format(
                    ("who", TlsFindings.Who(servers)),
                    ("offer", TlsFindings.Verb(servers, "offers", "offer")),
                    ("when", when),
                    ("options", TlsFindings.Describe(first.Options.Value, config))),
                TlsFindings.Distinct(group.Key, TlsFindings.Listening(servers)),
                key: string.Join(",", servers.Select(s => s.Server.Listening.Key)));
        }
    }
}
