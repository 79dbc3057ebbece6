using System.Text.Json;

namespace ConfigLint.Cli.Tests.Integration;

/// <summary><c>--write-baseline</c> and <c>--baseline</c>: adopt ConfigLint without fixing everything first.</summary>
public sealed class BaselineTests : IDisposable
{
    private readonly TempTree tree = new();

    public BaselineTests()
    {
        tree.Write("etc/main.cf", Configs.OpenRelayMainCf);
        tree.Write("etc/master.cf", Configs.SmtpMasterCf);
    }

    public void Dispose() => tree.Dispose();

    [Fact]
    public void Writing_a_baseline_accepts_the_current_findings()
    {
        var write = Cli.Run(tree.Root, "check", "etc", "--write-baseline", "baseline.json");
        write.ExitCode.ShouldBe(0, write.ToString());
        write.Stderr.ShouldContain("wrote 1 finding to the baseline baseline.json");

        using var doc = JsonDocument.Parse(File.ReadAllText(tree["baseline.json"]));
        doc.RootElement.GetProperty("version").GetInt32().ShouldBe(1);
        var entry = doc.RootElement.GetProperty("findings").EnumerateArray().ShouldHaveSingleItem();
        entry.GetProperty("ruleId").GetString().ShouldBe("PF101");
        entry.GetProperty("file").GetString().ShouldBe("etc/main.cf");
        entry.GetProperty("fingerprint").GetString()!.Length.ShouldBe(64);
        entry.TryGetProperty("line", out _).ShouldBeFalse("a baseline must not depend on line numbers");

        var check = Cli.Run(tree.Root, "check", "etc", "--baseline", "baseline.json");
        check.ExitCode.ShouldBe(0, check.ToString());
        check.Stdout.ShouldContain("no findings, 1 suppressed");
    }

    [Fact]
    public void The_baseline_fingerprint_is_the_sarif_partial_fingerprint()
    {
        Cli.Run(tree.Root, "check", "etc", "--write-baseline", "baseline.json").ExitCode.ShouldBe(0);
        var sarif = Cli.Run(tree.Root, "check", "etc", "--format", "sarif");
        using var log = JsonDocument.Parse(sarif.Stdout);
        var partial = log.RootElement.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("partialFingerprints").GetProperty("configlint/v1").GetString();
        using var baseline = JsonDocument.Parse(File.ReadAllText(tree["baseline.json"]));
        baseline.RootElement.GetProperty("findings")[0].GetProperty("fingerprint").GetString().ShouldBe(partial);
    }

    [Fact]
    public void A_baseline_survives_lines_inserted_above_the_finding()
    {
        Cli.Run(tree.Root, "check", "etc", "--write-baseline", "baseline.json").ExitCode.ShouldBe(0);
        tree.Write("etc/main.cf", "# Managed by the mail team.\n\n# Postfix 3.6 defaults.\ncompatibility_level = 3.11\nsmtpd_banner = $myhostname ESMTP\ninet_interfaces = all\n\nmynetworks = 0.0.0.0/0\n" + Configs.TlsMainCf);

        var r = Cli.Run(tree.Root, "check", "etc", "--baseline", "baseline.json");
        r.ExitCode.ShouldBe(0, r.ToString());
        r.Stdout.ShouldContain("no findings, 1 suppressed");
    }

    [Fact]
    public void A_new_finding_is_reported_and_fails_while_the_baselined_one_does_not()
    {
        Cli.Run(tree.Root, "check", "etc", "--write-baseline", "baseline.json").ExitCode.ShouldBe(0);
        tree.Write("etc/main.cf", "compatibility_level = 3.11\ninet_interfaces = all\nmynetworks = 0.0.0.0/0 198.18.0.0/15\n" + Configs.TlsMainCf);

        var r = Cli.Run(tree.Root, "check", "etc", "--baseline", "baseline.json");
        r.ExitCode.ShouldBe(1, r.ToString());
        r.Stdout.ShouldContain("mynetworks element '198.18.0.0/15'");
        r.Stdout.ShouldNotContain("mynetworks element '0.0.0.0/0'");
        r.Stdout.ShouldContain("1 suppressed");

        var sarif = Cli.Run(tree.Root, "check", "etc", "--baseline", "baseline.json", "--format", "sarif", "--include-suppressed");
        using var log = JsonDocument.Parse(sarif.Stdout);
        var kinds = log.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(res => res.GetProperty("suppressions").EnumerateArray().Select(s => s.GetProperty("kind").GetString()).FirstOrDefault() ?? "none")
            .Order()
            .ToList();
        kinds.ShouldBe(["external", "none"]);
    }

