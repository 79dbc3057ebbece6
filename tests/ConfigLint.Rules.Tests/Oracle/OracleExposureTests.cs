using System.Net;
using System.Text.RegularExpressions;
using ConfigLint.Core.Model;
using ConfigLint.Rules.Tests.Samples;
using ConfigLint.TestSupport;
using Xunit.Abstractions;

namespace ConfigLint.Rules.Tests.Oracle;

/// <summary>
/// Issue 11, batch A: the exposure, hygiene, aliases and secrets rules against what Postfix 3.7
/// itself shows. Every bad and good sample of each rule runs on a sandboxed Postfix (the oracle
/// harness) or through postalias/postmap/postconf, and the rule's verdict (a finding or none)
/// must equal Postfix's, 100 %. A sample whose effect the sandbox cannot show is listed as not
/// comparable, with the reason, never counted as agreement. Results go to the test output and
/// to .test-results/oracle-exposure-PFnnn.txt.
/// </summary>
[SystemTest]
public sealed partial class OracleExposureTests(ITestOutputHelper output)
{
    /// <summary>One sample: what the rule said, what Postfix showed (null: not comparable), and the evidence.</summary>
    private sealed record Verdict(string Sample, bool Rule, bool? Postfix, string Evidence)
    {
        public bool Agrees => Postfix is null || Postfix == Rule;

        public override string ToString() =>
            $"{(Postfix is null ? "n/a " : Agrees ? "ok  " : "FAIL")} {Sample}: rule {(Rule ? "reports" : "silent")}, postfix {(Postfix is null ? "not comparable" : Postfix.Value ? "shows it" : "does not")}: {Evidence}";
    }

    private static IEnumerable<string> SampleNames(string rule) =>
        Directory.GetDirectories(Path.Combine(RepoPaths.Samples, rule)).Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    private static string SampleDir(string rule, string name) => Path.Combine(RepoPaths.Samples, rule, name);

    /// <summary>The rule's verdict on a sample, through the engine with the sample's own .configlint.yml (opt-in rules).</summary>
    private static bool Reports(string rule, string name) => SampleCase.Get($"{rule}/{name}").Run().Any(f => f.RuleId == rule);

    private void Conclude(string rule, IReadOnlyList<Verdict> verdicts)
    {
        var comparable = verdicts.Count(v => v.Postfix is not null);
        var agree = verdicts.Count(v => v.Postfix is not null && v.Agrees);
        var summary = $"{rule}: {agree}/{comparable} comparable samples agree, {verdicts.Count - comparable} not comparable";
        output.WriteLine(summary);
        foreach (var v in verdicts)
        {
            output.WriteLine(v.ToString());
        }

        try
        {
            var dir = Path.Combine(RepoPaths.Root, ".test-results");
            Directory.CreateDirectory(dir);
            File.WriteAllLines(Path.Combine(dir, $"oracle-exposure-{rule}.txt"), verdicts.Select(v => v.ToString()).Prepend(summary));
        }
        catch (IOException)
        {
            // The report file is a convenience; the test output has the same.
        }

        comparable.ShouldBeGreaterThanOrEqualTo(4, $"{rule} needs at least two bad and two good samples compared");
        verdicts.Where(v => v.Postfix is not null).ShouldContain(v => v.Rule, $"{rule}: no comparable sample where the rule reports");
        verdicts.Where(v => v.Postfix is not null).ShouldContain(v => !v.Rule, $"{rule}: no comparable sample where the rule is silent");
        verdicts.Where(v => !v.Agrees).ShouldBeEmpty(summary + "\n" + string.Join("\n", verdicts.Where(v => !v.Agrees)));
    }

    /// <summary>
    /// The samples the harness can run: those with a main.cf. A master.cf checked alone stands for
    /// "main.cf not in view", about which ConfigLint deliberately assumes nothing, while the
    /// harness would run Postfix's defaults; such samples are listed as not comparable.
    /// </summary>
    private static List<string> Runnable(string rule, List<Verdict> verdicts, Func<string, bool>? also = null)
    {
        var runnable = new List<string>();
        foreach (var name in SampleNames(rule))
        {
            if (File.Exists(Path.Combine(SampleDir(rule, name), "main.cf")) && (also?.Invoke(name) ?? true))
            {
                runnable.Add(name);
            }
            else if (!File.Exists(Path.Combine(SampleDir(rule, name), "main.cf")))
            {
                verdicts.Add(new Verdict(name, Reports(rule, name), null, "no main.cf: ConfigLint assumes nothing about the main.cf that is not in view; the harness would run the defaults"));
            }
        }

        return runnable;
    }

