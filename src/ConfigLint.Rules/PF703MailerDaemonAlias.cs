using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF703: no alias for MAILER-DAEMON, the sender Postfix gives its bounces and notices. local(8)
/// treats it like postmaster (unknown.c compares the folded name without case): without an alias,
/// a UNIX account or mailbox_transport(_maps), fallback_transport(_maps) or luser_relay, it logs
/// "required alias not found: mailer-daemon" and discards the mail, so replies to bounces are lost.
/// </summary>
[Rule("PF703")]
public sealed class PF703MailerDaemonAlias : IRuleLogic
{
    public void Check(RuleContext context)
    {
        if (LocalAliasChecks.Judgeable(context.Config) is { UnknownRecipientsGoTo: null } aliases && aliases.Find("mailer-daemon") is null)
        {
            LocalAliasChecks.ReportMissing(context, aliases, "MAILER-DAEMON");
        }
    }
}
