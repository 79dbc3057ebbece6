using ConfigLint.Core.Model.Tls;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF413: the smtp client logs in to the relayhost (smtp_sasl_auth_enable = yes for the default_transport
/// service) while its TLS level is below encrypt (none, may, dane: TLS optional or off) and
/// smtp_sasl_security_options, which chooses the mechanisms on a session without TLS, allows plaintext
/// ones (smtp_sasl_proto.c smtp_sasl_helo_login()). A relayhost on loopback (a local filter) and one on
/// port 465 (where smtp cannot talk without wrapper-mode TLS at encrypt or above, smtp_connect.c) are not
/// reported.
/// </summary>
[Rule("PF413")]
public sealed class PF413RelayhostCredentialsInClear : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        var route = config.Outbound;
        var hops = route.NextHops.Where(h => !h.IsLoopback && h.PortNumber != 465).ToList();
        if (config.Main is null || hops.Count == 0 || route.DefaultService is not { } service || service.Command.Text != "smtp")
        {
            return;
        }

        var tls = config.OutboundTls(service);
        if (!tls.SaslEnabled || tls.Level is not { } level || level.IsMandatory() || tls.SaslOptions.ExcludesPlaintext
            || ValueOrigin.Of(tls.SaslEnableValue) is not { } span)
        {
            return;
        }

        var how = level == TlsLevel.None
            ? "the session is never encrypted"
            : "TLS is only opportunistic, so without STARTTLS (or when an attacker strips it from the greeting) the session stays in clear";
        var unknown = tls.HasPolicyMaps
            ? " Unless smtp_tls_policy_maps gives the relayhost encrypt or higher: ConfigLint does not read that table."
            : string.Empty;
        var related = TlsFindings.WrittenAt(route.DefaultNextHop is null ? route.Relayhost : route.DefaultTransportValue, "Mail to other domains goes to this relayhost.")
            .Concat(TlsFindings.WrittenAt(tls.LevelCause, $"{tls.LevelCause?.Name} = {tls.LevelCause?.Value.Trim()}: TLS is not required."))
            .Concat(TlsFindings.WrittenAt(tls.SaslOptions.Value, "smtp_sasl_security_options lacks noplaintext."));
        context.Report(span,
            context.Format(
                ("relayhost", string.Join(", ", hops.Select(h => h.Text))),
                ("level", TlsFindings.Describe(tls.LevelValue, config)),
                ("how", how),
                ("options", tls.SaslOptions.Value.Value.Trim()),
                ("unknown", unknown)),
            TlsFindings.Distinct(span, related),
            key: service.Key);
    }
}
