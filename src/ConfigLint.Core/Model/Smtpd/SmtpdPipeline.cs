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
/// A client the pipeline is asked about: not logged in (SASL), its address one of
/// <see cref="Addresses"/>, naming a recipient in a domain this server does not serve. By default it
/// sends an ordinary HELO name and sender (<see cref="ClientChoice.Ordinary"/>: the oracle's probe
/// values), shows no client certificate, and is on no DNS list; the options below ask what a client
/// gets that can do more.
/// </summary>
public sealed record SmtpClient(AddressSet Addresses, bool InMynetworks)
{
    /// <summary>
    /// The client picks its HELO name, sender and recipient to get OK: from the keys and plain
    /// patterns of the HELO, sender and recipient tables in the tree (a recipient only in a local
    /// part: a key that names a recipient domain lets mail go to that domain only), a bare IP
    /// address as HELO name (permit_naked_ip_address), or no HELO at all. Every combination is
    /// walked; each gets its own outcome with its <see cref="RelayOutcome.Choice"/>.
    /// </summary>
    public bool ChoosesKeys { get; init; }

    /// <summary>The client controls DNS for a domain of its own and publishes an MX record naming this host (permit_mx_backup).</summary>
    public bool PublishesMx { get; init; }

    /// <summary>The client is on every DNS allow list (permit_dnswl_client, permit_rhswl_client).</summary>
    public bool OnDnsAllowLists { get; init; }

    /// <summary>The client shows a certificate that verifies against smtpd_tls_CAfile / smtpd_tls_CApath (permit_tls_all_clientcerts).</summary>
    public bool HasTrustedCertificate { get; init; }

    /// <summary>A client in <paramref name="network"/>, a part of mynetworks.</summary>
    public static SmtpClient InNetwork(IPNetwork network) => new(AddressSet.Of(network), true);

    /// <summary>Any client on the internet, not in mynetworks.</summary>
    public static SmtpClient Stranger => new(AddressSet.Everything, false);
}

/// <summary>What the client sends: its HELO name (null: none), its sender (empty: the null sender) and its recipient.</summary>
public sealed record ClientChoice(string? Helo, string Sender, string Recipient)
{
    public const string OrdinaryHelo = "probe.example.net";
    public const string OrdinarySender = "probe@example.net";
    public const string OrdinaryRecipient = "someone@example.org";

    /// <summary>The values the oracle's probes send; HELO only where smtpd requires it (a client need not send one).</summary>
    public static ClientChoice Ordinary(bool sendsHelo) => new(sendsHelo ? OrdinaryHelo : null, OrdinarySender, OrdinaryRecipient);

    /// <summary>True when every value is the ordinary one (or no HELO).</summary>
    public bool IsOrdinary => Helo is null or OrdinaryHelo && Sender == OrdinarySender && Recipient == OrdinaryRecipient;

    public override string ToString() =>
        $"HELO {Helo ?? "(none)"}, MAIL FROM:<{Sender}>, RCPT TO:<{Recipient}>";
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

/// <param name="Entry">The access table line that gave the answer, when a table decided.</param>
public sealed record StageResult(SmtpdStage Stage, RestrictionList List, StageDecision Decision, Restriction? DecidedBy, TableEntry? Entry = null);

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

/// <summary>The verdict for a part of the client's addresses sending <see cref="Choice"/>, and how each stage ended.</summary>
public sealed record RelayOutcome(AddressSet Addresses, RelayDecision Decision, IReadOnlyList<StageResult> Stages, IReadOnlyList<Restriction> Unknowns)
{
    /// <summary>What the client sent.</summary>
    public ClientChoice Choice { get; init; } = ClientChoice.Ordinary(false);

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
/// <item>Access tables are consulted where ConfigLint can read them (<see cref="LookupTables"/>): a
/// client table by the client's address, a HELO, sender or recipient table by what the client sends
/// (<see cref="ClientChoice"/>). A table that is not in the tree, an answer ConfigLint cannot prove (a
/// regular expression it does not evaluate) or a policy service is an unknown the verdict lists.</item>
/// <item>The target release decides what a deprecated restriction does: <c>check_relay_domains</c>,
/// <c>reject_maps_rbl</c> and <c>permit_naked_ip_address</c> answer 451 from 3.9 on
/// (<see cref="RestrictionReleases"/>).</item>
/// </list>
/// </summary>
public sealed class SmtpdPipeline
{
    private static readonly string[] OtherParameters = ["smtpd_data_restrictions", "smtpd_end_of_data_restrictions", "smtpd_etrn_restrictions"];

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

