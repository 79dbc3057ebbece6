using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.Core.Model.Tls;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// PF412: certificate fingerprints are computed with MD5 (<c>*_tls_fingerprint_digest = md5</c>), for which
/// collisions are practical. A written md5 is always reported. The built-in default is md5 in 3.4 and 3.5
/// and below compatibility level 3.6 in later releases; it is reported only where fingerprints decide
/// something: relay_clientcerts, check_ccert_access or permit_tls_clientcerts for smtpd; the fingerprint
/// level or smtp_tls_fingerprint_cert_match for smtp; lmtp_tls_fingerprint_cert_match for lmtp.
/// </summary>
[Rule("PF412")]
public sealed class PF412Md5Fingerprints : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        var reported = new HashSet<Span>();
        foreach (var (service, parameter, value) in TlsFindings.Settings(config, "_tls_fingerprint_digest"))
        {
            if (!value.Value.Trim().Equals("md5", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var use = Use(config, parameter);
            var written = ValueOrigin.Of(value);
            if (written is null && (use is null || config.Main is null))
            {
                continue;
            }

            var raised = config.DefaultAt(parameter, config.Release.NewestCompatibilityLevel, service).Value.Trim();
            var level = config.CompatibilityLevelSetting.Definition?.ValueSpan;
            var span = written ?? (raised != "md5" && level is { } l ? l : use!.Value.Span);
            if (!reported.Add(span))
            {
                continue;
            }

            var fix = written is null && raised != "md5"
                ? $"compatibility_level = {config.Release.NewestCompatibilityLevel} makes it {raised}"
                : "set it to sha256";
            var related = use is { } u ? new List<RelatedLocation> { new(u.Span, $"{u.What} matches certificates by {parameter}.") } : [];
            context.Report(span,
                context.Format(
                    ("what", TlsFindings.Describe(value, config)),
                    ("use", use is { } x ? $" {x.What} matches certificates by these fingerprints" : " the certificate fingerprints that access tables and TLS policies match are computed with it"),
                    ("fix", fix)),
                TlsFindings.Distinct(span, related),
                key: parameter);
        }
    }

    /// <summary>Where the family of <paramref name="parameter"/> matches certificates by fingerprint, or null.</summary>
    private static (Span Span, string What)? Use(PostfixConfig config, string parameter)
    {
        if (parameter.StartsWith("smtpd_", StringComparison.Ordinal))
        {
            if (ValueOrigin.Of(config.Get("relay_clientcerts")) is { } relay && config.Get("relay_clientcerts").Value.Trim().Length > 0)
            {
                return (relay, "relay_clientcerts");
            }

            foreach (var server in config.SmtpServers)
            {
                var pipeline = config.Smtpd(server.Answering);
                foreach (var stage in Enum.GetValues<Core.Model.Smtpd.SmtpdStage>())
                {
                    foreach (var r in pipeline[stage].Flatten())
                    {
                        if (r.Span is { } s && (r.Name.Equals("check_ccert_access", StringComparison.OrdinalIgnoreCase) || r.Name.Equals("permit_tls_clientcerts", StringComparison.OrdinalIgnoreCase)))
                        {
                            return (s, r.Name);
                        }
                    }
                }
            }

            return null;
        }

        var prefix = parameter[..parameter.IndexOf("_tls_", StringComparison.Ordinal)];
        if (prefix is not ("smtp" or "lmtp"))
        {
            return null;
        }

        var match = config.Get($"{prefix}_tls_fingerprint_cert_match");
        if (match.Value.Trim().Length > 0 && ValueOrigin.Of(match) is { } m)
        {
            return (m, match.Name);
        }

        var level = config.Get($"{prefix}_tls_security_level");
        return level.Value.Trim().Equals("fingerprint", StringComparison.OrdinalIgnoreCase) && ValueOrigin.Of(level) is { } f
            ? (f, $"{level.Name} = fingerprint")
            : null;
    }
}
