using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF502: an smtpd reachable from the network answers VRFY. With <c>disable_vrfy_command = no</c>
/// (the default) smtpd offers VRFY in its EHLO reply and answers "252 2.0.0 name" for an address
/// it accepts and "550 5.1.1 ... User unknown" for one it does not (smtpd.c vrfy_cmd(),
/// smtpd_check_rcpt), which lets anyone test which addresses exist. Per service: the smtpd that
/// answers, with its -o overrides (for postscreen, the smtpd it hands clients to).
/// </summary>
[Rule("PF502")]
public sealed class PF502VrfyEnabled : IRuleLogic
{
    public void Check(RuleContext context)
    {
        foreach (var (value, written, servers) in ExposedServers.Where(context.Config, "disable_vrfy_command", ExposedServers.IsNo))
        {
            var primary = ExposedServers.Primary(written, servers);
            context.Report(primary, context.Format(("who", ExposedServers.Who(servers)), ("value", value.Value.Trim()), ("default", ExposedServers.DefaultNote(value))),
                ExposedServers.Related(servers, primary), key: written?.ToString() ?? "default");
        }
    }
}