    internal SmtpdPipeline(ParameterValues values, LookupTables tables, MasterService? service, string series)
    {
        this.tables = tables;
        Service = service;
        Series = series;
        Restrictions = new SmtpdRestrictions(values, service, series);
        foreach (var (stage, parameter) in StageParameters)
        {
            lists[stage] = Restrictions.List(parameter);
        }

        OtherLists = OtherParameters.Select(Restrictions.List).ToList();
        DelayReject = Flag(values.Get("smtpd_delay_reject", service));
        HeloRequired = Flag(values.Get("smtpd_helo_required", service));
        Tls = new SmtpdTls(values, service);

        // ask_client_cert = ask_ccert || (enforce_tls && req_ccert): smtpd_tls_req_ccert without
        // enforced TLS asks for nothing ("Can't require client certs unless TLS is required").
        AsksForCertificate = Flag(values.Get("smtpd_tls_ask_ccert", service)) || (RequiresTls && Flag(values.Get("smtpd_tls_req_ccert", service)));
        MxBackupNetworksEmpty = string.IsNullOrWhiteSpace(values.Get("permit_mx_backup_networks", service).Value);
        RelayClientCertsEmpty = string.IsNullOrWhiteSpace(values.Get("relay_clientcerts", service).Value);
        var caFile = values.Get("smtpd_tls_CAfile", service);
        var caPath = values.Get("smtpd_tls_CApath", service);
        var append = values.Get("tls_append_default_CA", service);
        CertificateTrust = new ClientCertificateTrust(caFile.Value, caFile.Provenance?.Span, caPath.Value, caPath.Provenance?.Span, Flag(append), append.Provenance?.Span);
        var parents = values.Get("parent_domain_matches_subdomains", service).Value;
        Lookup = new AccessLookup(
            ListItems.Split(parents).Any(i => i.Text.Equals("smtpd_access_maps", StringComparison.Ordinal)),
            values.Get("smtpd_null_access_lookup_key", service).Value.Trim());
        MissingRequiredDeny = Relay.RequiredDeny() is null && Recipient.RequiredDeny() is null;
        StartupFailure = FindStartupFailure();
    }

    /// <summary>The master.cf service whose smtpd this is (null: main.cf's settings alone).</summary>
    public MasterService? Service { get; }

    /// <summary>The release series whose restrictions apply ("3.7").</summary>
    public string Series { get; }

    /// <summary>The restriction lists and classes of this service.</summary>
    public SmtpdRestrictions Restrictions { get; }

    /// <summary>smtpd_data_restrictions, smtpd_end_of_data_restrictions and smtpd_etrn_restrictions: lists no relay decision depends on.</summary>
    public IReadOnlyList<RestrictionList> OtherLists { get; }

    /// <summary>Every restriction list of this smtpd: the five stages, then <see cref="OtherLists"/>.</summary>
    public IReadOnlyList<RestrictionList> AllLists => allLists ??= [.. StageParameters.Select(p => lists[p.Stage]), .. OtherLists];

    private RestrictionList[]? allLists;

    /// <summary>
    /// Whether any list of this smtpd names <c>permit_mynetworks</c>, where a mynetworks lookup
    /// happens for the client (kept: every service that overrides no list shares this pipeline).
    /// </summary>
    public bool UsesPermitMynetworks =>
        usesPermitMynetworks ??= AllLists.SelectMany(l => l.Flatten()).Any(r => r.Info?.Effect == RestrictionEffect.PermitMynetworks);

    private bool? usesPermitMynetworks;

