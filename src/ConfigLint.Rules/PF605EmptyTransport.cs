using ConfigLint.Core.Model;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF605: a delivery transport parameter with no transport name (empty, or <c>:nexthop</c>). trivial-rewrite
/// resolves each address class to its transport and refuses an empty one: "file .../main.cf: parameter
/// local_transport: null transport is not allowed", with a resolver failure (resolve.c resolve_addr(),
/// RESOLVE_FLAG_FAIL), so smtpd answers 451 4.3.0 to every recipient of that class and queued mail waits.
/// </summary>
[Rule("PF605")]
public sealed class PF605EmptyTransport : IRuleLogic
{
    private static readonly string[] Parameters = ["local_transport", "virtual_transport", "relay_transport", "default_transport"];

    public void Check(RuleContext context)
    {
        var config = context.Config;
        if (config.Main is null)
        {
            return;
        }

        // trivial-rewrite reads them: main.cf, or the -o options of the service that runs it.
        var scopes = new List<MasterService?> { null };
        scopes.AddRange((config.Master?.EffectiveServices ?? []).Where(s => s.Command.Text == "trivial-rewrite"));
        var reported = new HashSet<Core.Text.Span>();
        foreach (var service in scopes)
        {
            foreach (var name in Parameters)
            {
                var value = config.Get(name, service);
                if (TransportValue.Parse(value.Value).Transport.Length == 0 && value.Provenance?.Span is { } span && reported.Add(span))
                {
                    // An empty value fails the parameter's minimum length (trivial-rewrite.c: 1); ":nexthop" passes it
                    // and leaves the transport empty (resolve.c).
                    var consequence = value.Value.Trim().Length == 0
                        ? $"trivial-rewrite stops at start-up with \"fatal: bad string length 0 < 1: {name} =\", so no address is rewritten or resolved, smtpd cannot accept mail and nothing is delivered"
                        : $"trivial-rewrite logs \"parameter {name}: null transport is not allowed\" for every recipient in {Class(name)}, smtpd never answers RCPT for them, and queued mail for them waits";
                    context.Report(span, context.Format(("parameter", name), ("value", value.Value.Trim()), ("consequence", consequence)), key: $"{name}|{span}");
                }
            }
        }
    }

    private static string Class(string parameter) => parameter switch
    {
        "local_transport" => "the local domains (mydestination)",
        "virtual_transport" => "the virtual mailbox domains",
        "relay_transport" => "the relay domains",
        _ => "every other domain",
    };
}
