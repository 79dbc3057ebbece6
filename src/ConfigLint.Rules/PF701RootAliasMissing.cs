using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF701: no alias for root. local(8) finds no alias, so root is a local user like any other:
/// mailbox_transport_maps or mailbox_transport if set, else ~root/.forward, else root's mailbox
/// on the host (local(8) "DELIVERY METHOD CONTROLS"). Cron, system services and every alias that
/// points to root send their mail there, where on a server nobody reads it (Postfix's sample
/// aliases file: "Person who should get root's mail. Don't receive mail as root!").
/// </summary>
[Rule("PF701")]
public sealed class PF701RootAliasMissing : IRuleLogic
{
    public void Check(RuleContext context)
    {
        if (LocalAliasChecks.Judgeable(context.Config) is not { } aliases || aliases.Find("root") is not null)
        {
            return;
        }

        var transport = new[] { "mailbox_transport_maps", "mailbox_transport" }.Select(aliases.Get).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v.Value));
        var destination = transport is null
            ? "to root's own mailbox on this host (or where ~root/.forward sends it)"
            : $"to {transport.Value.Trim()} ({transport.Name}) as user root";
        LocalAliasChecks.ReportMissing(context, aliases, "root", ("destination", destination));
    }
}
