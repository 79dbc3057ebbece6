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
/// Issue 11, batch E2, against a running Postfix 3.7: every bad and good sample of the rules below runs
/// through ConfigLint (the engine, with the sample's .configlint.yml) and through the oracle with one
/// fixed set of probes, and the rule's verdict on each of its own samples must agree with what Postfix
/// shows:
/// <list type="bullet">
/// <item>PF109 ⇔ a stranger (XCLIENT 8.8.8.8) gets RCPT TO:&lt;nobody@relay.example.net&gt; (a relay domain
/// of the samples, an address nobody lists) accepted on a public listener;</item>
/// <item>PF110 ⇔ a stranger gets RCPT TO:&lt;someone@sub.mx.example.test&gt; (a subdomain of the local
/// domain) accepted;</item>
/// <item>PF415 ⇔ smtpd logs "... are non-empty; the legacy parameters will be ignored";</item>
/// <item>PF417 ⇔ smtpd logs "Can't require client certs unless TLS is required" or "Need a server cert
/// to request client certs";</item>
/// <item>PF507 ⇔ the 220 greeting of a non-loopback listener contains "Postfix";</item>
/// <item>PF508 ⇔ the first word of a 220 greeting is not a dotted domain name;</item>
/// <item>PF511 ⇔ smtpd logs "queue_minfree(N) should be at least 1.5*message_size_limit(M)".</item>
/// </list>
/// Every listener gets a probe, so that every smtpd starts (and logs its start-up warnings) once.
/// </summary>
[SystemTest]
public sealed partial class OracleBatchE2Tests(ITestOutputHelper output)
{
    private static readonly string[] Probes =
    [
        "label=reach",
        "xclient=8.8.8.8,to=nobody@relay.example.net,label=unknown-relay-recipient",
        "xclient=8.8.8.8,to=someone@sub.mx.example.test,label=local-subdomain",
    ];

    /// <summary>The rules with an oracle case, and what Postfix shows for each.</summary>
    private static readonly Dictionary<string, Func<OracleRun, string?>> Shown = new(StringComparer.Ordinal)
    {
        ["PF109"] = run => run.Probes.Where(p => p.BaseLabel == "unknown-relay-recipient" && IsPublic(run, p) && p.Accepted)
            .Select(p => $"RCPT TO:<nobody@relay.example.net> from 8.8.8.8 accepted via {p.Server}").FirstOrDefault(),
        ["PF110"] = run => run.Probes.Where(p => p.BaseLabel == "local-subdomain" && p.Accepted)
            .Select(p => $"RCPT TO:<someone@sub.mx.example.test> from 8.8.8.8 accepted via {p.Server}").FirstOrDefault(),
        ["PF415"] = run => Logged(run, LegacyIgnored()),
        ["PF417"] = run => Logged(run, ClientCertWarning()),
        ["PF507"] = run => run.Probes.Where(p => IsPublic(run, p) && p.Banner is { } b && b.Contains("postfix", StringComparison.OrdinalIgnoreCase))
            .Select(p => $"220 {p.Banner} via {p.Server}").FirstOrDefault(),
        ["PF508"] = run => run.Probes.Where(p => p.Banner is { } b && !FirstWordIsDomain(b))
            .Select(p => $"220 {p.Banner} via {p.Server}").FirstOrDefault(),
        ["PF511"] = run => Logged(run, MinfreeWarning()),
    };

    public static IEnumerable<(string Rule, string Directory)> Samples() =>
        Shown.Keys.SelectMany(id => Directory.GetDirectories(Path.Combine(RepoPaths.Samples, id)).Order(StringComparer.Ordinal).Select(d => (id, d)));

