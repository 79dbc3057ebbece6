using System.Text.Json;
using ConfigLint.TestSupport;

namespace ConfigLint.Cli.Tests.Integration;

/// <summary>
/// Issue 10: the target Postfix release comes from <c>--postfix-version</c> or <c>postfix_version:</c>,
/// defaults to the newest in the catalogue, is named by every report, and drives <c>effective</c>.
/// </summary>
public sealed class PostfixVersionTests : IDisposable
{
    private readonly TempTree tree = new();

    public void Dispose() => tree.Dispose();

    [Fact]
    public void With_3_11_and_level_3_11_effective_shows_the_opportunistic_tls_default()
    {
        tree.Write("etc/main.cf", "compatibility_level = 3.11\n");

        var r = Cli.Run(tree.Root, "effective", "etc", "--postfix-version", "3.11");

        r.ExitCode.ShouldBe(0, r.ToString());
        r.Stdout.ShouldContain("# main.cf for Postfix 3.11 at compatibility_level 3.11 ");
        r.Stdout.ShouldContain("\nsmtp_tls_security_level = may\n");
        r.Stdout.ShouldContain("stock master.cf of Postfix 3.11");
        r.Stdout.ShouldNotContain("# note: compatibility_level");
    }

    [Fact]
    public void With_3_7_level_3_11_is_above_what_the_release_knows_and_gets_its_3_6_defaults()
    {
        tree.Write("etc/main.cf", "compatibility_level = 3.11\n");

        var r = Cli.Run(tree.Root, "effective", "etc", "--postfix-version", "3.7");

        r.ExitCode.ShouldBe(0, r.ToString());
        r.Stdout.ShouldContain("# main.cf for Postfix 3.7 at compatibility_level 3.6 ");
        r.Stdout.ShouldContain("# note: compatibility_level 3.11, which names a later Postfix than 3.7, is above the newest level Postfix 3.7 knows (3.6)");
        r.Stdout.ShouldNotContain("smtp_tls_security_level = may");
        r.Stdout.ShouldContain("stock master.cf of Postfix 3.7");
    }

    [Fact]
    public void Without_a_version_the_target_is_the_newest_release_and_every_format_names_it()
    {
        tree.Write("etc/main.cf", "compatibility_level = 3.6\n");

        Cli.Run(tree.Root, "check", "etc").Stdout.ShouldStartWith("configlint ");
        Cli.Run(tree.Root, "check", "etc").Stdout.ShouldContain(", target Postfix 3.11\n");
        JsonDocument.Parse(Cli.Run(tree.Root, "check", "etc", "--format", "json").Stdout).RootElement
            .GetProperty("target").GetString().ShouldBe("Postfix 3.11");
        JsonDocument.Parse(Cli.Run(tree.Root, "check", "etc", "--format", "sarif").Stdout).RootElement
            .GetProperty("runs")[0].GetProperty("properties").GetProperty("postfixVersion").GetString().ShouldBe("3.11");
    }

    [Theory]
    [InlineData("3.5", "3.5", "2")]
    [InlineData("3.8", "3.8", "3.6")]
    [InlineData("3.10.2", "3.10", "3.6")]
    public void The_option_sets_the_target_of_every_format(string option, string series, string newestLevel)
    {
        // Quiet for every target: TLS in and out, and the SMTP smuggling defence 3.5 to 3.8 leave off.
        tree.Write("etc/main.cf", $"compatibility_level = {newestLevel}\n" + Configs.TlsMainCf + "smtpd_forbid_bare_newline = normalize\n");

        var text = Cli.Run(tree.Root, "check", "etc", "--postfix-version", option);
        text.ExitCode.ShouldBe(0, text.ToString());
        text.Stdout.ShouldContain($", target Postfix {series}\n");
        text.Stdout.ShouldContain($"stock master.cf of Postfix {series} ");
        JsonDocument.Parse(Cli.Run(tree.Root, "check", "etc", "--postfix-version", option, "--format", "json").Stdout).RootElement
            .GetProperty("target").GetString().ShouldBe($"Postfix {series}");
        JsonDocument.Parse(Cli.Run(tree.Root, "check", "etc", $"--postfix-version={option}", "--format", "sarif").Stdout).RootElement
            .GetProperty("runs")[0].GetProperty("properties").GetProperty("postfixVersion").GetString().ShouldBe(series);
    }

