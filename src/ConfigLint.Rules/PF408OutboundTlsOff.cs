using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.Core.Model.Tls;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// PF408: the smtp(8) client delivers without TLS: its effective smtp_tls_security_level is none, or empty
/// with smtp_use_tls and smtp_enforce_tls off (smtp_tls_policy.c global_tls_level()). Empty is the default
/// of every release before compatibility level 3.11 (Postfix 3.11 makes it may at 3.11). Each smtp service
/// of master.cf is judged with its -o overrides; one finding per cause. A finding about the default sits at
/// the compatibility_level line when raising the level would fix it, else at the top of main.cf. Without a
/// main.cf, and when every next hop is loopback (a content filter), nothing is said.
/// </summary>
[Rule("PF408")]
public sealed class PF408OutboundTlsOff : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        if (config.Main is null || config.Outbound.NextHops is { Count: > 0 } hops && hops.All(h => h.IsLoopback))
        {
            return;
        }

        var services = config.SmtpClientServices.Cast<MasterService?>().DefaultIfEmpty(null).ToList();
        var hits = new List<(Span Span, MasterService? Service, SmtpClientTls Tls)>();
        foreach (var service in services)
        {
            var tls = config.OutboundTls(service);
            if (tls.Level != TlsLevel.None || tls.IsLevelInvalid)
            {
                continue;
            }

            var span = ValueOrigin.Of(tls.LevelValue) ?? DefaultCause(config, service);
            if (span is not null)
            {
                hits.Add((span.Value, service, tls));
            }
        }

        foreach (var group in hits.GroupBy(h => h.Span))
        {
            var tls = group.First().Tls;
            var labels = group.Select(h => h.Service?.Label ?? "smtp").Distinct().ToList();
            var who = labels.Count == 1 ? labels[0] : string.Join(", ", labels.SkipLast(1)) + " and " + labels[^1];
            var raised = config.DefaultAt("smtp_tls_security_level", config.Release.NewestCompatibilityLevel, group.First().Service).Value.Trim();
            var fix = tls.LevelValue.IsDefault && raised.Length > 0 && raised != "none"
                ? $" With compatibility_level = {config.Release.NewestCompatibilityLevel} the default is smtp_tls_security_level = {raised}."
                : string.Empty;
            var policy = tls.HasPolicyMaps ? " Destinations that smtp_tls_policy_maps names get the level it gives them." : string.Empty;
            var related = group.Where(h => h.Service is { IsStock: false })
                .Select(h => new RelatedLocation(h.Service!.Service.Span, $"{h.Service.Label} runs the smtp client."))
                .Concat(TlsFindings.WrittenAt(config.CompatibilityLevelSetting.Value, $"compatibility_level = {config.CompatibilityLevelSetting.Value.Value.Trim()}."));
            context.Report(group.Key,
                context.Format(
                    ("who", who),
                    ("deliver", labels.Count == 1 ? "delivers" : "deliver"),
                    ("level", TlsFindings.Describe(tls.LevelValue, config)),
                    ("fix", fix + policy)),
                TlsFindings.Distinct(group.Key, related),
                key: string.Join(",", labels));
        }
    }

    /// <summary>
    /// The compatibility_level line where a higher level would turn TLS on; else the smtp service's own
    /// master.cf line (where an -o would go), else the top of main.cf.
    /// </summary>
    private static Span? DefaultCause(PostfixConfig config, MasterService? service)
    {
        var raised = config.DefaultAt("smtp_tls_security_level", config.Release.NewestCompatibilityLevel, service).Value.Trim();
        var level = config.CompatibilityLevelSetting.Definition?.ValueSpan;
        if (raised.Length > 0 && raised != "none" && level is { } written)
        {
            return written;
        }

        var first = config.SmtpClientServices.FirstOrDefault(s => !s.IsStock);
        return first?.Service.Span ?? TlsFindings.TopOfMain(config);
    }
}
