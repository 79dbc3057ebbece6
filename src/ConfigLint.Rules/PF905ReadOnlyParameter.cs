using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF905: an assignment to a parameter that each Postfix program computes for itself (process_name,
/// process_id, and up to 3.10 service_name). postconf warns "read-only parameter assignment" and drops it;
/// the programs set the value themselves (postconf_user.c, postconf_builtin.c).
/// </summary>
[Rule("PF905")]
public sealed class PF905ReadOnlyParameter : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        foreach (var setting in ParameterSettings.All(config).Where(s => ParameterSettings.Kind(config, s) == ParameterNameKind.ReadOnly))
        {
            context.Report(
                setting.NameSpan,
                context.Format(
                    ("name", setting.Name),
                    ("where", setting.Where),
                    ("setting", setting.PostconfText),
                    ("what", setting.Name switch
                    {
                        "process_name" => "the name of the program that runs",
                        "process_id" => "the process ID of the program that runs",
                        _ => "the master.cf service name of the program that runs",
                    })),
                fix: new Fix($"Delete the assignment to {setting.Name}, which Postfix ignores", [setting.Deletion(config)]),
                key: $"{setting.Service?.Key}|{setting.Name}");
        }
    }
}
