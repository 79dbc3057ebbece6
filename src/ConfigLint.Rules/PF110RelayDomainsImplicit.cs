using ConfigLint.Core.Findings;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF110: relay_domains left at its default below compatibility level 2, where the default is
/// <c>$mydestination</c> (the target release's <c>postconf -d</c>:
/// <c>${{$compatibility_level} &lt;level {2} ? {$mydestination} : {}}</c>). With
/// parent_domain_matches_subdomains naming relay_domains (its default), smtpd then relays mail for
/// every subdomain of the local domains, and logs "using backwards-compatible default setting
/// relay_domains=$mydestination to accept mail for domain ..." (smtpd_check.c,
/// permit_auth_destination()). Per smtpd service, with its master.cf <c>-o</c> overrides.
/// </summary>
[Rule("PF110")]
public sealed class PF110RelayDomainsImplicit : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        if (config.Main is null)
        {
            return; // master.cf alone: not a configuration whose main.cf ConfigLint has seen
        }

        var findings = new SmtpdFindings();
        foreach (var (server, _) in SmtpdFindings.Services(config, exposedOnly: true))
        {
            var domains = config.Get("relay_domains", server.Answering);
            if (!domains.IsDefault || domains.Expanded.Failed || string.IsNullOrWhiteSpace(domains.Value)
                || !config.List("parent_domain_matches_subdomains", server.Answering).Items.Any(i => i.Text == "relay_domains"))
            {
                continue;
            }

            var level = config.CompatibilityLevelSetting;
            var destination = config.Get("mydestination", server.Answering);
            // With no compatibility_level and mydestination at its default, nothing in the files is
            // this finding's own: compatibility-level-outdated reports the missing level.
            if ((level.Definition?.ValueSpan ?? Written.Where(destination)) is not { } span)
            {
                continue;
            }

            var hit = findings.At(span, "implicit", () => new SmtpdFindings.Hit(span, "implicit"));
            hit.Values["level"] = level.IsWrittenInMainCf ? $"compatibility_level = {level.Value.Value.Trim()}" : "compatibility_level unset (level 0)";
            hit.Values["domains"] = domains.Value.Trim();
            if (Written.Where(destination) is { } d && d != span)
            {
                hit.Related.Add(new RelatedLocation(d, "mydestination: relay_domains takes its value."));
            }

            hit.AddServer(server);
        }

        findings.Report(context, (hit, who) => context.Format(("who", who), ("level", hit.Values["level"]), ("domains", hit.Values["domains"])));
    }
}
