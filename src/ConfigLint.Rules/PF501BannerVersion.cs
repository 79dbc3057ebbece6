using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// PF501: a greeting that a client on the network sees names the Postfix version. smtpd sends
/// "220 $smtpd_banner" (smtpd.c); postscreen(8) in front of it first sends
/// "220-$postscreen_greet_banner". A banner that expands <c>$mail_version</c> (directly or through
/// another parameter, <c>mail_name = Postfix $mail_version</c>) tells every client the release.
/// </summary>
[Rule("PF501")]
public sealed class PF501BannerVersion : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        var hits = new List<(EffectiveValue Value, Span Where, List<ExposedServer> Servers)>();
        foreach (var exposed in ExposedServers.Of(config))
        {
            var banners = new List<EffectiveValue> { config.Get("smtpd_banner", exposed.Server.Answering) };
            if (exposed.Server.Listening.Command.Text == "postscreen")
            {
                banners.Insert(0, config.Get("postscreen_greet_banner", exposed.Server.Listening));
            }

            foreach (var banner in banners.Where(ShowsVersion))
            {
                if (Cause(config, banner) is not { } where)
                {
                    continue;
                }

                var hit = hits.FindIndex(h => h.Where == where);
                if (hit < 0)
                {
                    hits.Add((banner, where, [exposed]));
                }
                else if (hits[hit].Servers.All(s => s.Server.Listening != exposed.Server.Listening))
                {
                    hits[hit].Servers.Add(exposed);
                }
            }
        }

        foreach (var (banner, where, servers) in hits)
        {
            var related = ExposedServers.Related(servers, where);
            related.AddRange(banner.Expanded.Steps
                .Where(s => s.Name != "mail_version" && s.Provenance?.Span is { } span && span != where)
                .Select(s => new RelatedLocation(s.Provenance!.Span!.Value, $"${s.Name} is part of the banner.")));
            context.Report(where, context.Format(
                ("who", ExposedServers.Who(servers)),
                ("parameter", banner.Name),
                ("raw", banner.Raw?.Text.Trim() ?? string.Empty),
                ("version", config.Get("mail_version").Value.Trim())), related, key: banner.Name);
        }
    }

    private static bool ShowsVersion(EffectiveValue banner) => banner.Expanded.Steps.Any(s => s.Name == "mail_version");

    /// <summary>
    /// Where <c>$mail_version</c> is written: the parameter looked up last before it whose own
    /// value expands it (banner = $myhostname $mail_name, mail_name = Postfix $mail_version: the
    /// mail_name line), else the banner itself. Null when that value is a built-in default.
    /// </summary>
    private static Span? Cause(PostfixConfig config, EffectiveValue banner)
    {
        var steps = banner.Expanded.Steps;
        var version = steps.ToList().FindIndex(s => s.Name == "mail_version");
        for (var i = version - 1; i >= 0; i--)
        {
            if (steps[i].Name != banner.Name && ShowsVersion(config.Get(steps[i].Name, banner.Service)))
            {
                return steps[i].Provenance?.Span;
            }
        }

        return banner.Provenance?.Span;
    }
}
