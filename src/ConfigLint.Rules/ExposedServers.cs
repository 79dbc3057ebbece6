using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>An SMTP server reachable from the network, and the first non-loopback address it listens on.</summary>
internal sealed record ExposedServer(SmtpServer Server, Listener Exposed)
{
    public override string ToString() => $"{Server.Listening.Label} ({Exposed})";
}

/// <summary>
/// What the rules about public smtpd behaviour share: the servers that listen on a non-loopback
/// address, grouped by where the deciding value is written, so a main.cf line that several
/// services inherit is one finding with each service as a related location.
/// </summary>
internal static class ExposedServers
{
    /// <summary>
    /// Every server with a non-loopback listener that is known: a master.cf checked without its
    /// main.cf only says where a service with a host in its name listens; a bare port binds the
    /// addresses of an inet_interfaces that is not in view.
    /// </summary>
    public static IEnumerable<ExposedServer> Of(PostfixConfig config) =>
        config.SmtpServers.Select(s => (Server: s, Exposed: Known(config, s.Listeners).FirstOrDefault(l => !l.IsLoopback)))
            .Where(x => x.Exposed is not null).Select(x => new ExposedServer(x.Server, x.Exposed!));

    /// <summary>The listeners whose addresses are known: all of them with main.cf in view, else those named in master.cf.</summary>
    public static IEnumerable<Listener> Known(PostfixConfig config, IEnumerable<Listener> listeners) =>
        config.Main is not null ? listeners : listeners.Where(l => l.Source == ListenerSource.ServiceName);

    /// <summary>
    /// The exposed servers whose value of <paramref name="parameter"/> (for the service
    /// <paramref name="serviceOf"/> picks, by default the smtpd that answers) meets
    /// <paramref name="condition"/>, grouped by the span that holds the value (null: the default).
    /// </summary>
    public static List<(EffectiveValue Value, Span? Written, List<ExposedServer> Servers)> Where(
        PostfixConfig config, string parameter, Func<EffectiveValue, bool> condition, Func<SmtpServer, MasterService>? serviceOf = null)
    {
        var groups = new List<(EffectiveValue Value, Span? Written, List<ExposedServer> Servers)>();
        foreach (var exposed in Of(config))
        {
            var value = config.Get(parameter, (serviceOf ?? (s => s.Answering))(exposed.Server));

            // Without main.cf a default is not known to be in force: the deployment's main.cf may set it.
            if (!condition(value) || (value.IsDefault && config.Main is null))
            {
                continue;
            }

            var written = value.Provenance?.Span;
            var group = groups.FindIndex(g => g.Written == written);
            if (group < 0)
            {
                groups.Add((value, written, [exposed]));
            }
            else if (groups[group].Servers.All(s => s.Server.Listening != exposed.Server.Listening))
            {
                groups[group].Servers.Add(exposed);
            }
        }

        return groups;
    }

    /// <summary>"smtp/inet (0.0.0.0:25)" or "smtp/inet (0.0.0.0:25) and submission/inet (0.0.0.0:587)".</summary>
    public static string Who(IReadOnlyList<ExposedServer> servers) =>
        servers.Count == 1 ? servers[0].ToString() : string.Join(", ", servers.SkipLast(1)) + " and " + servers[^1];

    /// <summary>Where such a finding goes: the written value, else the first server's listener (the line to add the setting near).</summary>
    public static Span Primary(Span? written, IReadOnlyList<ExposedServer> servers) => written ?? servers[0].Exposed.Span;

    /// <summary>Each server's listener as a related location.</summary>
    public static List<RelatedLocation> Related(IReadOnlyList<ExposedServer> servers, Span primary) =>
        servers.Where(s => s.Exposed.Span != primary).Select(s => new RelatedLocation(s.Exposed.Span, $"{s.Server.Listening.Label} listens on {s.Exposed}.")).ToList();

    /// <summary>" (the default)" for a value nobody wrote, else "".</summary>
    public static string DefaultNote(EffectiveValue value) => value.IsDefault ? ", the default" : string.Empty;

    /// <summary>A Postfix boolean: "yes" or "no", in any case (get_mail_conf_bool uses strcasecmp).</summary>
    public static bool IsYes(EffectiveValue value) => value.Value.Trim().Equals("yes", StringComparison.OrdinalIgnoreCase);

    public static bool IsNo(EffectiveValue value) => value.Value.Trim().Equals("no", StringComparison.OrdinalIgnoreCase);
}
