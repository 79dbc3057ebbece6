using System.Globalization;
using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF302: master.cf field values that are well formed (PF003 reports those that are not, as postconf and
/// master do) but that master or the daemon refuses when it starts: an inet service that is private
/// ("inet service cannot be private", master/master_ent.c; "-" means y), and a process limit or
/// privilege a daemon demands (<see cref="DaemonRequirements"/>: "service qmgr requires a process limit
/// of 1", "... of 0", "... requires privileged operation"; "-" means default_process_limit and y).
/// </summary>
[Rule("PF302")]
public sealed class PF302MasterFieldValues : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        foreach (var service in config.Master?.EffectiveServices ?? [])
        {
            var command = service.Command.Text;
            if (service.TypeName == "inet" && service.Private.Text != "n")
            {
                var written = service.Private.Text == "-" ? "\"-\" (which means y)" : "y";
                context.Report(
                    service.Private.Span,
                    context.Format(("service", service.Label), ("problem", $"its private field is {written}"), ("fatal", $"master.cf: line {service.FirstLine.ToString(CultureInfo.InvariantCulture)}: inet service cannot be private"), ("who", "master"), ("when", "at start-up, and Postfix does not start")),
                    key: $"{service.Key}|private");
            }

            foreach (var requirement in DaemonRequirements.For(command, config.Release))
            {
                if (requirement == DaemonRequirement.Privileged)
                {
                    if (service.Unprivileged.Text != "n")
                    {
                        var written = service.Unprivileged.Text == "-" ? "\"-\" (which means y)" : "y";
                        context.Report(
                            service.Unprivileged.Span,
                            context.Format(("service", service.Label), ("problem", $"its unprivileged field is {written}"), ("fatal", $"service {service.Name} requires privileged operation"), ("who", command), ("when", "each time master starts it, and its work never gets done")),
                            key: $"{service.Key}|unpriv");
                    }

                    continue;
                }

                var required = requirement == DaemonRequirement.ProcessLimitOne ? 1 : 0;
                var field = service.ProcessLimit.Text;
                var limit = field == "-" ? config.Get("default_process_limit").Value.Trim() : field;
                if (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var actual) || actual == required)
                {
                    continue;
                }

                var shown = field == "-" ? $"\"-\" (default_process_limit, {actual})" : field;
                context.Report(
                    service.ProcessLimit.Span,
                    context.Format(("service", service.Label), ("problem", $"its process limit is {shown}"), ("fatal", $"service {service.Name} requires a process limit of {required}"), ("who", command), ("when", "each time master starts it, and its work never gets done")),
                    key: $"{service.Key}|maxproc");
            }
        }
    }
}
