using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.Core.Model.Tls;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// What the TLS and SASL rules (PF4xx, PF504) share: naming the SMTP servers a finding is about,
/// describing a value with where it comes from, and one finding per written cause with every
/// server it reaches as a related location.
/// </summary>
internal static class TlsFindings
{
    /// <summary>"smtp/inet (0.0.0.0:25)", or "a (x), b (y) and c (z)".</summary>
    /// <summary>
    /// The settings in force of every parameter whose name ends with one of <paramref name="suffixes"/>
    /// (the smtpd_, smtp_, lmtp_, tlsproxy_ ... family of one setting), by name: main.cf's value of each
    /// (written or the target release's default), then each master.cf service's own -o of it, in file order.
    /// </summary>
    public static IEnumerable<(MasterService? Service, string Parameter, EffectiveValue Value)> Settings(PostfixConfig config, params string[] suffixes)
    {
        var parameters = config.Catalogue.NamesEndingWith(suffixes);

        // By index: a foreach over the interface made an enumerator each time (six rules, every configuration).
        for (var i = 0; i < parameters.Count; i++)
        {
            yield return (null, parameters[i], config.Get(parameters[i]));
        }

        foreach (var service in config.Master?.EffectiveServices ?? [])
        {
            if (service.Overrides.Count == 0)
            {
                continue;
            }

            for (var i = 0; i < parameters.Count; i++)
            {
                if (service.Override(parameters[i]) is not null)
                {
                    yield return (service, parameters[i], config.Get(parameters[i], service));
                }
            }
        }
    }

    public static string Who(IReadOnlyList<(SmtpServer Server, Listener Listener)> servers)
    {
        var names = servers.Select(s => $"{s.Server.Listening.Label} ({s.Listener})").Distinct().ToList();
        return names.Count == 1 ? names[0] : string.Join(", ", names.SkipLast(1)) + " and " + names[^1];
    }

    /// <summary>The verb for one server or several: <c>Verb(servers, "offers", "offer")</c>.</summary>
    public static string Verb(IReadOnlyList<(SmtpServer Server, Listener Listener)> servers, string one, string many) =>
        servers.Select(s => s.Server.Listening).Distinct().Count() == 1 ? one : many;

    /// <summary>
    /// <c>name = 'value'</c> and where it comes from: nothing for main.cf, "(-o of submission/inet)",
    /// "(the default of Postfix 3.11 at compatibility_level 3.6)".
    /// </summary>
    public static string Describe(EffectiveValue value, PostfixConfig config)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(config);
        var text = value.Value.Trim().Length == 0 ? $"{value.Name} is empty" : $"{value.Name} = '{value.Value.Trim()}'";
        return value.Provenance switch
        {
            MasterOverrideProvenance o => $"{text} (-o of {o.ServiceKey})",
            DefaultProvenance d when value.Expanded.SpanOf(0, value.Value.Length) is null =>
                $"{text} (the default of Postfix {config.Release.Series} at compatibility_level {d.CompatibilityLevel})",
            _ => text,
        };
    }

    /// <summary>The top line of main.cf: where a finding about a built-in default goes when nothing is written (as PF101 does).</summary>
    public static Span? TopOfMain(PostfixConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Main is { } main ? Span.Line(main.Source.Path, 1, main.Source.LineLength(1)) : null;
    }

    /// <summary>Where each server listens, as related locations.</summary>
    public static IEnumerable<RelatedLocation> Listening(IEnumerable<(SmtpServer Server, Listener Listener)> servers) =>
        servers.Select(s => new RelatedLocation(s.Listener.Span, $"{s.Server.Listening.Label} listens on {s.Listener}."));

    /// <summary>A related location for a written value, or nothing for a built-in default.</summary>
    public static IEnumerable<RelatedLocation> WrittenAt(EffectiveValue? value, string message)
    {
        if (value is not null && ValueOrigin.Of(value) is { } span)
        {
            yield return new RelatedLocation(span, message);
        }
    }

    /// <summary>Related locations without repeats of the same span, the finding's own span left out.</summary>
    public static List<RelatedLocation> Distinct(Span primary, IEnumerable<RelatedLocation> related)
    {
        var seen = new HashSet<Span> { primary };
        return related.Where(r => seen.Add(r.Span)).ToList();
    }
}
