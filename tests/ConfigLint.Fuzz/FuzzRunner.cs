using System.Diagnostics;
using System.Text.Json;
using ConfigLint.Cli;

namespace ConfigLint.Fuzz;

/// <summary>What went wrong with an input.</summary>
public enum FailureKind
{
    /// <summary>An exception escaped, an internal error was reported, a stack trace was printed, or the exit code was not 0, 1 or 2.</summary>
    Crash,

    /// <summary>A finding without a real place (no file, line or column below 1).</summary>
    Unlocated,

    /// <summary>JSON or SARIF output that does not parse.</summary>
    InvalidOutput,

    /// <summary>Over the time or memory budget of one input.</summary>
    OverBudget,

    /// <summary>Two runs on the same input answered differently.</summary>
    Nondeterministic,
}

/// <summary>A failure and what shows it.</summary>
public sealed record Failure(FailureKind Kind, string Detail)
{
    public override string ToString() => $"{Kind}: {Detail}";
}

/// <summary>The limits one run of one input must stay within.</summary>
/// <param name="Time">Wall time of one run (generous: the machine may be busy; a hang is what it catches).</param>
/// <param name="Bytes">Bytes one run may allocate.</param>
public sealed record Budget(TimeSpan Time, long Bytes)
{
    public static Budget Default { get; } = new(TimeSpan.FromSeconds(20), 1L << 30);
}

/// <summary>
/// Runs the real <c>configlint check</c> in-process on one input, twice, and judges the answers.
/// Each run gets a thread of its own so a hang is caught by the time budget (the thread is then
/// abandoned, and the runner moves to a fresh scratch directory).
/// </summary>
public sealed class FuzzRunner : IDisposable
{
    private static readonly string[] Formats = ["json", "sarif", "text", "github"];

    private readonly Budget budget;
    private readonly string scratchParent;
    private int generation;

    public FuzzRunner(Budget? budget = null, string? scratchParent = null)
    {
        this.budget = budget ?? Budget.Default;
        this.scratchParent = scratchParent ?? DefaultScratch();
        Directory.CreateDirectory(this.scratchParent);
        Scratch = NewScratch();
    }

    /// <summary>The working directory of the runs; the input is written to its <c>case/</c>.</summary>
    public string Scratch { get; private set; }

    /// <summary>How many runs were abandoned because they went over the time budget.</summary>
    public int Abandoned { get; private set; }

    /// <summary>The output format used for the <paramref name="index"/>-th input.</summary>
    public static string FormatFor(long index) => Formats[(int)(index % Formats.Length)];

    public void Dispose()
    {
        try
        {
            Directory.Delete(scratchParent, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A hung run may still hold it; it lives in a temporary directory.
        }
    }

    /// <summary>Runs <paramref name="input"/> twice in <paramref name="format"/> and returns what is wrong, or null.</summary>
    public Failure? Check(FuzzCase input, string format)
    {
        var dir = Path.Combine(Scratch, "case");
        input.WriteTo(dir);
        List<string> args = ["check", "case", "--format", format];
        if (input.HasRules)
        {
            args.AddRange(["--rules", "case/rules"]);
        }

        var first = Execute([.. args]);
        if (Judge(first, format) is { } failure)
        {
            return failure;
        }

        var second = Execute([.. args]);
        if (Judge(second, format) is { } again)
        {
            return again;
        }

        if (first.ExitCode != second.ExitCode || first.Stdout != second.Stdout || first.Stderr != second.Stderr)
        {
            return new Failure(FailureKind.Nondeterministic, $"--format {format}: exit {first.ExitCode} then {second.ExitCode}, outputs {(first.Stdout == second.Stdout ? "equal" : "differ")}, errors {(first.Stderr == second.Stderr ? "equal" : "differ")}");
        }

        return null;
    }

    private sealed record Outcome(int ExitCode, string Stdout, string Stderr, long Allocated, TimeSpan Elapsed, Exception? Escaped, bool TimedOut);

    private Outcome Execute(string[] args)
    {
        Outcome? outcome = null;
        var cwd = Scratch;
        var thread = new Thread(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            try
            {
                var code = CliApp.Run(args, stdout, stderr, cwd);
                outcome = new Outcome(code, stdout.ToString(), stderr.ToString(), GC.GetAllocatedBytesForCurrentThread() - before, watch.Elapsed, null, false);
            }
            catch (Exception e)
            {
                outcome = new Outcome(-1, stdout.ToString(), stderr.ToString(), GC.GetAllocatedBytesForCurrentThread() - before, watch.Elapsed, e, false);
            }
        })
        {
            IsBackground = true,
            Name = "fuzz run",
        };
        thread.Start();
        if (!thread.Join(budget.Time))
        {
            // The thread cannot be stopped; leave it and its scratch directory behind.
            Abandoned++;
            Scratch = NewScratch();
            return new Outcome(-1, string.Empty, string.Empty, 0, budget.Time, null, true);
        }

        return outcome!;
    }