    [Fact]
    public void Every_rule_of_the_batch_has_a_bad_and_a_good_sample_to_run()
    {
        foreach (var id in Shown.Keys)
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
            {"event":"listen","addr":"0.0.0.0","port":25}
            {"event":"probe","label":"reach@0.0.0.0:25","src":"127.0.0.1","server":"127.0.0.1:25","stage":"rcpt","code":250,"dsn":"2.1.5","text":"Ok","verdict":"accepted","banner":"ESMTP Postfix"}
            {"event":"probe","label":"unknown-relay-recipient@0.0.0.0:25","src":"127.0.0.1","xclient":"8.8.8.8","server":"127.0.0.1:25","stage":"rcpt","code":250,"dsn":"2.1.5","text":"Ok","verdict":"accepted","banner":"ESMTP Postfix"}
            {"event":"probe","label":"local-subdomain@0.0.0.0:25","src":"127.0.0.1","xclient":"8.8.8.8","server":"127.0.0.1:25","stage":"rcpt","code":250,"dsn":"2.1.5","text":"Ok","verdict":"accepted","banner":"ESMTP Postfix"}
            {"event":"log","severity":"warning","prog":"postfix/smtpd","msg":"warning: Both smtpd_tls_chain_files and one or more of the legacy  smtpd_tls_cert_file, smtpd_tls_eccert_file or smtpd_tls_dcert_file are non-empty; the legacy  parameters will be ignored"}
            {"event":"log","severity":"warning","prog":"postfix/smtpd","msg":"warning: Can't require client certs unless TLS is required"}
            {"event":"log","severity":"warning","prog":"postfix/smtpd","msg":"warning: queue_minfree(20000000) should be at least 1.5*message_size_limit(20480000)"}
            {"event":"stop","ok":true,"seconds":0.03,"total_seconds":2.9}
            """);
        foreach (var rule in Shown.Keys)
        {
            Shown[rule](run).ShouldNotBeNull(rule);
        }

        var quiet = OracleRun.Parse("""
            {"event":"start","ok":true,"rc":0,"seconds":0.5,"version":"3.7.11"}
            {"event":"listen","addr":"0.0.0.0","port":25}
            {"event":"probe","label":"reach@0.0.0.0:25","src":"127.0.0.1","server":"127.0.0.1:25","stage":"rcpt","code":250,"dsn":"2.1.5","text":"Ok","verdict":"accepted","banner":"mx.example.test ESMTP"}
            {"event":"probe","label":"unknown-relay-recipient@0.0.0.0:25","src":"127.0.0.1","xclient":"8.8.8.8","server":"127.0.0.1:25","stage":"rcpt","code":550,"dsn":"5.1.1","text":"<nobody@relay.example.net>: Recipient address rejected: User unknown in relay recipient table","verdict":"rejected","banner":"mx.example.test ESMTP"}
            {"event":"probe","label":"local-subdomain@0.0.0.0:25","src":"127.0.0.1","xclient":"8.8.8.8","server":"127.0.0.1:25","stage":"rcpt","code":454,"dsn":"4.7.1","text":"<someone@sub.mx.example.test>: Relay access denied","verdict":"tempfail","banner":"mx.example.test ESMTP"}
            {"event":"stop","ok":true,"seconds":0.03,"total_seconds":2.9}
            """);
        foreach (var rule in Shown.Keys)
        {
            Shown[rule](quiet).ShouldBeNull(rule);
        }
    }

    /// <summary>
    /// unauth-pipelining (PF510) names a default Postfix 3.7 cannot show for 3.9 and later: the model's
    /// smtpd_forbid_unauth_pipelining per target release is the release dump's (postconf -d), and the rule
    /// reports a written "no" on every release that has the parameter, and never the default.
    /// </summary>
    [Theory]
    [InlineData("3.4")]
    [InlineData("3.5")]
    [InlineData("3.7")]
    [InlineData("3.8")]
    [InlineData("3.9")]
    [InlineData("3.11")]
    public void Unauth_pipelining_follows_each_release_s_default(string series)
    {
        var dump = File.ReadAllLines(Path.Combine(RepoPaths.Data, "postfix", "versions", series, "postconf-d.txt"))
            .FirstOrDefault(l => l.StartsWith("smtpd_forbid_unauth_pipelining = ", StringComparison.Ordinal));
        var release = Core.Catalogue.PostfixReleases.Get(series);
        var config = Core.Model.PostfixConfig.FromText("compatibility_level = 3.6\ninet_interfaces = all\n", "smtp inet n - y - - smtpd\n", release: release);
        var written = Core.Model.PostfixConfig.FromText("compatibility_level = 3.6\ninet_interfaces = all\nsmtpd_forbid_unauth_pipelining = no\n", "smtp inet n - y - - smtpd\n", release: release);
        config.Catalogue.IsKnown("smtpd_forbid_unauth_pipelining").ShouldBe(dump is not null, series);
        var forbids = dump is not null && dump.EndsWith("= yes", StringComparison.Ordinal);
        if (dump is not null)
        {
            config.Get("smtpd_forbid_unauth_pipelining").Value.ShouldBe(forbids ? "yes" : "no", series);
        }

        Core.Engine.Analyzer.Run(config, BuiltInRules.Rules).Count(f => f.RuleId == "PF510").ShouldBe(0, series);
        Core.Engine.Analyzer.Run(written, BuiltInRules.Rules).Count(f => f.RuleId == "PF510").ShouldBe(dump is null ? 0 : 1, series);
    }

    [RequiresPostfixFact]
    public async Task Batch_e2_samples_agree_with_a_running_postfix()
    {
        OracleRunner.Require();
        var watch = Stopwatch.StartNew();
        var samples = Samples().ToList();
        var results = await Task.WhenAll(samples.Select(s => RunAsync(s.Rule, s.Directory)));
        watch.Stop();

        var report = new StringBuilder();
        report.AppendLine($"Oracle agreement on the batch E2 samples: {samples.Count} samples, {watch.Elapsed.TotalSeconds:0.0} s");
        foreach (var rule in Shown.Keys)
        {
            var compared = results.Where(r => r.Comparison.RuleId == rule).ToList();
            report.AppendLine($"  {rule}: {compared.Count(c => c.Comparison.Agrees)}/{compared.Count} agreed (Postfix reported {compared.Count(c => c.Comparison.Oracle == "reported")})");
        }

        foreach (var r in results)
        {
            report.AppendLine($"=== {r.Name}{(r.Problems.Count > 0 ? " PROBLEM: " + string.Join("; ", r.Problems) : string.Empty)}");
            report.AppendLine($"{(r.Comparison.Agrees ? "agree   " : "DISAGREE")} {r.Comparison}");
            foreach (var f in r.Findings)
            {
                report.AppendLine($"  finding {f.Span.File}:{f.Span.StartLine}:{f.Span.StartColumn} {f.Severity.ToName()} {f.RuleId} {f.Message}");
            }

            foreach (var p in r.Run.Probes)
            {
                report.AppendLine($"  probe {p} banner: {p.Banner}; ehlo: {string.Join(' ', p.Ehlo ?? [])}");
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
            File.WriteAllText(Path.Combine(dir, "oracle-batch-e2.txt"), text);
        }
        catch (IOException)
        {
            // The report file is a convenience; the test output has the same.
        }

        results.SelectMany(r => r.Problems.Select(p => $"{r.Name}: {p}")).ShouldBeEmpty();
        results.Where(r => !r.Comparison.Agrees).Select(r => $"{r.Name}: {r.Comparison}").ShouldBeEmpty(text[..Math.Min(text.Length, 4000)]);
        foreach (var rule in Shown.Keys)
        {
            results.ShouldContain(r => r.Comparison.RuleId == rule && r.Comparison.Oracle == "reported", rule);
            results.ShouldContain(r => r.Comparison.RuleId == rule && r.Comparison.Oracle == "silent", rule);
        }
    }

    private sealed record SampleRun(string Name, List<Finding> Findings, OracleRun Run, RuleComparison Comparison, List<string> Problems);

    private static async Task<SampleRun> RunAsync(string rule, string dir)
    {
        var name = $"{rule}/{Path.GetFileName(dir)}";
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

        if (run.Probes.Count == 0 || run.Probes.Any(p => p.Banner is null))
        {
            problems.Add("a listener did not greet");
        }

        var evidence = Shown[rule](run);
        var comparison = new RuleComparison(rule, findings.Any(f => f.RuleId == rule) ? "reported" : "silent", evidence is null ? "silent" : "reported", evidence ?? string.Empty);
        return new SampleRun(name, findings, run, comparison, problems);
    }

    private static string? Logged(OracleRun run, Regex pattern) => run.Logs.Select(l => l.Message).FirstOrDefault(pattern.IsMatch);

    private static bool IsPublic(OracleRun run, OracleProbe probe) =>
        probe.ListenerLabel is { } l && run.Listeners.Any(x => !x.IsLoopback && x.ToString() == l);

    private static bool FirstWordIsDomain(string banner) =>
        banner.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() is { } first && first.Contains('.', StringComparison.Ordinal);

    [GeneratedRegex(@"are non-empty; the legacy +parameters will be ignored")]
    private static partial Regex LegacyIgnored();

    [GeneratedRegex(@"Can't require client certs unless TLS is required|Need a server cert to request client certs")]
    private static partial Regex ClientCertWarning();

    [GeneratedRegex(@"queue_minfree\(\d+\) should be at least 1\.5\*message_size_limit\(\d+\)")]
    private static partial Regex MinfreeWarning();
}
