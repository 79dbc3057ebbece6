using ConfigLint.Core.Findings;
using ConfigLint.Core.Model.Smtpd;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// PF102: neither smtpd_relay_restrictions nor smtpd_recipient_restrictions of an smtpd service has
/// a working default deny before any <c>permit</c>, classes expanded (has_required() in
/// smtpd_check.c): smtpd_check_init() calls fail_required() and smtpd dies on every connection.
/// Reported where has_required() stops (the <c>permit</c>) or, without one, where the relay list
/// is written; every service with the same cause is a related location.
/// </summary>
[Rule("PF102")]
public sealed class PF102RelayDefaultDenyMissing : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var findings = new SmtpdFindings();
        findings.ForEachPipeline(context.Config, (pipeline, hitsHere) =>
        {
            if (!pipeline.MissingRequiredDeny)
            {
                return;
            }

            var (span, because, related) = Cause(pipeline);
            if (span is null)
            {
                return;
            }

            var hit = findings.At(span.Value, "deny", () => new SmtpdFindings.Hit(span.Value, "deny"));
            hit.Values["because"] = because;
            hit.Values["fatal"] = pipeline.RequiredDenyMessage;
            hit.Related.AddRange(related.Where(r => hit.Related.All(x => x.Span != r.Span)));
            hitsHere.Add(hit);
        });

        findings.Report(context, (hit, who) => context.Format(("who", who), ("fatal", hit.Values["fatal"]), ("because", hit.Values["because"])));
    }

    /// <summary>The span that causes the failure, why, and the other lists involved.</summary>
    private static (Span? Span, string Because, List<RelatedLocation> Related) Cause(SmtpdPipeline pipeline)
    {
        var related = new List<RelatedLocation>();
        foreach (var list in new[] { pipeline.Relay, pipeline.Recipient })
        {
            if (list.PermitBeforeRequiredDeny() is { Span: { } permit })
            {
                var other = list == pipeline.Relay ? pipeline.Recipient : pipeline.Relay;
                AddOther(other, related);
                var later = list.Items.SkipWhile(i => i.Span != permit).Skip(1)
                    .FirstOrDefault(i => RestrictionReleases.RequiredDenies(pipeline.Series).Contains(i.Name, StringComparer.OrdinalIgnoreCase));
                var because = later is null
                    ? $"has_required() stops looking at `permit' in {list.Parameter}"
                    : $"has_required() stops looking at `permit' in {list.Parameter}, so the `{later.Name}' after it does not count";
                return (permit, because + OtherSays(other), related);
            }
        }

        foreach (var list in new[] { pipeline.Relay, pipeline.Recipient })
        {
            var warned = list.Items.Zip(list.Items.Skip(1)).FirstOrDefault(p =>
                p.First.Info?.Effect == RestrictionEffect.WarnIfReject
                && RestrictionReleases.RequiredDenies(pipeline.Series).Contains(p.Second.Name, StringComparer.OrdinalIgnoreCase));
            if (warned.First is { Span: { } warnSpan })
            {
                var other = list == pipeline.Relay ? pipeline.Recipient : pipeline.Relay;
                AddOther(other, related);
                return (warnSpan, $"warn_if_reject makes the `{warned.Second.Name}' after it in {list.Parameter} a log line, which does not count" + OtherSays(other), related);
            }
        }

        var written = SmtpdFindings.WhereWritten(pipeline.Relay) is { } relaySpan && pipeline.Relay.Value.Provenance?.Span is not null ? (pipeline.Relay, relaySpan)
            : SmtpdFindings.WhereWritten(pipeline.Recipient) is { } recipientSpan ? (pipeline.Recipient, recipientSpan)
            : SmtpdFindings.WhereWritten(pipeline.Relay) is { } anyRelay ? (pipeline.Relay, anyRelay)
            : ((RestrictionList?)null, (Span?)null);
        if (written.Item1 is not { } writtenList)
        {
            return (null, string.Empty, related);
        }

        AddOther(writtenList == pipeline.Relay ? pipeline.Recipient : pipeline.Relay, related);
        return (written.Item2, writtenList.IsEmpty && (writtenList == pipeline.Relay ? pipeline.Recipient : pipeline.Relay).IsEmpty
            ? "both lists are empty"
            : "neither list names one", related);
    }

    private static void AddOther(RestrictionList other, List<RelatedLocation> related)
    {
        if (SmtpdFindings.WhereWritten(other) is { } span && other.Value.Provenance?.Span is not null)
        {
            related.Add(new RelatedLocation(span, other.IsEmpty ? $"{other.Parameter} is empty." : $"{other.Parameter} has no default deny either."));
        }
    }

    private static string OtherSays(RestrictionList other) =>
        other.IsEmpty ? $", and {other.Parameter} is empty" : $", and {other.Parameter} has none either";
}
