using ConfigLint.Core.Configuration;
using ConfigLint.TestSupport;

namespace ConfigLint.Cli.Tests.Integration;

/// <summary>.configlint.yml end to end: discovery, --config, levels, profiles, excludes, defaults, network hints, errors.</summary>
public sealed class ConfigFileTests : IDisposable
{
    private readonly TempTree tree = new();

    public ConfigFileTests()
    {
        tree.Write("repo/etc/main.cf", Configs.OpenRelayMainCf);
        tree.Write("repo/etc/master.cf", Configs.SmtpMasterCf);
    }

    public void Dispose() => tree.Dispose();

    private CliResult Check(params string[] args) => Cli.Run(tree["repo"], ["check", .. args]);

    [Fact]
    public void The_nearest_file_upwards_applies_and_can_switch_a_rule_off()
    {
        Check("etc").ExitCode.ShouldBe(1);
        tree.Write(".configlint.yml", "rules: { PF101: error }\n");
        tree.Write("repo/.configlint.yml", "rules: { PF101: off, relay: warning }\n");
        var r = Check("etc");
        r.ExitCode.ShouldBe(0, r.ToString());
        r.Stdout.ShouldContain("no findings");

        // Checking a file finds the same configuration as checking its directory.
        Check("etc/main.cf").ExitCode.ShouldBe(0);
    }

    [Fact]
    public void Config_names_a_file_explicitly_and_beats_the_nearest_one()
    {
        tree.Write("repo/.configlint.yml", "rules: { PF101: off }\n");
        tree.Write("strict.yml", "rules: { relay: error }\n");
        Check("etc").ExitCode.ShouldBe(0);
        Check("etc", "--config", "../strict.yml").ExitCode.ShouldBe(1);
    }

    [Fact]
    public void A_rule_can_be_relevelled_by_name_or_category()
    {
        tree.Write("repo/.configlint.yml", "rules:\n  open-relay-risk: note\n");
        var r = Check("etc");
        r.Stdout.ShouldContain("note PF101");
        r.ExitCode.ShouldBe(0);

        tree.Write("repo/.configlint.yml", "rules:\n  relay: warning\n");
        Check("etc").Stdout.ShouldContain("warning PF101");
    }

    [Fact]
    public void Fail_level_in_the_file_applies_unless_the_command_line_says_otherwise()
    {
        tree.Write("repo/.configlint.yml", "rules: { PF101: warning }\nfail_level: error\n");
        Check("etc").ExitCode.ShouldBe(0);
        Check("etc", "--fail-level", "warning").ExitCode.ShouldBe(1);
    }

    [Fact]
    public void Excluded_paths_are_not_checked_even_when_named()
    {
        tree.Write("repo/legacy/main.cf", Configs.OpenRelayMainCf);
        tree.Write("repo/legacy/master.cf", Configs.SmtpMasterCf);
        tree.Write("repo/.configlint.yml", "exclude:\n  - legacy\n");
        Check("legacy").ExitCode.ShouldBe(0);
        Check("legacy/main.cf", "legacy/master.cf").ExitCode.ShouldBe(0);
        var both = Check("etc", "legacy");
        both.ExitCode.ShouldBe(1);
        both.Stdout.ShouldContain("etc/main.cf");
        both.Stdout.ShouldNotContain("legacy/main.cf:", Case.Sensitive, "an excluded configuration has no findings");
        both.Stdout.ShouldContain("legacy: skipped: excluded by exclude: in", Case.Sensitive, "and the run says it was left out");
    }

    [Fact]
    public void Excluding_one_file_keeps_the_others()
    {
        tree.Write("repo/.configlint.yml", "exclude: [etc/main.cf]\n");
        tree.Write("repo/etc/master.cf", Configs.SmtpMasterCf + "bad line\n");
        var r = Check("etc");
        r.Stdout.ShouldContain("etc/master.cf:2");
        r.Stdout.ShouldNotContain("etc/main.cf");
    }

    [Fact]
    public void A_bad_file_is_exit_2_with_file_and_line()
    {
        tree.Write("repo/.configlint.yml", "rules:\n  PF101: off\n  open-relay-risk: sometimes\n");
        var r = Check("etc");
        r.ExitCode.ShouldBe(2);
        r.Stderr.ShouldContain("configlint: error: .configlint.yml:3: rules: open-relay-risk: 'sometimes' is not a level");
        r.Stdout.ShouldBeEmpty();

        tree.Write("repo/.configlint.yml", "# ok\nprofile: [mx]\n");
        Check("etc", "--fail-level", "none").Stderr.ShouldContain(".configlint.yml:2: unknown key 'profile'");

        tree.Write("repo/.configlint.yml", "rules:\n  relays: off\n");
        var unknown = Check("etc", "--fail-level", "none");
        unknown.ExitCode.ShouldBe(2);
        unknown.Stderr.ShouldContain(".configlint.yml:2: rules: 'relays' is not a rule ID, rule name or category");
    }

    [Fact]
    public void A_missing_config_file_is_exit_2()
    {
        var r = Check("etc", "--config", "nope.yml");
        r.ExitCode.ShouldBe(2);
        r.Stderr.ShouldContain("nope.yml:1: no such configuration file");
    }

