using System.Globalization;
using System.Text;
using ConfigLint.Core.Engine;
using ConfigLint.Core.Text;
using ConfigLint.Reporting;

namespace ConfigLint.Cli;

/// <summary>
/// <c>configlint check</c>: parses the arguments into a <see cref="LintRequest"/>, makes the one
/// engine call, picks the reporter and maps the result to an exit code. Everything else
/// (discovery, settings, suppressions, baseline, fail level) is the engine's.
/// </summary>
internal static class CheckCommand
{
    public static readonly CommandSpec Spec = new(
        "check",
        ["--format", "--output", "--fail-level", "--category", "--config", "--rules", "--baseline", "--write-baseline", "--root", "--postfix-version", "--jobs"],
        ["--no-color", "--include-suppressed", "--timings"]);

    public const string Usage = """
        Usage: configlint check PATH... [options]

        Checks Postfix configurations. A directory PATH is searched recursively: every directory
        holding main.cf, master.cf or aliases is one configuration. A file PATH (what pre-commit
        passes) stands for its whole configuration, and every finding of it is reported.

        Options:
          --format text|json|sarif|github   output format (default: text)
          --output FILE                     write the report to FILE instead of standard output
          --fail-level error|warning|note|none
                                            exit 1 when a finding is at or above this level
                                            (default: fail_level in .configlint.yml, else warning)
          --config FILE                     settings file (default: the nearest .configlint.yml)
          --postfix-version X.Y             the Postfix release the files are for, 3.4 to 3.11
                                            (default: postfix_version in .configlint.yml, else 3.11)
          --rules DIR                       also load the declarative rules in DIR (repeatable)
          --baseline FILE                   do not fail on the findings recorded in FILE
          --write-baseline FILE             record every current finding in FILE
          --root DIR                        repository root that SARIF and GitHub paths are
                                            relative to (default: the git top level)
          --category ID                     SARIF automationDetails category
          --include-suppressed              also show suppressed findings
          --jobs N                          check N configurations at once (default: one per
                                            processor; one configuration reads its aliases on N
                                            threads; the report is the same for any N)
          --timings                         print to standard error the time each phase took,
                                            the peak memory, the collector's work and the
                                            methods compiled while it ran
          --no-color                        no ANSI colour in the text format
          -h, --help                        show this help

        Exit codes: 0 nothing at or above the fail level, 1 findings, 2 usage, configuration or
        input error.
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string cwd, bool colorTerminal)
    {
        var (paths, options, help) = CommandLine.Parse(args, Spec);
        var timings = options.Has("--timings") ? StartTimings() : null;
        if (help)
        {
            stdout.WriteLine(Usage);
            return ExitCodes.Clean;
        }

        if (paths.Count == 0)
        {
            throw new UsageException("check needs at least one PATH (a directory to search, or files of a configuration)", Spec.Name);
        }

        var format = options.Get("--format") ?? "text";
        var reporter = Reporters.ByName(format, useColor: colorTerminal && !options.Has("--no-color") && !options.Has("--output"), includeSuppressed: options.Has("--include-suppressed"))
            ?? throw new UsageException($"unknown format '{format}'{NearestName.Hint(format, Reporters.Names)} (use text, json, sarif or github)", Spec.Name);
        var postfixVersion = PostfixVersionOption.Get(options, Spec.Name);
        var output = options.Get("--output");
        if (output is not null && OutputProblem(output, cwd, options.Get("--root")) is { } problem)
        {
            stderr.WriteLine($"configlint: error: --output {output}: {problem}");
            return ExitCodes.UsageOrInputError;
        }

        var result = LintEngine.Run(new LintRequest
        {
            Paths = paths,
            WorkingDirectory = cwd,
            BuiltInRules = ConfigLint.Rules.BuiltInRules.Rules,
            ConfigFile = options.Get("--config"),
            RuleDirectories = options.All("--rules"),
            BaselinePath = options.Get("--baseline"),
            WriteBaselinePath = options.Get("--write-baseline"),
            FailLevel = FailLevel(options.Get("--fail-level")),
            RootDirectory = options.Get("--root"),
            PostfixVersion = postfixVersion,
            ToolVersion = CliApp.Version,
            Jobs = Jobs(options.Get("--jobs")),
            Timings = timings,

            // A fleet's findings go to the report as each configuration is done (flat memory); the
            // report is the same either way.
            Stream = true,

            // Only JSON and SARIF write a finding's fingerprint (a baseline run is not streamed).
            Fingerprints = format is not ("text" or "github"),
        });
        // A streamed run checks its configurations while the report is written ("configurations,
        // checked while reported" then stands for the configurations, the merge and the report).
        timings?.Mark(result.Streamed ? "report set up (streamed run)" : "findings merged, baseline, sorting");

        foreach (var error in result.Errors)
        {
            stderr.WriteLine($"configlint: error: {error}");
        }

        foreach (var message in result.Messages)
        {
            stderr.WriteLine($"configlint: {message}");
        }

        var report = ReportInput.From(result, options.Get("--category"), CliApp.Version);
        if (output is null)
        {
            reporter.Write(report, stdout);
        }
        else
        {
            try
            {
                using var writer = new StreamWriter(Path.GetFullPath(Path.Combine(cwd, output)), append: false, new UTF8Encoding(false));
                reporter.Write(report, writer);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"configlint: error: --output {output}: cannot write: {e.Message}");
                return ExitCodes.UsageOrInputError;
            }
        }

        if (timings is not null)
        {
            timings.Mark("report");
            foreach (var line in timings.Lines().Concat(timings.SlowestRules(5)).Concat(RuntimeLines()))
            {
                stderr.WriteLine($"configlint: timings: {line}");
            }
        }

        return ExitCodes.For(result);
    }

    /// <summary>
    /// The timings of this run so far: the runtime's start-up (process start to Main), then Main to
    /// here, then the rule catalogue (manifests and coded rules, loaded on first use), which the engine
    /// would otherwise load inside its first phase.
    /// </summary>
    private static PhaseTimings StartTimings()
    {
        var timings = new PhaseTimings();
        if (CliApp.MainEntered != 0)
        {
            using var self = System.Diagnostics.Process.GetCurrentProcess();
            var sinceMain = System.Diagnostics.Stopwatch.GetElapsedTime(CliApp.MainEntered);
            var sinceStart = DateTime.Now - self.StartTime;
            timings.Add("runtime start-up (process start to Main)", sinceStart - sinceMain > TimeSpan.Zero ? sinceStart - sinceMain : TimeSpan.Zero);
            timings.Add("Main to check (arguments)", sinceMain);
        }

        timings.Mark("timings set up");
        _ = ConfigLint.Rules.BuiltInRules.Rules;
        timings.Mark("rule catalogue (manifests, coded rules)");
        return timings;
    }

    /// <summary>
    /// What the runtime did besides running ConfigLint's code, for <c>--timings</c>: the peak resident
    /// size (what <c>/usr/bin/time</c> calls maximum resident), the managed heap at the end, what was
    /// allocated and how often the collector ran, and the methods compiled at run time (ReadyToRun
    /// cannot hold some generic code, and hot methods are compiled again, optimised: issue 13).
    /// </summary>
    private static IEnumerable<string> RuntimeLines()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        var memory = GC.GetGCMemoryInfo();
        static string MiB(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture);
        yield return $"memory: peak resident {MiB(self.PeakWorkingSet64)} MiB; managed heap at the end {MiB(memory.HeapSizeBytes)} MiB "
            + $"({MiB(memory.TotalCommittedBytes)} MiB committed); allocated {MiB(GC.GetTotalAllocatedBytes())} MiB; "
            + $"collections {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} (gen 0/1/2), "
            + $"paused {GC.GetTotalPauseDuration().TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture)} ms";
        yield return $"compiled at run time: {System.Runtime.JitInfo.GetCompiledMethodCount()} methods, "
            + $"{System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture)} ms";
    }

    private static int? Jobs(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var jobs) || jobs < 1 || jobs > 1024)
        {
            throw new UsageException($"--jobs needs a number from 1 to 1024, not '{text}'", Spec.Name);
        }

        return jobs;
    }

    internal static Severity? FailLevel(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (!SeverityNames.TryParse(text, out var parsed) || text.Trim().Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"unknown fail level '{text}'{NearestName.Hint(text, ["error", "warning", "note", "none"])} (use error, warning, note or none)", Spec.Name);
        }

        return parsed;
    }

    /// <summary>
    /// Why the report cannot be written to <paramref name="output"/>, checked before any work is
    /// done; null when it can. A FIFO would block the write and a device swallow it; a link out of
    /// the repository would let a pull request choose what the report overwrites.
    /// </summary>
    private static string? OutputProblem(string output, string cwd, string? rootOption)
    {
        var full = Path.GetFullPath(Path.Combine(cwd, output));
        if (Directory.Exists(full))
        {
            return "is a directory";
        }

        var dir = Path.GetDirectoryName(full);
        if (dir is not null && !Directory.Exists(dir))
        {
            return $"the directory {Path.GetDirectoryName(output)} does not exist";
        }

        return InputFile.WriteProblem(full, AnalysisRoot.Of(rootOption, cwd).BoundaryForNamedFile(full));
    }
}
