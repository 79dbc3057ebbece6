using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Findings;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using ConfigLint.Core.Engine;
using ConfigLint.Core.Model;
using ConfigLint.Core.Model.Smtpd;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules.Tests.Oracle;

/// <summary>One rule's verdict next to the running Postfix's, for one configuration.</summary>
/// <param name="NotComparable">
/// Why the running Postfix cannot show the verdict, or null: ConfigLint's verdict depends on what a
/// policy service or a table outside the tree answers, and the sandbox has neither.
/// </param>
public sealed record RuleComparison(string RuleId, string Rule, string Oracle, string Evidence, string? NotComparable = null)
{
    public bool Agrees => NotComparable is not null || Rule == Oracle;

    public override string ToString() =>
        $"{RuleId}: rule {Rule}, Postfix {Oracle}{(Evidence.Length > 0 ? " (" + Evidence + ")" : string.Empty)}{(NotComparable is null ? string.Empty : $"; not comparable: {NotComparable}")}";
}

/// <summary>A configuration, ConfigLint's findings on it and the oracle's observations, compared rule by rule.</summary>
public sealed partial class AgreementCase
{
    public static readonly string[] ComparedRules = ["PF101", "PF202", "PF201"];

    private AgreementCase(string name, string directory, List<Finding> findings, OracleRun run, IReadOnlyList<string> unknowns)
    {
        Name = name;
        Directory = directory;
        Findings = findings;
        Run = run;
        Unknowns = unknowns;
    }

    /// <summary>What the relay verdict depends on that ConfigLint cannot read (a policy service, a table outside the tree).</summary>
    public IReadOnlyList<string> Unknowns { get; }

    public string Name { get; }

    public string Directory { get; }

    public List<Finding> Findings { get; }

    public OracleRun Run { get; }

    /// <summary>Why the oracle's observation cannot be trusted (Postfix did not start, a probe failed for a reason other than smtpd dying on its configuration, ...); empty when it can.</summary>
    public List<string> Problems { get; } = [];

    public List<RuleComparison> Comparisons { get; } = [];

    public bool Agrees => Problems.Count == 0 && Comparisons.All(c => c.Agrees);

    /// <summary>Runs ConfigLint's rules on the directory (as it is) and the oracle on a copy of it, and compares.</summary>
    public static async Task<AgreementCase> RunAsync(string name, string directory, CancellationToken cancel = default)
    {
        // The oracle runs Debian 12's Postfix 3.7: the model is built for that release.
        var config = PostfixConfig.Load(directory, release: PostfixReleases.Get("3.7"));
        var findings = Analyzer.Run(config, BuiltInRules.Rules);
        var pipelines = config.SmtpServers.Where(s => s.Exposed is not null).Select(s => config.Smtpd(s.Answering)).ToList();
        var unknowns = pipelines
            .SelectMany(p => p.Walk(new SmtpClient(AddressSet.Everything, true)).SelectMany(o => o.Unknowns))
            .Select(u => u.Text).Distinct().ToList();

        // HELO restrictions only see a client that sends HELO: probe without one too where they exist.
        var withoutHelo = pipelines.Any(p => !p[SmtpdStage.Helo].IsEmpty);
        var run = await OracleRunner.RunAsync(directory, ProbePlan.HarnessArguments(withoutHelo), cancel: cancel).ConfigureAwait(false);
        var result = new AgreementCase(name, directory, findings, run, unknowns);
        result.Compare();
        return result;
    }

    private void Compare()
    {
        if (Run.TimedOut)
        {
            Problems.Add($"the oracle timed out after {OracleRunner.Timeout.TotalSeconds:0} s");
        }
        else if (!Run.Complete)
        {
            Problems.Add($"the oracle did not run to its end (exit {Run.ExitCode}): {Run.Stderr.Trim()}");
        }

        // Every Postfix a run starts must be gone when it ends, and its sandbox deleted: the
        // harness does that itself; the runner checks (and would kill leftovers).
        if (Run.SandboxLeft || Run.ProcessesLeft > 0 || !Run.NamespaceClean)
        {
            Problems.Add("the oracle did not clean up: " + string.Join("; ", Run.Notes.Where(n => !n.StartsWith("master.cf completed", StringComparison.Ordinal))));
        }

        if (!Run.NamespaceHeld)
        {
            Problems.Add("the runner could not hold the sandbox's network namespace, so it could not check for leftover processes");
        }

        if (!Run.StartOk)
        {
            Problems.Add("Postfix did not start: " + string.Join(" | ", Run.StartMessages));
        }

        if (Run.Garbage.Count > 0)
        {
            Problems.Add("unexpected harness output: " + string.Join(" | ", Run.Garbage));
        }

        // A probe that fails before RCPT without a Postfix answer (connection refused, timeout) or
        // at XCLIENT (the harness's own set-up) observed nothing: that is not "no relay". A daemon
        // dying on its configuration, or a refusal at EHLO/MAIL (530 "Must issue a STARTTLS command
        // first" on a service with smtpd_tls_security_level = encrypt) is Postfix's answer: no relay.
        // With smtpd_delay_reject = no, XCLIENT re-runs the connect-time client restrictions for the
        // claimed address (xclient_cmd() goes back to the greeting), so a "Client host rejected" reply to
        // XCLIENT is Postfix's verdict; an XCLIENT that is not allowed or not understood is the harness's.
        foreach (var p in Run.Probes.Where(p => p.Verdict == "error" && !p.SawFatal
                     && (p.Code is null || (p.Stage == "XCLIENT" && !p.Text.Contains("Client host rejected", StringComparison.Ordinal)))))
        {
            Problems.Add($"probe failed without a Postfix verdict: {p}");
        }

        if (Run.StartOk && (!Run.Params.TryGetValue("inet_interfaces", out var ii) || ii is null))
        {
            Problems.Add("the sandboxed postconf could not report inet_interfaces");
        }

        if (Run.StartOk && Run.Probes.Count == 0)
        {
            Problems.Add("no probe was sent (no listener?)");
        }

        Comparisons.Add(ComparePF101());
        Comparisons.Add(ComparePF202());
        Comparisons.Add(ComparePF201());
    }