    private Failure? Judge(Outcome o, string format)
    {
        if (o.TimedOut)
        {
            return new Failure(FailureKind.OverBudget, $"--format {format}: still running after {budget.Time.TotalSeconds:0} s");
        }

        if (o.Escaped is { } e)
        {
            return new Failure(e is OutOfMemoryException ? FailureKind.OverBudget : FailureKind.Crash, $"--format {format}: {e.GetType().Name} escaped: {Shorten(e.Message)}");
        }

        if (o.ExitCode is not (0 or 1 or 2))
        {
            return new Failure(FailureKind.Crash, $"--format {format}: exit code {o.ExitCode}");
        }

        if (o.Stderr.Contains("internal error", StringComparison.Ordinal))
        {
            return new Failure(FailureKind.Crash, $"--format {format}: {Shorten(o.Stderr)}");
        }

        if ((o.Stdout + o.Stderr).Contains("\n   at ", StringComparison.Ordinal))
        {
            return new Failure(FailureKind.Crash, $"--format {format}: a stack trace in the output");
        }

        if (o.Allocated > budget.Bytes)
        {
            return new Failure(FailureKind.OverBudget, $"--format {format}: allocated {o.Allocated:N0} bytes (budget {budget.Bytes:N0})");
        }

        return format switch
        {
            "json" => JudgeJson(o.Stdout),
            "sarif" => JudgeSarif(o.Stdout),
            _ => null,
        };
    }

    private static Failure? JudgeJson(string stdout)
    {
        try
        {
            using var doc = JsonDocument.Parse(stdout);
            foreach (var f in doc.RootElement.GetProperty("findings").EnumerateArray())
            {
                var file = f.GetProperty("file").GetString();
                var line = f.GetProperty("line").GetInt32();
                var column = f.GetProperty("column").GetInt32();
                if (string.IsNullOrEmpty(file) || line < 1 || column < 1)
                {
                    return new Failure(FailureKind.Unlocated, $"{f.GetProperty("ruleId").GetString()} at '{file}':{line}:{column}");
                }
            }

            return null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return new Failure(FailureKind.InvalidOutput, $"--format json: {Shorten(e.Message)}");
        }
    }

    private static Failure? JudgeSarif(string stdout)
    {
        try
        {
            using var doc = JsonDocument.Parse(stdout);
            foreach (var result in doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray())
            {
                var region = result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region");
                if (region.GetProperty("startLine").GetInt32() < 1 || region.GetProperty("startColumn").GetInt32() < 1)
                {
                    return new Failure(FailureKind.Unlocated, $"SARIF result {result.GetProperty("ruleId").GetString()} without a region");
                }
            }

            return null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException or FormatException)
        {
            return new Failure(FailureKind.InvalidOutput, $"--format sarif: {Shorten(e.Message)}");
        }
    }

    private static string Shorten(string text) => text.Length <= 300 ? text.ReplaceLineEndings(" ") : text[..300].ReplaceLineEndings(" ") + "...";

    private string NewScratch()
    {
        var dir = Path.Combine(scratchParent, "run" + generation++);
        Directory.CreateDirectory(dir);
        return dir;
    }

    /// <summary>Memory-backed when the system has it (/dev/shm): a million inputs are written to disk.</summary>
    private static string DefaultScratch()
    {
        var name = $"configlint-fuzz-{Environment.ProcessId}-{Guid.NewGuid():N}";
        return Directory.Exists("/dev/shm") ? Path.Combine("/dev/shm", name) : Path.Combine(Path.GetTempPath(), name);
    }
}
