using ConfigLint.Core.Model;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF506: <c>soft_bounce = yes</c>. smtpd turns every 5xx reply it sends into 4xx
/// (smtpd_chat.c), the SMTP client treats a remote 5xx as 4xx, and bounce(8) defers what it
/// would return (postconf(5) soft_bounce): mail that cannot be delivered is never returned, and
/// clients are told to retry what will never succeed. main.cf's value and each service's -o are
/// each one finding.
/// </summary>
[Rule("PF506")]
public sealed class PF506SoftBounceOn : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        var main = config.Get("soft_bounce");
        if (main.Provenance?.Span is { } span && ExposedServers.IsYes(main))
        {
            context.Report(span, context.Format(("who", "Postfix"), ("setting", $"soft_bounce = {main.Value.Trim()}")), key: "main.cf");
        }

        foreach (var service in config.Master?.EffectiveServices.Where(s => !s.IsStock) ?? [])
        {
            if (service.Override("soft_bounce") is { } o && ExposedServers.IsYes(config.Get("soft_bounce", service)))
            {
                context.Report(o.OptionSpan, context.Format(("who", $"{service.Label} ({service.Command.Text})"), ("setting", $"-o soft_bounce={o.Value.Text.Trim()}")), key: service.Key);
            }
        }
    }
}
