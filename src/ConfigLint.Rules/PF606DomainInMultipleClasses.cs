using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.Core.Model.Tables;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF606: one literal domain in two address classes. trivial-rewrite decides a recipient's class in a fixed order
/// (resolve.c resolve_addr(): mydestination, then virtual_alias_domains, then virtual_mailbox_domains, then
/// relay_domains), so the later listing never applies, and with helpful_warnings (default yes) it logs "do not
/// list domain X in BOTH A and B" each time it resolves such an address. The pairs it warns about are exactly
/// those below (mydestination with relay_domains is not one: relay_domains defaulted to $mydestination).
/// </summary>
[Rule("PF606")]
public sealed class PF606DomainInMultipleClasses : IRuleLogic
{
    private static readonly (string Winner, string Loser)[] Pairs =
    [
        ("mydestination", "virtual_alias_domains"),
        ("mydestination", "virtual_mailbox_domains"),
        ("virtual_alias_domains", "virtual_mailbox_domains"),
        ("virtual_alias_domains", "relay_domains"),
        ("virtual_mailbox_domains", "relay_domains"),
    ];

    /// <summary>Each class named in <see cref="Pairs"/>, once, in the order they first appear there.</summary>
    private static readonly string[] Classes = [.. Pairs.SelectMany(p => new[] { p.Winner, p.Loser }).Distinct()];

    public void Check(RuleContext context)
    {
        var config = context.Config;
        if (config.Main is null)
        {
            return;
        }

        var domains = new Dictionary<string, Dictionary<string, ListItem>>(StringComparer.Ordinal);
        foreach (var name in Classes)
        {
            var literal = new Dictionary<string, ListItem>(StringComparer.OrdinalIgnoreCase);
            foreach (var item in config.List(name).Items)
            {
                if (IsLiteralDomain(item))
                {
                    literal.TryAdd(item.Text, item);
                }
            }

            domains[name] = literal;
        }

        foreach (var (winner, loser) in Pairs)
        {
            foreach (var (domain, item) in domains[loser])
            {
                if (!domains[winner].TryGetValue(domain, out var first) || item.Span is not { } span)
                {
                    continue;
                }

                var related = first.Span is { } s ? new[] { new RelatedLocation(s, $"{domain} in {winner}, which trivial-rewrite checks first") } : [];
                context.Report(span, context.Format(("domain", domain), ("winner", winner), ("loser", loser), ("class", Describe(winner))), related, key: $"{domain}|{winner}|{loser}");
            }
        }
    }

    private static bool IsLiteralDomain(ListItem item) =>
        item.Text.Length > 0 && !item.Text.StartsWith('!') && !item.Text.StartsWith('/') && !item.Text.StartsWith('.')
        && !item.Text.StartsWith('[') && TableReference.Parse(item.Text, item.Span) is null;

    private static string Describe(string list) => list switch
    {
        "mydestination" => "a local domain, for local_transport",
        "virtual_alias_domains" => "a virtual alias domain: recipients not in virtual_alias_maps are rejected as unknown",
        _ => "a virtual mailbox domain, for virtual_transport",
    };
}
