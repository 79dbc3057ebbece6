using ConfigLint.Core.Model;
using ConfigLint.Core.Model.Tls;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF404: an smtpd listens on port 465 (smtps, submissions) without smtpd_tls_wrappermode = yes. It then
/// greets in plaintext (smtpd.c smtpd_proto() only starts TLS on connect in wrapper mode), while clients of
/// port 465 begin with a TLS handshake (RFC 8314): neither side understands the other.
/// </summary>
[Rule("PF404")]
public sealed class PF404SmtpsWrappermodeMissing : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        foreach (var server in config.SmtpServers)
        {
            if (server.On(465) is not { } listener)
            {
                continue;
            }

            var tls = config.InboundTls(server.Answering);
            if (tls.WrapperMode)
            {
                continue;
            }

            // A written "no" is the cause; otherwise the service that listens on 465 is where the -o goes.
            // Without a main.cf in view its value is not known (as PF101 assumes nothing about it).
            var written = ValueOrigin.Of(tls.WrapperModeValue);
            if (written is null && config.Main is null)
            {
                continue;
            }

            var span = written ?? server.Listening.Service.Span;
            context.Report(span,
                context.Format(("service", server.Listening.Label), ("listener", listener.ToString()), ("wrappermode", TlsFindings.Describe(tls.WrapperModeValue, config))),
                TlsFindings.Distinct(span, TlsFindings.Listening([(server, listener)])),
                key: server.Listening.Key);
        }
    }
}
