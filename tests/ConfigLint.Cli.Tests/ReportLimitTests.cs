using System.Text;
using System.Text.Json;

namespace ConfigLint.Cli.Tests;

/// <summary>
/// A report lists at most 1,000 findings of one rule in one file and says how many it left out
/// (<see cref="Core.Engine.ReportLimit"/>). The fuzz harness's 540 KB master.cf of 90,059 PF003
/// findings (tests/fuzz-regressions/overbudget-15f654076167) made an 84 MB SARIF log.
/// </summary>
public sealed class ReportLimitTests : IDisposable
{
    private readonly CliHarness cli = new();

    public void Dispose() => cli.Dispose();

    /// <summary>A submission service with <paramref name="pairs"/> <c>-o -o</c> pairs, ten to a continuation line: each pair is one PF003 finding.</summary>
    private void WriteMasterCf(int pairs, string extra = "")
    {
        var text = new StringBuilder("submission inet n - y - - smtpd\n");
        for (var i = 0; i < pairs; i += 10)
        {
            text.Append("  ").AppendJoin(' ', Enumerable.Repeat("-o -o", Math.Min(10, pairs - i))).Append('\n');
        }

        cli.Write("cfg/master.cf", text + extra);
    }

    [Fact]
    public void Past_1000_findings_of_one_rule_in_one_file_the_rest_are_counted_in_a_warning_in_every_format()
    {
        WriteMasterCf(1003, "smtp inet n - y - - smtpd -o\n");

        var json = cli.Run("check", "cfg", "--format", "json");
        var text = cli.Run("check", "cfg");
        var sarif = cli.Run("check", "cfg", "--format", "sarif");
        var github = cli.Run("check", "cfg", "--format", "github");

        json.ExitCode.ShouldBe(1, json.ToString());
        var findings = CliHarness.Findings(json);
        findings.Count(f => f.RuleId == "PF003").ShouldBe(1000);

        // The first 1,000 in report order: the last three pairs (line 102) are the ones left out.
        findings.Where(f => f.RuleId == "PF003").Max(f => f.Line).ShouldBe(101);
        const string Note = "cfg/master.cf: PF003 found 1,004 times; 4 of them are not listed (a report lists the first 1,000 findings of one rule in one file).";
        using (var doc = JsonDocument.Parse(json.Stdout))
        {
            doc.RootElement.GetProperty("summary").GetProperty("unlisted").GetInt32().ShouldBe(4);
            doc.RootElement.GetProperty("notes").EnumerateArray()
                .Where(n => n.GetProperty("message").GetString() == Note)
                .ShouldHaveSingleItem().GetProperty("level").GetString().ShouldBe("warning");
        }

        text.ExitCode.ShouldBe(1);
        text.Stdout.ShouldContain("warning: " + Note);
        text.Stdout.ShouldContain("1000 findings (1000 errors) in 1 file, 4 more not listed (1 configuration checked)");
        CliHarness.TextHeader().Matches(text.Stdout).Count(m => m.Groups["rule"].Value == "PF003").ShouldBe(1000);

        using (var doc = JsonDocument.Parse(sarif.Stdout))
        {
            var run = doc.RootElement.GetProperty("runs")[0];
            run.GetProperty("results").EnumerateArray().Count(r => r.GetProperty("ruleId").GetString() == "PF003").ShouldBe(1000);
            run.GetProperty("invocations")[0].GetProperty("toolExecutionNotifications").EnumerateArray()
                .Count(n => n.GetProperty("message").GetProperty("text").GetString() == Note).ShouldBe(1);
        }

        github.Stdout.Split('\n').Count(l => l.StartsWith("::error ", StringComparison.Ordinal) && l.Contains("PF003", StringComparison.Ordinal)).ShouldBe(1000);
        github.Stdout.ShouldContain("PF003 found 1,004 times");
    }

    [Fact]
    public void At_1000_findings_nothing_is_left_out_and_no_warning_is_given()
    {
        WriteMasterCf(1000);

        var json = cli.Run("check", "cfg", "--format", "json");

        CliHarness.Findings(json).Count(f => f.RuleId == "PF003").ShouldBe(1000);
        json.Stdout.ShouldNotContain("not listed");
        json.Stdout.ShouldNotContain("unlisted");
    }
}
