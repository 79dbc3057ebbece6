using System.Diagnostics;
using System.Globalization;
using ConfigLint.Fuzz;

// ConfigLint's fuzz harness (issue 14). Usually run through scripts/fuzz.sh; see Usage below.
const string Usage = """
    Usage: ConfigLint.Fuzz [--count N] [--minutes M] [--seed S] [--jobs J] [--repo DIR]
                           [--out DIR | --no-save] [--no-minimize] [--budget-seconds S] [--budget-mib M]
                           [--scratch DIR] [--progress FILE]
           ConfigLint.Fuzz --replay DIR...        run saved inputs (regression or case directories); a
                                                  case directory that fails is saved (unless --no-save)
           ConfigLint.Fuzz --save-crash CASE_DIR...  of the inputs the jobs were on when the fuzz
                                                  process died, minimise and save the one that kills
                                                  a replay (in child processes)

    Mutates tests/data/corpus, tests/data/corpus-templates and samples/, runs configlint check
    in-process twice on every input and reports crashes, inputs over budget, nondeterministic or
    unlocated output. Failures are minimised into --out (default: tests/fuzz-regressions).
    Exit code: 0 nothing found, 1 failures found, 2 usage error.
    """;

string? repo = null, outDir = null, scratch = null, progress = null;
int seed = Environment.TickCount & 0x7FFFFFFF, jobs = 1;
long? count = null;
TimeSpan? duration = null;
var save = true;
var minimize = true;
var budget = Budget.Default;
var replay = new List<string>();
var saveCrash = new List<string>();
string? replayOne = null;

for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--count": count = long.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--minutes": duration = TimeSpan.FromMinutes(double.Parse(Next(), CultureInfo.InvariantCulture)); break;
        case "--seed": seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--jobs": jobs = int.Parse(Next(), CultureInfo.InvariantCulture); break;
        case "--repo": repo = Next(); break;
        case "--out": outDir = Next(); break;
        case "--no-save": save = false; break;
        case "--no-minimize": minimize = false; break;
        case "--budget-seconds": budget = budget with { Time = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) }; break;
        case "--budget-mib": budget = budget with { Bytes = long.Parse(Next(), CultureInfo.InvariantCulture) << 20 }; break;
        case "--scratch": scratch = Next(); break;
        case "--progress": progress = Next(); break;
        case "--replay":
            while (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                replay.Add(args[++i]);
            }

            break;
        case "--replay-one": replayOne = Next(); break;
        case "--save-crash": saveCrash.Add(Next()); break;
        case "-h" or "--help": Console.WriteLine(Usage); return 0;
        default: Console.Error.WriteLine($"unknown argument '{args[i]}'\n{Usage}"); return 2;
    }
}

repo ??= FindRepository(AppContext.BaseDirectory) ?? FindRepository(Environment.CurrentDirectory);
if (repo is null)
{
    Console.Error.WriteLine("cannot find the repository (ConfigLint.sln); pass --repo DIR");
    return 2;
}

outDir ??= Path.Combine(repo, "tests", "fuzz-regressions");

if (replayOne is not null)
{
    // A child process of --save-crash: dies (or exits 3) the way the fuzz process did.
    using var runner = new FuzzRunner(budget);
    var input = FuzzCase.ReadFrom(replayOne, replayOne);
    foreach (var format in new[] { "json", "sarif", "text", "github" })
    {
        if (runner.Check(input, format) is { } failure)
        {
            Console.WriteLine(failure);
            return 3;
        }
    }

    return 0;
}

