using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.Core.Model.Tls;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// PF404: an smtpd listens on port 465 (smtps, submissions) without smtpd_tls_wrappermode = yes. It then
/// greets in plaintext (smtpd.c smtpd_proto() only starts TLS on connect in wrapper mode), while clients of
/// port 465 begin with a TLS handshake (RFC 8314): neither side understands the other.
/// </summary>
[Rule("PF404")]
public sealed class PF404SmtpsWrappermodeMissing : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        foreach (var server in config.SmtpServers)
        {
            if (server.On(465) is not { } listener)
            {
                continue;
            }

            var tls = config.InboundTls(server.Answering);
            if (tls.WrapperMode)
            {
                continue;
            }

            // A written "no" is the cause; otherwise the service that listens on 465 is where the -o goes.
            // Without a main.cf in view its value is not known (as PF101 assumes nothing about it).
            var written = ValueOrigin.Of(tls.WrapperModeValue);
            if (written is null && config.Main is null)
            {
                continue;
            }

            var span = written ?? server.Listening.Service.Span;
            context.Report(span,
                context.Format(("service", server.Listening.Label), ("listener", listener.ToString()), ("wrappermode", TlsFindings.Describe(tls.WrapperModeValue, config))),
                TlsFindings.Distinct(span, TlsFindings.Listening([(server, listener)])),
                Fix(server.Answering, config.Master!.Source),
                key: server.Listening.Key);
        }
    }

    /// <summary>
    /// Wrapper mode for the smtpd that answers on 465 alone, as Postfix's stock master.cf writes it
    /// (<c>submissions inet ... smtpd -o smtpd_tls_wrappermode=yes</c>): its own <c>-o smtpd_tls_wrappermode</c>
    /// becomes <c>yes</c>, or one is added after its last field. A main.cf setting stays, because the other
    /// smtpd services read it. Null when the daemon would not read an added <c>-o</c>: master passes the
    /// arguments to getopt(3), which stops at the first word that is not an option, so after a command
    /// argument the new <c>-o</c> would be an argument too.
    /// </summary>
    private static Fix? Fix(MasterService service, SourceText master)
    {
        const string Option = "smtpd_tls_wrappermode";
        if (service.Override(Option) is { } own)
        {
            return new Fix($"Set -o {Option}=yes in {service.Label}", [new Replacement(own.Value.WholeSpan, "yes")]);
        }

        var last = service.Arguments.Count > 0 ? service.Arguments[^1] : service.Command;
        var lastIsOption = service.Arguments.Count == 0
            || service.Options.Any(o => o.Span == last.Span)
            || service.Overrides.Any(o => !EndsBefore(o.OptionSpan, last.Span));
        if (!lastIsOption)
        {
            return null;
        }

        // After the end of the last field's line, so a final line without a newline still gets one
        // between them; the new line takes the indentation of the service's first -o line, if any.
        var line = last.Span.EndLine;
        var indent = service.Overrides.Count > 0 ? Indentation(master.LineText(service.Overrides[0].OptionSpan.StartLine)) : "  ";
        var end = master.LineLength(line) + 1;
        return new Fix($"Add -o {Option}=yes to {service.Label}", [new Replacement(new Span(master.Path, line, end, line, end), $"\n{indent}-o {Option}=yes")]);
    }

    private static bool EndsBefore(Span a, Span b) => a.EndLine < b.EndLine || (a.EndLine == b.EndLine && a.EndColumn < b.EndColumn);

    private static string Indentation(string line)
    {
        var n = 0;
        while (n < line.Length && (line[n] == ' ' || line[n] == '\t'))
        {
            n++;
        }

        return n > 0 ? line[..n] : "  ";
    }
}
