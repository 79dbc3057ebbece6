using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF415: <c>smtpd_tls_chain_files</c> together with one of the legacy <c>smtpd_tls_cert_file</c>,
/// <c>smtpd_tls_eccert_file</c> or <c>smtpd_tls_dcert_file</c>, on an smtpd that uses TLS. smtpd
/// then loads the chain files only and logs "Both smtpd_tls_chain_files and one or more of the
/// legacy ... are non-empty; the legacy parameters will be ignored" (smtpd.c, pre_jail_init(); the
/// cert file "none" counts as empty there). Per smtpd service, with its master.cf <c>-o</c> overrides.
/// </summary>
[Rule("PF415")]
public sealed class PF415TlsCertConfigConflict : IRuleLogic
{
    private static readonly string[] Legacy = ["smtpd_tls_cert_file", "smtpd_tls_eccert_file", "smtpd_tls_dcert_file"];

    public void Check(RuleContext context)
    {
        var config = context.Config;
        var findings = new SmtpdFindings();
        foreach (var (server, pipeline) in SmtpdFindings.Services(config))
        {
            var chain = config.Get("smtpd_tls_chain_files", server.Answering);
            if (!pipeline.OffersTls || string.IsNullOrWhiteSpace(chain.Value))
            {
                continue;
            }

            var legacy = Legacy.Select(name => config.Get(name, server.Answering))
                .Where(v => !string.IsNullOrWhiteSpace(v.Value) && !(v.Name == "smtpd_tls_cert_file" && v.Value.Trim().Equals("none", StringComparison.OrdinalIgnoreCase)))
                .ToList();
            if (legacy.Count == 0 || legacy.Select(Written.Where).FirstOrDefault(s => s is not null) is not { } span)
            {
                continue;
            }

            var hit = findings.At(span, "legacy", () => new SmtpdFindings.Hit(span, "legacy"));
            hit.Values["legacy"] = string.Join(", ", legacy.Select(v => $"{v.Name} = {v.Value.Trim()}"));
            foreach (var v in legacy.Skip(1))
            {
                if (Written.Where(v) is { } other)
                {
                    hit.Related.Add(new RelatedLocation(other, $"{v.Name} is ignored too."));
                }
            }

            if (Written.Where(chain) is { } chainSpan)
            {
                hit.Related.Add(new RelatedLocation(chainSpan, "smtpd_tls_chain_files: the keys and certificates smtpd loads."));
            }

            hit.AddServer(server);
        }

        findings.Report(context, (hit, who) => context.Format(("who", who), ("legacy", hit.Values["legacy"])));
    }
}
