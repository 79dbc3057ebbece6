using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>PF202: inet_interfaces says loopback only, but a master.cf service names a public host, which master binds anyway.</summary>
[Rule("PF202")]
public sealed class PF202LoopbackOnlyOverriddenByMasterAddress : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        var interfaces = config.Get("inet_interfaces");
        var items = config.List("inet_interfaces").Items;
        if (items.Count == 0 || !items.All(i => InetInterface.Parse(i.Text).IsLoopback))
        {
            return;
        }

        var related = interfaces.Provenance?.Span is { } s
            ? new List<RelatedLocation> { new(s, $"inet_interfaces = {interfaces.Value.Trim()} limits Postfix to loopback.") }
            : [];
        foreach (var listener in config.Listeners.All.Where(l => l.Source == ListenerSource.ServiceName && !l.IsLoopback))
        {
            context.Report(listener.Service.Service.Span,
                context.Format(("service", listener.Service.Label), ("host", listener.Host), ("interfaces", interfaces.Value.Trim())),
                related, key: listener.Service.Key);
        }
    }
}
