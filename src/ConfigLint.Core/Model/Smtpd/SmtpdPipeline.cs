using System.Net;
using ConfigLint.Core.Model.Tables;
using ConfigLint.Core.Model.Tls;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Model.Smtpd;

/// <summary>The smtpd restriction stages a mail goes through before RCPT TO is accepted.</summary>
public enum SmtpdStage
{
    Client,
    Helo,
    Sender,
    Relay,
    Recipient,
}

/// <summary>
/// A client the pipeline is asked about: not logged in (SASL), showing no client certificate, free
/// to send whatever HELO name and sender passes and to name a recipient in a domain this server
/// does not serve; its address is one of <see cref="Addresses"/>.
/// </summary>
public sealed record SmtpClient(AddressSet Addresses, bool InMynetworks)
{
    /// <summary>A client whose address lies in <paramref name="network"/>, a part of mynetworks.</summary>
    public static SmtpClient InNetwork(IPNetwork network) => new(AddressSet.Of(network), true);
}

/// <summary>How one stage's list ended for the client.</summary>
public enum StageDecision
{
    /// <summary>A restriction said OK; the next stage runs.</summary>
    Permit,

    /// <summary>A restriction refused (or deferred) the client.</summary>
    Reject,

    /// <summary>The list ran out without a verdict; the next stage runs.</summary>
    Dunno,

    /// <summary>Not evaluated: a HELO stage of a client that need not send HELO.</summary>
    Skipped,
}

public sealed record StageResult(SmtpdStage Stage, RestrictionList List, StageDecision Decision, Restriction? DecidedBy);

/// <summary>What happens to a mail to a foreign domain, from the client's addresses in <see cref="Addresses"/>.</summary>
public enum RelayDecision
{
    /// <summary>RCPT TO is accepted: the server relays.</summary>
    Relays,

    /// <summary>A stage refuses the recipient (5xx or 4xx).</summary>
    Refused,

    /// <summary><c>defer_if_permit</c> turns the permit into 450.</summary>
    Deferred,

    /// <summary>An access table said DISCARD: 250, and the mail is thrown away.</summary>
    Discarded,

    /// <summary>smtpd stops at start-up (<see cref="SmtpdPipeline.StartupFailure"/>): no mail at all.</summary>
    SmtpdDies,
}

/// <summary>The verdict for a part of the client's addresses, and how each stage ended.</summary>
public sealed record RelayOutcome(AddressSet Addresses, RelayDecision Decision, IReadOnlyList<StageResult> Stages, IReadOnlyList<Restriction> Unknowns)
{
    public bool Relays => Decision == RelayDecision.Relays;

    /// <summary>The stage that refused, if one did.</summary>
    public StageResult? RefusedAt => Stages.FirstOrDefault(s => s.Decision == StageDecision.Reject);

    /// <summary>The restriction that said OK in <paramref name="stage"/>, or null.</summary>
    public Restriction? PermittedBy(SmtpdStage stage) =>
        Stages.FirstOrDefault(s => s.Stage == stage && s.Decision == StageDecision.Permit)?.DecidedBy;
}

