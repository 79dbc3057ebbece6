using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF109: relay domains without a list of their valid recipients. trivial-rewrite puts the domains
/// of <c>relay_domains</c> in the relay address class; smtpd rejects an unknown recipient there only
/// when <c>relay_recipient_maps</c> is non-empty (smtpd_check.c, check_rcpt_maps(), case
/// RESOLVE_CLASS_RELAY: <c>if (*var_relay_rcpt_maps &amp;&amp; NOMATCH(...))</c>), so with it empty every
/// address is accepted and the next hop's refusal comes back as a bounce to the (often forged)
/// sender. relay_domains is read from main.cf (trivial-rewrite's view); relay_recipient_maps per
/// smtpd service, with its master.cf <c>-o</c> overrides. Only servers reachable from the network.
/// </summary>
[Rule("PF109")]
public sealed class PF109RelayRecipientMapsMissing : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        var domains = config.Get("relay_domains");
        if (domains.IsDefault || domains.Expanded.Failed || string.IsNullOrWhiteSpace(domains.Value) || Written.Where(domains) is not { } span)
        {
            return;
        }

        // The domains of mydestination are local: local_recipient_maps decides for them, whatever
        // relay_domains says (trivial-rewrite tries mydestination first). relay_domains = $mydestination
        // alone relays for none of them.
        var local = config.List("mydestination").Items.Select(i => i.Text).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var relayed = config.List("relay_domains").Items.Select(i => i.Text).Where(d => !local.Contains(d)).ToList();
        if (relayed.Count == 0)
        {
            return;
        }

        var findings = new SmtpdFindings();
        foreach (var (server, _) in SmtpdFindings.Services(config, exposedOnly: true))
        {
            if (!string.IsNullOrWhiteSpace(config.Get("relay_recipient_maps", server.Answering).Value))
            {
                continue;
            }

            findings.At(span, "relay", () => new SmtpdFindings.Hit(span, "relay")).AddServer(server);
        }

        findings.Report(context, (_, who) => context.Format(("who", who), ("domains", string.Join(", ", relayed))));
    }
}
