using ConfigLint.Core.Model;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF505: verbose logging left on. <c>debug_peer_list</c>: smtpd, the SMTP/LMTP client and
/// qmqpd raise their verbosity by <c>debug_peer_level</c> for a matching peer (debug_peer.c); a
/// <c>-v</c> in master.cf raises it for every request of that service (master(5)). smtpd then logs
/// every line it reads and writes ("&lt; client: ..." and "&gt; client: ...", smtpd_chat.c), AUTH
/// exchanges included. Each written value is one finding: main.cf's, and each service's -o.
/// </summary>
[Rule("PF505")]
public sealed class PF505DebugLeftOn : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        var level = config.Get("debug_peer_level").Value.Trim();
        var main = config.Get("debug_peer_list");
        if (main.Provenance?.Span is { } mainSpan && !string.IsNullOrWhiteSpace(main.Value))
        {
            context.Report(mainSpan, context.Format(
                ("cause", $"debug_peer_list = {main.Value.Trim()}"),
                ("effect", $"smtpd, the SMTP and LMTP clients and qmqpd log every session with a matching client or server at verbose level {level} (debug_peer_level){Dialogue}")), key: "debug_peer_list");
        }

        foreach (var service in config.Master?.EffectiveServices ?? [])
        {
            if (service.Override("debug_peer_list") is { } o && !string.IsNullOrWhiteSpace(o.Value.Text) && !service.IsStock)
            {
                var serviceLevel = config.Get("debug_peer_level", service).Value.Trim();
                context.Report(o.OptionSpan, context.Format(
                    ("cause", $"{service.Label} sets -o debug_peer_list={o.Value.Text.Trim()}"),
                    ("effect", $"its {service.Command.Text} logs every session with a matching peer at verbose level {serviceLevel} (debug_peer_level){(TalksSmtp(service) ? Dialogue : string.Empty)}")), key: $"{service.Key}|debug_peer_list");
            }

            var verbose = service.Options.Where(o => o.Text.Contains('v', StringComparison.Ordinal)).ToList();
            if (service.Verbosity > 0 && !service.IsStock)
            {
                var count = service.Verbosity;
                context.Report(verbose[0].Span, context.Format(
                    ("cause", $"{service.Label} runs {service.Command.Text} with {string.Join(" ", verbose.Select(v => v.Text))}"),
                    ("effect", $"it logs every request it handles at verbose level {count}{(TalksSmtp(service) ? Dialogue : ", which floods the mail log")}")), key: $"{service.Key}|-v");
            }
        }
    }

    /// <summary>What verbose logging of an SMTP session holds (smtpd_chat.c and smtp_chat.c log every line read and written).</summary>
    private const string Dialogue = ": every command and reply goes to the mail log, SMTP AUTH exchanges included";

    /// <summary>The daemons that speak SMTP or LMTP with a peer.</summary>
    private static bool TalksSmtp(MasterService service) => service.Command.Text is "smtpd" or "smtp" or "lmtp";
}