/// <summary>
/// What one smtpd does with a client, stage by stage (SMTPD_ACCESS_README; smtpd_check.c):
/// smtpd_client_restrictions, smtpd_helo_restrictions, smtpd_sender_restrictions, then
/// smtpd_relay_restrictions and smtpd_recipient_restrictions at RCPT TO, each read as this service
/// sees it (<c>-o</c> overrides, restriction classes, defaults of the compatibility level).
/// <list type="bullet">
/// <item>In each list the first restriction that says OK or REJECT ends that list; an OK does not
/// skip the later stages, a REJECT anywhere refuses the recipient.</item>
/// <item>With <c>smtpd_delay_reject = yes</c> (the default) the client, HELO and sender lists run at
/// RCPT TO, so a recipient restriction there sees the recipient; with <c>no</c> they run at connect,
/// HELO and MAIL FROM, where no recipient is known yet.</item>
/// <item>HELO restrictions only see a client that sends HELO, which it need not do unless
/// <c>smtpd_helo_required = yes</c>.</item>
/// <item><c>warn_if_reject</c> turns the next restriction's refusal (a whole class's) into a log line;
/// <c>defer_if_permit</c> turns a final acceptance into 450.</item>
/// <item>Access tables are consulted where ConfigLint can read them (<c>cidr:</c> in the tree); any
/// other table or a policy service is an unknown the verdict lists.</item>
/// </list>
/// </summary>
public sealed class SmtpdPipeline
{
    private static readonly (SmtpdStage Stage, string Parameter)[] StageParameters =
    [
        (SmtpdStage.Client, "smtpd_client_restrictions"),
        (SmtpdStage.Helo, "smtpd_helo_restrictions"),
        (SmtpdStage.Sender, "smtpd_sender_restrictions"),
        (SmtpdStage.Relay, "smtpd_relay_restrictions"),
        (SmtpdStage.Recipient, "smtpd_recipient_restrictions"),
    ];

    private readonly LookupTables tables;
    private readonly Dictionary<SmtpdStage, RestrictionList> lists = [];

    internal SmtpdPipeline(ParameterValues values, LookupTables tables, MasterService? service)
    {
        this.tables = tables;
        Service = service;
        Restrictions = new SmtpdRestrictions(values, service);
        foreach (var (stage, parameter) in StageParameters)
        {
            lists[stage] = Restrictions.List(parameter);
        }

        DelayReject = Flag(values.Get("smtpd_delay_reject", service));
        HeloRequired = Flag(values.Get("smtpd_helo_required", service));
        Tls = new SmtpdTls(values, service);
        StartupFailure = FindStartupFailure();
    }

    /// <summary>The master.cf service whose smtpd this is (null: main.cf's settings alone).</summary>
    public MasterService? Service { get; }

    /// <summary>The restriction lists and classes of this service.</summary>
    public SmtpdRestrictions Restrictions { get; }

    public bool DelayReject { get; }

    public bool HeloRequired { get; }

    /// <summary>True when a client can get TLS here (STARTTLS offered, or wrapper mode).</summary>
    public bool OffersTls => Tls.UsesTls;

    /// <summary>What this smtpd does about TLS and SASL: level, wrapper mode, certificates, AUTH before TLS.</summary>
    public SmtpdTls Tls { get; }

    /// <summary>
    /// Why smtpd stops at start-up, at the span that causes it, or null: an undefined restriction
    /// class, or no default deny in either relay list (has_required(), fail_required()).
    /// </summary>
    public (Span? Span, string Message)? StartupFailure { get; }

    public RestrictionList this[SmtpdStage stage] => lists[stage];

    public RestrictionList Relay => lists[SmtpdStage.Relay];

    public RestrictionList Recipient => lists[SmtpdStage.Recipient];

    /// <summary>
    /// What this smtpd does with a mail from <paramref name="client"/> to a foreign domain. The
    /// client's addresses are split where a readable <c>cidr:</c> client table answers differently;
    /// each part gets its own outcome.
    /// </summary>
    public IReadOnlyList<RelayOutcome> Walk(SmtpClient client)
    {
        if (StartupFailure is not null)
        {
            return [new RelayOutcome(client.Addresses, RelayDecision.SmtpdDies, [], [])];
        }

        var outcomes = new List<RelayOutcome>();
        foreach (var part in Partition(client.Addresses))
        {
            var outcome = new Walker(this, client, part.ToNetworks()[0].BaseAddress).Run(part);
            var same = outcomes.FindIndex(o => Same(o, outcome));
            if (same >= 0)
            {
                outcomes[same] = outcomes[same] with { Addresses = outcomes[same].Addresses.Union(outcome.Addresses) };
            }
            else
            {
                outcomes.Add(outcome);
            }
        }

        return outcomes;
    }

