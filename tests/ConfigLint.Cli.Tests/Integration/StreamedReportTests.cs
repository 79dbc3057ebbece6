using System.Globalization;
using System.Text;
using ConfigLint.Core.Engine;
using ConfigLint.Core.Findings;
using ConfigLint.Reporting;
using ConfigLint.Rules;
using ConfigLint.TestSupport;
using Shouldly;
using Xunit;

namespace ConfigLint.Cli.Tests.Integration;

/// <summary>
/// Issue 13: a fleet's findings go to the reporter as each configuration is done, so memory stays flat;
/// the report must be the one the whole run gives, byte for byte, in every format, for any number of
/// threads. The samples (every rule's findings, fixes, suppressions, several targets) and a generated
/// fleet (the report limit, notes, a stock master.cf, aliases, directories whose walk order is not
/// their sort order) are checked both ways.
/// </summary>
public sealed class StreamedReportTests : IDisposable
{
    private readonly CliHarness cli = new();

    public void Dispose() => cli.Dispose();

    public static TheoryData<string, bool> Formats() => new()
    {
        { "text", false },
        { "text", true },
        { "json", false },
        { "sarif", false },
        { "sarif", true },
        { "github", false },
        { "github", true },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void The_samples_streamed_give_the_report_of_the_whole_run(string format, bool includeSuppressed)
    {
        // The custom rules sample has a pattern check, which can fail while it runs: such a run is not streamed.
        var paths = Directory.GetDirectories(RepoPaths.Samples).Where(d => Path.GetFileName(d) != "custom-rules").Order(StringComparer.Ordinal).ToList();

        SameReport(paths, RepoPaths.Root, format, includeSuppressed, minimumLength: 100_000);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void A_generated_fleet_streamed_gives_the_report_of_the_whole_run(string format, bool includeSuppressed)
    {
        WriteFleet();

        SameReport([Path.Combine(cli.Root, "fleet")], cli.Root, format, includeSuppressed, minimumLength: 20_000);
    }

    [Fact]
    public void The_generated_fleet_has_what_the_comparison_needs()
    {
        WriteFleet();

        var result = Run([Path.Combine(cli.Root, "fleet")], cli.Root, stream: false, jobs: 1);
        var findings = result.Findings.ToList();

        result.Unlisted.ShouldBeGreaterThan(0, "one file goes past the report limit");
        result.Notes.ShouldContain(n => n.Message.Contains("not listed", StringComparison.Ordinal));
        result.Notes.ShouldContain(n => n.Message.Contains("stock master.cf", StringComparison.Ordinal));
        findings.ShouldContain(f => f.Suppression != null);
        findings.ShouldContain(f => f.RuleId == "PF704");
        findings.ShouldContain(f => f.Span.File.StartsWith("fleet/a-b/", StringComparison.Ordinal));
        findings.ShouldContain(f => f.Span.File.StartsWith("fleet/a/x/", StringComparison.Ordinal));
        result.Failing.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void A_streamed_run_can_be_read_once()
    {
        WriteFleet();
        var result = Run([Path.Combine(cli.Root, "fleet")], cli.Root, stream: true, jobs: 2);

        result.Findings.ShouldNotBeAssignableTo<IReadOnlyCollection<Finding>>();
        result.Findings.Count().ShouldBeGreaterThan(0);
        Should.Throw<InvalidOperationException>(() => result.Findings.GetEnumerator()).Message.ShouldContain("read once");
    }

    [Fact]
    public void Configurations_inside_one_another_are_not_streamed()
    {
        cli.Write("nested/main.cf", "compatibility_level = 3.6\n");
        cli.Write("nested/inner/main.cf", "compatibility_level = 3.6\n");
        cli.Write("nested/other/main.cf", "compatibility_level = 3.6\n");

        var result = Run([Path.Combine(cli.Root, "nested")], cli.Root, stream: true, jobs: 2);

        result.Streamed.ShouldBeFalse();
        result.Findings.Count(f => f.RuleId == "PF909").ShouldBe(3);
    }

    [Fact]
    public void A_run_with_a_baseline_is_not_streamed()
    {
        WriteFleet();
        var baseline = Path.Combine(cli.Root, "baseline.json");

        var written = Run([Path.Combine(cli.Root, "fleet")], cli.Root, stream: true, jobs: 2, request => request with { WriteBaselinePath = baseline });
        var read = Run([Path.Combine(cli.Root, "fleet")], cli.Root, stream: true, jobs: 2, request => request with { BaselinePath = baseline });

        written.Streamed.ShouldBeFalse();
        read.Streamed.ShouldBeFalse();
        read.Failing.ShouldBe(0);
    }

    [Fact]
    public void A_run_with_a_pattern_rule_is_not_streamed()
    {
        WriteFleet();

        var result = Run([Path.Combine(cli.Root, "fleet")], cli.Root, stream: true, jobs: 2, request => request with { RuleDirectories = [Path.Combine(RepoPaths.Samples, "custom-rules", "rules")] });

        result.Streamed.ShouldBeFalse();
        result.Findings.ShouldContain(f => f.RuleId.StartsWith("ACME", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_hosts_own_settings_file_applies_in_a_fleet_read_ahead(int jobs)
    {
        // 70 hosts: discovery reads their directories ahead (from 64 on) and looks for a host's own
        // .configlint.yml only where the listing shows one.
        for (var i = 0; i < 70; i++)
        {
            cli.Write($"many/host{i:D3}/main.cf", "compatibility_level = 3.6\n");
        }

        cli.Write("many/host007/.configlint.yml", "rules:\n  PF909: off\n");
        cli.Write("many/host008/.CONFIGLINT.yml", "rules:\n  PF909: off\n");

        var result = Run([Path.Combine(cli.Root, "many")], cli.Root, stream: false, jobs);

        var outdated = result.Findings.Where(f => f.RuleId == "PF909").Select(f => f.Span.File).ToHashSet(StringComparer.Ordinal);
        outdated.ShouldContain("many/host006/main.cf");
        outdated.ShouldNotContain("many/host007/main.cf", $"{jobs} jobs: host007's own settings turn PF909 off");
        outdated.ShouldContain("many/host008/main.cf", "a settings file is named .configlint.yml, in this case");
        outdated.Count.ShouldBe(69);
    }

    private static void SameReport(IReadOnlyList<string> paths, string cwd, string format, bool includeSuppressed, int minimumLength)
    {
        var whole = Run(paths, cwd, stream: false, jobs: 1);
        var expected = Render(whole, format, includeSuppressed);
        expected.Length.ShouldBeGreaterThan(minimumLength);
        foreach (var jobs in new[] { 1, 3 })
        {
            var streamed = Run(paths, cwd, stream: true, jobs);
            streamed.Streamed.ShouldBeTrue($"{jobs} jobs: the run was not streamed, so it compares nothing");
            streamed.Findings.ShouldNotBeAssignableTo<IReadOnlyCollection<Finding>>();
            var actual = Render(streamed, format, includeSuppressed);

            actual.ShouldBe(expected, $"{format}, {jobs} jobs");
            streamed.Failing.ShouldBe(whole.Failing);
            streamed.Unlisted.ShouldBe(whole.Unlisted);
            streamed.ConfigurationCount.ShouldBe(whole.ConfigurationCount);
            streamed.Notes.ShouldBe(whole.Notes);
            streamed.Errors.ShouldBe(whole.Errors);
        }
    }

    private static LintResult Run(IReadOnlyList<string> paths, string cwd, bool stream, int jobs, Func<LintRequest, LintRequest>? adjust = null)
    {
        var request = new LintRequest
        {
            Paths = paths,
            WorkingDirectory = cwd,
            RootDirectory = cwd,
            BuiltInRules = BuiltInRules.Rules,
            FailLevel = Core.Text.Severity.Warning,
            Jobs = jobs,
            Stream = stream,
        };
        return LintEngine.Run(adjust is null ? request : adjust(request));
    }

    private static string Render(LintResult result, string format, bool includeSuppressed)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        Reporters.ByName(format, useColor: false, includeSuppressed)!.Write(ReportInput.From(result, category: null, toolVersion: "0.0.0"), output);
        return output.ToString();
    }

    /// <summary>Forty small hosts and a few that exercise what the engine does over a whole run.</summary>
    private void WriteFleet()
    {
        for (var i = 0; i < 40; i++)
        {
            var host = $"fleet/host{i:D3}";
            cli.Write($"{host}/main.cf", $"compatibility_level = 3.6\nmyhostname = host{i}.example.org\nmynetworks = 127.0.0.0/8 10.{i}.0.0/16\ninet_interfaces = all\nsmtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n");
            if (i % 3 != 0)
            {
                cli.Write($"{host}/master.cf", "smtp      inet  n       -       y       -       -       smtpd\nsubmission inet n       -       y       -       -       smtpd\n  -o smtpd_sasl_auth_enable=yes\npickup    unix  n       -       y       60      1       pickup\n");
            }
        }

        // The walk visits a/ (and a/x/) before a-b/; their findings sort a-b/ first.
        cli.Write("fleet/a/x/main.cf", "compatibility_level = 3.6\nmynetworks = 0.0.0.0/0\n");
        cli.Write("fleet/a-b/main.cf", "compatibility_level = 3.6\nsoft_bounce = yes\n");

        // Past the report limit of one rule in one file: each "-o -o" pair is one PF003 finding.
        var pairs = new StringBuilder("submission inet n - y - - smtpd\n");
        for (var i = 0; i < ReportLimit.PerRuleAndFile + 5; i += 5)
        {
            pairs.Append("  -o -o -o -o -o -o -o -o -o -o\n");
        }

        cli.Write("fleet/big/main.cf", "compatibility_level = 3.11\n");
        cli.Write("fleet/big/master.cf", pairs.ToString());
        cli.Write("fleet/quiet/main.cf", "# configlint: disable=PF909 -- this host keeps the old defaults on purpose\ncompatibility_level = 3.6\nsoft_bounce = yes\n");
        cli.Write("fleet/mail/main.cf", "compatibility_level = 3.11\nalias_maps = hash:/etc/postfix/aliases\n");
        cli.Write("fleet/mail/aliases", "postmaster: root\nroot: admin\nadmin: ops\nops: admin\n");
    }
}
