using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// PF416: <c>smtp_tls_security_level = dane</c> or <c>dane-only</c> on an smtp(8) client whose DNS
/// lookups are not DNSSEC-validated. dane_init() in src/smtp/smtp_tls_policy.c checks
/// <c>smtp_dns_support_level = dnssec</c> and <c>dns</c> in <c>smtp_host_lookup</c>; otherwise it logs
/// "&lt;dest&gt;: dane configured with dnssec lookups disabled" and dane_incompat() falls back to
/// <c>may</c> (level dane) or marks the policy invalid, so mail is deferred (dane-only). Per master.cf
/// service running <c>smtp</c>, with its <c>-o</c> overrides.
/// </summary>
[Rule("PF416")]
public sealed class PF416DaneWithoutDnssec : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        var services = config.Master?.EffectiveServices.Where(s => s.Command.Text == "smtp").Cast<MasterService?>().ToList() ?? [null];
        var hits = new Dictionary<Span, (string Level, string Why, List<string> Who)>();
        foreach (var service in services)
        {
            var level = config.Get("smtp_tls_security_level", service);
            var name = level.Value.Trim().ToLowerInvariant();
            if (name is not ("dane" or "dane-only") || Written.Where(level) is not { } span || Why(config, service) is not { } why)
            {
                continue;
            }

            if (!hits.TryGetValue(span, out var hit))
            {
                hit = (name, why, []);
                hits[span] = hit;
            }

            hit.Who.Add(service?.Label ?? "the smtp client");
        }

        foreach (var (span, hit) in hits)
        {
            var what = hit.Level == "dane"
                ? "falls back to opportunistic TLS (may): no certificate is checked, and an active attacker can read or alter the mail"
                : "treats the TLS policy as invalid and defers every delivery";
            context.Report(
                span,
                context.Format(("who", SmtpdFindings.Who(hit.Who)), ("level", hit.Level), ("why", hit.Why), ("what", what)),
                severity: hit.Level == "dane-only" ? Severity.Error : null);
        }
    }

    /// <summary>Why DNS answers are not DNSSEC-validated for this client, or null when they are.</summary>
    private static string? Why(PostfixConfig config, MasterService? service)
    {
        var support = config.Get("smtp_dns_support_level", service).Value.Trim();
        if (!support.Equals("dnssec", StringComparison.OrdinalIgnoreCase))
        {
            return support.Length == 0 ? "smtp_dns_support_level is empty (not dnssec)" : $"smtp_dns_support_level = {support} (not dnssec)";
        }

        return config.List("smtp_host_lookup", service).Items.Any(i => i.Text.Equals("dns", StringComparison.OrdinalIgnoreCase))
            ? null
            : "smtp_host_lookup does not include dns";
    }
}
