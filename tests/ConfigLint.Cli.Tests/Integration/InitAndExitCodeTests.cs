using ConfigLint.Core.Configuration;
using ConfigLint.TestSupport;

namespace ConfigLint.Cli.Tests.Integration;

/// <summary><c>configlint init</c>, and how exit codes, fail levels, suppressions and baselines combine.</summary>
public sealed class InitAndExitCodeTests : IDisposable
{
    private readonly TempTree tree = new();

    public void Dispose() => tree.Dispose();

    [Fact]
    public void Init_writes_a_commented_starter_that_loads_and_refuses_to_overwrite()
    {
        var r = Cli.Run(tree.Root, "init");
        r.ExitCode.ShouldBe(0, r.ToString());
        r.Stdout.ShouldBe("wrote .configlint.yml\n");
        var text = File.ReadAllText(tree[".configlint.yml"]);
        text.ShouldStartWith("# ConfigLint settings.");
        foreach (var key in SettingsLoader.TopLevelKeys)
        {
            text.ShouldContain(key + ":", customMessage: $"the starter file does not show '{key}'");
        }

        foreach (var profile in Profiles.All)
        {
            text.ShouldContain($"#   {profile.Name}");
        }

        var settings = SettingsLoader.Load(tree[".configlint.yml"], ".configlint.yml");
        settings.Rules.ShouldBeEmpty();
        settings.Profiles.ShouldBeEmpty();

        File.WriteAllText(tree[".configlint.yml"], "rules: { PF101: off }\n");
        var again = Cli.Run(tree.Root, "init");
        again.ExitCode.ShouldBe(2);
        again.Stderr.ShouldContain(".configlint.yml already exists; use --force to overwrite it");
        File.ReadAllText(tree[".configlint.yml"]).ShouldBe("rules: { PF101: off }\n");

        Cli.Run(tree.Root, "init", "--force").ExitCode.ShouldBe(0);
        File.ReadAllText(tree[".configlint.yml"]).ShouldBe(text);
    }

    [Fact]
    public void Init_takes_a_directory()
    {
        Directory.CreateDirectory(tree["etc/postfix"]);
        Cli.Run(tree.Root, "init", "etc/postfix").Stdout.ShouldBe("wrote etc/postfix/.configlint.yml\n");
        File.Exists(tree["etc/postfix/.configlint.yml"]).ShouldBeTrue();
        Cli.Run(tree.Root, "init", "missing").ExitCode.ShouldBe(2);
    }

    [Fact]
    public void The_starter_sample_is_what_init_writes()
    {
        // samples/configlint-config/starter/.configlint.yml is checked in so the schema test and the docs can use it.
        var sample = File.ReadAllText(Path.Combine(RepoPaths.Samples, "configlint-config", "starter", ".configlint.yml"));
        sample.ShouldBe(InitCommand.StarterText, "regenerate it: cd samples/configlint-config/starter && configlint init --force");
    }

    private CliResult Check(string mainCf, params string[] extra)
    {
        // TLS in and out, so that only what a test is about is reported (after its own lines).
        tree.Write("etc/main.cf", mainCf.Contains("smtpd_tls_security_level", StringComparison.Ordinal) ? mainCf : mainCf + Configs.TlsMainCf);
        tree.Write("etc/master.cf", Configs.SmtpMasterCf);
        return Cli.Run(tree.Root, ["check", "etc", .. extra]);
    }

    [Theory]
    [InlineData("error", 1)]
    [InlineData("warning", 1)]
    [InlineData("note", 1)]
    [InlineData("none", 0)]
    public void An_error_fails_at_every_level_but_none(string failLevel, int exit)
    {
        Check(Configs.OpenRelayMainCf, "--fail-level", failLevel).ExitCode.ShouldBe(exit);
    }

    [Theory]
    [InlineData("error", 0)]
    [InlineData("warning", 1)]
    [InlineData("none", 0)]
    public void A_warning_fails_at_warning_and_below(string failLevel, int exit)
    {
        Check("compatibility_level = 3.11\ninet_interfaces = all\nmynetworks = 10.0.0.0/8\n", "--fail-level", failLevel).ExitCode.ShouldBe(exit);
    }

    [Fact]
    public void Fail_level_none_still_reports_input_and_configuration_errors()
    {
        tree.Write("etc/main.cf", Configs.OpenRelayMainCf);
        Cli.Run(tree.Root, "check", "etc", "missing-dir", "--fail-level", "none").ExitCode.ShouldBe(2);
        Cli.Run(tree.Root, "check", "etc/no-main.cf", "--fail-level", "none").ExitCode.ShouldBe(2);
        tree.Write(".configlint.yml", "rules: { PF101: never }\n");
        Cli.Run(tree.Root, "check", "etc", "--fail-level", "none").ExitCode.ShouldBe(2);
    }

    [Fact]
    public void A_bad_fail_level_is_a_usage_error()
    {
        var r = Check(Configs.OpenRelayMainCf, "--fail-level", "off");
        r.ExitCode.ShouldBe(2);
        r.Stderr.ShouldContain("unknown fail level 'off'");
    }

    [Fact]
    public void Suppressed_and_baselined_findings_never_fail_even_at_fail_level_note()
    {
        Check(Configs.OpenRelayMainCf, "--write-baseline", "b.json").ExitCode.ShouldBe(0);
        Check(Configs.OpenRelayMainCf, "--baseline", "b.json", "--fail-level", "note").ExitCode.ShouldBe(0);
        Check("compatibility_level = 3.11\ninet_interfaces = all\n# configlint: disable=PF101 -- lab\nmynetworks = 0.0.0.0/0\n", "--fail-level", "note").ExitCode.ShouldBe(0);
    }

    [Fact]
    public void Json_lists_suppressed_findings_marked_and_counts_only_the_rest()
    {
        var r = Check("compatibility_level = 3.11\ninet_interfaces = all\n# configlint: disable=PF101 -- lab\nmynetworks = 0.0.0.0/0 10.0.0.0/8\n", "--format", "json");
        r.ExitCode.ShouldBe(0, r.ToString());
        using var doc = System.Text.Json.JsonDocument.Parse(r.Stdout);
        var findings = doc.RootElement.GetProperty("findings").EnumerateArray().ToList();
        findings.Count.ShouldBe(2);
        findings.ShouldAllBe(f => f.GetProperty("suppressed").GetProperty("kind").GetString() == "inSource");
        findings.ShouldAllBe(f => f.GetProperty("suppressed").GetProperty("justification").GetString() == "lab");
        doc.RootElement.GetProperty("summary").GetProperty("suppressed").GetInt32().ShouldBe(2);
        doc.RootElement.GetProperty("summary").GetProperty("warning").GetInt32().ShouldBe(0);
    }
}