    private static async Task<(string Name, OracleRun Run)> Harness(string rule, string name, params string[] args)
    {
        var run = await OracleRunner.RunAsync(SampleDir(rule, name), args);
        return (name, run);
    }

    private static void Trusted(OracleRun run, string name, bool mustStart = true)
    {
        run.Complete.ShouldBeTrue($"{name}: the harness did not finish\n{run}");
        run.SandboxLeft.ShouldBeFalse(name);
        run.NamespaceClean.ShouldBeTrue(name);
        if (mustStart)
        {
            run.StartOk.ShouldBeTrue($"{name}: Postfix did not start: {string.Join("; ", run.StartMessages)}");
        }
    }

    private static bool NonLoopback(string? listenerLabel)
    {
        if (listenerLabel is null)
        {
            return false;
        }

        var colon = listenerLabel.LastIndexOf(':');
        var host = listenerLabel[..colon].Trim('[', ']');
        return IPAddress.TryParse(host, out var ip) && !new OracleListener(ip.ToString(), 0).IsLoopback;
    }

    // ------------------------------------------------------------------ listeners

    [RequiresPostfixFact]
    public async Task PF204_duplicate_listener_agrees_with_the_sockets_master_opens()
    {
        OracleRunner.Require();
        const string Rule = "PF204";
        var probes = Enumerable.Range(1, 16).SelectMany(i => new[] { "-p", $"server=127.0.0.1:25,label=split{i}" });
        var verdicts = new List<Verdict>();
        var runs = await Task.WhenAll(Runnable(Rule, verdicts).Select(n => Harness(Rule, n, [.. probes, "--logs", "problems"])));
        foreach (var (name, run) in runs)
        {
            Trusted(run, name);
            var twice = run.Listeners.GroupBy(l => l.ToString()).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            var banners = run.Probes.Where(p => p.BaseLabel.StartsWith("split", StringComparison.Ordinal) && p.Banner is not null).Select(p => p.Banner!).Distinct().ToList();
            verdicts.Add(new Verdict(name, Reports(Rule, name), twice.Count > 0,
                $"sockets bound twice: [{string.Join(", ", twice)}]; greetings on 127.0.0.1:25: [{string.Join(" | ", banners)}]"));
            if (name == "bad-host-and-interfaces")
            {
                // The two services share the socket address: the kernel gives connections to both.
                banners.Count.ShouldBe(2, $"{name}: 16 connections to 127.0.0.1:25 should meet both services' greetings");
            }
        }

        Conclude(Rule, verdicts);
    }

