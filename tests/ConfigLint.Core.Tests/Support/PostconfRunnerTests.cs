using ConfigLint.TestSupport;

namespace ConfigLint.Core.Tests.Support;

/// <summary>Tests of the test-support library: output parsers (always) and the sandboxed runners (real Postfix).</summary>
public sealed class PostconfRunnerTests
{
    // ---------------------------------------------------------------- parsers (no Postfix needed)

    [Fact]
    public void ParseNameValues_reads_values_empty_values_and_keeps_config_directory()
    {
        const string stdout = """
            config_directory = /tmp/configlint-postconf-x
            myhostname = b.example
            mynetworks = 127.0.0.0/8, 10.0.0.0/8
            relayhost =
            smtpd_banner = $myhostname ESMTP a = b
            """;

        var parsed = PostconfOutput.ParseNameValues(stdout);

        parsed.ShouldBe(
        [
            new PostconfParameter("config_directory", "/tmp/configlint-postconf-x"),
            new PostconfParameter("myhostname", "b.example"),
            new PostconfParameter("mynetworks", "127.0.0.0/8, 10.0.0.0/8"),
            new PostconfParameter("relayhost", ""),
            new PostconfParameter("smtpd_banner", "$myhostname ESMTP a = b"),
        ]);
        PostconfOutput.WithoutConfigDirectory(parsed).Select(p => p.Name)
            .ShouldBe(["myhostname", "mynetworks", "relayhost", "smtpd_banner"]);
    }

    [Fact]
    public void ParseNameValues_joins_folded_lines_of_postconf_f()
    {
        var parsed = PostconfOutput.ParseNameValues(
            "smtpd_recipient_restrictions = permit_mynetworks,\n    reject_unauth_destination\nbiff = no\n");

        parsed.ShouldBe(
        [
            new PostconfParameter("smtpd_recipient_restrictions", "permit_mynetworks, reject_unauth_destination"),
            new PostconfParameter("biff", "no"),
        ]);
    }

    [Fact]
    public void ParseNameValues_rejects_a_line_without_an_assignment()
    {
        Should.Throw<FormatException>(() => PostconfOutput.ParseNameValues("myhostname = a\nmx.example.com\n"))
            .Message.ShouldContain("line 2");
    }

    // The -M / -Mf / -P texts below are real postconf 3.7.11 output (see POSTFIX-SEMANTICS.md §5).
    private const string MasterM =
        "smtp       inet  n       -       y       -       -       smtpd -v -o smtpd_helo_required=yes -o {milter_macro={a b}  c} -o novalue -o x={y}\n" +
        "verylongservicename-abcdefghijkl unix - - n -    -       pipe flags=F user=nobody argv=/usr/bin/foo ${recipient} {a b}\n" +
        "127.0.0.3:2526 inet n    -       n       -       -       smtpd\n" +
        "submission inet  n       -       y       -       -       smtpd -o syslog_name=postfix/submission -o {smtpd_client_restrictions=permit_sasl_authenticated, reject} -o smtpd_sender_restrictions=\n";

    private const string MasterMf =
        "smtp       inet  n       -       y       -       -       smtpd -v\n" +
        "    -o smtpd_helo_required=yes\n" +
        "    -o {milter_macro={a b}  c}\n" +
        "    -o novalue\n" +
        "    -o x={y}\n" +
        "verylongservicename-abcdefghijkl unix - - n -    -       pipe flags=F\n" +
        "    user=nobody argv=/usr/bin/foo ${recipient} {a b}\n" +
        "127.0.0.3:2526 inet n    -       n       -       -       smtpd\n" +
        "submission inet  n       -       y       -       -       smtpd\n" +
        "    -o syslog_name=postfix/submission\n" +
        "    -o {smtpd_client_restrictions=permit_sasl_authenticated, reject}\n" +
        "    -o smtpd_sender_restrictions=\n";

