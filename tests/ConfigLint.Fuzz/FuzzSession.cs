using System.Diagnostics;
using System.Globalization;

namespace ConfigLint.Fuzz;

/// <summary>What a fuzz run is asked to do.</summary>
public sealed record FuzzOptions
{
    public required string RepositoryRoot { get; init; }

    /// <summary>The random seed: the same seed, count and jobs give the same inputs.</summary>
    public int Seed { get; init; }

    /// <summary>How many inputs (all jobs together); null: until <see cref="Duration"/> is over.</summary>
    public long? Count { get; init; }

    /// <summary>How long to run; null: until <see cref="Count"/> inputs are done.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Parallel runners, each with its own random stream (seed + job).</summary>
    public int Jobs { get; init; } = 1;

    /// <summary>Where minimised failures are saved (tests/fuzz-regressions); null: not saved.</summary>
    public string? RegressionsRoot { get; init; }

    public bool Minimize { get; init; } = true;

    public Budget Budget { get; init; } = Budget.Default;

    /// <summary>Where runs write their input; null: a new directory in /dev/shm or the temporary directory.</summary>
    public string? Scratch { get; init; }

    /// <summary>Progress and failures; null: silent.</summary>
    public TextWriter? Log { get; init; }

    /// <summary>A file that always holds the number of inputs done (scripts/fuzz.sh reads it when the process dies); null: none.</summary>
    public string? ProgressFile { get; init; }
}

/// <summary>What a fuzz run found.</summary>
public sealed class FuzzReport
{
    private readonly int[] found = new int[Enum.GetValues<FailureKind>().Length];
    private long inputs;
    private long lastLogTicks;

    public long Inputs => Interlocked.Read(ref inputs);

    public List<(Failure Failure, FuzzCase Input, string? SavedTo)> Failures { get; } = [];

    public TimeSpan Elapsed { get; set; }

    public int Seed { get; init; }

    /// <summary>
    /// Failures of <paramref name="kind"/> found so far, counted when found: minimising an
    /// over-budget input can hold its job for an hour before it is saved in <see cref="Failures"/>.
    /// </summary>
    public int Count(FailureKind kind) => Volatile.Read(ref found[(int)kind]);

    internal void CountInput() => Interlocked.Increment(ref inputs);

    public void CountFound(FailureKind kind) => Interlocked.Increment(ref found[(int)kind]);

    /// <summary>True for one caller per <paramref name="interval"/> of <paramref name="now"/>, whichever job asks (a job that minimises does not ask).</summary>
    public bool TakeLogTurn(TimeSpan now, TimeSpan interval)
    {
        var last = Interlocked.Read(ref lastLogTicks);
        return now.Ticks - last > interval.Ticks && Interlocked.CompareExchange(ref lastLogTicks, now.Ticks, last) == last;
    }

    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"seed {Seed}: {Inputs:N0} inputs in {Elapsed.TotalSeconds:F0} s ({(Elapsed.TotalSeconds > 0 ? Inputs / Elapsed.TotalSeconds : 0):F0}/s): {Count(FailureKind.Crash)} crashes, {Count(FailureKind.OverBudget)} over budget, {Count(FailureKind.Nondeterministic)} nondeterministic, {Count(FailureKind.Unlocated)} unlocated, {Count(FailureKind.InvalidOutput)} invalid output");
}

/// <summary>
/// The fuzz loop: pick a seed, mutate it, run the real check twice (<see cref="FuzzRunner"/>),
/// and minimise and save every failure. Runs until the count or the time is reached.
/// </summary>
public static class FuzzSession
{
    /// <summary>How many abandoned (hung) runs a job tolerates before it stops: each keeps a thread busy.</summary>
    private const int MaxAbandoned = 3;

