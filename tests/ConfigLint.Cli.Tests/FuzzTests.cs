using System.Text;
using ConfigLint.Fuzz;
using ConfigLint.TestSupport;
using Xunit.Abstractions;

namespace ConfigLint.Cli.Tests;

/// <summary>
/// The fuzz harness of issue 14 (tests/ConfigLint.Fuzz) as tests: a fixed-seed smoke run (a short
/// one in the unit loop, a few thousand inputs in CI), every saved regression of
/// tests/fuzz-regressions, and the harness's own parts, so it can be trusted to fail.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    /// <summary>The smoke runs' seed: fixed, so a failure here reproduces with scripts/fuzz.sh --seed.</summary>
    public const int SmokeSeed = 20251204;

    /// <summary>Generous for a Debug build on a busy machine; what the smoke catches is a hang.</summary>
    private static readonly Budget SmokeBudget = new(TimeSpan.FromSeconds(60), 1L << 30);

    private static string RegressionsRoot => Path.Combine(RepoPaths.Root, "tests", "fuzz-regressions");

    [Fact]
    public void A_fixed_seed_smoke_of_50_inputs_finds_nothing() => Smoke(50);

    [Fact]
    [SystemTest]
    public void A_fixed_seed_smoke_of_3000_inputs_finds_nothing() => Smoke(3000);

    private void Smoke(int count)
    {
        var report = FuzzSession.Run(new FuzzOptions
        {
            RepositoryRoot = RepoPaths.Root,
            Seed = SmokeSeed,
            Count = count,
            Budget = SmokeBudget,
            Minimize = true,
        });

        output.WriteLine(report.Summary());
        report.Inputs.ShouldBe(count);
        report.Failures.ShouldBeEmpty(string.Join("\n", report.Failures.Select(f => $"{f.Failure} from {f.Input.Origin}; minimised input:\n{Show(f.Input)}")));
    }

    public static TheoryData<string> SavedRegressions() => new(Regressions.All(RegressionsRoot).Select(Path.GetFileName)!);

    [Theory]
    [StressTest]
    [MemberData(nameof(SavedRegressions))]
    public void A_saved_fuzz_regression_passes_in_every_format(string name)
    {
        var input = Regressions.Load(Path.Combine(RegressionsRoot, name));
        using var runner = new FuzzRunner(SmokeBudget);

        foreach (var format in new[] { "json", "sarif", "text", "github" })
        {
            runner.Check(input, format).ShouldBeNull($"{name} in --format {format}");
        }
    }

    [Fact]
    public void There_is_at_least_one_saved_regression()
    {
        SavedRegressions().Count.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void A_failure_counts_in_the_summary_when_found_and_any_one_job_logs_each_minute()
    {
        // On 2026-12-05 a job minimised an over-budget input for 23 minutes while the summary said
        // "0 over budget", and job 0, the only one that logged, was that job.
        var report = new FuzzReport { Seed = 1 };
        var minute = TimeSpan.FromSeconds(60);

        report.CountFound(FailureKind.OverBudget);

        report.Count(FailureKind.OverBudget).ShouldBe(1);
        report.Summary().ShouldContain("0 crashes, 1 over budget");
        report.Failures.ShouldBeEmpty();
        report.TakeLogTurn(TimeSpan.FromSeconds(30), minute).ShouldBeFalse();
        report.TakeLogTurn(TimeSpan.FromSeconds(61), minute).ShouldBeTrue();
        report.TakeLogTurn(TimeSpan.FromSeconds(62), minute).ShouldBeFalse();
        report.TakeLogTurn(TimeSpan.FromSeconds(122), minute).ShouldBeTrue();
    }

    [Fact]
    public void The_runner_reports_a_run_over_its_memory_budget()
    {
        using var runner = new FuzzRunner(new Budget(TimeSpan.FromSeconds(60), 1024));
        var input = new FuzzCase(new Dictionary<string, byte[]> { ["main.cf"] = "mynetworks = 10.0.0.0/8\n"u8.ToArray() }, "test");

        runner.Check(input, "json").ShouldNotBeNull().Kind.ShouldBe(FailureKind.OverBudget);
    }

    [Fact]
    public void The_runner_accepts_a_located_answer_given_twice()
    {
        using var runner = new FuzzRunner(SmokeBudget);
        var input = new FuzzCase(new Dictionary<string, byte[]> { ["main.cf"] = "compatibility_level = 3.6\nmynetworks = 0.0.0.0/0\n"u8.ToArray(), ["master.cf"] = "smtp inet n - y - - smtpd\n"u8.ToArray() }, "test");

        foreach (var format in new[] { "json", "sarif", "text", "github" })
        {
            runner.Check(input, format).ShouldBeNull(format);
        }
    }

    [Fact]
    public void The_minimiser_keeps_only_what_the_failure_needs()
    {
        var input = new FuzzCase(
            new Dictionary<string, byte[]>
            {
                ["main.cf"] = "a = 1\nb = 2\nbad = $\nc = 3\n"u8.ToArray(),
                ["master.cf"] = "smtp inet n - y - - smtpd\n"u8.ToArray(),
            },
            "test");

        var minimal = Minimizer.Minimize(input, c => c.Files.TryGetValue("main.cf", out var b) && Encoding.ASCII.GetString(b).Contains('$', StringComparison.Ordinal));

        minimal.Files.Keys.ShouldBe(["main.cf"]);
        Encoding.ASCII.GetString(minimal.Files["main.cf"]).ShouldBe("$");
    }

    [Fact]
    public void The_same_seed_makes_the_same_inputs()
    {
        var seeds = Seeds.Load(RepoPaths.Root);
        var a = new Mutator(new Random(7), seeds);
        var b = new Mutator(new Random(7), seeds);

        for (var i = 0; i < 50; i++)
        {
            var seed = seeds[i % seeds.Count];
            a.Mutate(seed).Hash().ShouldBe(b.Mutate(seed).Hash());
        }
    }

    [Fact]
    public void The_seeds_are_the_corpus_the_templates_and_the_samples()
    {
        var seeds = Seeds.Load(RepoPaths.Root);

        seeds.ShouldContain(s => s.Origin.StartsWith("tests/data/corpus/", StringComparison.Ordinal));
        seeds.ShouldContain(s => s.Origin.StartsWith("tests/data/corpus-templates/", StringComparison.Ordinal));
        seeds.ShouldContain(s => s.Origin.StartsWith("samples/PF101/", StringComparison.Ordinal));
        seeds.ShouldContain(s => s.HasRules);
        seeds.Count.ShouldBeGreaterThan(100);
    }

    private static string Show(FuzzCase input) =>
        string.Join("\n", input.Files.Select(f => $"--- {f.Key}\n{(f.Value.Length > 2000 ? Encoding.UTF8.GetString(f.Value, 0, 2000) + "..." : Encoding.UTF8.GetString(f.Value))}"));
}
