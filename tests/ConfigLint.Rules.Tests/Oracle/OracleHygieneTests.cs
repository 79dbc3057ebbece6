using System.Text;
using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.Rules.Tests.Samples;
using ConfigLint.TestSupport;
using Xunit.Abstractions;

namespace ConfigLint.Rules.Tests.Oracle;

/// <summary>
/// Issue 10, oracle evidence for the parameter hygiene rules (PF9xx) and the master.cf rules (PF3xx): where a
/// rule predicts something Postfix says itself, the real Postfix 3.7 runs on the rule's samples and the
/// message it logs is asserted (postconf's "unused parameter", "undefined parameter", "read-only parameter
/// assignment", "overriding earlier entry"; a start-up or daemon fatal). Where Postfix 3.7 cannot show it
/// (a 3.9+ deprecation, a 3.11 default), the behaviour is checked against that release's data in
/// tests/data/postfix/versions/.
/// </summary>
[SystemTest]
public sealed class OracleHygieneTests(ITestOutputHelper output)
{
    private static readonly PostfixRelease Installed = PostfixReleases.Get("3.7");

    private static string Sample(string key) => Path.Combine(RepoPaths.Samples, key);

    private static string VersionData(string series, string file) => Path.Combine(RepoPaths.Data, "postfix", "versions", series, file);

    /// <summary>
    /// postconf's warnings as they name a parameter: what follows "unused parameter: " up to the '=', from either
    /// file, or only from <paramref name="file"/> ("main.cf", "master.cf").
    /// </summary>
    private static HashSet<string> Warned(PostconfResult result, string kind, string? file = null) =>
        result.StderrLines.Where(l => l.Contains($": {kind}: ", StringComparison.Ordinal) && (file is null || l.Contains($"/{file}: ", StringComparison.Ordinal)))
            .Select(l => l[(l.IndexOf($": {kind}: ", StringComparison.Ordinal) + kind.Length + 4)..])
            .Select(rest => rest.Split('=')[0])
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>A name as postconf prints it: every byte outside printable ASCII becomes '?' (a byte-order mark is "???").</summary>
    private static string AsPrinted(string name) =>
        string.Concat(Encoding.UTF8.GetBytes(name).Select(b => b is >= 0x20 and < 0x7f ? ((char)b).ToString() : "?"));

    private List<Finding> Check(string key)
    {
        var findings = SampleCase.Get(key).Run();
        foreach (var f in findings)
        {
            output.WriteLine($"configlint {key}: {f.Span} {f.RuleId} {f.Message}");
        }

        return findings;
    }

    private PostconfResult Postconf(string directory, params string[] args)
    {
        var result = TestSupport.Postconf.Run(directory, args);
        output.WriteLine($"postconf {string.Join(' ', args)} on {Path.GetRelativePath(RepoPaths.Root, directory)}: exit {result.ExitCode}\n{result.Normalize(result.Stderr)}");
        return result;
    }

    /// <summary>The text of a finding's span (its name), read from the sample file as Postfix reads it (a byte-order mark kept).</summary>
    private static string TextAt(Finding finding)
    {
        var file = Path.Combine(RepoPaths.Root, finding.Span.File);
        var line = Encoding.UTF8.GetString(File.ReadAllBytes(file)).Split('\n')[finding.Span.StartLine - 1];
        return line[(finding.Span.StartColumn - 1)..(finding.Span.EndColumn - 1)];
    }

    public static TheoryData<string> UnknownNameSamples() => new(
        SampleCase.All().Where(c => c.RuleId is "PF902" or "PF303" || (c.RuleId == "PF911" && c.IsBad)).Select(c => c.ToString()));

