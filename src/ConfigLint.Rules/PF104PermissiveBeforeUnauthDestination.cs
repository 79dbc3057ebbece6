using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.Core.Model.Smtpd;
using ConfigLint.Core.Model.Tables;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// PF104: before the default deny of a public smtpd, a restriction says OK to a client for
/// something the client itself chooses or controls: a HELO name, sender or recipient local part
/// an access table lists with OK (<c>check_helo_access</c>, <c>check_sender_access</c>,
/// <c>check_recipient_access</c>), a bare IP address as HELO name (<c>permit_naked_ip_address</c>
/// before 3.9), an MX record naming this host (<c>permit_mx_backup</c> without
/// <c>permit_mx_backup_networks</c>) or a DNS allow list (<c>permit_dnswl_client</c>,
/// <c>permit_rhswl_client</c>). The pipeline decides (<see cref="SmtpClient"/>): a client that
/// makes that choice relays where an ordinary one is refused. Reported at the table line that says
/// OK, or at the restriction.
/// </summary>
[Rule("PF104")]
public sealed class PF104PermissiveBeforeUnauthDestination : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var findings = new SmtpdFindings();
        foreach (var (server, pipeline) in SmtpdFindings.Services(context.Config, exposedOnly: true))
        {
            if (!pipeline.MayDecideBy(CanOpen))
            {
                // Nothing a client can choose or control is consulted: its walks would end as a stranger's.
                continue;
            }

            var stranger = SmtpClient.Stranger;
            foreach (var (client, severity) in new[]
            {
                (stranger with { ChoosesKeys = true }, Severity.Error),
                (stranger with { PublishesMx = true }, Severity.Warning),
                (stranger with { OnDnsAllowLists = true }, Severity.Warning),
            })
            {
                foreach (var outcome in pipeline.Walk(client).Where(o => o.Relays))
                {
                    foreach (var stage in outcome.Stages.Where(s => IsCause(s, pipeline)))
                    {
                        var by = stage.DecidedBy!;
                        if ((stage.Entry?.Span ?? by.Span) is not { } span)
                        {
                            continue;
                        }

                        var hit = findings.At(span, "permissive", () => new SmtpdFindings.Hit(span, "permissive") { Severity = severity });
                        if (hit.Servers.Count == 0)
                        {
                            hit.Values["what"] = What(by, stage, outcome.Choice, pipeline);
                            hit.Values["by"] = stage.Entry is { } e ? $"{by.Text} says {e.Result.Text} for {e.Key}" : by.Text;
                            hit.Values["list"] = stage.List.Parameter;
                            hit.Values["unknown"] = outcome.Unknowns.Count == 0 ? string.Empty
                                : $" Unless {string.Join(" or ", outcome.Unknowns.Select(u => u.Text).Distinct())} refuses it first: ConfigLint cannot see {(outcome.Unknowns.Count == 1 ? "its answers" : "their answers")}.";
                            if (stage.Entry is not null && by.Span is { } restriction)
                            {
                                hit.Related.Add(new RelatedLocation(restriction, $"{by.Text} in {stage.List.Parameter}, before the default deny."));
                            }

                            if (stage.List.RequiredDeny() is { Span: { } deny } d)
                            {
                                hit.Related.Add(new RelatedLocation(deny, $"The default deny ({d.Name}) comes after it."));
                            }
                        }

                        hit.AddServer(server);
                    }
                }
            }
        }

        findings.Report(context, (hit, who) => context.Format(
            ("who", who), ("what", hit.Values["what"]), ("by", hit.Values["by"]), ("list", hit.Values["list"]), ("unknown", hit.Values["unknown"])));
    }

    /// <summary>A relay-policy stage that a choice of the client opened: its list holds a default deny, and a restriction the client can satisfy said OK first.</summary>
    private static bool IsCause(StageResult stage, SmtpdPipeline pipeline) =>
        stage.Stage is SmtpdStage.Relay or SmtpdStage.Recipient
        && stage.Decision == StageDecision.Permit
        && stage.DecidedBy is { } by
        && stage.List.RequiredDeny() is not null
        && (CanOpen(by) || (by.IsShorthandTable && stage.Entry is not null));

    /// <summary>A restriction that says OK for something the client chooses or controls (a shorthand table is a table: <see cref="SmtpdPipeline.MayDecideBy"/> counts it).</summary>
    private static bool CanOpen(Restriction restriction) =>
        restriction.Info?.Effect is RestrictionEffect.ClientChosenTable or RestrictionEffect.PermitNakedIpHelo
            or RestrictionEffect.PermitMxBackup or RestrictionEffect.PermitDnsAllowListed;

    private static string What(Restriction by, StageResult stage, ClientChoice choice, SmtpdPipeline pipeline)
    {
        switch (by.Info?.Effect)
        {
            case RestrictionEffect.PermitMxBackup:
                return "lets anyone who publishes an MX record naming this host for a domain of their own relay mail to that domain (permit_mx_backup_networks is empty)";
            case RestrictionEffect.PermitDnsAllowListed:
                return $"relays mail to any destination for every client that {by.Argument ?? "the DNS allow list"} lists";
            case RestrictionEffect.PermitNakedIpHelo:
                return $"relays mail to any destination for any client that sends HELO {choice.Helo} (a bare IP address, Postfix {pipeline.Series})";
        }

        var subject = by.IsShorthandTable ? RestrictionSubject.Recipient : by.Info!.Subject;
        var sends = subject switch
        {
            RestrictionSubject.Helo => $"HELO {choice.Helo}",
            RestrictionSubject.Sender => choice.Sender.Length == 0 ? "the null sender MAIL FROM:<>" : $"MAIL FROM:<{choice.Sender}>",
            _ => $"RCPT TO:<{choice.Recipient}> (any domain: the table matches the local part)",
        };
        var forged = subject == RestrictionSubject.Recipient ? string.Empty : ", which anyone can forge";
        return $"relays mail to any destination for any client that sends {sends}{forged}";
    }
}
