using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text;
using System.Text.Json;
using ConfigLint.Core.Text;
using ConfigLint.TestSupport;

namespace ConfigLint.Cli.Tests;

/// <summary>
/// Issue 14: every reproducer of "Why", run through the real command in-process. Each must end in
/// exit code 0, 1 or 2 with a located diagnostic or a message naming the file and line, and no
/// stack trace; each read that could block is bounded by a deadline. Memory and whole-process
/// budgets are measured in <see cref="ReproducerBudgetTests"/>, which runs the built command.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class HardeningTests : IDisposable
{
    /// <summary>What "immediately" means for a FIFO or device named as input (it used to block forever or exhaust memory).</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private const string Smtp = "smtp inet n - y - - smtpd\n";

    private readonly CliHarness cli = new();
    private readonly string outside = Directory.CreateTempSubdirectory("configlint-outside-").FullName;

    public void Dispose()
    {
        cli.Dispose();
        Directory.Delete(outside, recursive: true);
    }

    /// <summary>The run, within <see cref="Deadline"/>; never a stack trace or an internal error.</summary>
    private CliRun Run(params string[] args)
    {
        var task = Task.Run(() => cli.Run(args));
        task.Wait(Deadline).ShouldBeTrue($"configlint {string.Join(' ', args)} did not finish within {Deadline.TotalSeconds} s");
        var run = task.Result;
        run.ExitCode.ShouldBeOneOf([0, 1, 2], run.ToString());
        (run.Stdout + run.Stderr).ShouldNotContain("   at ", Case.Sensitive, "a stack trace");
        run.Stderr.ShouldNotContain("internal error");
        return run;
    }

    private void Fifo(string relative)
    {
        var path = Path.Combine(cli.Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        mkfifo.ExitCode.ShouldBe(0);
    }

    private void Link(string relative, string target)
    {
        var path = Path.Combine(cli.Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, target);
    }

    // ---------------------------------------------------------------- 1. stack overflows

    [Theory]
    [InlineData("mynetworks_style = $mynetworks\n", null, "cfg/main.cf", 1, 1)]
    [InlineData("compatibility_level = ${mynetworks?x}\n", null, "cfg/main.cf", 1, 1)]
    [InlineData("myhostname = $mynetworks\nmynetworks_style = $mydomain\n", null, "cfg/main.cf", 1, 1)]
    [InlineData("compatibility_level = 3.11\n", "smtp inet n - y - - smtpd\n  -o mynetworks_style=$mynetworks\n", "cfg/master.cf", 2, 6)]
    public void A_cycle_through_computed_defaults_is_a_located_PF005(string mainCf, string? masterCf, string file, int line, int column)
    {
        cli.Write("cfg/main.cf", mainCf);
        if (masterCf is not null)
        {
            cli.Write("cfg/master.cf", masterCf);
        }

        var run = Run("check", "cfg", "--format", "json");

        run.ExitCode.ShouldBe(1, run.ToString());
        CliHarness.Findings(run).ShouldContain(f => f.RuleId == "PF005" && f.File == file && f.Line == line && f.Column == column, run.ToString());
    }

    // ---------------------------------------------------------------- 2. suppression comments

    [Fact]
    public void A_suppression_comment_with_thousands_of_blanks_is_read_at_once_and_echoed_short()
    {
        cli.Write("cfg/main.cf", "compatibility_level = 3.11\n# configlint: disable=PF101" + new string(' ', 3000) + "x\nmynetworks = 10.1.2.0/24\n" + Integration.Configs.TlsMainCf);
        cli.Write("cfg/master.cf", Smtp);

        var run = Run("check", "cfg", "--format", "json");

        var f = CliHarness.Findings(run).ShouldHaveSingleItem(run.ToString());
        (f.RuleId, f.Line, f.Column).ShouldBe(("PF011", 2, 1));
        f.Message.Length.ShouldBeLessThan(600);
    }

    // ---------------------------------------------------------------- 3. amplification

    [Theory]
    [InlineData(23, 7)]
    [InlineData(41, 25)]
    public void A_doubling_chain_is_a_located_PF006(int lines, int reported)
    {
        var main = new StringBuilder();
        for (var i = 0; i < lines - 1; i++)
        {
            main.Append($"e{i} = $e{i + 1}$e{i + 1}\n");
        }

        cli.Write("cfg/main.cf", main.Append($"e{lines - 1} = xy\n").ToString());

        var run = Run("check", "cfg", "--format", "json");

        run.ExitCode.ShouldBe(1);
        CliHarness.Findings(run).ShouldContain(f => f.RuleId == "PF006" && f.File == "cfg/main.cf" && f.Line == reported && f.Column == 1, run.ToString());
    }

    [Theory]
    [InlineData(12)]
    [InlineData(20)]
    public void A_pattern_file_that_lists_itself_is_a_located_PF006_per_mention(int times)
    {
        cli.Write("cfg/main.cf", "compatibility_level = 3.11\nmynetworks = /etc/postfix/pat\n");
        cli.Write("cfg/master.cf", Smtp);
        cli.Write("cfg/pat", string.Concat(Enumerable.Repeat("/etc/postfix/pat\n", times)) + "10.0.0.0/8\n");

        var run = Run("check", "cfg", "--format", "json");

        CliHarness.Findings(run).Where(f => f.RuleId == "PF006").Select(f => (f.File, f.Line, f.Column))
            .ShouldBe(Enumerable.Range(1, times).Select(n => ("cfg/pat", n, 1)), run.ToString());
    }

    // ---------------------------------------------------------------- 5. FIFOs and devices

    [Fact]
    public void A_fifo_or_dev_zero_as_the_configlint_yml_found_is_exit_2_at_once()
    {
        cli.Write("a/main.cf", "compatibility_level = 3.11\n");
        Fifo("a/.configlint.yml");
        cli.Write("b/main.cf", "compatibility_level = 3.11\n");
        Link("b/.configlint.yml", "/dev/zero");

        foreach (var dir in new[] { "a", "b" })
        {
            var run = Run("check", dir);
            run.ExitCode.ShouldBe(2, run.ToString());
            run.Stderr.ShouldContain($"{dir}/.configlint.yml:1:");
        }
    }

    [Theory]
    [InlineData("--config")]
    [InlineData("--baseline")]
    public void A_fifo_or_dev_zero_named_as_a_settings_or_baseline_file_is_exit_2_at_once(string option)
    {
        cli.Write("cfg/main.cf", "compatibility_level = 3.11\n");
        Fifo("pipe");

        foreach (var target in new[] { "pipe", "/dev/zero" })
        {
            var run = Run("check", "cfg", option, target);
            run.ExitCode.ShouldBe(2, run.ToString());
            run.Stderr.ShouldContain("not a regular file");
        }
    }

    [Fact]
    public void A_fifo_or_dev_zero_as_a_rule_manifest_is_exit_2_at_once()
    {
        cli.Write("cfg/main.cf", "compatibility_level = 3.11\n");
        Fifo("rules-a/ACME001.yaml");
        Link("rules-b/ACME001.yaml", "/dev/zero");

        foreach (var dir in new[] { "rules-a", "rules-b" })
        {
            var run = Run("check", "cfg", "--rules", dir);
            run.ExitCode.ShouldBe(2, run.ToString());
            run.Stderr.ShouldContain($"{dir}/ACME001.yaml:1:");
        }
    }

    [Fact]
    public void A_fifo_or_a_device_as_output_is_exit_2_at_once()
    {
        cli.Write("cfg/main.cf", "compatibility_level = 3.11\n");
        Fifo("out.sarif");

        foreach (var target in new[] { "out.sarif", "/dev/zero", "/dev/null" })
        {
            var run = Run("check", "cfg", "--format", "sarif", "--output", target);
            run.ExitCode.ShouldBe(2, run.ToString());
            run.Stderr.ShouldContain($"--output {target}: is not a regular file");
        }
    }

    [Fact]
    public void Write_baseline_into_a_fifo_is_an_error_not_a_hang()
    {
        cli.Write("cfg/main.cf", "compatibility_level = 3.11\n");
        Fifo("baseline.json");

        var run = Run("check", "cfg", "--write-baseline", "baseline.json");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("baseline.json: cannot write the baseline");
    }

    // ---------------------------------------------------------------- 6. unhandled exceptions

    [Fact]
    public void A_settings_file_yamldotnet_cannot_scan_is_a_located_error()
    {
        cli.Write("cfg/main.cf", "compatibility_level = 3.11\n");
        cli.Write("cfg/.configlint.yml", ": [\nv");

        var run = Run("check", "cfg");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("cfg/.configlint.yml:");
        run.Stderr.ShouldContain("not valid YAML");
    }

    [Theory]
    [InlineData("[", "]")]
    [InlineData("{a: ", "}")]
    [InlineData("- ", "")]
    public void Deeply_nested_yaml_is_refused_before_parsing(string open, string close)
    {
        cli.Write("cfg/main.cf", "compatibility_level = 3.11\n");
        var depth = open == "- " ? 1000 : 40_000;
        cli.Write("cfg/.configlint.yml", "exclude:\n  " + string.Concat(Enumerable.Repeat(open, depth)) + "x" + string.Concat(Enumerable.Repeat(close, depth)) + "\n");

        var run = Run("check", "cfg");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("cfg/.configlint.yml:2:");
        run.Stderr.ShouldContain("nest more than 64 levels");
    }

    /// <summary>
    /// Fuzz crash of 2026-12-05: YAML takes a bare CR as a line break, the line-by-line estimate did
    /// not, so a <c>#</c> comment hid every later <c>[</c> from it, and 100,000 of them were a stack
    /// overflow in YamlDotNet's loader (exit 134, before this test). The exact count from the event
    /// parser refuses them on the line YAML counts.
    /// </summary>
    [Theory]
    [InlineData("flow")]
    [InlineData("block")]
    public void Nesting_hidden_from_the_line_estimate_by_bare_CR_line_breaks_is_refused_before_loading(string style)
    {
        cli.Write("cfg/main.cf", "compatibility_level = 3.11\n");
        cli.Write("plain/main.cf", "compatibility_level = 3.11\n");
        // 100,000 flow levels overflowed the stack; block levels need their indentation, so 1,000 of them.
        var nested = style == "flow"
            ? string.Concat(Enumerable.Repeat("[ #\r", 100_000))
            : string.Concat(Enumerable.Range(1, 1_000).Select(i => "\r" + new string(' ', i) + "- #"));
        cli.Write("cfg/.configlint.yml", "exclude: " + nested + "\n");
        cli.Write("rules/ACME001.yaml", "id: " + nested + "\n");

        var run = Run("check", "cfg");
        var manifest = Run("check", "plain", "--rules", "rules");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("cfg/.configlint.yml:");
        run.Stderr.ShouldContain("nest more than 64 levels");
        manifest.ExitCode.ShouldBe(2, manifest.ToString());
        manifest.Stderr.ShouldContain("rules/ACME001.yaml:");
    }

    [Fact]
    public void A_deeply_nested_rule_manifest_is_refused_before_parsing()
    {
        cli.Write("cfg/main.cf", "compatibility_level = 3.11\n");
        cli.Write("rules/ACME001.yaml", "id: " + new string('[', 40_000) + new string(']', 40_000) + "\n");

        var run = Run("check", "cfg", "--rules", "rules");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("rules/ACME001.yaml:1:");
    }

    [Fact]
    public void A_baseline_with_a_fractional_version_is_a_located_error()
    {
        cli.Write("cfg/main.cf", "compatibility_level = 3.11\n");
        cli.Write("baseline.json", "{\"version\": 1.5, \"findings\": []}");

        var run = Run("check", "cfg", "--baseline", "baseline.json");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("baseline.json:1: baseline format version 1.5 is not supported");
    }

    [Theory]
    [InlineData("^(a+)+\\\\1$")]
    [InlineData("(?<=x)y")]
    [InlineData("(?>a+)b")]
    public void A_custom_rule_pattern_that_needs_backtracking_is_exit_2_naming_the_manifest_line(string pattern)
    {
        // A backreference or lookaround can take exponential time, and whether it beats a timeout
        // depends on the machine's load: refused when the manifest is loaded, the same every run.
        cli.Write("cfg/main.cf", "compatibility_level = 3.11\nsmtpd_banner = " + new string('a', 40) + "!\n");
        cli.Write("rules/ACME001.yaml", $$"""
            id: ACME001
            name: slow-banner
            title: A slow pattern
            category: acme
            severity: warning
            message: "{parameter} {condition}"
            summary: s
            rationale: r
            remediation: m
            check:
              parameter: smtpd_banner
              matches: "{{pattern}}"
            """);

        var run = Run("check", "cfg", "--rules", "rules", "--format", "sarif");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("rules/ACME001.yaml:10: check: matches");
        run.Stderr.ShouldContain("needs backtracking");
        JsonDocument.Parse(run.Stdout).RootElement.GetProperty("runs").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public void A_custom_rule_pattern_is_matched_in_linear_time()
    {
        // Nested repetition without a backreference: exponential for a backtracking engine, linear here.
        cli.Write("cfg/main.cf", "compatibility_level = 3.11\nsmtpd_banner = " + new string('a', 100_000) + "!\n" + Integration.Configs.TlsMainCf);
        cli.Write("rules/ACME001.yaml", """
            id: ACME001
            name: slow-banner
            title: A slow pattern
            category: acme
            severity: warning
            message: "{parameter} {condition}"
            summary: s
            rationale: r
            remediation: m
            check:
              parameter: smtpd_banner
              matches: "^(a+)+$"
            """);

        // The banner does not start with a host name (banner-must-start-with-hostname warns): only errors fail the run here.
        var run = Run("check", "cfg", "--rules", "rules", "--format", "json", "--fail-level", "error");

        run.ExitCode.ShouldBe(0, run.ToString());
    }

    [Fact]
    public void An_exclude_glob_that_would_backtrack_is_matched_in_linear_time()
    {
        cli.Write("cfg/main.cf", "compatibility_level = 3.11\n" + Integration.Configs.TlsMainCf);
        cli.Write("cfg/.configlint.yml", "exclude:\n  - \"" + string.Concat(Enumerable.Repeat("**/*a*", 30)) + "b\"\n");
        var deep = string.Join('/', Enumerable.Repeat("aaaaaaaa", 40));
        cli.Write($"cfg/{deep}/main.cf", "compatibility_level = 3.11\n" + Integration.Configs.TlsMainCf);

        var run = Run("check", "cfg");

        run.ExitCode.ShouldBe(0, run.ToString());
    }

    [Fact]
    public void Init_where_it_cannot_write_is_exit_2_with_a_message()
    {
        cli.Dir("cfg/.configlint.yml");

        var run = Run("init", "cfg", "--force");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("cfg/.configlint.yml");
    }

    [Fact]
    public void Init_into_a_directory_nobody_can_write_is_exit_2_with_a_message()
    {
        var run = Run("init", "/proc");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("/proc/.configlint.yml");
    }

    [Fact]
    public void An_internal_error_is_one_line_with_a_bug_report_hint_and_exit_2()
    {
        using var stderr = new StringWriter();

        var code = CliApp.InternalError(stderr, new InvalidOperationException("boom\nsecond line"));

        code.ShouldBe(2);
        var lines = stderr.ToString().TrimEnd().Split('\n');
        lines.Length.ShouldBe(2);
        lines[0].ShouldBe("configlint: internal error: InvalidOperationException: boom second line");
        lines[1].ShouldContain(CliApp.BugReportUrl);
    }

    [Fact]
    [StressTest]
    public void A_10_MB_value_is_not_echoed_whole()
    {
        cli.Write("cfg/main.cf", "compatibility_level = " + new string('9', 10 * 1024 * 1024) + "x\n");

        foreach (var format in new[] { "text", "json", "sarif", "github" })
        {
            var run = Run("check", "cfg", "--format", format);
            run.ExitCode.ShouldBe(1);

            // The SARIF rule descriptions alone are over 100 KB, so the length says little: the value must not be there.
            run.Stdout.Contains(new string('9', 1000), StringComparison.Ordinal).ShouldBeFalse(format);
            run.Stdout.Length.ShouldBeLessThan(1024 * 1024, format);
        }
    }

    [Fact]
    public void A_huge_key_in_the_settings_file_is_not_echoed_whole()
    {
        cli.Write("cfg/main.cf", "compatibility_level = 3.11\n");
        cli.Write("cfg/.configlint.yml", new string('k', 500_000) + ": 1\n");

        var run = Run("check", "cfg");

        run.ExitCode.ShouldBe(2);
        run.Stderr.Length.ShouldBeLessThan(2000);
    }

    [Fact]
    public void The_github_format_escapes_control_characters()
    {
        cli.WriteBytes("cfg/main.cf", [.. "compatibility_level = 3.11\nbad\u001b[31mline\u0007\n"u8]);

        var run = Run("check", "cfg", "--format", "github");

        run.ExitCode.ShouldBe(1);
        run.Stdout.ShouldContain("bad%1B[31mline%07");
        run.Stdout.ShouldNotContain("\u001b");
        run.Stdout.ShouldNotContain("\u0007");
    }

    // ---------------------------------------------------------------- 7. links out of the tree

    [Fact]
    public void A_main_cf_linked_to_etc_passwd_is_refused_and_no_byte_of_it_is_in_any_format()
    {
        Link("cfg/main.cf", "/etc/passwd");
        cli.Write("cfg/master.cf", Smtp);

        ShouldNotLeak("cfg", File.ReadAllLines("/etc/passwd"), ("PF001", "cfg/main.cf", 1));
    }

    [Fact]
    public void A_pattern_file_linked_outside_is_refused_and_not_echoed()
    {
        var secret = Path.Combine(outside, "networks");
        File.WriteAllText(secret, "2001:db8:5ec7:e7::/64\n198.51.100.77/32\n");
        cli.Write("cfg/main.cf", "compatibility_level = 3.11\nmynetworks = /etc/postfix/nets\n");
        cli.Write("cfg/master.cf", Smtp);
        Link("cfg/nets", secret);

        ShouldNotLeak("cfg", ["5ec7", "198.51.100.77"], ("PF001", "cfg/nets", 1));
    }

    [Fact]
    public void A_directory_link_out_of_the_tree_is_not_followed()
    {
        File.WriteAllText(Path.Combine(outside, "hosts"), "203.0.113.99 secret-host\n");
        File.WriteAllText(Path.Combine(outside, "main.cf"), "mynetworks = 0.0.0.0/0 # secret-main\n");
        cli.Write("cfg/main.cf", "compatibility_level = 3.11\nmynetworks = /etc/postfix/etc/hosts\n");
        cli.Write("cfg/master.cf", Smtp);
        Link("cfg/etc", outside);

        ShouldNotLeak("cfg", ["secret-host", "203.0.113.99"], ("PF001", "cfg/etc/hosts", 1));

        // Named through the link, the configuration directory itself leads out of the tree.
        ShouldNotLeak("cfg/etc", ["secret-main"], ("PF001", "cfg/etc/main.cf", 1));
    }

    [Fact]
    public void A_settings_file_linked_outside_the_tree_is_refused()
    {
        File.WriteAllText(Path.Combine(outside, "settings.yml"), "bogus_secret_key: 1\n");
        cli.Write("cfg/main.cf", "compatibility_level = 3.11\n");
        Link("cfg/.configlint.yml", Path.Combine(outside, "settings.yml"));

        var run = Run("check", "cfg");

        run.ExitCode.ShouldBe(2);
        run.Stderr.ShouldContain("cfg/.configlint.yml:1: the configuration file is a symbolic link");
        run.Stderr.ShouldNotContain("bogus_secret_key");
    }

    [Fact]
    public void Rules_dirs_outside_the_repository_are_refused()
    {
        cli.Write("cfg/main.cf", "compatibility_level = 3.11\n");
        cli.Write("cfg/.configlint.yml", "rules_dirs: [/etc]\n");

        var run = Run("check", "cfg");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("cfg/.configlint.yml:1: rules_dirs: '/etc' is outside the repository");
    }

    [Fact]
    public void Rules_dirs_that_climb_out_through_a_link_are_refused()
    {
        cli.Write("cfg/main.cf", "compatibility_level = 3.11\n");
        Link("cfg/myrules", outside);
        cli.Write("cfg/.configlint.yml", "rules_dirs: [myrules]\n");

        var run = Run("check", "cfg");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("is outside the repository");
    }

    [Fact]
    public void Output_through_a_link_out_of_the_tree_is_refused_and_the_target_untouched()
    {
        var target = Path.Combine(outside, "victim");
        File.WriteAllText(target, "keep me\n");
        cli.Write("cfg/main.cf", "compatibility_level = 3.11\n");
        Link("report.sarif", target);

        var run = Run("check", "cfg", "--format", "sarif", "--output", "report.sarif");

        run.ExitCode.ShouldBe(2, run.ToString());
        File.ReadAllText(target).ShouldBe("keep me\n");
    }

    [Fact]
    public void Init_force_does_not_write_through_a_link_out_of_the_directory()
    {
        var target = Path.Combine(outside, "victim");
        File.WriteAllText(target, "keep me\n");
        Link("cfg/.configlint.yml", target);

        var run = Run("init", "cfg", "--force");

        run.ExitCode.ShouldBe(2, run.ToString());
        File.ReadAllText(target).ShouldBe("keep me\n");
    }

    /// <summary>
    /// Checks <paramref name="path"/> in every format: the refusal is reported at its place, and
    /// no output (standard output or error) holds any of <paramref name="secrets"/>.
    /// </summary>
    private void ShouldNotLeak(string path, IEnumerable<string> secrets, (string Rule, string File, int Line) refusal)
    {
        var forbidden = secrets.Where(s => s.Length >= 4).ToList();
        forbidden.ShouldNotBeEmpty();
        foreach (var format in new[] { "text", "json", "sarif", "github" })
        {
            var run = Run("check", path, "--format", format, "--include-suppressed");
            foreach (var secret in forbidden)
            {
                (run.Stdout + run.Stderr).ShouldNotContain(secret, Case.Sensitive, $"--format {format} leaks '{secret}'");
            }

            if (format == "json")
            {
                CliHarness.Findings(run).ShouldContain(f => f.RuleId == refusal.Rule && f.File == refusal.File && f.Line == refusal.Line, run.ToString());
                CliHarness.Findings(run).Single(f => f.File == refusal.File).Message.ShouldContain("outside the analysed directory");
            }
            else if (format == "sarif")
            {
                using var doc = JsonDocument.Parse(run.Stdout);
                doc.RootElement.GetProperty("runs")[0].GetProperty("results").GetArrayLength().ShouldBeGreaterThan(0);
            }
        }
    }
}
