using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF512: <c>milter_default_action = accept</c> where milters are configured. When a milter cannot be
/// reached or fails, the action "accept" makes the MTA carry on as if that milter were not there
/// (src/milter/milter8.c, milter8_conf_error() and milter8_comm_error(): def_action "accept"); mail
/// passes unfiltered (not scanned, not signed). A policy choice, hence a note. Per smtpd service with
/// its master.cf <c>-o</c> overrides (smtpd_milters), and main.cf's non_smtpd_milters.
/// </summary>
[Rule("PF512")]
public sealed class PF512MilterDefaultAccept : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        var findings = new SmtpdFindings();
        foreach (var (server, _) in SmtpdFindings.Services(config))
        {
            var action = config.Get("milter_default_action", server.Answering);
            if (!IsAccept(action) || string.IsNullOrWhiteSpace(config.Get("smtpd_milters", server.Answering).Value) || Written.Where(action) is not { } span)
            {
                continue;
            }

            findings.At(span, "accept", () => new SmtpdFindings.Hit(span, "accept")).AddServer(server);
        }

        findings.Report(context, (_, who) => context.Format(("who", $"the smtpd of {who}")));

        var main = config.Get("milter_default_action");
        if (IsAccept(main) && !string.IsNullOrWhiteSpace(config.Get("non_smtpd_milters").Value) && Written.Where(main) is { } mainSpan
            && findings.Count(mainSpan) == 0)
        {
            context.Report(mainSpan, context.Format(("who", "the cleanup server, for mail submitted with sendmail(1) (non_smtpd_milters),")));
        }
    }

    private static bool IsAccept(Core.Model.EffectiveValue value) => value.Value.Trim().Equals("accept", StringComparison.OrdinalIgnoreCase);
}
