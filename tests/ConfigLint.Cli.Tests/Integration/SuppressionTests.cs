using ConfigLint.Core.Findings;
using System.Text.Json;
using ConfigLint.TestSupport;

namespace ConfigLint.Cli.Tests.Integration;

/// <summary>Inline suppressions end to end: what is suppressed, what is reported about them, and exit codes.</summary>
public sealed class SuppressionTests : IDisposable
{
    private readonly TempTree tree = new();

    public void Dispose() => tree.Dispose();

    private CliResult Check(string mainCf, params string[] extra)
    {
        // TLS in and out, so that only what a test is about is reported (after its own lines).
        tree.Write("etc/main.cf", mainCf.Contains("smtpd_tls_security_level", StringComparison.Ordinal) ? mainCf : mainCf + Configs.TlsMainCf);
        tree.Write("etc/master.cf", Configs.SmtpMasterCf);
        return Cli.Run(tree.Root, ["check", "etc", .. extra]);
    }

    private static JsonElement[] Results(CliResult r) =>
        JsonDocument.Parse(r.Stdout).RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToArray();

    [Fact]
    public void Without_a_suppression_the_open_relay_fails_the_build()
    {
        var r = Check(Configs.OpenRelayMainCf);
        r.ExitCode.ShouldBe(1, r.ToString());
        r.Stdout.ShouldContain("etc/main.cf:3:14: error PF101");
    }

    [Fact]
    public void A_suppressed_error_does_not_fail_the_build_and_is_counted()
    {
        var r = Check("compatibility_level = 3.11\ninet_interfaces = all\n# configlint: disable=PF101 -- lab network, firewalled\nmynetworks = 0.0.0.0/0\n");
        r.ExitCode.ShouldBe(0, r.ToString());
        r.Stdout.ShouldNotContain("PF101");
        r.Stdout.ShouldContain("no findings, 1 suppressed");
    }

    [Fact]
    public void A_rule_can_be_named_by_its_name_and_the_comment_may_sit_above_other_comments()
    {
        var r = Check("compatibility_level = 3.11\ninet_interfaces = all\n# configlint: disable=open-relay-risk -- lab network\n# The lab's whole range.\nmynetworks = 0.0.0.0/0\n");
        r.ExitCode.ShouldBe(0, r.ToString());
        r.Stdout.ShouldContain("1 suppressed");
    }

    [Fact]
    public void A_suppression_covers_the_continuation_lines_of_its_entry()
    {
        var r = Check("compatibility_level = 3.11\ninet_interfaces = all\n# configlint: disable=PF101 -- lab network\nmynetworks = 127.0.0.0/8\n    0.0.0.0/0\n");
        r.ExitCode.ShouldBe(0, r.ToString());
        r.Stdout.ShouldContain("1 suppressed");
    }

    [Fact]
    public void A_suppression_covers_only_the_entry_directly_below()
    {
        // The directive sits above compatibility_level, not above mynetworks.
        var r = Check("# configlint: disable=PF101 -- wrong place\ncompatibility_level = 3.11\ninet_interfaces = all\nmynetworks = 0.0.0.0/0\n", "--fail-level", "error");
        r.ExitCode.ShouldBe(1, r.ToString());
        r.Stdout.ShouldContain("error PF101");
        r.Stdout.ShouldContain("note PF011");
    }

    [Fact]
    public void A_blank_line_detaches_the_suppression()
    {
        var r = Check("compatibility_level = 3.11\ninet_interfaces = all\n# configlint: disable=PF101 -- lab\n\nmynetworks = 0.0.0.0/0\n");
        r.ExitCode.ShouldBe(1);
        r.Stdout.ShouldContain("error PF101");
        r.Stdout.ShouldContain("etc/main.cf:3:1: note PF011 [unused-suppression]");
        r.Stdout.ShouldContain("not directly above");
    }

    [Fact]
    public void Disable_file_covers_the_whole_file_from_anywhere()
    {
        var r = Check("compatibility_level = 3.11\ninet_interfaces = all\nmynetworks = 0.0.0.0/0\n# configlint: disable-file=PF101 -- test fixture\n");
        r.ExitCode.ShouldBe(0, r.ToString());
        r.Stdout.ShouldContain("no findings, 1 suppressed");
    }

    [Fact]
    public void A_suppression_without_a_reason_still_suppresses_but_is_a_warning()
    {
        var r = Check("compatibility_level = 3.11\ninet_interfaces = all\n# configlint: disable=PF101\nmynetworks = 0.0.0.0/0\n");
        r.Stdout.ShouldContain("etc/main.cf:3:1: warning PF010 [suppression-without-reason]");
        r.Stdout.ShouldNotContain("error PF101");
        r.ExitCode.ShouldBe(1, "PF010 is a warning and the default fail level is warning");
        Check("compatibility_level = 3.11\ninet_interfaces = all\n# configlint: disable=PF101\nmynetworks = 0.0.0.0/0\n", "--fail-level", "error").ExitCode.ShouldBe(0);
    }