    /// <summary>
    /// unknown-parameter, unknown-option-parameter and parameter-not-in-release predict postconf's "unused
    /// parameter" warning: Postfix 3.7's postconf gives it for exactly the names a bad sample reports, and
    /// for no name of a good one. (parameter-not-in-release's bad samples target 3.7; its good ones target the
    /// release that has the name, which the catalogue test below covers.)
    /// </summary>
    [RequiresPostfixTheory]
    [MemberData(nameof(UnknownNameSamples))]
    public void Postconf_warns_unused_parameter_for_exactly_the_reported_names(string key)
    {
        var reported = Check(key).Where(f => f.RuleId is "PF902" or "PF303" or "PF911")
            .Select(f => AsPrinted(TextAt(f)))
            .ToHashSet(StringComparer.Ordinal);
        var postconf = Postconf(Sample(key), "-n");

        postconf.ExitCode.ShouldBe(0);
        Warned(postconf, "unused parameter").ShouldBe(reported, ignoreOrder: true);
        SampleCase.Get(key).IsBad.ShouldBe(reported.Count > 0);
    }

    /// <summary>
    /// The model's bookkeeping of names (<see cref="ParameterNames"/>, behind PF902, PF303, PF904, PF905) against
    /// postconf 3.7 on every sample main.cf and every corpus main.cf: the names postconf calls unused, undefined
    /// and read-only are the model's. Restriction class names that nothing defines postconf calls undefined too;
    /// restriction-class-undefined reports those, so they are compared separately.
    /// </summary>
    [RequiresPostfixFact]
    public void Postconf_and_the_model_agree_on_unused_undefined_and_read_only_names_everywhere()
    {
        var directories = SampleCase.All().Select(c => c.Directory).Where(d => File.Exists(Path.Combine(d, "main.cf"))).ToList();
        var corpus = Directory.GetFiles(Path.Combine(RepoPaths.Data, "corpus"), "*main.cf*", SearchOption.AllDirectories);
        var compared = 0;
        var failures = new List<string>();
        var staging = Directory.CreateTempSubdirectory("configlint-hygiene-");
        try
        {
            foreach (var file in corpus)
            {
                var dir = Path.Combine(staging.FullName, $"c{compared++}");
                Directory.CreateDirectory(dir);
                File.Copy(file, Path.Combine(dir, "main.cf"));
                directories.Add(dir);
            }

            foreach (var dir in directories)
            {
                var postconf = TestSupport.Postconf.Run(dir, "-n");
                if (!postconf.Succeeded)
                {
                    continue; // the differential test's exceptions: postconf itself stops on these
                }

                var config = PostfixConfig.Load(dir, release: Installed, host: HostFacts.Unknown);
                var names = config.ParameterNames;
                var main = config.Main!.Effective.Keys.ToList();
                var overrides = (config.Master?.Services ?? []).SelectMany(s => s.Overrides.Select(o => (Service: s, o.Name))).ToList();
                var classes = config.Get("smtpd_restriction_classes").Value.Split([',', ' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries)
                    .Where(c => config.Main.Get(c) is null && !config.Catalogue.IsKnown(c));
                var where = dir.StartsWith(staging.FullName, StringComparison.Ordinal) ? "corpus file" : Path.GetRelativePath(RepoPaths.Root, dir);

                Compare(where, "main.cf unused parameter", Warned(postconf, "unused parameter", "main.cf"),
                    main.Where(n => names.InMain(n) == ParameterNameKind.Unused).Select(AsPrinted));
                Compare(where, "master.cf unused parameter", Warned(postconf, "unused parameter", "master.cf"),
                    overrides.Where(o => names.InService(o.Service, o.Name) == ParameterNameKind.Unused).Select(o => o.Name));
                Compare(where, "main.cf undefined parameter", Warned(postconf, "undefined parameter", "main.cf"),
                    names.Undefined.Where(u => u.Service is null).Select(u => u.Reference.Name).Concat(classes));
                Compare(where, "master.cf undefined parameter", Warned(postconf, "undefined parameter", "master.cf"),
                    names.Undefined.Where(u => u.Service is not null).Select(u => u.Reference.Name));
                Compare(where, "read-only parameter assignment", Warned(postconf, "read-only parameter assignment"),
                    main.Where(n => names.InMain(n) == ParameterNameKind.ReadOnly).Concat(overrides.Where(o => names.InService(o.Service, o.Name) == ParameterNameKind.ReadOnly).Select(o => o.Name)));
            }
        }
        finally
        {
            staging.Delete(recursive: true);
        }

        output.WriteLine($"{directories.Count} main.cf files compared");
        directories.Count.ShouldBeGreaterThan(150);
        failures.ShouldBeEmpty(string.Join('\n', failures));

        void Compare(string where, string kind, HashSet<string> postfix, IEnumerable<string> modelNames)
        {
            var model = modelNames.ToHashSet(StringComparer.Ordinal);
            if (!postfix.SetEquals(model))
            {
                failures.Add($"{where}: {kind}: postconf {string.Join(",", postfix.Order())} / model {string.Join(",", model.Order())}");
            }
        }
    }

    [RequiresPostfixFact]
    public void Postconf_warns_about_what_duplicate_undefined_and_read_only_report()
    {
        Postconf(Sample("PF901/bad-example"), "-n").StderrLines.ShouldContain(l => l.EndsWith("main.cf, line 7: overriding earlier entry: message_size_limit=20480000", StringComparison.Ordinal));
        Postconf(Sample("PF901/good-example"), "-n").StderrLines.ShouldNotContain(l => l.Contains("overriding earlier entry", StringComparison.Ordinal));

        Warned(Postconf(Sample("PF904/bad-example"), "-n"), "undefined parameter").ShouldBe(["mua_client_restrictions"]);
        Warned(Postconf(Sample("PF904/bad-typo"), "-n"), "undefined parameter").ShouldBe(["mydomian"]);
        Warned(Postconf(Sample("PF904/good-example"), "-n"), "undefined parameter").ShouldBeEmpty();

        Warned(Postconf(Sample("PF905/bad-example"), "-n"), "read-only parameter assignment").ShouldBe(["process_name"]);
        var master = Postconf(Sample("PF905/bad-master-override"), "-P");
        Warned(master, "read-only parameter assignment").ShouldBe(["process_name"]);
        master.StdoutLines.ShouldNotContain(l => l.Contains("process_name", StringComparison.Ordinal), "postconf drops the assignment");
    }

    /// <summary>accidental-continuation and inline-comment: postconf -n shows the text inside the value above, and no parameter of its own.</summary>
    [RequiresPostfixFact]
    public void Postconf_reads_continuation_and_comment_text_as_part_of_the_value()
    {
        var continuation = Postconf(Sample("PF906/bad-example"), "-n").StdoutLines;
        continuation.ShouldContain("mynetworks = 127.0.0.0/8 smtpd_banner = $myhostname ESMTP");
        continuation.ShouldNotContain(l => l.StartsWith("smtpd_banner", StringComparison.Ordinal));
        Postconf(Sample("PF906/good-example"), "-n").StdoutLines.ShouldContain("smtpd_banner = $myhostname ESMTP");

        Postconf(Sample("PF907/bad-example"), "-n").StdoutLines.ShouldContain("mynetworks = 127.0.0.0/8 192.168.10.0/24 # the office");
        Postconf(Sample("PF907/good-example"), "-n").StdoutLines.ShouldContain("mynetworks = 127.0.0.0/8 192.168.10.0/24");
    }

    /// <summary>master-duplicate-option and orphan-option-lines: postconf -P shows which -o a service really gets.</summary>
    [RequiresPostfixFact]
    public void Postconf_shows_the_options_a_service_really_gets()
    {
        var duplicate = Postconf(Sample("PF301/bad-example"), "-P").StdoutLines;
        duplicate.ShouldContain("submission/inet/smtpd_tls_security_level = may");
        duplicate.ShouldNotContain("submission/inet/smtpd_tls_security_level = encrypt");

        var orphans = Postconf(Sample("PF304/bad-example"), "-P").StdoutLines;
        orphans.ShouldContain("smtp/inet/smtpd_tls_security_level = encrypt");
        orphans.ShouldContain("smtp/inet/smtpd_sasl_auth_enable = yes");
        Postconf(Sample("PF304/good-example"), "-P").StdoutLines.ShouldNotContain(l => l.StartsWith("smtp/inet/", StringComparison.Ordinal));
    }

    /// <summary>redundant-default: the value the sample writes is postconf's own default.</summary>
    [RequiresPostfixFact]
    public void A_redundant_default_is_what_postconf_d_prints()
    {
        Check("PF912/bad-example").ShouldHaveSingleItem().RuleId.ShouldBe("PF912");
        Postconf(Sample("PF912/bad-example"), "-d", "myorigin").StdoutLines.ShouldBe(["myorigin = $myhostname"]);
        Postconf(Sample("PF912/bad-level-default"), "-d", "smtpd_relay_restrictions").StdoutLines
            .ShouldBe(["smtpd_relay_restrictions = ${{$compatibility_level} <level {1} ? {} : {permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination}}"]);
        Postconf(Sample("PF912/bad-level-default"), "-x", "smtpd_relay_restrictions").StdoutLines
            .ShouldBe(["smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination"]);
    }

    public static TheoryData<string, string?> BadValueSamples() => new()
    {
        { "PF908/bad-example", "fatal: bad numerical configuration: message_size_limit = 50M" },
        { "PF908/bad-boolean", "fatal: bad boolean configuration: smtpd_helo_required = true" },
        { "PF908/bad-time-unit", "fatal: parameter maximal_queue_lifetime: bad time value or unit: 1y" },
        { "PF908/bad-below-minimum", "fatal: invalid line_length_limit parameter value 100 < 512" },
        { "PF908/good-example", null },
        { "PF908/good-boolean", null },
        { "PF908/good-time-unit", null },
    };

    /// <summary>
    /// bad-value-type: Postfix 3.7 started on each sample (every listener probed, so smtpd reads its
    /// parameters) logs exactly the fatal the finding quotes; a good sample starts and logs no such fatal.
    /// </summary>
    [RequiresPostfixTheory]
    [MemberData(nameof(BadValueSamples))]
    public async Task Postfix_stops_with_the_fatal_bad_value_type_quotes(string key, string? fatal)
    {
        OracleRunner.Require();
        var findings = Check(key).Where(f => f.RuleId == "PF908").ToList();
        var run = await OracleRunner.RunAsync(Sample(key), ["--probe-every-listener", "label=hygiene", "--logs", "trouble"]);
        output.WriteLine(run.ToString());
        run.Complete.ShouldBeTrue(run.ToString());

        var fatals = run.Fatals.Select(f => f.Message).ToList();
        if (fatal is null)
        {
            findings.ShouldBeEmpty();
            run.StartOk.ShouldBeTrue(run.ToString());
            fatals.ShouldNotContain(m => m.Contains("configuration", StringComparison.Ordinal) || m.Contains("parameter", StringComparison.Ordinal), run.ToString());
            return;
        }

        findings.ShouldHaveSingleItem().Message.ShouldContain($"\"{fatal}\"");
        fatals.ShouldContain(fatal, run.ToString());
    }

    public static TheoryData<string, string?> MasterFieldSamples() => new()
    {
        { "PF302/bad-example", "fatal: master.cf: line 2: inet service cannot be private" },
        { "PF302/bad-qmgr-process-limit", "fatal: service qmgr requires a process limit of 1" },
        { "PF302/bad-cleanup-process-limit", "fatal: service cleanup requires a process limit of 0" },
        { "PF302/good-example", null },
        { "PF302/good-qmgr-process-limit", null },
        { "PF302/good-cleanup-process-limit", null },
    };

    /// <summary>
    /// master-field-values: master refuses the private inet service at start-up, qmgr exits as soon as master
    /// starts it, cleanup when smtpd asks for it (a probe whose recipient smtpd accepts). The samples hold master.cf only; the
    /// oracle gives them a main.cf at level 3.6 that ConfigLint checks too. bad-local-unprivileged is not run:
    /// the sandbox defers every delivery, so local never starts (single_server.c is the evidence there).
    /// </summary>
    [RequiresPostfixTheory]
    [MemberData(nameof(MasterFieldSamples))]
    public async Task Master_or_the_daemon_stops_with_the_fatal_master_field_values_quotes(string key, string? fatal)
    {
        OracleRunner.Require();
        var dir = Directory.CreateTempSubdirectory("configlint-pf302-");
        try
        {
            File.Copy(Path.Combine(Sample(key), "master.cf"), Path.Combine(dir.FullName, "master.cf"));
            File.WriteAllText(Path.Combine(dir.FullName, "main.cf"), "compatibility_level = 3.6\nalias_maps =\nmyhostname = mx.example.test\n");
            File.WriteAllText(Path.Combine(dir.FullName, ".configlint.yml"), "postfix_version: \"3.7\"\n");
            var result = Core.Engine.LintEngine.Run(new Core.Engine.LintRequest { Paths = [dir.FullName], WorkingDirectory = RepoPaths.Root, BuiltInRules = BuiltInRules.Rules });
            var findings = result.Findings.Where(f => f.RuleId == "PF302").ToList();
            // A recipient smtpd accepts, so that it opens a queue file and asks for cleanup.
            var run = await OracleRunner.RunAsync(dir.FullName, ["--probe-every-listener", "to=root@mx.example.test,label=hygiene", "--logs", "trouble"]);
            output.WriteLine(run.ToString());
            run.Complete.ShouldBeTrue(run.ToString());

            var fatals = run.Fatals.Select(f => f.Message).ToList();
            if (fatal is null)
            {
                findings.ShouldBeEmpty();
                run.StartOk.ShouldBeTrue(run.ToString());
                fatals.ShouldBeEmpty(run.ToString());
                return;
            }

            findings.ShouldHaveSingleItem().Message.ShouldContain(fatal[("fatal: ".Length)..]);
            fatals.ShouldContain(fatal, run.ToString());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>
    /// compatibility-level-outdated with target 3.7: Postfix 3.7 at level 2 logs that it uses backwards-compatible
    /// defaults, at 3.6 it does not. For target 3.11 (Postfix 3.7 cannot show it) the defaults the message names
    /// are the difference between 3.11's postconf -x dumps at its levels.
    /// </summary>
    [RequiresPostfixFact]
    public async Task Postfix_says_it_uses_backwards_compatible_defaults_exactly_when_the_level_is_outdated()
    {
        OracleRunner.Require();
        Check("PF909/bad-target-3-7").ShouldHaveSingleItem().RuleId.ShouldBe("PF909");
        Check("PF909/good-target-3-7").ShouldBeEmpty();
        var bad = await OracleRunner.RunAsync(Sample("PF909/bad-target-3-7"), ["--logs", "all"]);
        var good = await OracleRunner.RunAsync(Sample("PF909/good-target-3-7"), ["--logs", "all"]);
        output.WriteLine(bad.ToString());
        output.WriteLine(good.ToString());

        bad.Logs.ShouldContain(l => l.Message == "Postfix is using backwards-compatible default settings", bad.ToString());
        good.StartOk.ShouldBeTrue(good.ToString());
        good.Logs.ShouldNotContain(l => l.Message.Contains("backwards-compatible", StringComparison.Ordinal), good.ToString());

        // The sample also shows PF408: level 3.6 leaves smtp_tls_security_level empty, as this message says.
        var message = Check("PF909/bad-example").Where(f => f.RuleId != "PF408").ShouldHaveSingleItem().Message;
        var at36 = Dump("3.11", "3.6");
        var at311 = Dump("3.11", "3.11");
        var changed = at311.Where(kv => kv.Key != "compatibility_level" && at36[kv.Key] != kv.Value).ToList();
        changed.Select(kv => kv.Key).ShouldBe(["smtp_tls_security_level", "tlsproxy_client_security_level"], ignoreOrder: true);
        message.ShouldContain("at 3.11: smtp_tls_security_level (empty) → may");
    }

    /// <summary>
    /// compatibility-level-unknown: Postfix 3.7 accepts compatibility_level = 3.11 without a word and keeps
    /// smtp_tls_security_level empty, while the 3.11 dump at level 3.11 says may, as the message does.
    /// </summary>
    [RequiresPostfixFact]
    public void Postfix_3_7_accepts_level_3_11_silently_and_lacks_its_defaults()
    {
        // The sample also shows PF408: Postfix 3.7 leaves smtp_tls_security_level empty, as this message says.
        var message = Check("PF910/bad-example").Where(f => f.RuleId != "PF408").ShouldHaveSingleItem().Message;
        var postconf = Postconf(Sample("PF910/bad-example"), "-x", "compatibility_level", "smtp_tls_security_level");

        postconf.ExitCode.ShouldBe(0);
        postconf.StderrLines.Where(l => !l.EndsWith("open DIR/master.cf: No such file or directory", StringComparison.Ordinal)).ShouldBeEmpty("no word about the level");
        postconf.StdoutLines.ShouldBe(["compatibility_level = 3.11", "smtp_tls_security_level ="]);
        Dump("3.11", "3.11")["smtp_tls_security_level"].ShouldBe("may");
        message.ShouldContain("smtp_tls_security_level stays empty instead of may");
    }

    /// <summary>
    /// deprecated-parameter: Postfix 3.7 has no deprecation table, and its postconf says nothing about
    /// smtpd_use_tls (so no finding for target 3.7); 3.9, 3.10 and 3.11 list it in their tables with the advice
    /// the message quotes, and know the replacement the fix writes.
    /// </summary>
    [RequiresPostfixFact]
    public void Deprecations_follow_each_releases_table()
    {
        Check("PF903/good-target-3-7").ShouldBeEmpty();
        var postconf = Postconf(Sample("PF903/good-target-3-7"), "-n");
        postconf.StderrLines.ShouldNotContain(l => l.Contains("smtpd_use_tls", StringComparison.Ordinal));
        postconf.StdoutLines.ShouldContain("smtpd_use_tls = yes");

        var message = Check("PF903/bad-example").ShouldHaveSingleItem().Message;
        foreach (var series in new[] { "3.9", "3.10", "3.11" })
        {
            var table = File.ReadAllLines(VersionData(series, "deprecated.tsv")).Select(l => l.Split('\t')).ToDictionary(f => f[0], f => f[1]);
            table["smtpd_use_tls"].ShouldBe("specify \"smtpd_tls_security_level\"");
            table["smtpd_enforce_tls"].ShouldBe("specify \"smtpd_tls_security_level\"");
            File.ReadAllLines(VersionData(series, "names.txt")).ShouldContain("smtpd_tls_security_level");
        }

        foreach (var series in new[] { "3.7", "3.8" })
        {
            File.ReadAllText(VersionData(series, "deprecated.tsv")).ShouldBeEmpty();
        }

        message.ShouldContain("postconf warns \"support for parameter \"smtpd_use_tls\" will be removed; instead, specify \"smtpd_tls_security_level\"\"");
    }

    /// <summary>parameter-not-in-release: the release the message names is the first whose names.txt has the name.</summary>
    [Fact]
    public void The_release_a_parameter_needs_is_the_first_whose_dump_names_it()
    {
        var message = Check("PF911/bad-example").ShouldHaveSingleItem().Message;
        var first = PostfixReleases.All.First(r => File.ReadAllLines(VersionData(r.Series, "names.txt")).Contains("smtpd_hide_client_session"));

        first.Series.ShouldBe("3.10");
        message.ShouldContain("needs Postfix 3.10");
    }

    private static Dictionary<string, string> Dump(string series, string level) =>
        File.ReadAllLines(VersionData(series, $"postconf-x-compat-{level}.txt"))
            .Where(l => l.Contains(" =", StringComparison.Ordinal))
            .Select(l => (Name: l[..l.IndexOf(" =", StringComparison.Ordinal)], Value: l[(l.IndexOf(" =", StringComparison.Ordinal) + 2)..].Trim()))
            .GroupBy(p => p.Name)
            .ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
}
