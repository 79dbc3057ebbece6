using ConfigLint.Core.Findings;
using System.Net;
using ConfigLint.Core.Model;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>PF203: a backup MX behind NAT must know its public address (proxy_interfaces) or it loops mail to itself.</summary>
[Rule("PF203")]
public sealed class PF203BackupMxWithoutProxyInterfaces : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        if (!string.IsNullOrWhiteSpace(config.Get("proxy_interfaces").Value))
        {
            return;
        }

        // network: behind_nat in .configlint.yml. false: the listening addresses are the public
        // ones, so nothing loops. true: a wildcard listener is behind the NAT as well.
        var behindNat = config.Network.BehindNat;
        if (behindNat == false)
        {
            return;
        }

        var listeners = config.SmtpServers.SelectMany(s => s.Listeners).Where(l => !l.IsLoopback).ToList();
        if (listeners.Count == 0 || !listeners.All(l => (l.IsWildcard && behindNat == true) || (l.Address is { } a && !l.IsWildcard && AddressRanges.IsPrivate(a))))
        {
            return;
        }

        var (cause, because) = BackupMxCause(config);
        if (cause is null)
        {
            return;
        }

        var interfaces = config.Get("inet_interfaces");
        var related = new List<RelatedLocation>();
        if (interfaces.Provenance?.Span is { } s)
        {
            related.Add(new RelatedLocation(s, behindNat == true
                ? $"inet_interfaces = {interfaces.Value.Trim()}: behind NAT (network: behind_nat in .configlint.yml)."
                : $"inet_interfaces = {interfaces.Value.Trim()}: only private addresses."));
        }

        var names = string.Join(", ", listeners.Select(l => l.ToString()).Distinct());
        context.Report(cause.Value, context.Format(("because", because), ("listeners", names)), related, key: because);
    }

    private static (Span? Span, string Because) BackupMxCause(PostfixConfig config)
    {
        var destinations = config.List("mydestination").Items.Select(i => i.Text.ToLowerInvariant()).ToHashSet();
        foreach (var item in config.List("relay_domains").Items)
        {
            if (!destinations.Contains(item.Text.ToLowerInvariant()) && item.Span is { } span)
            {
                return (span, $"relay_domains names {item.Text}");
            }
        }

        foreach (var server in config.SmtpServers)
        {
            foreach (var name in new[] { "smtpd_relay_restrictions", "smtpd_recipient_restrictions" })
            {
                if (config.List(name, server.Answering).Find("permit_mx_backup") is { Span: { } span })
                {
                    return (span, $"permit_mx_backup in {name}");
                }
            }
        }

        return (null, string.Empty);
    }
}