    [Fact]
    public void A_fixed_finding_leaves_a_stale_entry_that_rewriting_prunes()
    {
        Cli.Run(tree.Root, "check", "etc", "--write-baseline", "baseline.json").ExitCode.ShouldBe(0);
        tree.Write("etc/main.cf", "compatibility_level = 3.11\ninet_interfaces = all\nmynetworks = 127.0.0.0/8\n" + Configs.TlsMainCf);

        var r = Cli.Run(tree.Root, "check", "etc", "--baseline", "baseline.json");
        r.ExitCode.ShouldBe(0);
        r.Stderr.ShouldContain("1 baseline entry matches no finding any more");

        var rewrite = Cli.Run(tree.Root, "check", "etc", "--baseline", "baseline.json", "--write-baseline", "baseline.json");
        rewrite.ExitCode.ShouldBe(0);
        using var doc = JsonDocument.Parse(File.ReadAllText(tree["baseline.json"]));
        doc.RootElement.GetProperty("findings").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public void The_same_element_on_a_new_service_stays_one_baselined_finding_that_names_both()
    {
        // One finding per root cause: the mynetworks element is the mistake, however many services it
        // reaches, so its fingerprint does not include the service and a baseline keeps it quiet.
        Cli.Run(tree.Root, "check", "etc", "--write-baseline", "baseline.json").ExitCode.ShouldBe(0);
        tree.Write("etc/master.cf", Configs.SmtpMasterCf + "2525      inet  n       -       y       -       -       smtpd\n");
        var quiet = Cli.Run(tree.Root, "check", "etc", "--baseline", "baseline.json");
        quiet.ExitCode.ShouldBe(0, quiet.ToString());
        var shown = Cli.Run(tree.Root, "check", "etc", "--format", "json");
        shown.ExitCode.ShouldBe(1, shown.ToString());
        using var doc = JsonDocument.Parse(shown.Stdout);
        var findings = doc.RootElement.GetProperty("findings");
        findings.GetArrayLength().ShouldBe(1);
        var message = findings[0].GetProperty("message").GetString()!;
        message.ShouldContain("smtp/inet");
        message.ShouldContain("2525/inet");
    }

    [Fact]
    public void Inline_suppressed_findings_are_not_written_to_the_baseline()
    {
        tree.Write("etc/main.cf", "compatibility_level = 3.11\ninet_interfaces = all\n# configlint: disable=PF101 -- lab\nmynetworks = 0.0.0.0/0\n" + Configs.TlsMainCf);
        Cli.Run(tree.Root, "check", "etc", "--write-baseline", "baseline.json").ExitCode.ShouldBe(0);
        using var doc = JsonDocument.Parse(File.ReadAllText(tree["baseline.json"]));
        doc.RootElement.GetProperty("findings").GetArrayLength().ShouldBe(0);
    }

    [Theory]
    [InlineData("{\n  \"version\": 1,\n  \"findings\": [\n    {\"fingerprint\": }\n  ]\n}\n", "baseline.json:4: not valid JSON")]
    [InlineData("{\"findings\": []}", "baseline.json:1: not a ConfigLint baseline")]
    [InlineData("{\"version\": 9, \"findings\": []}", "baseline format version 9 is not supported")]
    [InlineData("{\"version\": 1, \"findings\": [{\"ruleId\": \"PF101\"}]}", "findings[0] has no \"fingerprint\"")]
    public void A_bad_baseline_is_an_input_error_naming_file_and_line(string content, string message)
    {
        tree.Write("baseline.json", content);
        var r = Cli.Run(tree.Root, "check", "etc", "--baseline", "baseline.json", "--fail-level", "none");
        r.ExitCode.ShouldBe(2, r.ToString());
        r.Stderr.ShouldContain(message);
    }

    [Fact]
    public void A_missing_baseline_is_an_input_error()
    {
        var r = Cli.Run(tree.Root, "check", "etc", "--baseline", "nope.json");
        r.ExitCode.ShouldBe(2);
        r.Stderr.ShouldContain("nope.json: no such baseline file");
    }
}
