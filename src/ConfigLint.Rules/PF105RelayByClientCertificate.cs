using ConfigLint.Core.Findings;
using ConfigLint.Core.Model.Smtpd;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// PF105: relaying by client certificate that is far wider or far narrower than meant.
/// <c>permit_tls_all_clientcerts</c> before the default deny of a public smtpd that trusts the
/// system's public CA bundle lets every holder of a publicly trusted certificate relay (the
/// pipeline decides, <see cref="SmtpClient.HasTrustedCertificate"/>); <c>permit_tls_clientcerts</c>
/// with an empty relay_clientcerts, or either of them where smtpd never asks for a certificate,
/// never says OK (permit_tls_clientcerts() in smtpd_check.c).
/// </summary>
[Rule("PF105")]
public sealed class PF105RelayByClientCertificate : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var findings = new SmtpdFindings();
        foreach (var (server, pipeline) in SmtpdFindings.Services(context.Config))
        {
            if (server.Exposed is not null && pipeline.CertificateTrust.PublicCause is { } cause)
            {
                foreach (var outcome in pipeline.Walk(SmtpClient.Stranger with { HasTrustedCertificate = true }).Where(o => o.Relays))
                {
                    foreach (var stage in outcome.Stages.Where(s => s.Stage is SmtpdStage.Relay or SmtpdStage.Recipient
                        && s.Decision == StageDecision.Permit && s.List.RequiredDeny() is not null
                        && s.DecidedBy?.Info?.Effect == RestrictionEffect.PermitTrustedCertificate))
                    {
                        if (stage.DecidedBy!.Span is not { } span)
                        {
                            continue;
                        }

                        var hit = findings.At(span, "public", () => new SmtpdFindings.Hit(span, "public") { Severity = Severity.Error });
                        hit.Values["what"] = $"relays mail to any destination for every client with a publicly trusted certificate: permit_tls_all_clientcerts in {stage.List.Parameter} comes before the default deny, and {cause.Text} trusts every public CA, which issues certificates to anyone who owns a domain";
                        hit.Related.Add(new RelatedLocation(cause.Span, $"{cause.Text}: the public CAs."));
                        hit.AddServer(server);
                    }
                }
            }

            foreach (var list in pipeline.AllLists.Concat(pipeline.Restrictions.DefinedClasses))
            {
                foreach (var r in list.Items.Where(r => r.Info?.Effect is RestrictionEffect.PermitListedCertificate or RestrictionEffect.PermitTrustedCertificate))
                {
                    if (r.Span is not { } span || Never(r, pipeline) is not { } why)
                    {
                        continue;
                    }

                    var hit = findings.At(span, "never", () => new SmtpdFindings.Hit(span, "never") { Severity = Severity.Warning });
                    hit.Values["what"] = $"never relays by client certificate: {r.Name} in {list.Parameter} never says OK, because {why}";
                    hit.AddServer(server);
                }
            }
        }

        findings.Report(context, (hit, who) => context.Format(("who", who), ("what", hit.Values["what"])));
    }

    /// <summary>Why the restriction can never say OK on this smtpd, or null.</summary>
    private static string? Never(Restriction r, SmtpdPipeline pipeline)
    {
        var reasons = new List<string>();
        if (r.Info!.Effect == RestrictionEffect.PermitListedCertificate && pipeline.RelayClientCertsEmpty)
        {
            reasons.Add("relay_clientcerts is empty, so no certificate fingerprint is listed");
        }

        if (!pipeline.OffersTls)
        {
            reasons.Add("this smtpd offers no TLS");
        }
        else if (!pipeline.AsksForCertificate)
        {
            reasons.Add($"smtpd never asks for a client certificate (smtpd_tls_ask_ccert = no; Postfix logs '{r.Name} is requested, but \"smtpd_tls_ask_ccert = no\"')");
        }

        if (r.Info.Effect == RestrictionEffect.PermitTrustedCertificate && !pipeline.CertificateTrust.TrustsAny)
        {
            reasons.Add("neither smtpd_tls_CAfile nor smtpd_tls_CApath names a CA, so no certificate verifies");
        }

        return reasons.Count == 0 ? null : string.Join(", and ", reasons);
    }
}
