using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF503: an smtpd reachable from the network serves clients that never send HELO or EHLO. Only
/// with <c>smtpd_helo_required = yes</c> does smtpd answer MAIL FROM without a greeting with
/// "503 5.5.1 Error: send HELO/EHLO first" (smtpd.c mail_cmd()). Per service: the smtpd that
/// answers, with its -o overrides.
/// </summary>
[Rule("PF503")]
public sealed class PF503HeloNotRequired : IRuleLogic
{
    public void Check(RuleContext context)
    {
        foreach (var (value, written, servers) in ExposedServers.Where(context.Config, "smtpd_helo_required", ExposedServers.IsNo))
        {
            var primary = ExposedServers.Primary(written, servers);
            context.Report(primary, context.Format(("who", ExposedServers.Who(servers)), ("value", value.Value.Trim()), ("default", ExposedServers.DefaultNote(value))),
                ExposedServers.Related(servers, primary), key: written?.ToString() ?? "default");
        }
    }
}
