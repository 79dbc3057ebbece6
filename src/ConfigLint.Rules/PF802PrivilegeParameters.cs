using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF802: the accounts Postfix separates its privileges with are root, or one account serves two roles. Postfix
/// checks them whenever a program reads main.cf (mail_params.c mail_params_init(): check_mail_owner(),
/// check_default_privs(), check_sgid_group(), check_overlap()) and stops: "user root has privileged user ID",
/// "group root has privileged group ID", "parameters default_privs and mail_owner specify the same user".
/// Only what holds on every host is reported (root is user ID 0; a group called root has ID 0 where it exists,
/// and is unknown, which is as fatal, where it does not); user and group IDs of other names depend on the host.
/// </summary>
[Rule("PF802")]
public sealed class PF802PrivilegeParameters : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        if (config.Main is null)
        {
            return;
        }

        var owner = config.Get("mail_owner");
        var privs = config.Get("default_privs");
        var group = config.Get("setgid_group");
        foreach (var (value, fatal) in new[]
        {
            (owner, "user root has privileged user ID"),
            (privs, "user root has privileged user ID"),
            (group, "group root has privileged group ID"),
        })
        {
            if (value.Value.Trim() == "root" && value.Provenance?.Span is { } span)
            {
                context.Report(span, context.Format(("parameter", value.Name), ("value", "root"), ("fatal", $"parameter {value.Name}: {fatal}"), ("why", Why(value.Name))), key: value.Name);
            }
        }

        if (owner.Value.Trim() is { Length: > 0 } user && user != "root" && user == privs.Value.Trim())
        {
            var span = privs.Provenance?.Span ?? owner.Provenance?.Span;
            if (span is { } s)
            {
                var related = owner.Provenance?.Span is { } o && o != s ? new[] { new RelatedLocation(o, $"mail_owner = {user}") } : [];
                context.Report(s, context.Format(("parameter", "default_privs"), ("value", user), ("fatal", $"parameters default_privs and mail_owner specify the same user {user}"), ("why", "local delivery to files and commands would run as the owner of the queue")), related, key: "same-user");
            }
        }
    }

    private static string Why(string parameter) => parameter switch
    {
        "mail_owner" => "the Postfix daemons and the queue would belong to root",
        "default_privs" => "deliveries to files and commands would run as root",
        _ => "postdrop and postqueue would run with root's group",
    };
}
