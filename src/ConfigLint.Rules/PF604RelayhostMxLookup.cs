using ConfigLint.Core.Model;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF604: a relayhost name without brackets. Without <c>[]</c> the smtp client looks up the MX records of the
/// name and delivers to those hosts (postconf(5) relayhost: "specify a domain, host, host:port, [host]:port ...
/// the form [host] turns off MX lookups"); a smarthost's name rarely has MX records meant for it. A numeric
/// address, or DNS lookups turned off (smtp_dns_support_level = disabled, disable_dns_lookups = yes), never
/// looks up MX records.
/// </summary>
[Rule("PF604")]
public sealed class PF604RelayhostMxLookup : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        if (config.Main is null || config.Get("smtp_dns_support_level").Value.Trim() == "disabled" || config.Get("disable_dns_lookups").Value.Trim() == "yes")
        {
            return;
        }

        // relayhost naming this host itself is myhostname-equals-relayhost, a worse problem.
        var myhostname = config.Get("myhostname").Value.Trim();
        foreach (var item in config.List("relayhost").Items)
        {
            var hop = NextHop.Parse(item.Text);
            if (!string.Equals(hop.Host, myhostname, StringComparison.OrdinalIgnoreCase) && !hop.Bracketed && !hop.IsAddress && hop.Host.Length > 0 && item.Span is { } span)
            {
                context.Report(span, context.Format(("relayhost", item.Text), ("host", hop.Host), ("bracketed", hop.Port is null ? $"[{hop.Host}]" : $"[{hop.Host}]:{hop.Port}")));
            }
        }
    }
}