    [Fact]
    public void Default_compatibility_level_applies_to_a_main_cf_that_sets_none()
    {
        tree.Write("repo/etc/main.cf", "inet_interfaces = all\n" + Configs.TlsMainCf);
        tree.Write("repo/.configlint.yml", "default_compatibility_level: \"1\"\n");
        var old = Check("etc");
        old.Stdout.ShouldContain("mynetworks_style = subnet, the default at compatibility_level 1");
        Cli.Run(tree["repo"], "effective", "etc").Stdout.ShouldContain("# main.cf for Postfix 3.11 at compatibility_level 1 ");

        tree.Write("repo/.configlint.yml", "default_compatibility_level: \"3.11\"\n");
        Check("etc").Stdout.ShouldContain("no findings");
        Cli.Run(tree["repo"], "effective", "etc").Stdout.ShouldContain("# main.cf for Postfix 3.11 at compatibility_level 3.11 ");

        // A level in main.cf wins over the default.
        tree.Write("repo/etc/main.cf", "compatibility_level = 1\ninet_interfaces = all\n" + Configs.TlsMainCf);
        Check("etc").Stdout.ShouldContain("the default at compatibility_level 1");
    }

    [Fact]
    public void Behind_nat_makes_pf203_see_a_wildcard_listener_as_private()
    {
        // samples/configlint-config/mx-behind-nat: a backup MX on inet_interfaces = all behind NAT.
        var sample = tree.CopyFromRepo("samples/configlint-config/mx-behind-nat", "nat");
        var withHints = Cli.Run(sample, "check", "etc");
        withHints.ExitCode.ShouldBe(1, withHints.ToString());
        withHints.Stdout.ShouldContain("etc/main.cf:4:17: error PF203 [backup-mx-without-proxy-interfaces]");
        withHints.Stdout.ShouldContain("behind NAT (network: behind_nat in .configlint.yml)");

        File.WriteAllText(Path.Combine(sample, ".configlint.yml"), "profiles: [mx]\ndefault_compatibility_level: \"3.6\"\n");
        Cli.Run(sample, "check", "etc").Stdout.ShouldNotContain("PF203");

        // behind_nat: false says the listening addresses are public: PF203 has nothing to report,
        // even for private listener addresses.
        File.WriteAllText(Path.Combine(sample, "etc", "main.cf"), "compatibility_level = 3.11\ninet_interfaces = 192.168.1.10\nmydestination = $myhostname\nrelay_domains = example.net\n");
        Cli.Run(sample, "check", "etc").Stdout.ShouldContain("PF203");
        File.WriteAllText(Path.Combine(sample, ".configlint.yml"), "network:\n  behind_nat: false\n");
        Cli.Run(sample, "check", "etc").Stdout.ShouldNotContain("PF203");
    }

    [Fact]
    public void Profiles_change_what_is_reported()
    {
        var sample = tree.CopyFromRepo("samples/configlint-config/null-client", "nc");
        var withProfile = Cli.Run(sample, "check", "etc");
        withProfile.ExitCode.ShouldBe(0, withProfile.ToString());
        withProfile.Stdout.ShouldContain("no findings");

        // Without the null-client profile the leftover aliases file is checked.
        File.WriteAllText(Path.Combine(sample, ".configlint.yml"), "fail_level: error\n");
        Cli.Run(sample, "check", "etc").Stdout.ShouldContain("PF004");

        // The mx profile turns PF203's warning into an error.
        tree.Write("repo/etc/main.cf", "compatibility_level = 3.11\ninet_interfaces = 192.168.1.10\nmydestination = $myhostname\nrelay_domains = example.net\n");
        Check("etc").Stdout.ShouldContain("warning PF203");
        tree.Write("repo/.configlint.yml", "profiles: [mx]\n");
        Check("etc").Stdout.ShouldContain("error PF203");
        tree.Write("repo/.configlint.yml", "profiles: [submission]\n");
        Check("etc").Stdout.ShouldNotContain("PF203");
    }

    [Fact]
    public void The_legacy_estate_sample_adopts_configlint_gradually()
    {
        var sample = tree.CopyFromRepo("samples/configlint-config/legacy-estate", "estate");
        var r = Cli.Run(sample, "check", "hosts/mx1", "hosts/old-relay");
        r.ExitCode.ShouldBe(0, r.ToString());
        r.Stdout.ShouldContain("warning PF201");
        r.Stdout.ShouldNotContain("hosts/old-relay/main.cf:", Case.Sensitive, "the old relay is excluded");
        r.Stdout.ShouldContain("hosts/old-relay: skipped: excluded by exclude: in .configlint.yml.");
    }

    [Theory]
    [InlineData("starter")]
    [InlineData("mx-behind-nat")]
    [InlineData("null-client")]
    [InlineData("legacy-estate")]
    public void Every_sample_config_loads(string name)
    {
        var path = Path.Combine(RepoPaths.Samples, "configlint-config", name, ".configlint.yml");
        var settings = SettingsLoader.Load(path, name);
        settings.Path.ShouldBe(path);
    }
}
