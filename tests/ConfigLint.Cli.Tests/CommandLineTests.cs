using ConfigLint.Rules;

namespace ConfigLint.Cli.Tests;

/// <summary>The command line itself: usage errors, --version, rules list/explain, effective.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly CliHarness cli = new();

    public CommandLineTests()
    {
        cli.Write("cfg/main.cf", "compatibility_level = 3.11\nmyhostname = mx.example.com\nsmtpd_tls_security_level = may\nsmtpd_banner = $myhostname ESMTP\n");
        cli.Write("cfg/master.cf",
            "smtp       inet n - y - - smtpd\n" +
            "  -o smtpd_tls_security_level=encrypt\n" +
            "  -o myhostname=edge.example.com\n" +
            "submission inet n - y - - smtpd\n" +
            "  -o syslog_name=postfix/submission\n");
    }

    public void Dispose() => cli.Dispose();

    [Fact]
    public void Check_without_paths_is_a_usage_error()
    {
        var run = cli.Run("check");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("PATH");
        run.Stdout.ShouldBeEmpty();
    }

    [Fact]
    public void No_arguments_is_a_usage_error_with_the_usage_text()
    {
        var run = cli.Run();

        run.ExitCode.ShouldBe(2);
        run.Stderr.ShouldContain("Usage:");
    }

    [Fact]
    public void Help_prints_the_usage_and_succeeds()
    {
        var run = cli.Run("--help");

        run.ExitCode.ShouldBe(0);
        run.Stdout.ShouldContain("configlint check PATH");
    }

    [Fact]
    public void An_unknown_command_is_a_usage_error()
    {
        var run = cli.Run("lint", "cfg");

        run.ExitCode.ShouldBe(2);
        run.Stderr.ShouldContain("unknown command 'lint'");
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--bogus=1")]
    public void An_unknown_option_is_a_usage_error(string option)
    {
        var run = cli.Run("check", "cfg", option);

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("unknown option");
        run.Stdout.ShouldBeEmpty();
    }

    [Fact]
    public void An_option_without_its_value_is_a_usage_error()
    {
        var run = cli.Run("check", "cfg", "--format");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("needs a value");
    }

    [Theory]
    [InlineData("xml")]
    [InlineData("")]
    public void An_unknown_format_is_a_usage_error(string format)
    {
        var run = cli.Run("check", "cfg", "--format", format);

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("unknown format");
        run.Stdout.ShouldBeEmpty();
    }

    [Fact]
    public void An_unknown_fail_level_is_a_usage_error()
    {
        var run = cli.Run("check", "cfg", "--fail-level", "fatal");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("unknown fail level");
    }

    [Fact]
    public void An_unknown_rules_list_format_is_a_usage_error()
    {
        var run = cli.Run("rules", "list", "--format", "yaml");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("unknown format");
    }

    [Fact]
    public void Version_prints_the_tool_version()
    {
        var run = cli.Run("--version");

        run.ExitCode.ShouldBe(0);
        run.Stdout.Trim().ShouldBe($"configlint {CliApp.Version}");
        CliApp.Version.ShouldMatch(@"^\d+\.\d+\.\d+");
    }

    [Fact]
    public void Rules_list_prints_every_rule_with_PF101_among_them()
    {
        var run = cli.Run("rules", "list");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stdout.ShouldContain("PF101");
        run.Stdout.ShouldContain("open-relay-risk");
        foreach (var rule in BuiltInRules.Rules)
        {
            run.Stdout.ShouldContain(rule.Descriptor.Id);
        }
    }

    [Fact]
    public void Rules_list_as_json_is_valid_json_with_PF101()
    {
        var run = cli.Run("rules", "list", "--format", "json");

        run.ExitCode.ShouldBe(0, run.ToString());
        using var doc = System.Text.Json.JsonDocument.Parse(run.Stdout);
        doc.RootElement.EnumerateArray().Select(r => r.GetProperty("id").GetString()).ShouldContain("PF101");
    }

    [Fact]
    public void Rules_explain_PF101_prints_its_title()
    {
        var title = BuiltInRules.Rules.Single(r => r.Descriptor.Id == "PF101").Descriptor.Title;

        var run = cli.Run("rules", "explain", "PF101");

        run.ExitCode.ShouldBe(0, run.ToString());
        title.ShouldNotBeNullOrWhiteSpace();
        run.Stdout.ShouldContain(title);
        run.Stdout.ShouldStartWith("PF101 [open-relay-risk]");
    }

    [Fact]
    public void Rules_explain_accepts_the_rule_name_and_a_lower_case_id()
    {
        cli.Run("rules", "explain", "open-relay-risk").Stdout.ShouldStartWith("PF101 ");
        cli.Run("rules", "explain", "pf101").Stdout.ShouldStartWith("PF101 ");
    }

    [Fact]
    public void Rules_explain_of_an_unknown_rule_is_an_error()
    {
        var run = cli.Run("rules", "explain", "PF999");

        run.ExitCode.ShouldBe(2);
        run.Stderr.ShouldContain("PF999");
    }

    [Fact]
    public void Effective_for_a_service_shows_an_override_with_its_provenance()
    {
        var run = cli.Run("effective", "cfg", "--service", "smtp/inet");

        run.ExitCode.ShouldBe(0, run.ToString());
        var lines = run.Stdout.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var at = lines.IndexOf("smtpd_tls_security_level = encrypt");
        at.ShouldBeGreaterThanOrEqualTo(0, run.ToString());
        lines[at + 1].Trim().ShouldBe("# from cfg/master.cf:2 (-o of smtp/inet)");
        run.Stdout.ShouldContain("(-o of smtp/inet)");
    }

    [Fact]
    public void Effective_for_a_service_expands_main_cf_values_with_the_services_overrides()
    {
        var run = cli.Run("effective", "cfg", "--service", "smtp/inet");

        run.Stdout.ShouldContain("smtpd_banner = edge.example.com ESMTP");
        run.Stdout.ShouldContain("myhostname = edge.example.com");
    }

    [Fact]
    public void Effective_for_a_service_without_the_override_shows_main_cf_provenance()
    {
        var run = cli.Run("effective", "cfg", "--service", "submission/inet");

        run.ExitCode.ShouldBe(0, run.ToString());
        var lines = run.Stdout.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var at = lines.IndexOf("smtpd_tls_security_level = may");
        at.ShouldBeGreaterThanOrEqualTo(0, run.ToString());
        lines[at + 1].Trim().ShouldBe("# from cfg/main.cf:3");
    }

    [Fact]
    public void Effective_for_an_unknown_service_is_an_error()
    {
        var run = cli.Run("effective", "cfg", "--service", "nope/inet");

        run.ExitCode.ShouldBe(2);
        run.Stderr.ShouldContain("nope/inet");
    }

    [Fact]
    public void Effective_on_a_missing_directory_is_an_error()
    {
        var run = cli.Run("effective", "missing");

        run.ExitCode.ShouldBe(2);
        run.Stderr.ShouldContain("missing");
    }

    [Fact]
    public void Effective_without_a_service_lists_main_cf_overrides_and_listeners()
    {
        var run = cli.Run("effective", "cfg");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stdout.ShouldContain("# smtp/inet (-o overrides)");
        run.Stdout.ShouldContain("# listener smtp/inet: 0.0.0.0:smtp (from inet_interfaces");
    }

    [Fact]
    public void Check_on_a_clean_configuration_exits_0()
    {
        cli.Write("clean/main.cf", "compatibility_level = 3.11\nmynetworks = 127.0.0.0/8\n" + Integration.Configs.TlsMainCf);
        cli.Write("clean/master.cf", "smtp inet n - y - - smtpd\n");

        var run = cli.Run("check", "clean");

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stdout.ShouldContain("no findings");
    }

    [Fact]
    public void Check_with_findings_exits_1_and_a_fail_level_of_none_exits_0()
    {
        cli.Write("open/main.cf", "compatibility_level = 3.11\nmynetworks = 0.0.0.0/0\n");
        cli.Write("open/master.cf", "smtp inet n - y - - smtpd\n");

        var run = cli.Run("check", "open");
        run.ExitCode.ShouldBe(1, run.ToString());
        run.Stdout.ShouldContain("open/main.cf:2:14: error PF101 [open-relay-risk]");

        cli.Run("check", "open", "--fail-level", "none").ExitCode.ShouldBe(0);
    }

    [Theory]
    [InlineData("check", "--format text|json|sarif|github")]
    [InlineData("init", "--force")]
    [InlineData("effective", "--service NAME/TYPE")]
    [InlineData("rules", "--format text|json|markdown")]
    public void Help_works_on_every_command_with_both_spellings(string command, string option)
    {
        foreach (var flag in new[] { "--help", "-h" })
        {
            var run = cli.Run(command, flag);
            run.ExitCode.ShouldBe(0, run.ToString());
            run.Stdout.ShouldContain($"configlint {command}");
            run.Stdout.ShouldContain(option);
        }

        cli.Run("rules", "list", "--help").ExitCode.ShouldBe(0);
        cli.Run("rules", "explain", "-h").ExitCode.ShouldBe(0);
    }

    [Theory]
    [InlineData(new[] { "chek", "." }, "unknown command 'chek' (did you mean 'check'?)")]
    [InlineData(new[] { "check", ".", "--fromat", "json" }, "unknown option '--fromat' (did you mean '--format'?)")]
    [InlineData(new[] { "check", ".", "--format", "sarf" }, "unknown format 'sarf' (did you mean 'sarif'?)")]
    [InlineData(new[] { "rules", "explain", "PF1O1" }, "no rule 'PF1O1' (did you mean 'PF101'?)")]
    [InlineData(new[] { "rules", "lst" }, "unknown rules command 'lst' (did you mean 'list'?)")]
    public void A_typo_gets_a_suggestion(string[] args, string message)
    {
        var run = cli.Run(args);
        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain(message);
    }

    [Fact]
    public void A_missing_output_directory_is_a_one_line_error_before_any_work()
    {
        var run = cli.Run("check", "cfg", "--output", "no/such/dir/out.sarif", "--format", "sarif");
        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.Trim().Split('\n').ShouldHaveSingleItem().ShouldBe("configlint: error: --output no/such/dir/out.sarif: the directory no/such/dir does not exist");
        run.Stdout.ShouldBeEmpty();
    }
}
