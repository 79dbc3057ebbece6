using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using ConfigLint.Core.Engine;
using ConfigLint.Core.Findings;
using ConfigLint.Core.Text;
using ConfigLint.TestSupport;
using Xunit.Abstractions;

namespace ConfigLint.Rules.Tests.Oracle;

/// <summary>
/// The relay and access rules (issue 11, batch B) against a running Postfix 3.7: every bad and good
/// sample of PF102, PF103, PF104, PF106, PF107 and PF108 runs through ConfigLint (the engine, with
/// the sample's .configlint.yml) and through the oracle with one fixed set of probes, and each of
/// those rules' verdicts must agree with what Postfix does on every one of those samples:
/// <list type="bullet">
/// <item>PF102 ⇔ smtpd dies with "specify at least one working instance of", on the same ports;</item>
/// <item>PF103 ⇔ smtpd logs "restriction `x' after `permit' (reject, defer, check_relay_domains) is ignored";</item>
/// <item>PF104 ⇔ a probe from a stranger (XCLIENT 8.8.8.8) that sends a chosen HELO name, sender or
/// recipient relays through a public listener while the same stranger sending ordinary values does not;</item>
/// <item>PF106 ⇔ smtpd dies with "restriction class `x' needs a definition" or logs "unknown smtpd restriction";</item>
/// <item>PF107 (its warnings and errors; an old name is a note and Postfix says nothing) ⇔ smtpd logs
/// that a restriction "will be removed", "is deprecated" or "has been removed";</item>
/// <item>PF108 ⇔ Postfix logs "non-null host address bits".</item>
/// </list>
/// The probe set does not depend on the sample: an ordinary stranger, the same stranger to a local
/// recipient, and the stranger with each chosen value the samples' tables list (sender
/// user@partner.example, HELO mail.partner.example, recipient postmaster@example.org, HELO 192.0.2.1).
/// PF105 has no oracle case: its effect needs a TLS client with a certificate, which the probe driver
/// does not have. A verdict the sandbox cannot show (DNS, a release other than 3.7) is listed as not
/// comparable, with the reason.
/// </summary>
[SystemTest]
public sealed partial class OracleRelayTests(ITestOutputHelper output)
{
    public static readonly string[] Rules = ["PF102", "PF103", "PF104", "PF106", "PF107", "PF108"];

    private static readonly string[] Probes =
    [
        "label=reach",
        "xclient=8.8.8.8,label=stranger",
        "xclient=8.8.8.8,to=root@mx.example.test,label=stranger-local",
        "xclient=8.8.8.8,from=user@partner.example,label=chosen-sender",
        "xclient=8.8.8.8,helo=mail.partner.example,label=chosen-helo",
        "xclient=8.8.8.8,to=postmaster@example.org,label=chosen-recipient",
        "xclient=8.8.8.8,helo=192.0.2.1,label=chosen-naked-ip",
    ];

    /// <summary>Verdicts the sandbox cannot show, per sample and rule.</summary>
    private static readonly Dictionary<(string Sample, string Rule), string> NotComparable = new()
    {
        [("PF104/bad-mx-backup", "PF104")] = "permit_mx_backup needs the recipient domain's MX records, and the sandbox has no DNS",
    };

    public static IEnumerable<string> SampleDirectories() =>
        Rules.SelectMany(id => Directory.GetDirectories(Path.Combine(RepoPaths.Samples, id)).Order(StringComparer.Ordinal));

    [Fact]
    public void Every_rule_of_the_batch_has_a_bad_and_a_good_sample_to_run()
    {
        foreach (var id in Rules)
        {
            var names = Directory.GetDirectories(Path.Combine(RepoPaths.Samples, id)).Select(Path.GetFileName).ToList();
            names.ShouldContain(n => n!.StartsWith("bad-", StringComparison.Ordinal), id);
            names.ShouldContain(n => n!.StartsWith("good-", StringComparison.Ordinal), id);
        }
    }

