using ConfigLint.Core.Model;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Model;

/// <summary>
/// Reads smtpd restriction lists the way smtpd walks them: left to right, the first restriction
/// that gives a definite answer wins (SMTPD_ACCESS_README).
/// </summary>
public static class RestrictionList
{
    /// <summary>Restrictions that refuse relaying for clients not permitted earlier ("default deny").</summary>
    public static readonly HashSet<string> DenyUnauthorised = new(StringComparer.OrdinalIgnoreCase)
    {
        "reject_unauth_destination", "defer_unauth_destination", "reject", "defer", "defer_if_permit", "check_relay_domains",
    };

    /// <summary>Where permit_mynetworks is reached before any default-deny, or null.</summary>
    public sealed record PermitMynetworks(EffectiveValue List, int Offset, string Text)
    {
        public Span? Span => List.Expanded.SpanOf(Offset, Text.Length);
    }

    public static PermitMynetworks? ReachesPermitMynetworks(EffectiveValue list)
    {
        foreach (var item in ListItems.Split(list.Value))
        {
            var word = item.Text.ToLowerInvariant();
            if (word == "permit_mynetworks")
            {
                return new PermitMynetworks(list, item.Offset, item.Text);
            }

            if (DenyUnauthorised.Contains(word))
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>True when the list refuses an unauthorised relay before permitting by address (permit_mynetworks or permit).</summary>
    public static bool DeniesBeforePermitting(EffectiveValue list)
    {
        foreach (var item in ListItems.Split(list.Value))
        {
            var word = item.Text.ToLowerInvariant();
            if (word is "permit_mynetworks" or "permit")
            {
                return false;
            }

            if (DenyUnauthorised.Contains(word))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The relay policy of one smtpd: smtpd_relay_restrictions, or smtpd_recipient_restrictions
    /// where the former is empty (Postfix &lt; 2.10 style, and compatibility level 0). When the
    /// relay list permits, the recipient list still runs and may refuse (postconf(5)).
    /// </summary>
    public static PermitMynetworks? RelaysByAddress(PostfixConfig config, Core.Parsing.MasterService service)
    {
        var relay = config.Get("smtpd_relay_restrictions", service);
        var recipient = config.Get("smtpd_recipient_restrictions", service);
        if (string.IsNullOrWhiteSpace(relay.Value))
        {
            return ReachesPermitMynetworks(recipient);
        }

        var permit = ReachesPermitMynetworks(relay);
        return permit is not null && !DeniesBeforePermitting(recipient) ? permit : null;
    }
}
