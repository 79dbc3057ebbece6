using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.Core.Model.Smtpd;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// Findings about smtpd restriction lists, which several services often share: one finding per
/// written span (the root cause), naming every service it affects, each as a related location.
/// </summary>
internal sealed class SmtpdFindings
{
    private readonly List<Hit> hits = [];

    /// <summary>Each smtpd that answers clients (a postscreen service is answered by its smtpd pass service), once, with its pipeline.</summary>
    /// <param name="exposedOnly">Only the servers a client outside the host can reach.</param>
    public static IReadOnlyList<(SmtpServer Server, SmtpdPipeline Pipeline)> Services(PostfixConfig config, bool exposedOnly = false)
    {
        var served = config.Derived(static c => new Served(c));
        return exposedOnly ? served.Exposed : served.All;
    }

    /// <summary>
    /// The servers with their pipelines, listed once a configuration: a dozen rules walk them, and a
    /// filter and projection made again for each walk were 3 % of a fleet's allocations.
    /// </summary>
    private sealed class Served
    {
        public Served(PostfixConfig config)
        {
            foreach (var server in config.SmtpServers)
            {
                var pair = (server, config.Smtpd(server.Answering));
                All.Add(pair);
                if (server.Exposed is not null)
                {
                    Exposed.Add(pair);
                }
            }
        }

        public List<(SmtpServer Server, SmtpdPipeline Pipeline)> All { get; } = [];

        public List<(SmtpServer Server, SmtpdPipeline Pipeline)> Exposed { get; } = [];
    }

    /// <summary>
    /// Calls <paramref name="find"/> once for each pipeline, in the order of <see cref="Services"/>:
    /// the services that override no restriction share one pipeline, so a rule whose findings depend
    /// on the pipeline alone looks through it once, not once per service (100,000 services, one
    /// pipeline). <paramref name="find"/> lists the hits it made or met; every server that uses the
    /// pipeline is added to them, in master.cf order.
    /// </summary>
    public void ForEachPipeline(PostfixConfig config, Action<SmtpdPipeline, List<Hit>> find)
    {
        var found = new Dictionary<SmtpdPipeline, List<Hit>>(ReferenceEqualityComparer.Instance);
        foreach (var (server, pipeline) in Services(config))
        {
            if (!found.TryGetValue(pipeline, out var hitsHere))
            {
                found[pipeline] = hitsHere = [];
                find(pipeline, hitsHere);
            }

            foreach (var hit in hitsHere)
            {
                hit.AddServer(server);
            }
        }
    }

    /// <summary>The finding at <paramref name="span"/>, created on first use.</summary>
    public Hit At(Span span, string key, Func<Hit> create)
    {
        var hit = hits.FirstOrDefault(h => h.Span == span && h.Key == key);
        if (hit is null)
        {
            hit = create();
            hits.Add(hit);
        }

        return hit;
    }

    /// <summary>How many findings there are at <paramref name="span"/>.</summary>
    public int Count(Span span) => hits.Count(h => h.Span == span);

    /// <summary>Reports every finding: <paramref name="message"/> gets the hit and the "who" text for its services.</summary>
    public void Report(RuleContext context, Func<Hit, string, string> message)
    {
        foreach (var hit in hits)
        {
            var related = new List<RelatedLocation>();
            foreach (var server in hit.Servers)
            {
                if (server.Exposed is { } exposed)
                {
                    related.Add(new RelatedLocation(exposed.Span, $"{server.Listening.Label} listens on {exposed}."));
                }
                else if (server.Listeners.FirstOrDefault() is { } listener)
                {
                    related.Add(new RelatedLocation(listener.Span, $"{server.Listening.Label} listens on {listener}."));
                }
            }

            foreach (var r in hit.Related.Where(r => r.Span != hit.Span && related.All(x => x.Span != r.Span)))
            {
                related.Add(r);
            }

            context.Report(hit.Span, message(hit, Who(hit.Servers)), related, key: hit.Key, severity: hit.Severity);
        }
    }

    /// <summary>"smtp/inet" or "smtp/inet and submission/inet".</summary>
    public static string Who(IReadOnlyList<SmtpServer> servers) => Who(servers.Select(s => s.Listening.Label).ToList());

    /// <summary>"a" or "a, b and c".</summary>
    public static string Who(IReadOnlyList<string> labels) =>
        labels.Count == 1 ? labels[0] : string.Join(", ", labels.SkipLast(1)) + " and " + labels[^1];

    /// <summary>Where a list is written: its first item, else the parameter (an empty value), else null (a default).</summary>
    public static Span? WhereWritten(RestrictionList list) =>
        list.Items.FirstOrDefault(i => i.Span is not null)?.Span
        ?? list.Value.Provenance switch
        {
            MainCfProvenance m => m.NameSpan,
            MasterOverrideProvenance o => o.OptionSpan,
            _ => null,
        };

    internal sealed class Hit(Span span, string key)
    {
        public Span Span { get; } = span;

        public string Key { get; } = key;

        public Severity? Severity { get; set; }

        public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

        public List<SmtpServer> Servers { get; } = [];

        public List<RelatedLocation> Related { get; } = [];

        private readonly HashSet<MasterService> listening = new(ReferenceEqualityComparer.Instance);

        public void AddServer(SmtpServer server)
        {
            if (listening.Add(server.Listening))
            {
                Servers.Add(server);
            }
        }

    }
}