if (saveCrash.Count > 0)
{
    var self = typeof(FuzzSession).Assembly.Location;
    bool Dies(FuzzCase candidate)
    {
        var dir = Path.Combine(Path.GetTempPath(), "configlint-fuzz-crash-" + Guid.NewGuid().ToString("N"));
        candidate.WriteTo(dir);
        try
        {
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { self, "--replay-one", dir, "--repo", repo, "--budget-seconds", budget.Time.TotalSeconds.ToString(CultureInfo.InvariantCulture) })
            {
                psi.ArgumentList.Add(a);
            }

            using var child = Process.Start(psi)!;
            _ = child.StandardOutput.ReadToEndAsync();
            _ = child.StandardError.ReadToEndAsync();
            if (!child.WaitForExit(budget.Time * 3))
            {
                child.Kill(entireProcessTree: true);
                return true;
            }

            return child.ExitCode is not (0 or 2);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    // With several jobs the process cannot say whose input killed it: each job's newest case is a
    // candidate, and the one whose replay dies is the culprit (on 2026-12-05 the newest case of all
    // was the other job's, and an innocent input was saved). When none dies again, all are kept.
    var candidates = saveCrash.Select(dir => FuzzCase.ReadFrom(dir, $"the input a fuzz process died on ({dir})")).ToList();
    var culprit = candidates.FirstOrDefault(Dies);
    if (culprit is null)
    {
        Console.WriteLine($"{string.Join(", ", saveCrash)}: none fails when replayed; saved as they are");
    }
    else
    {
        candidates = [minimize ? Minimizer.Minimize(culprit, Dies, maxAttempts: 300) : culprit];
    }

    foreach (var input in candidates)
    {
        var savedTo = Regressions.Save(outDir, input, new Failure(FailureKind.Crash, "the fuzz process died on this input"), "scripts/fuzz.sh (process died)");
        Console.WriteLine($"saved {savedTo}");
    }

    return 1;
}

if (replay.Count > 0)
{
    using var runner = new FuzzRunner(budget);
    var failed = 0;
    foreach (var dir in replay.SelectMany(d => Directory.Exists(Path.Combine(d, Regressions.InputDirectory)) ? [d] : Regressions.All(d).DefaultIfEmpty(d)))
    {
        var input = Directory.Exists(Path.Combine(dir, Regressions.InputDirectory)) ? Regressions.Load(dir) : FuzzCase.ReadFrom(dir, dir);
        var failure = new[] { "json", "sarif", "text", "github" }.Select(f => runner.Check(input, f)).FirstOrDefault(f => f is not null);
        Console.WriteLine($"{(failure is null ? "ok  " : "FAIL")} {dir}{(failure is null ? string.Empty : ": " + failure)}");
        failed += failure is null ? 0 : 1;

        // A case directory kept from an interrupted run (a job stopped while minimising) becomes a
        // regression as it is; saved regressions stay where they are.
        if (failure is not null && save && !Directory.Exists(Path.Combine(dir, Regressions.InputDirectory)))
        {
            Console.WriteLine($"saved {Regressions.Save(outDir, input, failure, $"--replay {dir}")}");
        }
    }

    return failed == 0 ? 0 : 1;
}

if (count is null && duration is null)
{
    count = 1000;
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"configlint fuzz: seed {seed}, {(count is { } c ? $"{c:N0} inputs" : string.Empty)}{(count is not null && duration is not null ? ", at most " : string.Empty)}{(duration is { } d ? $"{d.TotalMinutes:0.#} min" : string.Empty)}, {jobs} job(s), budget {budget.Time.TotalSeconds:0} s and {budget.Bytes >> 20} MiB per run"));
var report = FuzzSession.Run(new FuzzOptions
{
    RepositoryRoot = repo,
    Seed = seed,
    Count = count,
    Duration = duration,
    Jobs = jobs,
    RegressionsRoot = save ? outDir : null,
    Minimize = minimize,
    Budget = budget,
    Scratch = scratch,
    Log = Console.Out,
    ProgressFile = progress,
});
return report.Failures.Count == 0 ? 0 : 1;

static string? FindRepository(string start)
{
    for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "ConfigLint.sln")))
        {
            return dir.FullName;
        }
    }

    return null;
}
