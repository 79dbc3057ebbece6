using ConfigLint.Core.Model.Tls;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF409: the smtp client that delivers mail to other domains (default_transport) requires TLS for every
/// destination (encrypt, fingerprint, dane-only, verify, secure) while mail goes straight to each domain's
/// MX hosts (no relayhost, no next hop in default_transport). Mail to a domain whose servers do not offer
/// STARTTLS, or whose certificates do not pass the check, is deferred and finally bounced.
/// </summary>
[Rule("PF409")]
public sealed class PF409OutboundEncryptGlobal : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        var route = config.Outbound;
        if (config.Main is null || !route.IsDirect || route.DefaultService is not { } service || service.Command.Text != "smtp")
        {
            return;
        }

        var tls = config.OutboundTls(service);
        if (tls.Level is not { } level || !level.IsMandatory() || tls.LevelCause is not { } cause || ValueOrigin.Of(cause) is not { } span)
        {
            return;
        }

        var check = level switch
        {
            TlsLevel.Encrypt => "do not offer STARTTLS",
            TlsLevel.DaneOnly => "publish no DNSSEC-signed TLSA records",
            TlsLevel.Fingerprint => "present a certificate whose fingerprint is not in smtp_tls_fingerprint_cert_match",
            _ => "do not offer STARTTLS or present a certificate that does not verify for the names smtp checks",
        };
        var related = TlsFindings.WrittenAt(route.DefaultTransportValue, $"default_transport = {route.DefaultTransportValue.Value.Trim()}: no next hop.")
            .Concat(TlsFindings.WrittenAt(route.Relayhost, "relayhost is empty: mail goes to each domain's MX hosts."));
        context.Report(span,
            context.Format(("service", service.Label), ("level", TlsFindings.Describe(cause, config)), ("check", check)),
            TlsFindings.Distinct(span, related),
            key: service.Key);
    }
}
