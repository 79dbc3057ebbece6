using ConfigLint.Core.Model;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// PF601: a written <c>myhostname</c> that Postfix refuses, or that names no host on the internet.
/// Every Postfix program checks it with valid_hostname() and stops on a bad one
/// (mail_params.c: "parameter myhostname: bad parameter value"); a name without a dot is used as
/// it is (only a name taken from the system is qualified with mydomain), so the SMTP client says
/// HELO with it and mail gets addresses in it (myorigin = $myhostname). A myhostname Postfix takes
/// from the host is always qualified and is not judged. main.cf's value and each -o are checked.
/// </summary>
[Rule("PF601")]
public sealed class PF601InvalidHostname : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        Judge(context, config.Get("myhostname"), null);
        foreach (var service in config.Master?.EffectiveServices.Where(s => !s.IsStock && s.Override("myhostname") is not null) ?? [])
        {
            Judge(context, config.Get("myhostname", service), service);
        }
    }

    private static void Judge(RuleContext context, EffectiveValue value, MasterService? service)
    {
        if (value.Provenance is not (MainCfProvenance or MasterOverrideProvenance) || value.Provenance.Span is not { } span || value.Expanded.Failed)
        {
            return;
        }

        var config = context.Config;
        var name = value.Value.Trim();
        var who = service is null ? "myhostname" : $"-o myhostname of {service.Label}";
        string effect;
        var severity = Severity.Warning;
        if (HostNames.Problem(name) is { } problem)
        {
            severity = Severity.Error;
            effect = service is null
                ? $"Postfix refuses it ({problem}): every Postfix program stops at start-up with \"fatal: file {config.Get("config_directory").Value.Trim()}/main.cf: parameter myhostname: bad parameter value: {name}\""
                : $"Postfix refuses it ({problem}): {service.Command.Text} of {service.Label} stops at start-up with \"bad parameter value\"";
        }
        else if (HostNames.IsLocalhost(name) || HostNames.IsUnqualified(name))
        {
            var what = HostNames.IsLocalhost(name) ? "is the name of every unconfigured host" : "is not a fully qualified domain name";
            bool Uses(string parameter) => config.Get(parameter, service).Expanded.Steps.Any(s => s.Name == "myhostname");
            var command = service?.Command.Text;
            var uses = new List<string>();
            if (command is null or "smtpd" && Uses("smtpd_banner"))
            {
                uses.Add($"greets SMTP clients as {name}");
            }

            if (command is null or "smtp" && Uses("smtp_helo_name"))
            {
                uses.Add(HostNames.IsUnqualified(name)
                    ? $"says HELO {name} to other mail servers (which refuse it where they require a fully qualified name: reject_non_fqdn_helo_hostname)"
                    : $"says HELO {name} to other mail servers (a name that identifies no host, which many of them refuse)");
            }

            if (command is null && Uses("myorigin"))
            {
                uses.Add($"sends mail from local users as user@{name} (myorigin)");
            }

            if (command is null && config.Get("mydomain", service).IsDefault && HostNames.IsUnqualified(name))
            {
                uses.Add("derives mydomain = localdomain");
            }

            effect = uses.Count == 0
                ? $"it {what}, and Postfix names itself {name} in Received: headers and bounces"
                : $"it {what}, and Postfix {Enumerate(uses)}";
        }
        else
        {
            return;
        }

        context.Report(span, context.Format(("who", who), ("name", name), ("effect", effect)), key: who, severity: severity);
    }

    /// <summary>"a", "a and b", "a, b and c".</summary>
    private static string Enumerate(IReadOnlyList<string> items) =>
        items.Count == 1 ? items[0] : $"{string.Join(", ", items.Take(items.Count - 1))} and {items[^1]}";
}