    [Fact]
    public void An_unused_suppression_is_a_note_that_fails_only_at_fail_level_note()
    {
        const string mainCf = "compatibility_level = 3.11\ninet_interfaces = all\n# configlint: disable=PF101 -- office LAN\nmynetworks = 127.0.0.0/8\n";
        var r = Check(mainCf);
        r.ExitCode.ShouldBe(0, r.ToString());
        r.Stdout.ShouldContain("etc/main.cf:3:23: note PF011 [unused-suppression] Suppression of PF101 [open-relay-risk] is unused");
        Check(mainCf, "--fail-level", "note").ExitCode.ShouldBe(1);
    }

    [Fact]
    public void Unknown_rules_and_malformed_directives_are_reported()
    {
        var r = Check("compatibility_level = 3.11\n# configlint: disable=PF999 -- typo\nmynetworks = 127.0.0.0/8\n# configlint: ignore=PF101 -- wrong verb\ninet_interfaces = all\n");
        r.Stdout.ShouldContain("'PF999' is not a rule ID or name");
        r.Stdout.ShouldContain("unknown action 'ignore'");
    }

    [Fact]
    public void A_suppression_for_a_rule_switched_off_in_the_config_is_not_reported_as_unused()
    {
        tree.Write(".configlint.yml", "rules:\n  PF101: off\n");
        var r = Check("compatibility_level = 3.11\ninet_interfaces = all\n# configlint: disable=PF101 -- lab\nmynetworks = 0.0.0.0/0\n", "--fail-level", "note");
        r.ExitCode.ShouldBe(0, r.ToString());
        r.Stdout.ShouldContain("no findings");
    }

    [Fact]
    public void Suppressed_findings_stay_out_of_sarif_unless_include_suppressed()
    {
        const string mainCf = "compatibility_level = 3.11\ninet_interfaces = all\n# configlint: disable=PF101 -- lab network, firewalled\nmynetworks = 0.0.0.0/0\n";
        var plain = Check(mainCf, "--format", "sarif");
        plain.ExitCode.ShouldBe(0);
        Results(plain).ShouldBeEmpty();

        var included = Check(mainCf, "--format", "sarif", "--include-suppressed");
        included.ExitCode.ShouldBe(0);
        var result = Results(included).ShouldHaveSingleItem();
        result.GetProperty("ruleId").GetString().ShouldBe("PF101");
        var suppression = result.GetProperty("suppressions").EnumerateArray().ShouldHaveSingleItem();
        suppression.GetProperty("kind").GetString().ShouldBe("inSource");
        suppression.GetProperty("status").GetString().ShouldBe("accepted");
        suppression.GetProperty("justification").GetString().ShouldBe("lab network, firewalled");
        suppression.GetProperty("location").GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32().ShouldBe(3);
    }

    [SystemTest]

    [RequiresSarifValidatorsFact]
    public void Sarif_with_inline_and_baseline_suppressions_passes_both_validators()
    {
        const string mainCf = "compatibility_level = 3.11\ninet_interfaces = all\n# configlint: disable=PF101 -- lab\nmynetworks = 0.0.0.0/0 10.0.0.0/8\n# configlint: disable=PF999 -- typo\nmyhostname = mail.example.com\n";
        Check(mainCf, "--write-baseline", "baseline.json").ExitCode.ShouldBe(0);
        var r = Check(mainCf, "--baseline", "baseline.json", "--format", "sarif", "--include-suppressed", "--category", "configlint", "--output", "out.sarif");
        r.ExitCode.ShouldBe(0, r.ToString());
        var kinds = JsonDocument.Parse(File.ReadAllText(tree["out.sarif"])).RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(x => x.GetProperty("suppressions")[0].GetProperty("kind").GetString()).Order().ToList();
        kinds.ShouldBe(["external", "inSource", "inSource"]);
        var validation = SarifValidation.Validate(tree["out.sarif"]);
        validation.ExitCode.ShouldBe(0, validation.Stdout + validation.Stderr);
    }

    [Fact]
    public void A_master_cf_service_can_be_suppressed_as_a_whole()
    {
        tree.Write("etc/main.cf", "compatibility_level = 3.11\n" + Configs.TlsMainCf);
        tree.Write("etc/master.cf",
            "# configlint: disable=PF101 -- partner relay, firewalled to their range\n" +
            "2525      inet  n       -       y       -       -       smtpd\n" +
            "  -o mynetworks=0.0.0.0/0\n" +
            "  -o smtpd_relay_restrictions=permit_mynetworks,reject\n");
        var r = Cli.Run(tree.Root, "check", "etc");
        r.ExitCode.ShouldBe(0, r.ToString());
        r.Stdout.ShouldContain("1 suppressed");
        var without = tree.Write("etc/master.cf", File.ReadAllText(tree["etc/master.cf"]).Split('\n', 2)[1]);
        without.ShouldNotBeNull();
        Cli.Run(tree.Root, "check", "etc").ExitCode.ShouldBe(1);
    }
}
