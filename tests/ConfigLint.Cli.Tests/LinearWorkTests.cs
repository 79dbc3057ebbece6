using System.Globalization;
using System.Text;
using ConfigLint.Core.Text;
using ConfigLint.TestSupport;
using Xunit.Abstractions;

namespace ConfigLint.Cli.Tests;

/// <summary>
/// Issue 14, "linear passes": the work of a whole <c>configlint check</c> grows linearly with the
/// input, measured as operation counts, not times (a busy CI machine makes times meaningless).
/// Two counts are taken for inputs of size n, 10n and 100n: the search steps
/// <see cref="OperationCounter"/> records (span and run lookups, the ones that were quadratic) and
/// the bytes the run allocates. For linear work the step from 10n to 100n costs ten times the step
/// from n to 10n (constant costs cancel out); a quadratic pass makes it a hundred times.
/// </summary>
[StressTest]
public sealed class LinearWorkTests : IDisposable
{
    /// <summary>What (W(100n) − W(10n)) / (W(10n) − W(n)) may be: 10 for linear work, with room for collection growth.</summary>
    private const double MaxGrowth = 16;

    private readonly CliHarness cli = new();
    private readonly ITestOutputHelper output;

    public LinearWorkTests(ITestOutputHelper output) => this.output = output;

    public void Dispose() => cli.Dispose();

    [Fact]
    public void A_list_written_one_element_per_continuation_line_costs_linear_work()
    {
        // 20,000 elements took 12 s, 50,000 took 69 s: every element was located segment by segment.
        ShouldGrowLinearly(200, n =>
        {
            var main = new StringBuilder("compatibility_level = 3.6\nmynetworks = 127.0.0.0/8,\n");
            for (var i = 0; i < n; i++)
            {
                main.Append(CultureInfo.InvariantCulture, $"    10.{i / 65536}.{i / 256 % 256}.{i % 256}/32,\n");
            }

            return [("main.cf", main.ToString()), ("master.cf", "smtp inet n - y - - smtpd\n")];
        });
    }

    [Fact]
    public void A_master_cf_of_many_smtpd_services_costs_linear_work()
    {
        // 100,000 smtpd services took 70 s.
        ShouldGrowLinearly(100, n =>
        {
            var master = new StringBuilder();
            for (var i = 0; i < n; i++)
            {
                master.Append(CultureInfo.InvariantCulture, $"{1024 + i} inet n - y - - smtpd -o smtpd_banner=b{i}\n");
            }

            return [("main.cf", "compatibility_level = 3.6\nmynetworks = 10.0.0.0/8\n"), ("master.cf", master.ToString())];
        });
    }

    [Fact]
    public void Name_chains_over_continuation_lines_cost_linear_work()
    {
        // $name chains that pick up continuation lines took 76 s on 8 KB: runs and segments were scanned per element.
        ShouldGrowLinearly(20, n =>
        {
            // part0 … part(n-1), each two elements on two lines; mynetworks names them all, one per continuation line.
            var main = new StringBuilder("compatibility_level = 3.6\n");
            for (var i = 0; i < n; i++)
            {
                main.Append(CultureInfo.InvariantCulture, $"part{i} = 10.0.{i / 256}.{i % 256}/32,\n    10.1.{i / 256}.{i % 256}/32\n");
            }

            main.Append("mynetworks = 127.0.0.1/32");
            for (var i = 0; i < n; i++)
            {
                main.Append(CultureInfo.InvariantCulture, $",\n    $part{i}");
            }

            return [("main.cf", main.Append('\n').ToString()), ("master.cf", "smtp inet n - y - - smtpd\n")];
        });
    }