    [Fact]
    public void ParseMasterM_reads_the_eight_fields_and_the_arguments()
    {
        var entries = PostconfOutput.ParseMasterM(MasterM);

        entries.Count.ShouldBe(4);
        var smtp = entries[0];
        (smtp.Service, smtp.Type, smtp.Private, smtp.Unprivileged, smtp.Chroot, smtp.Wakeup, smtp.ProcessLimit, smtp.Command)
            .ShouldBe(("smtp", "inet", "n", "-", "y", "-", "-", "smtpd"));
        smtp.Args.ShouldBe(["-v", "-o", "smtpd_helo_required=yes", "-o", "{milter_macro={a b}  c}", "-o", "novalue", "-o", "x={y}"]);
        smtp.Options.ShouldBe(
        [
            new MasterOption("smtpd_helo_required", "yes"),
            new MasterOption("milter_macro", "{a b}  c"),
            new MasterOption("novalue", null),
            new MasterOption("x", "{y}"),
        ]);

        var pipe = entries[1];
        (pipe.Service, pipe.Type, pipe.Private, pipe.Unprivileged, pipe.Chroot, pipe.Wakeup, pipe.ProcessLimit, pipe.Command)
            .ShouldBe(("verylongservicename-abcdefghijkl", "unix", "-", "-", "n", "-", "-", "pipe"));
        pipe.Args.ShouldBe(["flags=F", "user=nobody", "argv=/usr/bin/foo", "${recipient}", "{a b}"]);
        pipe.Options.ShouldBeEmpty();

        entries[2].Service.ShouldBe("127.0.0.3:2526");
        entries[2].Args.ShouldBeEmpty();

        entries[3].Options.ShouldBe(
        [
            new MasterOption("syslog_name", "postfix/submission"),
            new MasterOption("smtpd_client_restrictions", "permit_sasl_authenticated, reject"),
            new MasterOption("smtpd_sender_restrictions", ""),
        ]);
        entries[3].ToString().ShouldBe(
            "submission inet n - y - - smtpd -o syslog_name=postfix/submission " +
            "-o {smtpd_client_restrictions=permit_sasl_authenticated, reject} -o smtpd_sender_restrictions=");
    }

    [Fact]
    public void ParseMasterM_reads_the_folded_Mf_form_the_same_way()
    {
        var folded = PostconfOutput.ParseMasterM(MasterMf).Select(e => e.ToString());

        folded.ShouldBe(PostconfOutput.ParseMasterM(MasterM).Select(e => e.ToString()));
    }

    [Fact]
    public void ParseMasterM_rejects_a_short_line()
    {
        Should.Throw<FormatException>(() => PostconfOutput.ParseMasterM("smtp inet n - n - -\n"));
    }

    [Fact]
    public void ParseMasterP_splits_service_type_name_and_value()
    {
        const string stdout =
            "submission/inet/smtpd_client_restrictions = permit_sasl_authenticated, reject\n" +
            "submission/inet/smtpd_sender_restrictions =\n" +
            "127.0.0.3:2526/inet/syslog_name = postfix/$service_name\n" +
            "a/b/unix/x = 1\n";

        PostconfOutput.ParseMasterP(stdout).ShouldBe(
        [
            new MasterParameter("submission", "inet", "smtpd_client_restrictions", "permit_sasl_authenticated, reject"),
            new MasterParameter("submission", "inet", "smtpd_sender_restrictions", ""),
            new MasterParameter("127.0.0.3:2526", "inet", "syslog_name", "postfix/$service_name"),
            new MasterParameter("a/b", "unix", "x", "1"),
        ]);
    }

    [Fact]
    public void ParsePostaliasDump_skips_the_records_postalias_adds_and_splits_at_colon_tab()
    {
        // Real `postalias -s` output (hash order), TAB after the key's colon.
        const string stdout =
            "@:\t@\n" +
            "YP_LAST_MODIFIED:\t1795312473\n" +
            "YP_MASTER_NAME:\tvm.localdomain\n" +
            "root:\tadmin@example.org, \"|/usr/bin/procmail -a foo\"\n" +
            "with:colon:\ty\n" +
            "quoted name:\tx\n" +
            "multi:\ta, b, c, d\n";

        PostconfOutput.ParsePostaliasDump(stdout).ShouldBe(
        [
            new AliasEntry("root", "admin@example.org, \"|/usr/bin/procmail -a foo\""),
            new AliasEntry("with:colon", "y"),
            new AliasEntry("quoted name", "x"),
            new AliasEntry("multi", "a, b, c, d"),
        ]);
    }

