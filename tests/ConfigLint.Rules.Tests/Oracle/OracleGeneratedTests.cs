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

    /// <summary>How many pipeline configurations (CONFIGLINT_ORACLE_PIPELINE_COUNT overrides).</summary>
    public static int PipelineCount =>
        int.TryParse(Environment.GetEnvironmentVariable("CONFIGLINT_ORACLE_PIPELINE_COUNT"), out var n) && n > 0 ? n : 120;

    [Fact]
    public void Pipeline_generator_is_deterministic_covers_every_stage_and_has_both_outcomes()
    {
        var a = PipelineConfigGenerator.Generate(120);
        var b = PipelineConfigGenerator.Generate(120);
        a.Count.ShouldBe(120);
        a.Select(c => string.Concat(c.Files.Values)).ShouldBe(b.Select(c => string.Concat(c.Files.Values)));
        var text = string.Join("\n", a.Select(c => c.Description));
        var missing = new List<string>();
        foreach (var needle in new[]
                 {
                     "delay_reject no", "delay_reject yes", "helo required yes", "helo required no",
                     "client mynetworks-then-reject", "client login-only", "client warn-if-reject", "client class-login", "client class-mynetworks",
                     "client class-nested", "client table-private-reject", "client table-all-login", "client table-dunno-then-reject",
                     "client table-defer-if-permit", "client cidr-shorthand", "client unauth-destination",
                     "helo login-only", "helo non-fqdn", "sender non-fqdn", "sender sender-table", "sender defer-if-permit", "sender reject",
                     "relay class", "relay warned-deny", "relay no-deny", "recipient deny", "master.cf 2525 login-only", "undefined class",
                 }.Where(n => !text.Contains(n, StringComparison.Ordinal)))
        {
            missing.Add(needle);
        }

        missing.ShouldBeEmpty("no generated configuration has these");

        // Both outcomes, as ConfigLint sees them (the oracle test then checks each against Postfix).
        var verdicts = a.Select(c =>
        {
            var dir = Directory.CreateTempSubdirectory("configlint-pipeline-gen.");
            try
            {
                c.WriteTo(dir.FullName);
                var config = ConfigLint.Core.Model.PostfixConfig.Load(dir.FullName, release: ConfigLint.Core.Catalogue.PostfixReleases.Get("3.7"));
                return ConfigLint.Core.Engine.Analyzer.Run(config, BuiltInRules.Rules).Any(f => f.RuleId == "PF101");
            }
            finally
            {
                dir.Delete(recursive: true);
            }
        }).ToList();
        verdicts.Count(v => v).ShouldBeGreaterThan(15);
        verdicts.Count(v => !v).ShouldBeGreaterThan(25);
    }

    [RequiresPostfixFact]
    public async Task Generated_pipeline_configurations_agree_with_a_running_postfix()
    {
        OracleRunner.Require();
        await RunAll(PipelineConfigGenerator.Generate(PipelineCount), PipelineCount, "oracle-pipeline.txt", $"Oracle agreement on {PipelineCount} generated pipeline configurations (seed {PipelineConfigGenerator.DefaultSeed})");
    }

    [RequiresPostfixFact]
    public async Task Generated_configurations_agree_with_a_running_postfix()
    {
        OracleRunner.Require();
        await RunAll(ConfigGenerator.Generate(Count), Count, "oracle-generated.txt", $"Oracle agreement on {Count} generated configurations (seed {ConfigGenerator.DefaultSeed})");
    }

    private async Task RunAll(List<GeneratedConfig> configs, int count, string reportFile, string title)
    {
        configs.Count.ShouldBe(count);
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

            Report.Write(output, reportFile, tally, title, watch.Elapsed);
            tally.Failures.ShouldBeEmpty(Report.FailureText(tally));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
