using ConfigLint.TestSupport;
using Shouldly;
using Xunit;

namespace ConfigLint.Cli.Tests.Integration;

/// <summary>
/// Issue 13: configurations are checked in parallel, and the report does not depend on how many
/// threads did it. Every sample directory is one configuration, several hundred in all, with findings
/// of every rule, snippets and fixes.
/// </summary>
[StressTest]
public sealed class ParallelCheckTests : IDisposable
{
    private readonly CliHarness cli = new();

    public void Dispose() => cli.Dispose();

    [Theory]
    [InlineData("sarif")]
    [InlineData("text")]
    public void The_report_is_byte_identical_with_one_thread_and_with_several(string format)
    {
        var one = cli.Run("check", RepoPaths.Samples, "--root", RepoPaths.Root, "--format", format, "--fail-level", "none", "--no-color", "--jobs", "1");
        var several = cli.Run("check", RepoPaths.Samples, "--root", RepoPaths.Root, "--format", format, "--fail-level", "none", "--no-color", "--jobs", "7");

        one.ExitCode.ShouldBe(0, one.ToString());
        one.Stdout.Length.ShouldBeGreaterThan(100_000, "the samples give a long report");
        several.Stdout.ShouldBe(one.Stdout);
        several.Stderr.ShouldBe(one.Stderr);
        several.ExitCode.ShouldBe(one.ExitCode);
    }

    [Fact]
    public void Timings_go_to_standard_error_and_leave_the_report_as_it_is()
    {
        var plain = cli.Run("check", Path.Combine(RepoPaths.Samples, "scenarios", "office-mx"), "--root", RepoPaths.Root, "--no-color");
        var timed = cli.Run("check", Path.Combine(RepoPaths.Samples, "scenarios", "office-mx"), "--root", RepoPaths.Root, "--no-color", "--timings");

        timed.Stdout.ShouldBe(plain.Stdout);
        timed.ExitCode.ShouldBe(plain.ExitCode);
        var lines = timed.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("configlint: timings: ", StringComparison.Ordinal)).ToList();
        lines.ShouldContain(l => l.Contains("rule catalogue", StringComparison.Ordinal) && l.EndsWith(" ms", StringComparison.Ordinal));
        lines.ShouldContain(l => l.Contains("parse and model", StringComparison.Ordinal));
        lines.ShouldContain(l => l.Contains("rules (sum over threads)", StringComparison.Ordinal));
        lines.ShouldContain(l => l.Contains("report", StringComparison.Ordinal));
        lines.Count(l => l.Contains("slowest rule PF", StringComparison.Ordinal)).ShouldBe(5);

        // What the runtime did besides: memory and collections, and the methods compiled while it ran.
        var memory = lines.Where(l => l.Contains("memory:", StringComparison.Ordinal)).ShouldHaveSingleItem();
        var m = System.Text.RegularExpressions.Regex.Match(memory, @"^configlint: timings: memory: peak resident (\d+\.\d) MiB; managed heap at the end \d+\.\d MiB \(\d+\.\d MiB committed\); allocated (\d+\.\d) MiB; collections \d+/\d+/\d+ \(gen 0/1/2\), paused \d+\.\d ms$");
        m.Success.ShouldBeTrue(memory);
        double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(1.0);
        double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0.0);
        var compiled = lines.Where(l => l.Contains("compiled at run time:", StringComparison.Ordinal)).ShouldHaveSingleItem();
        compiled.ShouldMatch(@"^configlint: timings: compiled at run time: [1-9]\d* methods, \d+\.\d ms$");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("many")]
    public void Jobs_must_be_a_positive_number(string jobs)
    {
        cli.Write("cfg/main.cf", "compatibility_level = 3.11\n");

        var run = cli.Run("check", "cfg", "--jobs", jobs);

        run.ExitCode.ShouldBe(2);
        run.Stderr.ShouldContain($"--jobs needs a number from 1 to 1024, not '{jobs}'");
    }
}