    [Fact]
    public void The_oracle_criteria_read_postfix_s_own_words()
    {
        var run = OracleRun.Parse("""
            {"event":"start","ok":true,"rc":0,"seconds":0.5,"version":"3.7.11"}
            {"event":"log","severity":"warning","prog":"postfix/smtpd","msg":"warning: restriction `reject_unauth_destination' after `permit' is ignored"}
            {"event":"log","severity":"fatal","prog":"postfix/smtpd","msg":"fatal: in parameter smtpd_relay_restrictions or smtpd_recipient_restrictions, specify at least one working instance of: reject_unauth_destination, defer_unauth_destination, reject, defer, defer_if_permit or check_relay_domains"}
            {"event":"log","severity":"warning","prog":"postfix/smtpd","msg":"warning: support for restriction \"reject_maps_rbl\" will be removed from Postfix; use \"reject_rbl_client domain-name\" instead"}
            {"event":"log","severity":"warning","prog":"postfix/smtpd","msg":"warning: mynetworks: non-null host address bits in \"192.168.1.1/24\", perhaps you should use \"192.168.0.0/24\" instead"}
            {"event":"stop","ok":true,"seconds":0.03,"total_seconds":2.9}
            """);
        Oracle("PF103", run).ShouldBe("reported");
        Oracle("PF107", run).ShouldBe("reported");
        Oracle("PF108", run).ShouldBe("reported");
        Oracle("PF106", run).ShouldBe("silent");
        Oracle("PF104", run).ShouldBe("silent");
    }