    private static bool Same(RelayOutcome a, RelayOutcome b) =>
        a.Decision == b.Decision
        && a.Stages.Count == b.Stages.Count
        && a.Stages.Zip(b.Stages).All(p => p.First.Decision == p.Second.Decision && ReferenceEquals(p.First.DecidedBy, p.Second.DecidedBy))
        && a.Unknowns.SequenceEqual(b.Unknowns);

    private static bool Flag(EffectiveValue value) => value.Value.Trim().Equals("yes", StringComparison.OrdinalIgnoreCase);

    private (Span? Span, string Message)? FindStartupFailure()
    {
        foreach (var undefined in Restrictions.UndefinedClasses)
        {
            return (undefined.Span, $"restriction class `{undefined.Text}' needs a definition");
        }

        if (Relay.RequiredDeny() is null && Recipient.RequiredDeny() is null)
        {
            var span = Relay.Value.Provenance?.Span ?? Recipient.Value.Provenance?.Span;
            return (span, "in parameter smtpd_relay_restrictions or smtpd_recipient_restrictions, specify at least one working instance of: "
                + string.Join(", ", RestrictionVocabulary.RequiredDenies.SkipLast(1)) + " or " + RestrictionVocabulary.RequiredDenies[^1]);
        }

        return null;
    }

    /// <summary>Splits the addresses along every readable client cidr table any stage reaches.</summary>
    private List<AddressSet> Partition(AddressSet addresses)
    {
        var parts = new List<AddressSet> { addresses };
        foreach (var table in ClientCidrTables())
        {
            parts = parts.SelectMany(p => table.Split(p).Select(s => s.Part)).ToList();
        }

        return parts;
    }

    private IEnumerable<CidrTable> ClientCidrTables() =>
        lists.Where(kv => kv.Key != SmtpdStage.Helo || HeloRequired)
            .SelectMany(kv => kv.Value.Flatten().Select(r => (kv.Key, r)))
            .Where(x => IsClientTable(x.r, x.Key))
            .Select(x => x.r.Table is { } t ? tables.Cidr(t) : null)
            .OfType<CidrTable>()
            .Where(t => t.Modelled)
            .Distinct();

    private static bool IsClientTable(Restriction r, SmtpdStage stage) =>
        r.Info?.Effect == RestrictionEffect.ClientTable || (r.IsShorthandTable && stage == SmtpdStage.Client);

    /// <summary>One walk for addresses that every readable table answers alike, decided by <see cref="representative"/>.</summary>
    private sealed class Walker(SmtpdPipeline pipeline, SmtpClient client, IPAddress representative)
    {
        private readonly List<Restriction> unknowns = [];
        private bool deferIfPermit;
        private bool discard;

        public RelayOutcome Run(AddressSet addresses)
        {
            var stages = new List<StageResult>();
            foreach (var (stage, _) in StageParameters)
            {
                var list = pipeline.lists[stage];
                if (stage == SmtpdStage.Helo && !pipeline.HeloRequired)
                {
                    stages.Add(new StageResult(stage, list, StageDecision.Skipped, null));
                    continue;
                }

                var (decision, by) = Evaluate(list, stage, warned: false, depth: 0);
                stages.Add(new StageResult(stage, list, decision, by));
                if (decision == StageDecision.Reject || discard)
                {
                    break;
                }
            }

            var result = stages.Any(s => s.Decision == StageDecision.Reject) ? RelayDecision.Refused
                : discard ? RelayDecision.Discarded
                : deferIfPermit ? RelayDecision.Deferred
                : RelayDecision.Relays;
            return new RelayOutcome(addresses, result, stages, unknowns.Distinct().ToList());
        }

        private (StageDecision Decision, Restriction? By) Evaluate(RestrictionList list, SmtpdStage stage, bool warned, int depth)
        {
            var warnNext = false;
            foreach (var r in list.Items)
            {
                if (r.Info?.Effect == RestrictionEffect.WarnIfReject)
                {
                    warnNext = true;
                    continue;
                }

                var (decision, by) = One(r, stage, warned || warnNext, depth);
                warnNext = false;
                if (decision != StageDecision.Dunno || discard)
                {
                    return (discard ? StageDecision.Permit : decision, by ?? r);
                }
            }

            return (StageDecision.Dunno, null);
        }