    [Fact]
    public void SplitWords_keeps_nested_brace_groups_together()
    {
        PostconfOutput.SplitWords("  pipe  argv=/x {a {b c} d}\t-o {n=v w}  ")
            .ShouldBe(["pipe", "argv=/x", "{a {b c} d}", "-o", "{n=v w}"]);
    }

    [Fact]
    public void RepoPaths_find_the_solution_and_the_test_data_inside_the_repository()
    {
        File.Exists(Path.Combine(RepoPaths.Root, "ConfigLint.sln")).ShouldBeTrue();
        Path.IsPathFullyQualified(RepoPaths.Data).ShouldBeTrue();
        RepoPaths.Data.ShouldStartWith(RepoPaths.Root + Path.DirectorySeparatorChar);
        File.Exists(Path.Combine(RepoPaths.Corpus, "MANIFEST.tsv")).ShouldBeTrue();
        RepoPaths.Corpus.ShouldBe(Path.Combine(RepoPaths.Data, "corpus"));
        RepoPaths.CorpusTemplates.ShouldBe(Path.Combine(RepoPaths.Data, "corpus-templates"));
        RepoPaths.Samples.ShouldBe(Path.Combine(RepoPaths.Root, "samples"));
    }

    // ---------------------------------------------------------------- real Postfix

    [SystemTest]

