using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF507: the 220 greeting of a listener that is reachable from the network names the software
/// ("Postfix"), directly or through <c>$mail_name</c>. smtpd sends <c>220 $smtpd_banner</c>
/// (smtpd.c, smtpd_proto()); postscreen(8) sends <c>220-$postscreen_greet_banner</c> first when it
/// is in front. Both are read per service, with the master.cf <c>-o</c> overrides.
/// </summary>
[Rule("PF507")]
public sealed class PF507BannerSoftwareName : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        var findings = new SmtpdFindings();
        foreach (var server in config.SmtpServers.Where(s => s.Exposed is not null))
        {
            Check(findings, server, config.Get("smtpd_banner", server.Answering), "220 greeting");
            if (server.Listening.Command.Text == "postscreen")
            {
                Check(findings, server, config.Get("postscreen_greet_banner", server.Listening), "postscreen's 220- teaser");
            }
        }

        findings.Report(context, (hit, who) => context.Format(("who", who), ("what", hit.Values["what"]), ("banner", hit.Values["banner"])));
    }

    private static void Check(SmtpdFindings findings, SmtpServer server, EffectiveValue banner, string what)
    {
        if (banner.Expanded.Failed || banner.Value.IndexOf("postfix", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return;
        }

        var span = Written.Where(banner) ?? Written.Service(server);
        var hit = findings.At(span, banner.Name, () => new SmtpdFindings.Hit(span, banner.Name));
        hit.Values["what"] = what;
        hit.Values["banner"] = banner.Value.Trim();
        hit.AddServer(server);
    }
}