        /// <summary>One restriction's answer, and the restriction that gave it (inside a class, the class's own).</summary>
        private (StageDecision Decision, Restriction? By) One(Restriction r, SmtpdStage stage, bool warned, int depth)
        {
            var reject = warned ? StageDecision.Dunno : StageDecision.Reject;
            if (r.IsShorthandTable)
            {
                return stage == SmtpdStage.Client ? ClientTable(r, stage, warned, depth) : (StageDecision.Dunno, null);
            }

            if (r.Info is null)
            {
                // A class, else "unknown smtpd restriction": 451 4.3.5 Server configuration error.
                return r.Class is { } c && depth < SmtpdRestrictions.MaxClassDepth ? Evaluate(c, stage, warned, depth + 1) : (StageDecision.Reject, r);
            }

            if (r.MissingArgument || (r.Info.Argument == RestrictionArgument.Table && r.Table is null))
            {
                // A DNS list without its domain is only a warning; a table, policy server or sleep without
                // its word is 451 (is_map_command(), reject_server_error()).
                return (r.Info.Argument == RestrictionArgument.Domain ? StageDecision.Dunno : StageDecision.Reject, r);
            }

            switch (r.Info.Effect)
            {
                case RestrictionEffect.Permit:
                    return (StageDecision.Permit, r);
                case RestrictionEffect.Reject:
                    return (reject, r);
                case RestrictionEffect.DeferIfPermit:
                    deferIfPermit = true;
                    return (StageDecision.Dunno, null);
                case RestrictionEffect.PermitMynetworks:
                    return (client.InMynetworks ? StageDecision.Permit : StageDecision.Dunno, r);
                case RestrictionEffect.RejectUnauthDestination:
                case RestrictionEffect.CheckRelayDomains:
                    return (pipeline.DelayReject || stage is SmtpdStage.Relay or SmtpdStage.Recipient ? reject : StageDecision.Dunno, r);
                case RestrictionEffect.ClientTable:
                    return ClientTable(r, stage, warned, depth);
                case RestrictionEffect.ClientDnsTable:
                case RestrictionEffect.PolicyService:
                    unknowns.Add(r);
                    return (StageDecision.Dunno, null);
                case RestrictionEffect.RejectPlaintextSession:
                    return (pipeline.OffersTls ? StageDecision.Dunno : reject, r);
                default:
                    // The client picks a HELO name, sender and recipient that these pass, and has no login
                    // or certificate: DNS lists, syntax checks, chosen-key tables and the like say DUNNO.
                    return (StageDecision.Dunno, null);
            }
        }

        private (StageDecision Decision, Restriction? By) ClientTable(Restriction r, SmtpdStage stage, bool warned, int depth)
        {
            var table = r.Table is { } t ? pipeline.tables.Cidr(t) : null;
            if (table is null || !table.Modelled)
            {
                unknowns.Add(r);
                return (StageDecision.Dunno, null);
            }

            if (table.Find(representative) is not { } entry)
            {
                return (StageDecision.Dunno, null);
            }

            switch (entry.Result.Action)
            {
                case AccessAction.Ok:
                    return (StageDecision.Permit, r);
                case AccessAction.Reject:
                    return (warned ? StageDecision.Dunno : StageDecision.Reject, r);
                case AccessAction.DeferIfPermit:
                    deferIfPermit = true;
                    return (StageDecision.Dunno, null);
                case AccessAction.Discard:
                    discard = true;
                    return (StageDecision.Permit, r);
                case AccessAction.Restrictions when depth < SmtpdRestrictions.MaxClassDepth:
                    var (decision, by) = Evaluate(pipeline.Restrictions.Inline(entry.Result.Text, entry.Span), stage, warned, depth + 1);
                    return (decision, decision == StageDecision.Dunno ? null : by);
                default:
                    return (StageDecision.Dunno, null);
            }
        }
    }
}