    [RequiresPostfixFact]
    public void Postconf_n_on_a_real_main_cf_keeps_the_last_duplicate_and_joins_continuations()
    {
        var dir = Directory.CreateTempSubdirectory("configlint-test-").FullName;
        try
        {
            var mainCf = Path.Combine(dir, "main.cf");
            File.WriteAllText(mainCf,
                "myhostname = a.example\n" +
                "myhostname = b.example\n" +
                "mynetworks = 127.0.0.0/8,\n" +
                "    10.0.0.0/8\n");
            var before = File.GetLastWriteTimeUtc(mainCf);

            var result = Postconf.Run(dir, "-n").EnsureSuccess();

            var parsed = PostconfOutput.ParseNameValues(result.Stdout);
            parsed.ShouldContain(new PostconfParameter("config_directory", result.SandboxDir));
            PostconfOutput.WithoutConfigDirectory(parsed).ShouldBe(
            [
                new PostconfParameter("myhostname", "b.example"),
                new PostconfParameter("mynetworks", "127.0.0.0/8, 10.0.0.0/8"),
            ]);

            // One warning, not one per re-read: the copy was back-dated (the cool-down trap).
            result.StderrLines.Where(l => l.Contains("overriding earlier entry", StringComparison.Ordinal))
                .ShouldBe(["postconf: warning: DIR/main.cf, line 2: overriding earlier entry: myhostname=a.example"]);
            // The input directory is left alone; the sandbox is gone.
            File.GetLastWriteTimeUtc(mainCf).ShouldBe(before);
            Directory.GetFiles(dir).ShouldBe([mainCf]);
            Directory.Exists(result.SandboxDir).ShouldBeFalse();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [SystemTest]

    [RequiresPostfixFact]
    public void Postconf_works_on_an_empty_main_cf_inside_the_private_network_namespace()
    {
        // Without a loopback interface postconf would die with "could not find any active
        // network interfaces" while computing the default mynetworks.
        var result = Postconf.RunText(null, null, "-h", "mynetworks").EnsureSuccess();

        result.Stdout.ShouldStartWith("127.0.0.0/8");
        result.StderrLines.ShouldBe(["postconf: warning: open DIR/master.cf: No such file or directory"]);
    }

    [SystemTest]

    [RequiresPostfixFact]
    public void Postconf_M_and_P_output_parses()
    {
        const string masterCf =
            "smtp      inet  n       -       y       -       -       smtpd\n" +
            "submission inet n       -       y       -       -       smtpd\n" +
            "  -o syslog_name=postfix/submission\n" +
            "  -o { smtpd_client_restrictions = permit_sasl_authenticated, reject }\n";

        var m = PostconfOutput.ParseMasterM(Postconf.RunText("", masterCf, "-M").EnsureSuccess().Stdout);
        var p = PostconfOutput.ParseMasterP(Postconf.RunText("", masterCf, "-P").EnsureSuccess().Stdout);

        m.Select(e => (e.Service, e.Type, e.Chroot, e.Command)).ShouldBe([("smtp", "inet", "y", "smtpd"), ("submission", "inet", "y", "smtpd")]);
        m[1].Options.ShouldBe(
        [
            new MasterOption("syslog_name", "postfix/submission"),
            new MasterOption("smtpd_client_restrictions", "permit_sasl_authenticated, reject"),
        ]);
        p.ShouldBe(
        [
            new MasterParameter("submission", "inet", "smtpd_client_restrictions", "permit_sasl_authenticated, reject"),
            new MasterParameter("submission", "inet", "syslog_name", "postfix/submission"),
        ]);
    }

    [SystemTest]

    [RequiresPostfixFact]
    public void PostaliasDump_keeps_the_first_of_duplicate_aliases()
    {
        var dir = Directory.CreateTempSubdirectory("configlint-test-").FullName;
        try
        {
            var aliases = Path.Combine(dir, "aliases");
            File.WriteAllText(aliases, "dup: first\nroot: admin@example.org\ndup: second\nUpper: lower\n");

            var result = Postconf.PostaliasDump(aliases).EnsureSuccess();

            PostconfOutput.ParsePostaliasDump(result.Stdout).OrderBy(e => e.Key, StringComparer.Ordinal).ShouldBe(
            [
                new AliasEntry("dup", "first"),
                new AliasEntry("root", "admin@example.org"),
                new AliasEntry("upper", "lower"),
            ]);
            result.StderrLines.ShouldContain("postalias: warning: DIR/aliases.db: duplicate entry: \"dup\"");
            Directory.GetFiles(dir).ShouldBe([aliases]); // no aliases.db next to the input
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [SystemTest]

    [RequiresPostfixFact]
    public void Postconf_reports_a_fatal_error_with_exit_code_1()
    {
        var result = Postconf.RunText("justaname\n", "", "-n");

        result.ExitCode.ShouldBe(1);
        result.StderrLines.ShouldContain("postconf: fatal: DIR/main.cf, line 1: missing '=' after attribute name: \"justaname\"");
    }

    // ---------------------------------------------------------------- SARIF validators

    [SystemTest]

    [RequiresSarifValidatorsFact]
    public void ValidateSarif_accepts_a_minimal_log_and_rejects_a_bad_level()
    {
        const string valid = """
            {
              "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
              "version": "2.1.0",
              "runs": [ {
                "tool": { "driver": { "name": "ConfigLint", "informationUri": "https://example.org/configlint", "rules": [] } },
                "columnKind": "utf16CodeUnits",
                "results": []
              } ]
            }
            """;
        var dir = Directory.CreateTempSubdirectory("configlint-test-").FullName;
        try
        {
            var good = Path.Combine(dir, "good.sarif");
            var bad = Path.Combine(dir, "bad.sarif");
            File.WriteAllText(good, valid);
            File.WriteAllText(bad, valid.Replace("\"results\": []",
                "\"results\": [ { \"ruleId\": \"X\", \"level\": \"fatal\", \"message\": { \"text\": \"x.\" } } ]",
                StringComparison.Ordinal));

            var result = SarifValidation.Validate(good, bad);

            result.ExitCode.ShouldBe(1, result.Stdout + result.Stderr);
            result.Stdout.ShouldContain($"ok {good}");
            result.Stdout.ShouldContain($"FAIL {bad}");
            result.Stdout.ShouldContain("level must be equal to one of the allowed values");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
