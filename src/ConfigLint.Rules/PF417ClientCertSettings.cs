using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// PF417: client certificate settings smtpd cannot honour, as it says when it starts (smtpd.c,
/// pre_jail_init()): <c>smtpd_tls_req_ccert = yes</c> where TLS is offered but not enforced ("Can't
/// require client certs unless TLS is required"; smtpd then neither requires nor asks for a
/// certificate), and a request for client certificates with <c>smtpd_tls_cert_file = none</c> and
/// no other server certificate ("Need a server cert to request client certs"; smtpd then sets up
/// no TLS and answers STARTTLS with 454). <c>permit_tls_clientcerts</c> without
/// <c>smtpd_tls_ask_ccert</c> is relay-by-client-certificate's. Per smtpd service, with its master.cf
/// <c>-o</c> overrides.
/// </summary>
[Rule("PF417")]
public sealed class PF417ClientCertSettings : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        var findings = new SmtpdFindings();
        foreach (var (server, pipeline) in SmtpdFindings.Services(config))
        {
            if (!pipeline.OffersTls)
            {
                continue;
            }

            var ask = config.Get("smtpd_tls_ask_ccert", server.Answering);
            var req = config.Get("smtpd_tls_req_ccert", server.Answering);
            if (Written.Yes(req) && !pipeline.RequiresTls && Written.Where(req) is { } reqSpan)
            {
                var hit = findings.At(reqSpan, "require", () => new SmtpdFindings.Hit(reqSpan, "require"));
                hit.Values["what"] = "logs \"warning: Can't require client certs unless TLS is required\" and requires no client certificate: TLS is optional here (smtpd_tls_security_level is not encrypt)"
                    + (Written.Yes(ask) ? string.Empty : ", and without smtpd_tls_ask_ccert = yes it does not even ask for one");
                hit.AddServer(server);
            }

            if (pipeline.AsksForCertificate && HasNoServerCertificate(config, server.Answering))
            {
                var cause = Written.Yes(ask) ? ask : req;
                if (Written.Where(cause) is not { } span)
                {
                    continue;
                }

                var hit = findings.At(span, "no-cert", () => new SmtpdFindings.Hit(span, "no-cert") { Severity = Severity.Error });
                hit.Values["what"] = $"logs \"warning: Need a server cert to request client certs\" and sets up no TLS at all: {cause.Name} = yes asks clients for a certificate, but smtpd_tls_cert_file = none gives smtpd none of its own, so every STARTTLS gets \"454 4.7.0 TLS not available due to local problem\"";
                if (Written.Where(config.Get("smtpd_tls_cert_file", server.Answering)) is { } certSpan)
                {
                    hit.Related.Add(new RelatedLocation(certSpan, "smtpd_tls_cert_file = none: anonymous TLS only."));
                }

                hit.AddServer(server);
            }
        }

        findings.Report(context, (hit, who) => context.Format(("who", who), ("what", hit.Values["what"])));
    }

    /// <summary>smtpd.c: the cert file "none" with no ECDSA, DSA or chain files: have_server_cert stays 0 and no_server_cert_ok is 1.</summary>
    private static bool HasNoServerCertificate(PostfixConfig config, MasterService service) =>
        config.Get("smtpd_tls_cert_file", service).Value.Trim().Equals("none", StringComparison.OrdinalIgnoreCase)
        && new[] { "smtpd_tls_eccert_file", "smtpd_tls_dcert_file", "smtpd_tls_chain_files" }.All(n => string.IsNullOrWhiteSpace(config.Get(n, service).Value));
}
