using ConfigLint.Core.Model;
using ConfigLint.Core.Model.Tls;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// PF504: a public smtpd ends a message at a bare &lt;LF&gt;.&lt;LF&gt; (SMTP smuggling, CVE-2023-51764).
/// What the target release can do is read from its catalogue, not from a version list: a release that
/// does not know smtpd_forbid_bare_newline (3.4) cannot be fixed by configuration; where it defaults to
/// "no" (3.5 – 3.8) the default leaves smtpd open; from "normalize" on (3.9) only a written "no" does
/// (smtpd.c bare_lf_mask_table: normalize, yes, reject and, in 3.11, note all require &lt;CR&gt;&lt;LF&gt;.&lt;CR&gt;&lt;LF&gt;).
/// Clients in smtpd_forbid_bare_newline_exclusions ($mynetworks) are not protected, by design.
/// </summary>
[Rule("PF504")]
public sealed class PF504SmtpSmuggling : IRuleLogic
{
    private const string Parameter = "smtpd_forbid_bare_newline";

    public void Check(RuleContext context)
    {
        var config = context.Config;
        if (config.Main is null)
        {
            return;
        }

        var known = config.Catalogue.IsKnown(Parameter);
        var hits = new List<(Span Span, SmtpServer Server, Listener Listener, EffectiveValue? Value)>();
        foreach (var server in config.SmtpServers)
        {
            if (server.Listeners.FirstOrDefault(l => l.IsPublic(config.Network)) is not { } listener)
            {
                continue;
            }

            if (!known)
            {
                hits.Add((listener.Span, server, listener, null));
                continue;
            }

            var value = config.Get(Parameter, server.Answering);
            if (value.Value.Trim().Equals("no", StringComparison.OrdinalIgnoreCase))
            {
                hits.Add((ValueOrigin.Of(value) ?? listener.Span, server, listener, value));
            }
        }

        // A release default is one cause for every server: one finding, at the first server's listener.
        var groups = known
            ? hits.GroupBy(h => h.Value is { } v && ValueOrigin.Of(v) is null ? (Span?)null : h.Span)
            : hits.GroupBy(_ => (Span?)null);
        foreach (var group in groups)
        {
            var servers = group.Select(h => (h.Server, h.Listener)).ToList();
            var span = group.Key ?? group.First().Span;
            var cause = group.First().Value is { } value
                ? $"{TlsFindings.Describe(value, config)}"
                : $"Postfix {config.Release.Series} has no {Parameter}";
            var fix = known
                ? $"set {Parameter} = normalize (or reject)"
                : $"Postfix {config.Release.Series} cannot be protected by its configuration: upgrade to a release that has {Parameter} (3.5.23, 3.6.13, 3.7.9, 3.8.4 or later)";
            context.Report(span,
                context.Format(("who", TlsFindings.Who(servers)), ("cause", cause), ("fix", fix)),
                TlsFindings.Distinct(span, TlsFindings.Listening(servers)),
                key: string.Join(",", servers.Select(s => s.Server.Listening.Key)));
        }
    }
}