    [Fact]
    public void Postfix_version_in_the_settings_sets_the_target_and_the_option_beats_it()
    {
        tree.Write("etc/main.cf", "compatibility_level = 3.11\n");
        tree.Write(".configlint.yml", "fail_level: error\npostfix_version: \"3.9\"\n");

        Cli.Run(tree.Root, "check", "etc").Stdout.ShouldContain(", target Postfix 3.9\n");
        Cli.Run(tree.Root, "effective", "etc").Stdout.ShouldContain("# main.cf for Postfix 3.9 at compatibility_level 3.6 ");
        Cli.Run(tree.Root, "check", "etc", "--postfix-version", "3.11").Stdout.ShouldContain(", target Postfix 3.11\n");
        Cli.Run(tree.Root, "effective", "etc", "--postfix-version", "3.11").Stdout.ShouldContain("smtp_tls_security_level = may");
    }

    [Fact]
    public void Configurations_with_different_targets_are_all_named()
    {
        tree.Write("old/main.cf", "compatibility_level = 2\n" + Configs.TlsMainCf + "smtpd_forbid_bare_newline = normalize\n");
        tree.Write("old/.configlint.yml", "postfix_version: \"3.5\"\n");
        tree.Write("new/main.cf", "compatibility_level = 3.11\n" + Configs.TlsMainCf);

        var r = Cli.Run(tree.Root, "check", ".");

        r.ExitCode.ShouldBe(0, r.ToString());
        r.Stdout.ShouldContain("2 configurations, target Postfix 3.5, 3.11\n");
        r.Stdout.ShouldContain("stock master.cf of Postfix 3.5 ");
        r.Stdout.ShouldContain("stock master.cf of Postfix 3.11 ");
    }

    [Theory]
    [InlineData("check", "3.12", "did you mean '3.11'?")]
    [InlineData("effective", "3.3", "did you mean '3.4'?")]
    [InlineData("check", "v3.8", "did you mean '3.8'?")]
    [InlineData("check", "latest", "use 3.4, 3.5, 3.6, 3.7, 3.8, 3.9, 3.10, 3.11")]
    public void An_unknown_version_on_the_command_line_is_a_usage_error_with_a_suggestion(string command, string version, string hint)
    {
        tree.Write("etc/main.cf", "compatibility_level = 3.6\n");

        var r = Cli.Run(tree.Root, command, "etc", "--postfix-version", version);

        r.ExitCode.ShouldBe(2, r.ToString());
        r.Stderr.ShouldContain($"configlint: error: --postfix-version: '{version}' is not a Postfix release ConfigLint knows");
        r.Stderr.ShouldContain(hint);
        r.Stderr.ShouldContain($"Run 'configlint {command} --help' for usage.");
        r.Stdout.ShouldBeEmpty();
    }

    [Fact]
    public void An_unknown_version_in_the_settings_is_exit_2_naming_the_file_and_line()
    {
        tree.Write("etc/main.cf", "compatibility_level = 3.6\n");
        tree.Write(".configlint.yml", "fail_level: error\n\npostfix_version: \"3.12\"\n");

        var check = Cli.Run(tree.Root, "check", "etc");
        check.ExitCode.ShouldBe(2, check.ToString());
        check.Stderr.ShouldContain("configlint: error: .configlint.yml:3: postfix_version: '3.12' is not a Postfix release ConfigLint knows (did you mean '3.11'?)");

        var effective = Cli.Run(tree.Root, "effective", "etc");
        effective.ExitCode.ShouldBe(2, effective.ToString());
        effective.Stderr.ShouldContain(".configlint.yml:3: postfix_version: '3.12'");
    }

    [Fact]
    public void The_help_of_check_and_effective_names_the_option()
    {
        Cli.Run(tree.Root, "check", "--help").Stdout.ShouldContain("--postfix-version X.Y");
        Cli.Run(tree.Root, "effective", "--help").Stdout.ShouldContain("--postfix-version X.Y");
    }
}
