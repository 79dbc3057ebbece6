using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF602: relayhost names this host itself. Every Postfix daemon compares the two settings when it reads its
/// configuration and stops on an exact (case-insensitive) match: "myhostname and relayhost parameter settings
/// must not be identical" (mail_params.c mail_params_init()). Written with brackets or a port
/// (<c>[mx.example.com]:25</c>) the check passes, and the smtp client delivers every remote message to its own
/// host, which answers with its own name: "mail for ... loops back to myself" (smtp_proto.c).
/// </summary>
[Rule("PF602")]
public sealed class PF602MyhostnameEqualsRelayhost : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        var scopes = new List<MasterService?> { null };
        scopes.AddRange((config.Master?.EffectiveServices ?? []).Where(s => s.Override("relayhost") is not null || s.Override("myhostname") is not null));
        var reported = new HashSet<Core.Text.Span>();
        foreach (var service in scopes)
        {
            var hostname = config.Get("myhostname", service);
            var relayhost = config.Get("relayhost", service);
            var host = hostname.Value.Trim();
            if (host.Length == 0 || relayhost.Value.Trim().Length == 0)
            {
                continue;
            }

            var where = service is null ? string.Empty : $" (in {service.Label})";
            if (string.Equals(host, relayhost.Value.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                if (relayhost.Provenance?.Span is { } span && reported.Add(span))
                {
                    context.Report(span, context.Format(
                        ("relayhost", relayhost.Value.Trim()), ("where", where),
                        ("consequence", "Postfix refuses to run: `postfix start` and every daemon that reads it stop with \"fatal: myhostname and relayhost parameter settings must not be identical\"")),
                        Related(hostname), key: $"fatal|{span}");
                }

                continue;
            }

            foreach (var item in config.List("relayhost", service).Items)
            {
                if (string.Equals(NextHop.Parse(item.Text).Host, host, StringComparison.OrdinalIgnoreCase) && item.Span is { } span && reported.Add(span))
                {
                    context.Report(span, context.Format(
                        ("relayhost", item.Text), ("where", where),
                        ("consequence", "the smtp client sends every message for a remote domain to this host itself, which answers with its own name, and defers the mail with \"mail for " + item.Text + " loops back to myself\"")),
                        Related(hostname), key: $"loop|{span}");
                }
            }
        }
    }

    private static List<RelatedLocation> Related(EffectiveValue hostname) =>
        hostname.Provenance?.Span is { } s ? [new RelatedLocation(s, $"myhostname = {hostname.Value.Trim()}")] : [];
}