    public static FuzzReport Run(FuzzOptions options)
    {
        var seeds = Seeds.Load(options.RepositoryRoot);
        if (seeds.Count == 0)
        {
            throw new InvalidOperationException($"no seeds under {options.RepositoryRoot} (tests/data/corpus, tests/data/corpus-templates, samples)");
        }

        var report = new FuzzReport { Seed = options.Seed };
        var watch = Stopwatch.StartNew();
        var deadline = options.Duration is { } d ? watch.Elapsed + d : TimeSpan.MaxValue;
        var jobs = Math.Max(1, options.Jobs);
        var threads = Enumerable.Range(0, jobs).Select(job => new Thread(() => RunJob(options, seeds, job, jobs, report, watch, deadline)) { Name = $"fuzz job {job}" }).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        report.Elapsed = watch.Elapsed;
        if (options.ProgressFile is { } progress)
        {
            WriteProgress(progress, report.Inputs);
        }

        options.Log?.WriteLine(report.Summary());
        return report;
    }

    private static void WriteProgress(string file, long inputs)
    {
        try
        {
            File.WriteAllText(file, inputs.ToString(CultureInfo.InvariantCulture) + "\n");
        }
        catch (IOException)
        {
            // Progress is a courtesy to scripts/fuzz.sh; the run goes on.
        }
    }

    private static void RunJob(FuzzOptions options, List<FuzzCase> seeds, int job, int jobs, FuzzReport report, Stopwatch watch, TimeSpan deadline)
    {
        var random = new Random(unchecked(options.Seed + (job * 7919)));
        var mutator = new Mutator(random, seeds);
        var scratch = options.Scratch is null ? null : Path.Combine(options.Scratch, $"job{job}");
        using var runner = new FuzzRunner(options.Budget, scratch);
        var share = options.Count is { } count ? (count / jobs) + (job < count % jobs ? 1 : 0) : long.MaxValue;
        for (long i = 0; i < share && watch.Elapsed < deadline; i++)
        {
            var input = mutator.Mutate(seeds[random.Next(seeds.Count)]);
            var format = FuzzRunner.FormatFor(i);
            var failure = runner.Check(input, format);
            report.CountInput();
            if (failure is not null)
            {
                Record(options, runner, input, format, failure, report, $"seed {options.Seed}, job {job} of {jobs}, input {i}");
                if (runner.Abandoned >= MaxAbandoned)
                {
                    options.Log?.WriteLine($"job {job}: {runner.Abandoned} runs hung; stopping this job");
                    return;
                }
            }

            if (options.ProgressFile is { } progress && report.Inputs % 500 == 0)
            {
                WriteProgress(progress, report.Inputs);
            }

            if (report.TakeLogTurn(watch.Elapsed, TimeSpan.FromSeconds(60)))
            {
                report.Elapsed = watch.Elapsed;
                options.Log?.WriteLine(report.Summary());
            }
        }
    }

    private static void Record(FuzzOptions options, FuzzRunner runner, FuzzCase input, string format, Failure failure, FuzzReport report, string foundBy)
    {
        report.CountFound(failure.Kind);
        var minimal = input;
        if (options.Minimize)
        {
            // Slow failures get fewer attempts: each one can take the whole time budget.
            var attempts = failure.Kind == FailureKind.OverBudget ? 30 : 2000;
            options.Log?.WriteLine($"found {failure} ({foundBy}; from {input.Origin}); minimising it (at most {attempts} attempts) before it is saved");
            minimal = Minimizer.Minimize(input, c => runner.Check(c, format)?.Kind == failure.Kind, attempts);
        }

        string? saved = null;
        if (options.RegressionsRoot is { } root)
        {
            saved = Regressions.Save(root, minimal, failure, $"{foundBy}, --format {format}");
        }

        lock (report.Failures)
        {
            report.Failures.Add((failure, minimal, saved));
        }

        options.Log?.WriteLine($"FAILURE {failure} ({foundBy}; from {input.Origin}){(saved is null ? string.Empty : " -> " + saved)}");
    }
}