    [RequiresPostfixFact]
    public async Task PF204_entries_master_names_alike_are_one_service_and_a_specific_address_beats_the_wildcard()
    {
        OracleRunner.Require();
        var dir = Directory.CreateTempSubdirectory("configlint-oracle-pf204.");
        try
        {
            // smtp and 25 are one service to master: it warns and keeps the last entry.
            File.WriteAllText(Path.Combine(dir.FullName, "main.cf"), "compatibility_level = 3.11\nmyhostname = mx.example.com\n");
            File.WriteAllText(Path.Combine(dir.FullName, "master.cf"), "smtp inet n - n - - smtpd\n25 inet n - n - - smtpd -o { smtpd_banner = $myhostname ESMTP last }\n");
            var config = PostfixConfig.Load(dir.FullName);
            config.Master!.Services[0].ReplacedBy.ShouldBeSameAs(config.Master.Services[1]);
            var probes = Enumerable.Range(1, 8).SelectMany(i => new[] { "-p", $"server=127.0.0.1:25,label=same{i}" });
            var run = await OracleRunner.RunAsync(dir.FullName, [.. probes, "--logs", "problems"]);
            Trusted(run, "smtp and 25");
            output.WriteLine(run.ToString());
            run.Listeners.Count(l => l.Port == 25 && l.Address == "0.0.0.0").ShouldBe(1, "master binds one socket for both entries");
            run.Probes.ShouldAllBe(p => p.Banner == "mx.example.com ESMTP last");
            run.Logs.ShouldContain(l => l.Message.Contains("duplicate master.cf entry for service \"smtp\" (25) -- using the last entry", StringComparison.Ordinal));

            // A wildcard and one specific address on the same port: both bind, the specific socket
            // takes every connection to its address (the rule's exception).
            File.WriteAllText(Path.Combine(dir.FullName, "master.cf"), "smtp inet n - n - - smtpd\n127.0.0.1:25 inet n - n - - smtpd -o { smtpd_banner = $myhostname ESMTP specific }\n");
            PostfixConfig.Load(dir.FullName).Master!.Services.ShouldAllBe(s => s.IsEffective);
            run = await OracleRunner.RunAsync(dir.FullName, [.. probes, "--logs", "problems"]);
            Trusted(run, "wildcard and specific");
            output.WriteLine(run.ToString());
            run.Listeners.ShouldContain(new OracleListener("0.0.0.0", 25));
            run.Listeners.ShouldContain(new OracleListener("127.0.0.1", 25));
            run.Probes.ShouldAllBe(p => p.Banner == "mx.example.com ESMTP specific");
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [RequiresPostfixFact]
    public async Task PF205_effective_listeners_lists_the_sockets_master_opens()
    {
        OracleRunner.Require();
        const string Rule = "PF205";
        var verdicts = new List<Verdict>();
        var runs = await Task.WhenAll(Runnable(Rule, verdicts).Select(n => Harness(Rule, n, "--logs", "problems")));
        foreach (var (name, run) in runs)
        {
            Trusted(run, name);
            var postfix = run.Listeners.Where(l => !l.IsLoopback).Select(l => new OracleListener(IPAddress.Parse(l.Address).ToString(), l.Port).ToString()).Order(StringComparer.Ordinal).ToList();
            var model = PostfixConfig.Load(SampleDir(Rule, name)).Listeners.All.Where(l => !l.IsLoopback)
                .Select(l => new OracleListener(l.Address!.ToString(), l.PortNumber!.Value).ToString()).Order(StringComparer.Ordinal).ToList();
            model.ShouldBe(postfix, $"{name}: the listeners ConfigLint lists are the sockets master opens");
            verdicts.Add(new Verdict(name, Reports(Rule, name), postfix.Count > 0, $"non-loopback sockets: [{string.Join(", ", postfix)}]"));
        }

        Conclude(Rule, verdicts);
    }

    // ------------------------------------------------------------------ protocol

    [RequiresPostfixFact]
    public async Task PF501_banner_version_agrees_with_the_220_greeting()
    {
        OracleRunner.Require();
        const string Rule = "PF501";
        var verdicts = new List<Verdict>();
        var runs = await Task.WhenAll(Runnable(Rule, verdicts).Select(n => Harness(Rule, n, "--probe-every-listener", "label=greet", "--param", "mail_version", "--logs", "problems")));
        foreach (var (name, run) in runs)
        {
            Trusted(run, name);
            var version = run.Params["mail_version"].ShouldNotBeNull();
            var showing = run.Probes.Where(p => NonLoopback(p.ListenerLabel) && p.Banner is { } b && b.Contains(version, StringComparison.Ordinal)).ToList();
            var greetings = string.Join(" | ", run.Probes.Select(p => $"{p.ListenerLabel}: 220 {p.Banner}"));
            verdicts.Add(new Verdict(name, Reports(Rule, name), showing.Count > 0, $"mail_version {version}; {greetings}"));
        }

        Conclude(Rule, verdicts);
    }

    [RequiresPostfixFact]
    public async Task PF502_vrfy_enabled_agrees_with_the_vrfy_reply_and_the_ehlo_keyword()
    {
        OracleRunner.Require();
        const string Rule = "PF502";
        var verdicts = new List<Verdict>();
        var runs = await Task.WhenAll(Runnable(Rule, verdicts).Select(n => Harness(Rule, n, "--probe-every-listener", "vrfy=postmaster,label=vrfy", "--logs", "problems")));
        foreach (var (name, run) in runs)
        {
            Trusted(run, name);
            var exposed = run.Probes.Where(p => NonLoopback(p.ListenerLabel)).ToList();
            exposed.ShouldNotBeEmpty($"{name}: no public listener was probed\n{run}");
            var answering = exposed.Where(p => p.Vrfy is < 500).ToList();

            // The EHLO keyword goes with the reply: VRFY is offered exactly where it is answered.
            exposed.ShouldAllBe(p => (p.Ehlo ?? Array.Empty<string>()).Contains("VRFY") == (p.Vrfy < 500), name);
            verdicts.Add(new Verdict(name, Reports(Rule, name), answering.Count > 0,
                string.Join(" | ", exposed.Select(p => $"{p.ListenerLabel}: VRFY {p.Vrfy}, EHLO {(p.Ehlo?.Contains("VRFY") == true ? "offers" : "does not offer")} VRFY"))));
        }

        Conclude(Rule, verdicts);
    }

    [RequiresPostfixFact]
    public async Task PF503_helo_not_required_agrees_with_mail_from_without_helo()
    {
        OracleRunner.Require();
        const string Rule = "PF503";
        var verdicts = new List<Verdict>();
        var runs = await Task.WhenAll(Runnable(Rule, verdicts).Select(n => Harness(Rule, n, "--probe-every-listener", "xclient=8.8.8.8,nohelo=1,label=nohelo", "--logs", "problems")));
        foreach (var (name, run) in runs)
        {
            Trusted(run, name);
            var exposed = run.Probes.Where(p => NonLoopback(p.ListenerLabel)).ToList();
            exposed.ShouldNotBeEmpty($"{name}: no public listener was probed\n{run}");

            // MAIL accepted: the probe reached RCPT. Refused: 503 5.5.1 Error: send HELO/EHLO first.
            var served = exposed.Where(p => p.Stage == "RCPT").ToList();
            exposed.Except(served).ShouldAllBe(p => p.Stage == "MAIL" && p.Code == 503, name);
            verdicts.Add(new Verdict(name, Reports(Rule, name), served.Count > 0,
                string.Join(" | ", exposed.Select(p => $"{p.ListenerLabel}: {p.Stage} {p.Code} {p.Dsn} {p.Text}"))));
        }

        Conclude(Rule, verdicts);
    }

    [GeneratedRegex(@"^[<>] \S+\[[0-9a-fA-F.:]+\]: ")]
    private static partial Regex VerboseChatLine();

    [RequiresPostfixFact]
    public async Task PF505_debug_left_on_agrees_with_verbose_session_logging()
    {
        OracleRunner.Require();
        const string Rule = "PF505";

        // The peer debug_peer_list names (192.0.2.10) connects from its own address on lo.
        var verdicts = new List<Verdict>();
        var runs = await Task.WhenAll(Runnable(Rule, verdicts, n => !n.EndsWith("master-override", StringComparison.Ordinal))
            .Select(n => Harness(Rule, n, "--add-addr", "192.0.2.10", "-p", "src=192.0.2.10,label=peer", "--logs", "all")));
        foreach (var (name, run) in runs)
        {
            Trusted(run, name);
            var verbose = run.Logs.Where(l => l.Prog.StartsWith("postfix/smtpd", StringComparison.Ordinal) && VerboseChatLine().IsMatch(l.Message)).ToList();
            verdicts.Add(new Verdict(name, Reports(Rule, name), verbose.Count > 0,
                $"{verbose.Count} verbose smtpd lines, e.g. [{string.Join(" | ", verbose.Take(3).Select(l => l.Message))}]"));
        }

        foreach (var name in SampleNames(Rule).Where(n => n.EndsWith("master-override", StringComparison.Ordinal)))
        {
            verdicts.Add(new Verdict(name, Reports(Rule, name), null,
                "-o debug_peer_list on the SMTP client: it logs a delivery to relay.example.com, and the sandbox delivers nothing (every transport is deferred, no DNS)"));
        }

        Conclude(Rule, verdicts);
    }

    [RequiresPostfixFact]
    public async Task PF506_soft_bounce_agrees_with_a_5xx_turned_4xx()
    {
        OracleRunner.Require();
        const string Rule = "PF506";

        // A public client relaying is refused 554 5.7.1 Relay access denied; soft_bounce makes it 454 4.7.1.
        var verdicts = new List<Verdict>();
        var runs = await Task.WhenAll(Runnable(Rule, verdicts).Select(n => Harness(Rule, n, "-p", "xclient=8.8.8.8,label=relay", "--logs", "problems")));
        foreach (var (name, run) in runs)
        {
            Trusted(run, name);
            var probe = run.Probes.Single(p => p.BaseLabel == "relay");
            probe.Text.ShouldContain("Relay access denied", Case.Sensitive, name);
            verdicts.Add(new Verdict(name, Reports(Rule, name), probe.Code is >= 400 and < 500, $"RCPT: {probe.Code} {probe.Dsn} {probe.Text}"));
        }

        Conclude(Rule, verdicts);
    }

    [RequiresPostfixFact]
    public async Task PF601_invalid_hostname_agrees_with_start_up_and_the_greeting()
    {
        OracleRunner.Require();
        const string Rule = "PF601";
        var verdicts = new List<Verdict>();
        var runs = await Task.WhenAll(Runnable(Rule, verdicts, n => !n.EndsWith("master-override", StringComparison.Ordinal))
            .Select(n => Harness(Rule, n, "-p", "label=greet", "--param", "myhostname", "--param", "mydomain", "--logs", "problems")));
        foreach (var (name, run) in runs)
        {
            Trusted(run, name, mustStart: false);
            if (!run.StartOk)
            {
                // A name valid_hostname() rejects: Postfix does not start, and says why.
                var fatal = run.Fatals.FirstOrDefault(f => f.Message.Contains("parameter myhostname: bad parameter value", StringComparison.Ordinal));
                verdicts.Add(new Verdict(name, Reports(Rule, name), fatal is not null, $"start failed: {string.Join("; ", run.StartMessages)}"));
                continue;
            }

            // Postfix uses a written name as it is: the greeting shows it unqualified or as localhost.
            var greeting = run.Probes.Single(p => p.BaseLabel == "greet").Banner.ShouldNotBeNull();
            var name220 = greeting.Split(' ')[0];
            var unusable = !name220.Contains('.', StringComparison.Ordinal) || name220.StartsWith("localhost", StringComparison.OrdinalIgnoreCase);
            verdicts.Add(new Verdict(name, Reports(Rule, name), unusable, $"220 {greeting}; mydomain = {run.Params["mydomain"]}"));
        }

        foreach (var name in SampleNames(Rule).Where(n => n.EndsWith("master-override", StringComparison.Ordinal)))
        {
            verdicts.Add(new Verdict(name, Reports(Rule, name), null,
                "-o myhostname on the SMTP client's relay transport: its HELO name shows only in a delivery, and the sandbox delivers nothing"));
        }

        Conclude(Rule, verdicts);
    }

    // ------------------------------------------------------------------ aliases

    /// <summary>What Postfix's own tools say about a sample's aliases: postconf for the parameters, postalias for the entries.</summary>
    private sealed record AliasFacts(IReadOnlyDictionary<string, string> Parameters, IReadOnlyDictionary<string, string> Entries)
    {
        public bool InUse => Parameters["mydestination"].Length > 0 && Parameters["local_transport"].StartsWith("local:", StringComparison.Ordinal)
            && Parameters["alias_maps"].Contains("aliases", StringComparison.Ordinal);

        public bool TakesUnknownUsers => new[] { "luser_relay", "mailbox_transport", "mailbox_transport_maps", "fallback_transport", "fallback_transport_maps" }.Any(p => Parameters[p].Length > 0);

        public static IReadOnlyList<string> Destinations(string value) => value.Split(", ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        public string Describe() =>
            $"postconf: mydestination = {Parameters["mydestination"]}, local_transport = {Parameters["local_transport"]}, alias_maps = {Parameters["alias_maps"]}; postalias: {string.Join("; ", Entries.Select(e => $"{e.Key}: {e.Value}"))}";
    }

    private static readonly string[] AliasParameters =
    [
        "mydestination", "local_transport", "alias_maps", "luser_relay", "mailbox_transport", "mailbox_transport_maps",
        "fallback_transport", "fallback_transport_maps", "owner_request_special", "allow_mail_to_commands", "allow_mail_to_files",
    ];

    private static AliasFacts Facts(string rule, string name)
    {
        var dir = SampleDir(rule, name);
        var values = Postconf.Run(dir, ["-hx", .. AliasParameters]).EnsureSuccess().Stdout.Split('\n');
        var parameters = AliasParameters.Select((p, i) => (p, values[i].Trim())).ToDictionary(x => x.p, x => x.Item2);
        var dump = Postconf.PostaliasDump(Path.Combine(dir, "aliases")).EnsureSuccess();
        var entries = PostconfOutput.ParsePostaliasDump(dump.Stdout).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        return new AliasFacts(parameters, entries);
    }

    /// <summary>
    /// The rule's verdict on each of its samples, and on <paramref name="others"/> (samples of other
    /// rules, "PF705/name", where the rule must stay silent for a reason Postfix can show), against
    /// what <paramref name="postfixSays"/> concludes from postconf and postalias.
    /// </summary>
    private void CompareAliases(string rule, Func<AliasFacts, bool> postfixSays, params string[] others)
    {
        var verdicts = new List<Verdict>();
        foreach (var (owner, name) in SampleNames(rule).Select(n => (rule, n)).Concat(others.Select(k => (k.Split('/')[0], k.Split('/')[1]))))
        {
            var facts = Facts(owner, name);
            var reports = SampleCase.Get($"{owner}/{name}").Run().Any(f => f.RuleId == rule);
            verdicts.Add(new Verdict(owner == rule ? name : $"{owner}/{name}", reports, postfixSays(facts), facts.Describe()));
        }

        Conclude(rule, verdicts);
    }

    [RequiresPostfixFact]
    public void PF701_root_alias_missing_agrees_with_postalias() =>
        CompareAliases("PF701", f => f.InUse && !f.Entries.ContainsKey("root"));

    [RequiresPostfixFact]
    public void PF702_postmaster_alias_agrees_with_postalias() =>
        CompareAliases("PF702", f => f.InUse && !f.TakesUnknownUsers && !f.Entries.ContainsKey("postmaster"));

    [RequiresPostfixFact]
    public void PF703_mailer_daemon_alias_agrees_with_postalias() =>
        CompareAliases("PF703", f => f.InUse && !f.TakesUnknownUsers && !f.Entries.ContainsKey("mailer-daemon"));

    [RequiresPostfixFact]
    public void PF704_alias_loop_agrees_with_the_entries_postalias_stores() =>
        CompareAliases("PF704", f =>
        {
            if (!f.InUse)
            {
                return false;
            }

            // Follow every alias through local destinations (bare names, names in a mydestination
            // domain) as postalias stored them; a name that lists itself is delivered, not a loop.
            var domains = f.Parameters["mydestination"].Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).Select(d => d.ToLowerInvariant()).ToHashSet();
            string? Local(string d)
            {
                var at = d.LastIndexOf('@');
                return at < 0 ? d.ToLowerInvariant() : domains.Contains(d[(at + 1)..].ToLowerInvariant()) ? d[..at].ToLowerInvariant() : null;
            }

            IEnumerable<string> Next(string key) => AliasFacts.Destinations(f.Entries[key]).Select(Local).OfType<string>().Where(n => n != key && f.Entries.ContainsKey(n));
            foreach (var start in f.Entries.Keys)
            {
                var seen = new HashSet<string>();
                var queue = new Queue<string>(Next(start));
                while (queue.Count > 0)
                {
                    var n = queue.Dequeue();
                    if (n == start)
                    {
                        return true;
                    }

                    if (seen.Add(n))
                    {
                        foreach (var m in Next(n))
                        {
                            queue.Enqueue(m);
                        }
                    }
                }
            }

            return false;
        });

    [RequiresPostfixFact]
    public void PF705_alias_command_or_file_agrees_with_the_entries_postalias_stores() =>
        CompareAliases("PF705", f => f.InUse && f.Entries.Values.SelectMany(AliasFacts.Destinations).Any(d =>
            d.TrimStart('"').StartsWith('|') || d.StartsWith(":include:", StringComparison.OrdinalIgnoreCase)
            || (d.TrimStart('"').StartsWith('/') && (d.Trim('"') != "/dev/null" || !f.Parameters["allow_mail_to_files"].Contains("alias", StringComparison.Ordinal)))));

    /// <summary>
    /// A destination postalias stored as <c>"|/usr/bin/uudecode"</c> runs uudecode only when local(8)
    /// uses the aliases (postconf: a local domain, local_transport local, alias_maps naming the file)
    /// and may run commands from them (allow_mail_to_commands names alias).
    /// </summary>
    [RequiresPostfixFact]
    public void PF707_decode_alias_agrees_with_postconf_and_the_entries_postalias_stores() =>
        CompareAliases("PF707", f =>
            f.InUse
            && f.Parameters["allow_mail_to_commands"].Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries).Contains("alias", StringComparer.OrdinalIgnoreCase)
            && f.Entries.Values.SelectMany(AliasFacts.Destinations).Any(d =>
                d.Trim('"').TrimStart() is ['|', .. var command]
                && command.Trim().Split(' ')[0] is var program
                && program[(program.LastIndexOf('/') + 1)..] is "uudecode" or "uudeview" or "uudec"),
            "PF705/bad-decode-not-allowed");

    [RequiresPostfixFact]
    public void PF706_list_without_owner_agrees_with_the_entries_postalias_stores() =>
        CompareAliases("PF706", f => f.InUse && f.Parameters["owner_request_special"] == "yes" && f.Entries.Any(e =>
            !e.Key.StartsWith("owner-", StringComparison.Ordinal) && !f.Entries.ContainsKey("owner-" + e.Key)
            && (AliasFacts.Destinations(e.Value).Count > 10 || AliasFacts.Destinations(e.Value).Any(d => d.StartsWith(":include:", StringComparison.OrdinalIgnoreCase)))));

    // ------------------------------------------------------------------ secrets

    [RequiresPostfixFact]
    public void PF801_secrets_in_tree_agrees_with_what_postmap_returns()
    {
        const string Rule = "PF801";
        var verdicts = new List<Verdict>();
        foreach (var name in SampleNames(Rule))
        {
            var dir = SampleDir(Rule, name);

            // Every table of smtp_sasl_password_maps whose text is in the sample, and every *_passwd file.
            var maps = Postconf.Run(dir, "-hx", "smtp_sasl_password_maps").EnsureSuccess().Stdout.Trim();
            var lookups = new List<(string What, PostconfResult Result)>();
            foreach (var table in maps.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries))
            {
                if (table.StartsWith("static:", StringComparison.Ordinal))
                {
                    lookups.Add((table[..7] + "...", Postconf.PostmapQuery(table, "[any.example]:587")));
                }
                else if (table.StartsWith("hash:/etc/postfix/", StringComparison.Ordinal) && File.Exists(Path.Combine(dir, table["hash:/etc/postfix/".Length..])))
                {
                    lookups.Add((table, Postconf.PostmapQuery("hash:{file}", null, Path.Combine(dir, table["hash:/etc/postfix/".Length..]))));
                }
            }

            foreach (var file in Directory.EnumerateFiles(dir, "*_passwd", SearchOption.AllDirectories))
            {
                lookups.Add((Path.GetRelativePath(dir, file), Postconf.PostmapQuery("hash:{file}", null, file)));
            }

            // A value "username:password" with text after the first ':' is a password the SMTP client sends.
            var withPassword = lookups.Where(l => l.Result.StdoutLines.Select(line => line.Split([' ', '\t'], 2)).Any(kv =>
                kv[^1].IndexOf(':', StringComparison.Ordinal) is var c && c > 0 && c < kv[^1].Length - 1)).Select(l => l.What).ToList();
            var tables = string.Join(", ", maps.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).Select(t => t.StartsWith("static:", StringComparison.Ordinal) ? "static:..." : t));
            verdicts.Add(new Verdict(name, Reports(Rule, name), withPassword.Count > 0,
                $"smtp_sasl_password_maps = {tables}; postmap finds a password in: [{string.Join(", ", withPassword.Distinct())}] (values not shown)"));
        }

        Conclude(Rule, verdicts);
    }
}