    private string RuleSeverity(string id)
    {
        var max = Findings.Where(f => f.RuleId == id).Select(f => f.Severity).DefaultIfEmpty(Severity.None).Max();
        return max switch
        {
            Severity.Error => "error",
            Severity.Warning => "warning",
            Severity.None => "silent",
            _ => max.ToName(),
        };
    }

    /// <summary>
    /// PF101: error ⇔ a public probe relays (RCPT to an external domain accepted) through a
    /// non-loopback listener (a wildcard 0.0.0.0/:: counts: anyone can reach it); warning ⇔ no public
    /// probe relays but a private one does; silent ⇔ neither.
    /// </summary>
    private RuleComparison ComparePF101()
    {
        var exposed = Run.Probes.Where(p => p.ListenerLabel is not null && p.BaseLabel is "public" or "private").ToList();
        var publicRelays = exposed.Where(p => p.Accepted && ProbePlan.ClassOf(p.Xclient) == ProbeClass.Public).ToList();
        var privateRelays = exposed.Where(p => p.Accepted && ProbePlan.ClassOf(p.Xclient) == ProbeClass.Private).ToList();
        var oracle = publicRelays.Count > 0 ? "error" : privateRelays.Count > 0 ? "warning" : "silent";
        var shown = (publicRelays.Count > 0 ? publicRelays : privateRelays).Select(p => $"{p.Xclient} relays via {p.ListenerLabel}");
        var evidence = oracle == "silent"
            ? $"{exposed.Count} probes to non-loopback listeners, none relayed" + FirstRefusals(exposed)
            : string.Join(", ", shown.Take(4)) + (shown.Count() > 4 ? ", ..." : string.Empty);
        var notComparable = Unknowns.Count > 0 ? $"depends on {string.Join(", ", Unknowns)}, which the sandbox does not have" : null;
        return new RuleComparison("PF101", RuleSeverity("PF101"), oracle, evidence, notComparable);
    }

    private static string FirstRefusals(List<OracleProbe> probes)
    {
        var distinct = probes.Select(p => p.Code is null ? p.Text : $"{p.Code} {p.Text}").Distinct().Take(2).ToList();
        return distinct.Count == 0 ? string.Empty : ": " + string.Join("; ", distinct);
    }

    /// <summary>PF202 ⇔ inet_interfaces (effective, as the sandboxed postconf reads it) is loopback only, yet master binds a non-loopback address.</summary>
    private RuleComparison ComparePF202()
    {
        Run.Params.TryGetValue("inet_interfaces", out var interfaces);
        var items = (interfaces ?? string.Empty).Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var loopbackOnly = items.Length > 0 && items.All(IsLoopbackInterface);
        var outside = Run.Listeners.Where(l => !l.IsLoopback).ToList();
        var oracle = loopbackOnly && outside.Count > 0 ? "reported" : "silent";
        var evidence = $"inet_interfaces = {interfaces ?? "(unknown)"}; binds {string.Join(" ", Run.Listeners)}";
        return new RuleComparison("PF202", Findings.Any(f => f.RuleId == "PF202") ? "reported" : "silent", oracle, evidence);
    }

    private static bool IsLoopbackInterface(string item)
    {
        if (item is "loopback-only" or "localhost")
        {
            return true;
        }

        var bare = item.StartsWith('[') && item.EndsWith(']') ? item[1..^1] : item;
        return IPAddress.TryParse(bare, out var ip) && IPAddress.IsLoopback(ip);
    }

