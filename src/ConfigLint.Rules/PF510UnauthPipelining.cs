using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF510: a public smtpd that lets clients violate the command pipelining rules (RFC 2920, RFC 5321
/// section 4.5.3.1) and carries on. <c>smtpd_forbid_unauth_pipelining = yes</c> makes smtpd answer
/// "554 5.5.0 Error: SMTP protocol synchronization" and hang up (smtpd.c); it is the default from
/// Postfix 3.9 (the release dumps: "no" in 3.5 – 3.8, absent in 3.4), so it is reported where it is
/// set to "no", unless <c>reject_unauth_pipelining</c> stands in some restriction list
/// of the service. Per smtpd service with its master.cf <c>-o</c> overrides.
/// </summary>
[Rule("PF510")]
public sealed class PF510UnauthPipelining : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        var known = config.Catalogue.IsKnown("smtpd_forbid_unauth_pipelining");
        var findings = new SmtpdFindings();
        foreach (var (server, pipeline) in SmtpdFindings.Services(config, exposedOnly: true))
        {
            var forbid = config.Get("smtpd_forbid_unauth_pipelining", server.Answering);
            if (!known || forbid.IsDefault || !forbid.Value.Trim().Equals("no", StringComparison.OrdinalIgnoreCase) || Written.Where(forbid) is not { } span
                || pipeline.AllLists.Concat(pipeline.Restrictions.DefinedClasses).SelectMany(l => l.Flatten()).Any(r => r.Name == "reject_unauth_pipelining"))
            {
                continue;
            }

            var hit = findings.At(span, "pipelining", () => new SmtpdFindings.Hit(span, "pipelining"));
            hit.Values["why"] = $"smtpd_forbid_unauth_pipelining = no (the default is {config.Catalogue.RawDefault("smtpd_forbid_unauth_pipelining")} in Postfix {config.TargetSeries}), and no restriction list has reject_unauth_pipelining";
            hit.AddServer(server);
        }

        findings.Report(context, (hit, who) => context.Format(("who", who), ("why", hit.Values["why"])));
    }
}
