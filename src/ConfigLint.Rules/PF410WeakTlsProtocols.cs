using ConfigLint.Core.Model;
using ConfigLint.Core.Model.Tls;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// PF410: a protocol list leaves SSLv2 or SSLv3 enabled (any <c>*_tls_protocols</c> or
/// <c>*_tls_mandatory_protocols</c> of the target release, in main.cf or a <c>-o</c>), or a
/// network-reachable submission service (587, 465) accepts TLSv1 or TLSv1.1 with the list that applies to
/// it (mandatory where TLS is enforced). Lists are read as the target release reads them
/// (<see cref="TlsProtocolList"/>); a list the release cannot read disables TLS instead and is not judged here.
/// </summary>
[Rule("PF410")]
public sealed class PF410WeakTlsProtocols : IRuleLogic
{
    private static readonly TlsProtocol[] Broken = [TlsProtocol.SSLv2, TlsProtocol.SSLv3];
    private static readonly TlsProtocol[] Deprecated = [TlsProtocol.TLSv1, TlsProtocol.TLSv1_1];

    public void Check(RuleContext context)
    {
        var config = context.Config;
        var reported = new HashSet<Span>();
        foreach (var (service, parameter, value) in TlsFindings.Settings(config, "_tls_protocols", "_tls_mandatory_protocols"))
        {
            var list = TlsProtocolList.Read(value, config.Release);
            var enabled = Allowed(Broken, list);
            if (list.IsInvalid || enabled.Count == 0 || ValueOrigin.Of(value) is not { } span || !reported.Add(span))
            {
                continue;
            }

            context.Report(span,
                context.Format(
                    ("what", TlsFindings.Describe(value, config)),
                    ("protocols", Names(enabled)),
                    ("effect", $"Postfix does not exclude {(enabled.Count == 1 ? "it" : "them")}, so an OpenSSL that still supports {(enabled.Count == 1 ? "it" : "them")} negotiates {(enabled.Count == 1 ? "it" : "them")} with any peer that asks (POODLE, DROWN); write {Floor(config)}")),
                key: $"{parameter}|{value.Value.Trim()}");
        }

        var hits = new List<(Span Span, SmtpServer Server, Listener Listener, SmtpdTls Tls)>();
        foreach (var server in config.SmtpServers)
        {
            if ((server.ExposedOn(587) ?? server.ExposedOn(465)) is not { } listener)
            {
                continue;
            }

            var tls = config.InboundTls(server.Answering);
            if (!tls.UsesTls || tls.Protocols.IsInvalid || !Deprecated.Any(tls.Protocols.Allows))
            {
                continue;
            }

            var span = ValueOrigin.Of(tls.Protocols.Value);
            if (span is { } s && reported.Contains(s))
            {
                continue;
            }

            if (span is null && config.Main is null)
            {
                continue;
            }

            hits.Add((span ?? server.Listening.Service.Span, server, listener, tls));
        }

        foreach (var group in hits.GroupBy(h => h.Span))
        {
            var servers = group.Select(h => (h.Server, h.Listener)).ToList();
            var tls = group.First().Tls;
            var enabled = Allowed(Deprecated, tls.Protocols);
            context.Report(group.Key,
                context.Format(
                    ("what", $"{TlsFindings.Who(servers)} with {TlsFindings.Describe(tls.Protocols.Value, config)}"),
                    ("protocols", Names(enabled)),
                    ("effect", $"TLS 1.0 and 1.1 are deprecated (RFC 8996) and every current mail client speaks TLS 1.2; write {tls.ProtocolsParameter} = {Modern(config)} where mail is submitted (ports 587 and 465)")),
                TlsFindings.Distinct(group.Key, TlsFindings.Listening(servers)),
                key: string.Join(",", servers.Select(s => s.Server.Listening.Key)));
        }
    }

    /// <summary>TLS 1.0 and later, the Postfix 3.6 default, in the syntax the target release reads.</summary>
    private static string Floor(PostfixConfig config) =>
        TlsProtocolList.KnowsBounds(config.Release) ? ">=TLSv1 (the default since Postfix 3.6)" : "!SSLv2, !SSLv3 (the default of Postfix 3.4 and 3.5)";

    /// <summary>TLS 1.2 and later, in the syntax the target release reads (bounds since 3.6).</summary>
    private static string Modern(PostfixConfig config) =>
        TlsProtocolList.KnowsBounds(config.Release) ? ">=TLSv1.2" : "!SSLv2, !SSLv3, !TLSv1, !TLSv1.1";

    /// <summary>Those of <paramref name="protocols"/> the list allows, in order (a loop: eight settings a configuration, most allowing none).</summary>
    private static IReadOnlyList<TlsProtocol> Allowed(TlsProtocol[] protocols, TlsProtocolList list)
    {
        List<TlsProtocol>? allowed = null;
        foreach (var protocol in protocols)
        {
            if (list.Allows(protocol))
            {
                (allowed ??= []).Add(protocol);
            }
        }

        return allowed is null ? [] : allowed;
    }

    private static string Names(IReadOnlyList<TlsProtocol> protocols) =>
        protocols.Count == 1 ? TlsProtocolList.Name(protocols[0]) : string.Join(" and ", protocols.Select(TlsProtocolList.Name));
}
