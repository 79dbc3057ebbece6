using System.Diagnostics;
using ConfigLint.TestSupport;
using Xunit.Abstractions;

namespace ConfigLint.Rules.Tests.Oracle;

/// <summary>
/// At least 200 seeded, generated configurations (<see cref="ConfigGenerator"/>), each run through
/// ConfigLint's rules and a real Postfix; every verdict of PF101, PF202 and PF201 must agree.
/// The figures (agreed/total per rule) and the wall time are printed; any disagreement fails the
/// test and prints the configuration (main.cf, master.cf, tables) with both verdicts.
/// </summary>
[SystemTest]
public sealed class OracleGeneratedTests(ITestOutputHelper output)
{
    /// <summary>How many configurations (CONFIGLINT_ORACLE_COUNT overrides, e.g. for a quick local run).</summary>
    public static int Count =>
        int.TryParse(Environment.GetEnvironmentVariable("CONFIGLINT_ORACLE_COUNT"), out var n) && n > 0 ? n : 240;

    [Fact]
    public void Generator_is_deterministic_and_covers_every_dimension()
    {
        var a = ConfigGenerator.Generate(240);
        var b = ConfigGenerator.Generate(240);
        a.Count.ShouldBe(240);
        a.Select(c => c.Files["main.cf"] + c.Files["master.cf"]).ShouldBe(b.Select(c => c.Files["main.cf"] + c.Files["master.cf"]));
        var text = string.Join("\n", a.Select(c => c.Description));
        foreach (var needle in new[]
                 {
                     "level 0", "level 1", "level 2", "level 3.6", "inet_interfaces all", "inet_interfaces loopback-only", "inet_interfaces 127.0.0.1",
                     "mynetworks narrow", "mynetworks wide-private", "mynetworks world", "mynetworks halves", "mynetworks typo",
                     "via name", "via file", "unbracketed IPv6 after", "unbracketed IPv6 before", "style subnet", "style class",
                     "relay restrictions default", "relay restrictions mynetworks-first", "relay restrictions sasl-only", "relay restrictions deny-first",
                     "relay restrictions sasl-then-mynetworks", "relay restrictions empty",
                     "recipient restrictions", "-o mynetworks", "-o relay restrictions", "master.cf extra-port", "master.cf addr-doc", "master.cf addr-public",
                     "master.cf addr-wildcard", "master.cf addr-loopback-o", "master.cf addr-v6",
                 })
        {
            text.ShouldContain(needle, Case.Sensitive, $"no generated configuration has '{needle}'");
        }
    }

    [RequiresPostfixFact]
    public async Task Generated_configurations_agree_with_a_running_postfix()
    {
        OracleRunner.Require();
        var configs = ConfigGenerator.Generate(Count);
        configs.Count.ShouldBe(Count);
        var root = Directory.CreateTempSubdirectory("configlint-oracle-generated.");
        try
        {
            var watch = Stopwatch.StartNew();
            var cases = await Task.WhenAll(configs.Select(async c =>
            {
                var dir = Path.Combine(root.FullName, c.Name);
                c.WriteTo(dir);
                var result = await AgreementCase.RunAsync($"{c.Name} ({c.Description})", dir);
                return result;
            }));
            watch.Stop();
            var tally = new AgreementTally();
            foreach (var c in cases)
            {
                tally.Add(c);
            }

            Report.Write(output, "oracle-generated.txt", tally, $"Oracle agreement on {configs.Count} generated configurations (seed {ConfigGenerator.DefaultSeed})", watch.Elapsed);
            tally.Failures.ShouldBeEmpty(Report.FailureText(tally));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
