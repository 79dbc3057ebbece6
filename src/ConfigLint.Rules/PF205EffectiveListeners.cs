using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF205: what this host exposes to the network: every inet service with the non-loopback
/// addresses master binds for it (its own host part, else inet_interfaces and inet_protocols;
/// master(5), postconf(5) inet_interfaces) and the program it runs. An inventory, so opt-in.
/// </summary>
[Rule("PF205")]
public sealed class PF205EffectiveListeners : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var exposed = ExposedServers.Known(context.Config, context.Config.Listeners.All).Where(l => !l.IsLoopback).GroupBy(l => l.Service).ToList();
        if (exposed.Count == 0)
        {
            return;
        }

        var parts = new List<string>();
        var related = new List<RelatedLocation>();
        foreach (var service in exposed)
        {
            var addresses = string.Join(", ", service.Select(l => l.ToString()));
            var program = Program(context.Config, service.Key);
            parts.Add($"{service.Key.Label} on {addresses} ({program})");
            related.Add(new RelatedLocation(service.First().Span, $"{service.Key.Label} listens on {addresses} ({program})."));
        }

        context.Report(exposed[0].First().Span, context.Format(("count", exposed.Count == 1 ? "one service" : $"{exposed.Count} services"), ("listeners", string.Join("; ", parts))), related.Skip(1));
    }

    /// <summary>The program behind a listener: the command, and for postscreen the smtpd it hands clients to.</summary>
    private static string Program(PostfixConfig config, Core.Parsing.MasterService service)
    {
        var server = config.SmtpServers.FirstOrDefault(s => s.Listening == service);
        return server is not null && server.Answering != service ? $"{service.Command.Text}, then smtpd of {server.Answering.Label}" : service.Command.Text;
    }
}