    [Fact]
    public void A_parameter_chain_deeper_than_the_nesting_limit_costs_a_few_evaluations_per_line()
    {
        // p0 = $p1, p1 = $p2, …: evaluated in written order, every line walked 100 levels before the
        // nesting limit stopped it, keeping nothing on the way (50,000 lines: 21 s). That is linear
        // too, with a constant of 100, so the bound here is on evaluations per line.
        static (string Name, string Text)[] Chain(int n) =>
        [
            ("main.cf", string.Concat(Enumerable.Range(0, n).Select(i => $"p{i} = $p{i + 1} 10.0.0.0/8\n")) + $"p{n} = end\n"),
            ("master.cf", "smtp inet n - y - - smtpd\n"),
        ];

        Measure(Chain(200), "warm-up");
        var small = Measure(Chain(2_000), "n = 2,000");
        var large = Measure(Chain(20_000), "n = 20,000");
        var perLine = (large.Operations - small.Operations) / 18_000.0;
        output.WriteLine($"{perLine:F1} steps per line");
        // Measured: 11 steps per line (each counted search step, not only evaluations); 506 before.
        perLine.ShouldBeLessThan(25, "each line of the chain is evaluated from values already kept");
        Growth(Measure(Chain(200), "n = 200").Bytes, small.Bytes, large.Bytes).ShouldBeLessThanOrEqualTo(MaxGrowth, "allocations grow faster than the input");
    }

    [Fact]
    public void A_long_suppression_comment_costs_linear_work()
    {
        // "# configlint: disable=PF101" with 3,000 blanks and "x" took 63 s (a backtracking pattern).
        ShouldGrowLinearly(300, n =>
            [("main.cf", "# configlint: disable=PF101" + new string(' ', n) + "x\nmynetworks = 10.0.0.0/8\n"), ("master.cf", "smtp inet n - y - - smtpd\n")]);
    }

    /// <summary>
    /// Runs check on inputs of size n, 10n and 100n (<paramref name="scale"/> steps of ten) and
    /// asserts that both counts grow linearly.
    /// </summary>
    private void ShouldGrowLinearly(int n, Func<int, (string Name, string Text)[]> input, int scale = 3)
    {
        Measure(input(n), "warm-up");
        var steps = new List<(long Operations, long Bytes)>();
        var size = n;
        for (var k = 0; k < scale; k++, size *= 10)
        {
            steps.Add(Measure(input(size), $"n = {size:N0}"));
        }

        for (var k = 2; k < steps.Count; k++)
        {
            var ops = Growth(steps[k - 2].Operations, steps[k - 1].Operations, steps[k].Operations);
            var bytes = Growth(steps[k - 2].Bytes, steps[k - 1].Bytes, steps[k].Bytes);
            output.WriteLine($"growth from 10x to 100x over 1x to 10x: operations {ops:F1}, allocated bytes {bytes:F1} (linear: 10, quadratic: 100)");
            ops.ShouldBeLessThanOrEqualTo(MaxGrowth, "search steps grow faster than the input");
            bytes.ShouldBeLessThanOrEqualTo(MaxGrowth, "allocations grow faster than the input");
        }
    }

    private static double Growth(long small, long medium, long large) =>
        medium - small <= 0 ? (large - medium <= 0 ? 0 : double.PositiveInfinity) : (double)(large - medium) / (medium - small);

    private (long Operations, long Bytes) Measure((string Name, string Text)[] files, string label)
    {
        var dir = Path.Combine(cli.Root, "cfg-" + Guid.NewGuid().ToString("N"));
        foreach (var (name, text) in files)
        {
            cli.Write(Path.Combine(dir, name), text);
        }

        var operations = OperationCounter.Current;
        var bytes = GC.GetAllocatedBytesForCurrentThread();
        var run = cli.Run("check", dir, "--format", "json");
        operations = OperationCounter.Current - operations;
        bytes = GC.GetAllocatedBytesForCurrentThread() - bytes;

        run.ExitCode.ShouldBeOneOf([0, 1], run.ToString());
        output.WriteLine($"{label}: {operations:N0} search steps, {bytes:N0} bytes allocated");
        Directory.Delete(dir, recursive: true);
        return (operations, bytes);
    }
}