    /// <summary>
    /// PF201 ⇔ smtpd reads an IPv6 pattern as a table name: it logs "unsupported dictionary type: 2001"
    /// (or, for "::1", dies with 'expecting "type:name" form'). Every smtpd service is started by a
    /// probe, and smtpd opens all its match lists when it starts, so the signature shows whether or
    /// not a probe reaches the list. Evidence says whether a probe was hit by it too (a 451
    /// "Temporary lookup failure" or a fatal smtpd): that is the visible damage.
    /// </summary>
    private RuleComparison ComparePF201()
    {
        var signature = Run.Logs.Where(l => Ipv6AsTable().IsMatch(l.Message)).Select(l => l.Message).Distinct().ToList();
        var hit = Run.Probes.Where(p => p.Code == 451 || p.SawFatal).ToList();
        var oracle = signature.Count > 0 ? "reported" : "silent";
        var evidence = signature.Count == 0
            ? string.Empty
            : $"{signature[0]}; {(hit.Count > 0 ? $"{hit.Count} probe(s) hit: {hit[0].Code} {hit[0].Text}" : "no probe hit (list not consulted for these clients)")}";
        return new RuleComparison("PF201", Findings.Any(f => f.RuleId == "PF201") ? "reported" : "silent", oracle, evidence);
    }

    /// <summary>True when an IPv6 pattern made a probe fail (451 or a fatal smtpd).</summary>
    public bool Pf201Visible => Run.Logs.Any(l => Ipv6AsTable().IsMatch(l.Message)) && Run.Probes.Any(p => p.Code == 451 || p.SawFatal);

    [GeneratedRegex(@"unsupported dictionary type: [0-9a-fA-F]{1,4}$|expecting ""type:name"" form instead of ""[0-9a-fA-F:]*:[0-9a-fA-F:./]*""")]
    private static partial Regex Ipv6AsTable();

    /// <summary>The configuration's files, the findings, both verdicts and the oracle's raw observations.</summary>
    public string Describe()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"=== {Name}");
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            sb.AppendLine($"--- {Path.GetRelativePath(Directory, file)}");
            sb.AppendLine(File.ReadAllText(file).TrimEnd());
        }

        sb.AppendLine("--- ConfigLint findings");
        foreach (var f in Findings)
        {
            sb.AppendLine($"{f.Span.File}:{f.Span.StartLine}: {f.Severity.ToName()} {f.RuleId} {f.Message}");
        }

        sb.AppendLine("--- verdicts");
        foreach (var c in Comparisons)
        {
            sb.AppendLine($"{(c.Agrees ? "agree   " : "DISAGREE")} {c}");
        }

        foreach (var p in Problems)
        {
            sb.AppendLine($"PROBLEM  {p}");
        }

        sb.AppendLine("--- oracle");
        foreach (var l in Run.Listeners)
        {
            sb.AppendLine($"listen {l}");
        }

        foreach (var p in Run.Probes.Where(p => p.Accepted || p.Verdict == "error" || p.BaseLabel == "reach"))
        {
            sb.AppendLine($"probe  {p}");
        }

        sb.AppendLine($"probes {Run.Probes.Count} in all, {Run.Probes.Count(p => p.Accepted)} accepted");
        foreach (var l in Run.Logs.Where(l => l.Severity is not "reject" && !l.Message.Contains("aliases.db", StringComparison.Ordinal) && !l.Message.Contains("NIS domain", StringComparison.Ordinal)))
        {
            sb.AppendLine($"log    {l.Severity} {l}");
        }

        foreach (var n in Run.Notes.Where(n => !n.StartsWith("master.cf completed", StringComparison.Ordinal)))
        {
            sb.AppendLine($"note   {n}");
        }

        return sb.ToString();
    }
}

/// <summary>Agreement figures over many cases: agreed/total per rule.</summary>
public sealed class AgreementTally
{
    private readonly List<AgreementCase> cases = [];

    public void Add(AgreementCase c) => cases.Add(c);

    public IReadOnlyList<AgreementCase> Cases => cases;

    public IEnumerable<AgreementCase> Failures => cases.Where(c => !c.Agrees);

    public string Summary(string title, TimeSpan elapsed)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{title}: {cases.Count} configurations, {elapsed.TotalSeconds:0.0} s wall time, {OracleRunner.MaxParallel} oracle runs in parallel, " +
                      $"mean oracle run {(cases.Count == 0 ? 0 : cases.Average(c => c.Run.WallTime.TotalSeconds)):0.00} s");
        foreach (var id in AgreementCase.ComparedRules)
        {
            var usable = cases.Where(c => c.Problems.Count == 0).ToList();
            var agreed = usable.Count(c => c.Comparisons.Single(x => x.RuleId == id) is { NotComparable: null } x && x.Agrees);
            var notComparable = usable.Count(c => c.Comparisons.Single(x => x.RuleId == id).NotComparable is not null);
            var byVerdict = usable.GroupBy(c => c.Comparisons.Single(x => x.RuleId == id).Oracle).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => $"{g.Key} {g.Count()}");
            sb.AppendLine($"  {id}: {agreed}/{cases.Count - notComparable} agreed (Postfix: {string.Join(", ", byVerdict)})"
                + (notComparable > 0 ? $"; {notComparable} not comparable (a policy service or table the sandbox lacks)" : string.Empty));
        }

        var visible = cases.Count(c => c.Pf201Visible);
        sb.AppendLine($"  PF201 damage visible to a probe (451 or fatal smtpd): {visible}");
        var problems = cases.Count(c => c.Problems.Count > 0);
        if (problems > 0)
        {
            sb.AppendLine($"  oracle problems (counted as disagreement): {problems}");
        }

        return sb.ToString();
    }
}
