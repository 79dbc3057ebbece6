using System.Diagnostics;
using ConfigLint.TestSupport;
using Xunit.Abstractions;

namespace ConfigLint.Rules.Tests.Oracle;

/// <summary>
/// Every sample of PF101, PF201 and PF202 (bad and good) is run on a real Postfix, and for each
/// of them ConfigLint's verdicts of all three rules must match what Postfix does (see
/// <see cref="AgreementCase"/> for the criteria).
/// </summary>
[SystemTest]
public sealed class OracleSampleTests(ITestOutputHelper output)
{
    public static readonly string[] SampleRules = ["PF101", "PF202", "PF201"];

    [RequiresPostfixFact]
    public async Task Samples_agree_with_a_running_postfix()
    {
        OracleRunner.Require();
        var all = SampleRules
            .SelectMany(id => Directory.GetDirectories(Path.Combine(RepoPaths.Samples, id)).Order(StringComparer.Ordinal))
            .ToList();

        // A sample without main.cf stands for "master.cf checked while main.cf is not in view":
        // ConfigLint then deliberately assumes nothing about main.cf (not even level 0), and the
        // oracle cannot run an unknown main.cf. Running it on an empty main.cf would compare the
        // rule with a different configuration, so such samples are listed, not compared.
        var samples = all.Where(d => File.Exists(Path.Combine(d, "main.cf"))).ToList();
        foreach (var skipped in all.Except(samples))
        {
            output.WriteLine($"not compared (no main.cf): samples/{Path.GetRelativePath(RepoPaths.Samples, skipped)}");
        }

        samples.Count.ShouldBeGreaterThan(20);
        var watch = Stopwatch.StartNew();
        var cases = await Task.WhenAll(samples.Select(dir =>
            AgreementCase.RunAsync($"samples/{Path.GetRelativePath(RepoPaths.Samples, dir)}", dir)));
        watch.Stop();
        var tally = new AgreementTally();
        foreach (var c in cases)
        {
            tally.Add(c);
        }

        Report.Write(output, "oracle-samples.txt", tally, "Oracle agreement on samples", watch.Elapsed);
        tally.Failures.ShouldBeEmpty(Report.FailureText(tally));
    }
}

/// <summary>Writes the agreement figures to the test output and .test-results/.</summary>
internal static class Report
{
    public static void Write(ITestOutputHelper output, string fileName, AgreementTally tally, string title, TimeSpan elapsed)
    {
        var summary = tally.Summary(title, elapsed);
        output.WriteLine(summary);
        foreach (var c in tally.Cases.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            output.WriteLine($"{(c.Agrees ? "ok  " : "FAIL")} {c.Name} [{c.Run.WallTime.TotalSeconds:0.0} s]: {string.Join("; ", c.Comparisons.Select(x => $"{x.RuleId} {x.Rule}/{x.Oracle}"))}");
        }

        foreach (var c in tally.Failures)
        {
            output.WriteLine(c.Describe());
        }

        try
        {
            var dir = Path.Combine(RepoPaths.Root, ".test-results");
            Directory.CreateDirectory(dir);
            var text = summary + string.Join(string.Empty, tally.Cases.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => c.Describe()));
            File.WriteAllText(Path.Combine(dir, fileName), text);
        }
        catch (IOException)
        {
            // The report file is a convenience; the test output has the same.
        }
    }

    public static string FailureText(AgreementTally tally) =>
        tally.Summary("disagreements", TimeSpan.Zero) + string.Join(string.Empty, tally.Failures.Take(10).Select(c => c.Describe()));
}
