using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF702: no alias for postmaster. smtpd accepts mail for postmaster whatever the recipient
/// tables say (smtpd_check.c, RFC 5321 section 4.5.1), and local(8) then finds no alias; without a
/// UNIX account named postmaster and without mailbox_transport(_maps), fallback_transport(_maps)
/// or luser_relay to take it, it logs "required alias not found: postmaster" and discards the
/// mail (unknown.c), Postfix's own notices to postmaster (notify_classes) included.
/// </summary>
[Rule("PF702")]
public sealed class PF702PostmasterAlias : IRuleLogic
{
    public void Check(RuleContext context)
    {
        if (LocalAliasChecks.Judgeable(context.Config) is { UnknownRecipientsGoTo: null } aliases && aliases.Find("postmaster") is null)
        {
            LocalAliasChecks.ReportMissing(context, aliases, "postmaster");
        }
    }
}