    [RequiresPostfixFact]
    public async Task Relay_and_access_samples_agree_with_a_running_postfix()
    {
        OracleRunner.Require();
        var watch = Stopwatch.StartNew();
        var samples = SampleDirectories().ToList();
        var results = await Task.WhenAll(samples.Select(RunAsync));
        watch.Stop();

        var report = new StringBuilder();
        report.AppendLine($"Oracle agreement on the relay and access samples: {samples.Count} samples, {watch.Elapsed.TotalSeconds:0.0} s");
        foreach (var rule in Rules)
        {
            var compared = results.SelectMany(r => r.Comparisons).Where(c => c.RuleId == rule).ToList();
            report.AppendLine($"  {rule}: {compared.Count(c => c.NotComparable is null && c.Agrees)}/{compared.Count(c => c.NotComparable is null)} agreed"
                + $" (Postfix reported {compared.Count(c => c.NotComparable is null && c.Oracle == "reported")}); {compared.Count(c => c.NotComparable is not null)} not comparable");
        }

        foreach (var r in results)
        {
            report.AppendLine($"=== {r.Name}{(r.Problems.Count > 0 ? " PROBLEM: " + string.Join("; ", r.Problems) : string.Empty)}");
            foreach (var c in r.Comparisons)
            {
                report.AppendLine($"{(c.Agrees ? "agree   " : "DISAGREE")} {c}");
            }

            foreach (var f in r.Findings)
            {
                report.AppendLine($"  finding {f.Span.File}:{f.Span.StartLine}:{f.Span.StartColumn} {f.Severity.ToName()} {f.RuleId} {f.Message}");
            }

            foreach (var p in r.Run.Probes)
            {
                report.AppendLine($"  probe {p}");
            }

            foreach (var l in r.Run.Logs)
            {
                report.AppendLine($"  log   {l}");
            }
        }

        var text = report.ToString();
        output.WriteLine(text);
        try
        {
            var dir = Path.Combine(RepoPaths.Root, ".test-results");
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "oracle-relay.txt"), text);
        }
        catch (IOException)
        {
            // The report file is a convenience; the test output has the same.
        }

        results.SelectMany(r => r.Problems.Select(p => $"{r.Name}: {p}")).ShouldBeEmpty();
        results.SelectMany(r => r.Comparisons.Where(c => !c.Agrees).Select(c => $"{r.Name}: {c}")).ShouldBeEmpty(text[..Math.Min(text.Length, 4000)]);

        // Each compared rule was seen reported by Postfix at least once, and silent at least once.
        foreach (var rule in Rules.Where(r => r != "PF105"))
        {
            var compared = results.SelectMany(r => r.Comparisons).Where(c => c.RuleId == rule && c.NotComparable is null).ToList();
            compared.ShouldContain(c => c.Oracle == "reported", rule);
            compared.ShouldContain(c => c.Oracle == "silent", rule);
        }
    }

    private sealed record SampleRun(string Name, List<Finding> Findings, OracleRun Run, List<RuleComparison> Comparisons, List<string> Problems);

    private static async Task<SampleRun> RunAsync(string dir)
    {
        var name = $"{Path.GetFileName(Path.GetDirectoryName(dir))}/{Path.GetFileName(dir)}";
        var lint = LintEngine.Run(new LintRequest { Paths = [dir], WorkingDirectory = RepoPaths.Root, BuiltInRules = BuiltInRules.Rules });
        var findings = lint.Findings.Where(f => f.Suppression is null).ToList();
        var args = new List<string> { "--logs", "trouble", "--timeout", "10" };
        foreach (var probe in Probes)
        {
            args.AddRange(["--probe-every-listener", probe]);
        }

        var run = await OracleRunner.RunAsync(dir, args);
        var problems = new List<string>();
        if (!run.StartOk || !run.Complete)
        {
            problems.Add($"the oracle did not run to its end: {string.Join(" | ", run.StartMessages)} {run.Stderr.Trim()}");
        }

        if (run.SandboxLeft || run.ProcessesLeft > 0 || !run.NamespaceClean)
        {
            problems.Add("the oracle did not clean up");
        }

        foreach (var p in run.Probes.Where(p => p.Verdict == "error" && !p.SawFatal && p.Code is null))
        {
            problems.Add($"probe failed without a Postfix verdict: {p}");
        }

        var version = File.Exists(Path.Combine(dir, ".configlint.yml"))
            ? TargetVersion().Match(File.ReadAllText(Path.Combine(dir, ".configlint.yml"))).Groups[1].Value
            : string.Empty;
        var comparisons = new List<RuleComparison>();
        foreach (var rule in Rules)
        {
            var reported = findings.Where(f => f.RuleId == rule && (rule != "PF107" || f.Severity >= Severity.Warning)).ToList();
            var ruleVerdict = reported.Count > 0 ? "reported" : "silent";
            var oracle = Oracle(rule, run);
            var evidence = Evidence(rule, run);
            string? notComparable = NotComparable.GetValueOrDefault((name, rule));
            if (rule == "PF107" && version.Length > 0 && !version.StartsWith("3.7", StringComparison.Ordinal))
            {
                notComparable = $"the sample targets Postfix {version}; the oracle runs Postfix 3.7";
            }

            if (rule == "PF102" && notComparable is null && ruleVerdict == oracle && oracle == "reported")
            {
                // The same services: the ports ConfigLint names against the ports whose smtpd died.
                var rulePorts = reported.SelectMany(f => ServicePorts(f.Message)).Order().Distinct().ToList();
                var deadPorts = run.Probes.Where(p => p.SawFatal && p.Text.Contains("specify at least one working instance", StringComparison.Ordinal))
                    .Select(p => Port(p.ListenerLabel)).OfType<int>().Order().Distinct().ToList();
                if (!rulePorts.SequenceEqual(deadPorts))
                {
                    ruleVerdict = $"reported on ports {string.Join(" ", rulePorts)}";
                    oracle = $"dies on ports {string.Join(" ", deadPorts)}";
                }
            }

            comparisons.Add(new RuleComparison(rule, ruleVerdict, oracle, evidence, notComparable));
        }

        return new SampleRun(name, findings, run, comparisons, problems);
    }

    /// <summary>What Postfix showed for a rule: "reported" or "silent".</summary>
    private static string Oracle(string rule, OracleRun run)
    {
        var messages = run.Logs.Select(l => l.Message).Concat(run.Probes.Select(p => p.Text)).ToList();
        bool Logged(Regex pattern) => messages.Any(m => pattern.IsMatch(m));
        var shown = rule switch
        {
            "PF102" => Logged(RequiredDenyFatal()),
            "PF103" => Logged(IgnoredAfter()),
            "PF104" => ChosenValueRelays(run).Any(),
            "PF106" => Logged(ClassFatal()) || Logged(UnknownRestriction()),
            "PF107" => Logged(Deprecated()),
            "PF108" => Logged(HostBits()),
            _ => throw new ArgumentOutOfRangeException(nameof(rule)),
        };
        return shown ? "reported" : "silent";
    }

    private static string Evidence(string rule, OracleRun run)
    {
        if (rule == "PF104")
        {
            var relays = ChosenValueRelays(run).Select(p => $"{p.BaseLabel} relays via {p.ListenerLabel}").ToList();
            var stranger = run.Probes.Where(p => p.BaseLabel == "stranger").Select(p => $"{p.Code} {p.Dsn}").Distinct();
            return relays.Count > 0 ? string.Join(", ", relays) + $"; an ordinary stranger gets {string.Join(", ", stranger)}" : $"no chosen value relays; an ordinary stranger gets {string.Join(", ", stranger)}";
        }

        Regex pattern = rule switch
        {
            "PF102" => RequiredDenyFatal(),
            "PF103" => IgnoredAfter(),
            "PF106" => ClassFatalOrUnknown(),
            "PF107" => Deprecated(),
            _ => HostBits(),
        };
        return run.Logs.Select(l => l.Message).FirstOrDefault(pattern.IsMatch) ?? string.Empty;
    }

    /// <summary>Probes with a chosen value that relay through a public listener whose ordinary stranger probe does not.</summary>
    private static IEnumerable<OracleProbe> ChosenValueRelays(OracleRun run)
    {
        var publicListeners = run.Listeners.Where(l => !l.IsLoopback).Select(l => l.ToString()).ToHashSet(StringComparer.Ordinal);
        var ordinaryRelays = run.Probes.Where(p => p.BaseLabel == "stranger" && p.Accepted).Select(p => p.ListenerLabel).ToHashSet(StringComparer.Ordinal);
        return run.Probes.Where(p => p.BaseLabel.StartsWith("chosen-", StringComparison.Ordinal) && p.Accepted
            && p.ListenerLabel is { } l && publicListeners.Contains(l) && !ordinaryRelays.Contains(l));
    }

    private static int? Port(string? listener) =>
        listener is not null && int.TryParse(listener[(listener.LastIndexOf(':') + 1)..], out var port) ? port : null;

    /// <summary>The ports of the services a PF102 message names ("smtp/inet", "submission/inet", "2525/inet").</summary>
    private static IEnumerable<int> ServicePorts(string message)
    {
        foreach (Match m in ServiceLabel().Matches(message[..message.IndexOf(": smtpd stops", StringComparison.Ordinal)]))
        {
            var name = m.Groups[1].Value;
            yield return name switch
            {
                "smtp" => 25,
                "submission" => 587,
                "smtps" or "submissions" => 465,
                _ => int.Parse(name[(name.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture),
            };
        }
    }

    [GeneratedRegex(@"specify at least one working instance of")]
    private static partial Regex RequiredDenyFatal();

    [GeneratedRegex(@"restriction `[^']+' after `(permit|reject|defer|check_relay_domains)' is ignored")]
    private static partial Regex IgnoredAfter();

    [GeneratedRegex(@"restriction class `[^']+' needs a definition")]
    private static partial Regex ClassFatal();

    [GeneratedRegex(@"unknown smtpd restriction")]
    private static partial Regex UnknownRestriction();

    [GeneratedRegex(@"restriction class `[^']+' needs a definition|unknown smtpd restriction")]
    private static partial Regex ClassFatalOrUnknown();

    [GeneratedRegex(@"restriction.*(will be removed|is deprecated|has been removed)")]
    private static partial Regex Deprecated();

    [GeneratedRegex(@"non-null host address bits")]
    private static partial Regex HostBits();

    [GeneratedRegex(@"([\w.:\[\]-]+)/inet")]
    private static partial Regex ServiceLabel();

    [GeneratedRegex(@"postfix_version:\s*""?([0-9.]+)")]
    private static partial Regex TargetVersion();
}