    public bool DelayReject { get; }

    public bool HeloRequired { get; }

    /// <summary>True when a client can get TLS here (STARTTLS offered, or wrapper mode).</summary>
    public bool OffersTls => Tls.UsesTls;

    /// <summary>What this smtpd does about TLS and SASL: level, wrapper mode, certificates, AUTH before TLS.</summary>
    public SmtpdTls Tls { get; }

    /// <summary>
    /// True when smtpd enforces TLS (var_smtpd_enforce_tls in smtpd.c): level <c>encrypt</c> (or a level
    /// smtpd treats as encrypt), <c>smtpd_enforce_tls = yes</c> with no level, or wrapper mode.
    /// </summary>
    public bool RequiresTls => Tls.IsEnforced;

    /// <summary>smtpd_tls_ask_ccert, or smtpd_tls_req_ccert with TLS enforced: smtpd asks a TLS client for its certificate.</summary>
    public bool AsksForCertificate { get; }

    /// <summary>relay_clientcerts is empty: permit_tls_clientcerts finds no fingerprint and never says OK.</summary>
    public bool RelayClientCertsEmpty { get; }

    /// <summary>Which client certificates verify here (permit_tls_all_clientcerts).</summary>
    public ClientCertificateTrust CertificateTrust { get; }

    /// <summary>permit_mx_backup_networks is empty: permit_mx_backup accepts any domain whose MX records name this host.</summary>
    public bool MxBackupNetworksEmpty { get; }

    /// <summary>How this smtpd looks keys up in access tables.</summary>
    public AccessLookup Lookup { get; }

    /// <summary>has_required() fails for both relay lists: smtpd stops at start-up with "specify at least one working instance of".</summary>
    public bool MissingRequiredDeny { get; }

    /// <summary>
    /// Why smtpd stops at start-up, at the span that causes it, or null: an undefined restriction
    /// class, or no default deny in either relay list (has_required(), fail_required()).
    /// </summary>
    public (Span? Span, string Message)? StartupFailure { get; }

    public RestrictionList this[SmtpdStage stage] => lists[stage];

    public RestrictionList Relay => lists[SmtpdStage.Relay];

    public RestrictionList Recipient => lists[SmtpdStage.Recipient];

    /// <summary>The table a restriction consults, when ConfigLint can read it.</summary>
    public AccessTable? Table(Restriction restriction) => restriction.Table is { } t ? tables.Find(t) : null;

    /// <summary>The fatal fail_required() logs for this release's default denies.</summary>
    public string RequiredDenyMessage
    {
        get
        {
            var required = RestrictionReleases.RequiredDenies(Series);
            return "in parameter smtpd_relay_restrictions or smtpd_recipient_restrictions, specify at least one working instance of: "
                + string.Join(", ", required.SkipLast(1)) + " or " + required[^1];
        }
    }

