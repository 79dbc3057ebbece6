using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF508: an <c>smtpd_banner</c> whose first word is not this host's name. smtpd greets with
/// <c>220 </c> and the banner text as it is (smtpd.c, smtpd_proto()); RFC 5321 section 4.2 makes the
/// first word of the greeting the server's domain, and postconf(5) says the banner "MUST" start
/// with the fully-qualified domain name. Per smtpd service, with its master.cf <c>-o</c> overrides.
/// </summary>
[Rule("PF508")]
public sealed class PF508BannerMustStartWithHostname : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        var findings = new SmtpdFindings();
        foreach (var (server, _) in SmtpdFindings.Services(config))
        {
            var banner = config.Get("smtpd_banner", server.Answering);
            var hostname = config.Get("myhostname", server.Answering).Value.Trim();
            if (banner.Expanded.Failed || Written.Where(banner) is not { } span)
            {
                continue;
            }

            var first = banner.Value.Split([' ', '\t'], 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? string.Empty;
            if (first.Equals(hostname, StringComparison.OrdinalIgnoreCase) || IsDomainName(first) || (first.StartsWith('[') && first.EndsWith(']')))
            {
                continue;
            }

            var hit = findings.At(span, "banner", () => new SmtpdFindings.Hit(span, "banner"));
            hit.Values["first"] = first.Length == 0 ? "nothing (the banner is empty)" : $"\"{first}\"";
            hit.Values["hostname"] = hostname;
            hit.AddServer(server);
        }

        findings.Report(context, (hit, who) => context.Format(("who", who), ("first", hit.Values["first"]), ("hostname", hit.Values["hostname"])));
    }

    /// <summary>A fully-qualified domain name: two or more labels of letters, digits and hyphens (RFC 5321 "Domain").</summary>
    private static bool IsDomainName(string text)
    {
        var labels = text.TrimEnd('.').Split('.');
        return labels.Length >= 2 && labels.All(l => l.Length is > 0 and <= 63 && l[0] != '-' && l[^1] != '-' && l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            && !labels[^1].All(char.IsAsciiDigit);
    }
}