    /// <summary>
    /// What this smtpd does with a mail from <paramref name="client"/> to a foreign domain. The
    /// client's addresses are split where a readable client table answers differently; each part
    /// gets its own outcome, and with <see cref="SmtpClient.ChoosesKeys"/> each choice of HELO
    /// name, sender and recipient too.
    /// </summary>
    public IReadOnlyList<RelayOutcome> Walk(SmtpClient client)
    {
        if (StartupFailure is not null)
        {
            return [new RelayOutcome(client.Addresses, RelayDecision.SmtpdDies, [], [])];
        }

        var choices = client.ChoosesKeys ? Choices().ToList() : [ClientChoice.Ordinary(HeloRequired)];
        var outcomes = new List<RelayOutcome>();
        foreach (var part in Partition(client.Addresses))
        {
            foreach (var choice in choices)
            {
                var outcome = new Walker(this, client, part.ToNetworks()[0].BaseAddress, choice).Run(part);
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
        }

        return outcomes;
    }

    /// <summary>How many values of each kind a choosing client tries from the tables (besides the ordinary ones).</summary>
    private const int MaxChosenValues = 8;

    /// <summary>The HELO names, senders and recipients a choosing client tries, combined.</summary>
    private IEnumerable<ClientChoice> Choices()
    {
        var all = AllReachable();
        var helos = new List<string?>();
        if (!HeloRequired)
        {
            helos.Add(null);
        }

        helos.Add(ClientChoice.OrdinaryHelo);
        if (all.Any(x => x.Restriction.Info?.Effect == RestrictionEffect.PermitNakedIpHelo))
        {
            helos.Add("192.0.2.1");
        }

        helos.AddRange(ChosenValues(all, RestrictionSubject.Helo, (t, e) => t.DomainsFor(e, Lookup)));
        var senders = new List<string> { ClientChoice.OrdinarySender };
        senders.AddRange(ChosenValues(all, RestrictionSubject.Sender, (t, e) => t.MailAddressesFor(e, Lookup)));

        // A recipient key that names a domain lets mail go to that domain only (as relay_domains
        // would); only the local part of a recipient is the client's free choice here.
        var recipients = new List<string> { ClientChoice.OrdinaryRecipient };
        recipients.AddRange(ChosenValues(all, RestrictionSubject.Recipient, (t, e) => t.MailAddressesFor(e, Lookup))
            .Select(v => v.EndsWith("@example.net", StringComparison.Ordinal) ? v[..^"example.net".Length] + "example.org" : v)
            .Where(v => v.EndsWith("@example.org", StringComparison.Ordinal)));
        foreach (var helo in helos.Distinct())
        {
            foreach (var sender in senders.Distinct())
            {
                foreach (var recipient in recipients.Distinct())
                {
                    yield return new ClientChoice(helo, sender, recipient);
                }
            }
        }
    }

    private IEnumerable<string> ChosenValues(List<(SmtpdStage Stage, Restriction Restriction)> all, RestrictionSubject subject, Func<AccessTable, TableEntry, IEnumerable<string>> values) =>
        all.Where(x => ChosenSubject(x.Restriction, x.Stage) == subject)
            .Select(x => Table(x.Restriction))
            .OfType<AccessTable>()
            .Distinct()
            .SelectMany(t => t.Entries.Where(e => e.Result.Action is AccessAction.Ok or AccessAction.Restrictions).SelectMany(e => values(t, e)))
            .Distinct()
            .Take(MaxChosenValues);

    /// <summary>
    /// Whether a <see cref="Walk"/> may end a stage with a restriction <paramref name="match"/> accepts:
    /// one of the five stage lists or a class they name holds such a restriction, or they consult a
    /// table, whose entries may answer with restrictions of their own (<see cref="AccessAction.Restrictions"/>),
    /// which only a walk evaluates. False lets a rule skip walks that cannot show what it looks for (a
    /// fleet's smtpd without tables walked three clients for PF104 to find nothing, a twentieth of a check).
    /// </summary>
    public bool MayDecideBy(Func<Restriction, bool> match)
    {
        foreach (var (_, restriction) in AllReachable())
        {
            if (restriction.Table is not null || match(restriction))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Every restriction of the five stage lists and the classes they name, with its stage: listed once (the
    /// lists do not change), not walked through nested iterators each time a rule asks.
    /// </summary>
    private List<(SmtpdStage Stage, Restriction Restriction)> AllReachable() =>
        allReachable ??= [.. StageParameters.SelectMany(p => lists[p.Stage].Flatten().Select(r => (p.Stage, r)))];

    private List<(SmtpdStage Stage, Restriction Restriction)>? allReachable;

    /// <summary>What a table restriction looks up: a bare <c>type:table</c> is the stage's own check (generic_checks() def_acl).</summary>
    private static RestrictionSubject? ChosenSubject(Restriction r, SmtpdStage stage)
    {
        if (r.IsShorthandTable)
        {
            return stage switch
            {
                SmtpdStage.Helo => RestrictionSubject.Helo,
                SmtpdStage.Sender => RestrictionSubject.Sender,
                SmtpdStage.Relay or SmtpdStage.Recipient => RestrictionSubject.Recipient,
                _ => null,
            };
        }

        return r.Info?.Effect == RestrictionEffect.ClientChosenTable ? r.Info.Subject : null;
    }

    /// <summary>Outcomes that end alike, stage by stage, are one (the first choice that got it stands for all).</summary>
    private static bool Same(RelayOutcome a, RelayOutcome b) =>
        a.Decision == b.Decision
        && a.Stages.Count == b.Stages.Count
        && a.Stages.Zip(b.Stages).All(p => Passed(p.First.Decision) == Passed(p.Second.Decision) && ReferenceEquals(p.First.DecidedBy, p.Second.DecidedBy) && p.First.Entry == p.Second.Entry)
        && a.Unknowns.SequenceEqual(b.Unknowns);

    /// <summary>A skipped HELO stage and one that ran out without a verdict come to the same.</summary>
    private static StageDecision Passed(StageDecision d) => d == StageDecision.Skipped ? StageDecision.Dunno : d;

    private static bool Flag(EffectiveValue value) => value.Value.Trim().Equals("yes", StringComparison.OrdinalIgnoreCase);

    private (Span? Span, string Message)? FindStartupFailure()
    {
        foreach (var undefined in Restrictions.UndefinedClasses)
        {
            return (undefined.Span, $"restriction class `{undefined.Text}' needs a definition");
        }

        if (MissingRequiredDeny)
        {
            var span = Relay.Value.Provenance?.Span ?? Recipient.Value.Provenance?.Span;
            return (span, RequiredDenyMessage);
        }

        return null;
    }

    /// <summary>Splits the addresses along every readable client table any stage reaches.</summary>
    private List<AddressSet> Partition(AddressSet addresses)
    {
        var parts = new List<AddressSet> { addresses };
        foreach (var table in ClientTables())
        {
            parts = parts.SelectMany(p => table.SplitClients(p).Select(s => s.Addresses)).ToList();
        }

        return parts;
    }

    private IEnumerable<AccessTable> ClientTables() =>
        AllReachable()
            .Where(x => IsClientTable(x.Restriction, x.Stage))
            .Select(x => Table(x.Restriction))
            .OfType<AccessTable>()
            .Distinct();

    private static bool IsClientTable(Restriction r, SmtpdStage stage) =>
        r.Info?.Effect is RestrictionEffect.ClientTable or RestrictionEffect.ReverseClientTable || (r.IsShorthandTable && stage == SmtpdStage.Client);

    /// <summary>One walk for addresses that every readable client table answers alike (decided by <see cref="representative"/>), for one choice.</summary>
    private sealed class Walker(SmtpdPipeline pipeline, SmtpClient client, IPAddress representative, ClientChoice choice)
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
                if (stage == SmtpdStage.Helo && choice.Helo is null)
                {
                    stages.Add(new StageResult(stage, list, StageDecision.Skipped, null));
                    continue;
                }

                var (decision, by, entry) = Evaluate(list, stage, warned: false, depth: 0);
                stages.Add(new StageResult(stage, list, decision, by, entry));
                if (decision == StageDecision.Reject || discard)
                {
                    break;
                }
            }

            var result = stages.Any(s => s.Decision == StageDecision.Reject) ? RelayDecision.Refused
                : discard ? RelayDecision.Discarded
                : deferIfPermit ? RelayDecision.Deferred
                : RelayDecision.Relays;
            return new RelayOutcome(addresses, result, stages, unknowns.Distinct().ToList()) { Choice = choice };
        }

        private (StageDecision Decision, Restriction? By, TableEntry? Entry) Evaluate(RestrictionList list, SmtpdStage stage, bool warned, int depth)
        {
            var warnNext = false;
            foreach (var r in list.Items)
            {
                if (r.Info?.Effect == RestrictionEffect.WarnIfReject)
                {
                    warnNext = true;
                    continue;
                }

                var (decision, by, entry) = One(r, stage, warned || warnNext, depth);
                warnNext = false;
                if (decision != StageDecision.Dunno || discard)
                {
                    return (discard ? StageDecision.Permit : decision, by ?? r, entry);
                }
            }

            return (StageDecision.Dunno, null, null);
        }

        /// <summary>True where the recipient is known: at RCPT TO, or in any stage when smtpd delays its rejects until then.</summary>
        private bool RecipientKnown(SmtpdStage stage) => pipeline.DelayReject || stage is SmtpdStage.Relay or SmtpdStage.Recipient;

        /// <summary>One restriction's answer, the restriction that gave it (inside a class, the class's own) and the table line.</summary>
        private (StageDecision Decision, Restriction? By, TableEntry? Entry) One(Restriction r, SmtpdStage stage, bool warned, int depth)
        {
            var reject = warned ? StageDecision.Dunno : StageDecision.Reject;
            if (r.IsShorthandTable)
            {
                return stage == SmtpdStage.Client ? ClientTable(r, stage, warned, depth, reverse: false)
                    : ChosenSubject(r, stage) is { } subject ? ChosenTable(r, subject, stage, warned, depth)
                    : (StageDecision.Dunno, null, null);
            }

            if (r.Info is null)
            {
                // A class, else "unknown smtpd restriction": 451 4.3.5 Server configuration error.
                return r.Class is { } c && depth < SmtpdRestrictions.MaxClassDepth ? Evaluate(c, stage, warned, depth + 1) : (StageDecision.Reject, r, null);
            }

            if (r.MissingArgument || (r.Info.Argument == RestrictionArgument.Table && r.Table is null))
            {
                // A DNS list without its domain is only a warning; a table, policy server or sleep without
                // its word is 451 (is_map_command(), reject_server_error()).
                return (r.Info.Argument == RestrictionArgument.Domain ? StageDecision.Dunno : StageDecision.Reject, r, null);
            }

            // A restriction the target release has removed (or does not know) answers 451 4.3.5 when it
            // runs: check_relay_domains only once the recipient is known (smtpd_check.c 3.9).
            if (!RestrictionReleases.Of(pipeline.Series, r.Name).Works)
            {
                return r.Info.Subject == RestrictionSubject.Recipient && !RecipientKnown(stage) ? (StageDecision.Dunno, null, null) : (StageDecision.Reject, r, null);
            }

            switch (r.Info.Effect)
            {
                case RestrictionEffect.Permit:
                    return (StageDecision.Permit, r, null);
                case RestrictionEffect.Reject:
                    return (reject, r, null);
                case RestrictionEffect.DeferIfPermit:
                    deferIfPermit = true;
                    return (StageDecision.Dunno, null, null);
                case RestrictionEffect.PermitMynetworks:
                    return (client.InMynetworks ? StageDecision.Permit : StageDecision.Dunno, r, null);
                case RestrictionEffect.RejectUnauthDestination:
                case RestrictionEffect.CheckRelayDomains:
                    return (RecipientKnown(stage) ? reject : StageDecision.Dunno, r, null);
                case RestrictionEffect.ClientTable:
                    return ClientTable(r, stage, warned, depth, reverse: false);
                case RestrictionEffect.ReverseClientTable:
                    return ClientTable(r, stage, warned, depth, reverse: true);
                case RestrictionEffect.ClientChosenTable when r.Info.Subject is RestrictionSubject.Helo or RestrictionSubject.Sender or RestrictionSubject.Recipient:
                    return ChosenTable(r, r.Info.Subject, stage, warned, depth);
                case RestrictionEffect.ClientDnsTable:
                case RestrictionEffect.PolicyService:
                    unknowns.Add(r);
                    return (StageDecision.Dunno, null, null);
                case RestrictionEffect.RejectPlaintextSession:
                    return (pipeline.OffersTls ? StageDecision.Dunno : reject, r, null);
                case RestrictionEffect.PermitNakedIpHelo:
                    // Before 3.9: OK for a HELO name of digits, dots and colons that is a valid address.
                    return (choice.Helo is { } helo && helo.All(c => char.IsAsciiDigit(c) || c is '.' or ':') && IPAddress.TryParse(helo, out _)
                        ? StageDecision.Permit : StageDecision.Dunno, r, null);
                case RestrictionEffect.PermitDnsAllowListed:
                    return (client.OnDnsAllowLists ? StageDecision.Permit : StageDecision.Dunno, r, null);
                case RestrictionEffect.PermitMxBackup:
                    // With permit_mx_backup_networks set, the primary MX must be in those networks: the
                    // mail then goes to the operator's own host, not wherever the client wants.
                    return (client.PublishesMx && pipeline.MxBackupNetworksEmpty && RecipientKnown(stage) ? StageDecision.Permit : StageDecision.Dunno, r, null);
                case RestrictionEffect.PermitTrustedCertificate:
                    return (client.HasTrustedCertificate && pipeline.OffersTls && pipeline.AsksForCertificate && pipeline.CertificateTrust.TrustsAny ? StageDecision.Permit : StageDecision.Dunno, r, null);
                default:
                    // DNS lists, syntax checks and the like: the client sends names they pass, and has no
                    // login or listed certificate.
                    return (StageDecision.Dunno, null, null);
            }
        }

        private (StageDecision Decision, Restriction? By, TableEntry? Entry) ChosenTable(Restriction r, RestrictionSubject subject, SmtpdStage stage, bool warned, int depth)
        {
            if (subject == RestrictionSubject.Recipient && !RecipientKnown(stage))
            {
                return (StageDecision.Dunno, null, null);
            }

            if (subject == RestrictionSubject.Helo && choice.Helo is null)
            {
                return (StageDecision.Dunno, null, null);
            }

            if (pipeline.Table(r) is not { } table)
            {
                unknowns.Add(r);
                return (StageDecision.Dunno, null, null);
            }

            var answer = subject switch
            {
                RestrictionSubject.Helo => table.FindDomain(choice.Helo!, pipeline.Lookup),
                RestrictionSubject.Sender => table.FindMailAddress(choice.Sender, pipeline.Lookup),
                _ => table.FindMailAddress(choice.Recipient, pipeline.Lookup),
            };
            return Answer(r, answer, stage, warned, depth, okAllowed: true);
        }

        private (StageDecision Decision, Restriction? By, TableEntry? Entry) ClientTable(Restriction r, SmtpdStage stage, bool warned, int depth, bool reverse)
        {
            if (pipeline.Table(r) is not { } table)
            {
                unknowns.Add(r);
                return (StageDecision.Dunno, null, null);
            }

            var one = AddressSet.Of(new IPNetwork(representative, representative.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            var answer = table.SplitClients(one).First().Answer;

            // check_reverse_client_hostname_access may not say OK: forbid_allowlist() answers 451.
            return Answer(r, answer, stage, warned, depth, okAllowed: !reverse);
        }

        private (StageDecision Decision, Restriction? By, TableEntry? Entry) Answer(Restriction r, TableAnswer answer, SmtpdStage stage, bool warned, int depth, bool okAllowed)
        {
            if (answer.IsUnknown)
            {
                unknowns.Add(r);
                return (StageDecision.Dunno, null, null);
            }

            if (answer.Entry is not { } entry)
            {
                return (StageDecision.Dunno, null, null);
            }

            switch (entry.Result.Action)
            {
                case AccessAction.Ok:
                    return (okAllowed ? StageDecision.Permit : StageDecision.Reject, r, entry);
                case AccessAction.Reject:
                    return (warned ? StageDecision.Dunno : StageDecision.Reject, r, entry);
                case AccessAction.DeferIfPermit:
                    deferIfPermit = true;
                    return (StageDecision.Dunno, null, null);
                case AccessAction.Discard:
                    discard = true;
                    return (StageDecision.Permit, r, entry);
                case AccessAction.Restrictions when depth < SmtpdRestrictions.MaxClassDepth:
                    var (decision, by, inner) = Evaluate(pipeline.Restrictions.Inline(entry.Result.Text, entry.Span), stage, warned, depth + 1);
                    return (decision, decision == StageDecision.Dunno ? null : by, decision == StageDecision.Dunno ? null : inner ?? entry);
                default:
                    return (StageDecision.Dunno, null, null);
            }
        }
    }
}
