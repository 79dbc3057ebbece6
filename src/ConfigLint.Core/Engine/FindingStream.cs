using System.Runtime.ExceptionServices;
using ConfigLint.Core.Findings;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Engine;

/// <summary>
/// The findings of a streamed run (<see cref="LintRequest.Stream"/>), made while they are read: the
/// configurations are checked on worker threads a few ahead of the reader, and each one's findings are
/// finished (fingerprinted, made unique, sorted, limited per rule and file) and handed on in the order
/// of their directories once those before it are, then let go; their notes are kept (as bytes,
/// <see cref="NoteArchive"/>) and added in discovery order at the end, after the findings, where every
/// format writes notes. What a whole run would do over all findings is, under
/// the conditions of <see cref="LintRequest.Stream"/>, the same done one configuration at a time, so
/// the report is byte for byte the one <see cref="LintEngine.Run"/> gives without streaming.
/// </summary>
internal sealed class FindingStream : IEnumerable<Finding>
{
    private readonly int[] order;
    private readonly int jobs;
    private readonly Func<int, LintEngine.Outcome> check;
    private readonly Func<string, string, IReadOnlyList<string>, SourceFile> sourceFileOf;
    private readonly List<ToolNote> notes;
    private readonly List<string> errors;
    private readonly PhaseTimings? timings;

    /// <summary>The repository path of every file a note points at (notes are reported after the findings).</summary>
    private readonly Dictionary<string, string> noteFiles = new(StringComparer.Ordinal);

    private Dictionary<string, SourceFile> current = new(StringComparer.Ordinal);
    private int started;

    /// <param name="order">The configurations (by index) in the order of their findings.</param>
    /// <param name="jobs">How many are checked at once.</param>
    /// <param name="check">Checks the configuration at an index (on any thread).</param>
    /// <param name="sourceFileOf">A read file (display path, full path, lines) with its repository path.</param>
    /// <param name="notes">The run's notes so far; the configurations' are added at the end in index order, then the report limit's.</param>
    /// <param name="errors">The run's errors.</param>
    /// <param name="timings">Where the time goes, or null.</param>
    public FindingStream(int[] order, int jobs, Func<int, LintEngine.Outcome> check, Func<string, string, IReadOnlyList<string>, SourceFile> sourceFileOf, List<ToolNote> notes, List<string> errors, PhaseTimings? timings)
    {
        this.order = order;
        this.jobs = jobs;
        this.check = check;
        this.sourceFileOf = sourceFileOf;
        this.notes = notes;
        this.errors = errors;
        this.timings = timings;
    }

    /// <summary>Findings read so far that are not suppressed and reach their configuration's fail level.</summary>
    public int Failing { get; private set; }

    /// <summary>Unsuppressed findings read past that were over the report limit.</summary>
    public int Unlisted { get; private set; }

    /// <summary>The lines of a file of the configuration whose findings are being read, or null.</summary>
    public IReadOnlyList<string>? SourceLines(string displayPath) => current.TryGetValue(displayPath, out var file) ? file.Lines : null;

    /// <summary>The repository path of a file of the configuration being read or of a file a note points at; null for a file not read.</summary>
    public string? RepositoryPath(string displayPath) =>
        current.TryGetValue(displayPath, out var file) ? file.RepositoryPath : noteFiles.GetValueOrDefault(displayPath);

    public IEnumerator<Finding> GetEnumerator()
    {
        if (Interlocked.Exchange(ref started, 1) != 0)
        {
            throw new InvalidOperationException("The findings of a streamed run are made while they are read, so they can be read once.");
        }

        return Read().GetEnumerator();
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    private IEnumerable<Finding> Read()
    {
        // The run's scope ended when LintEngine.Run returned; the checks made from here get their own.
        using var realPaths = InputFile.RememberRealPaths();
        var limitNotes = new List<ToolNote>();

        // A configuration's notes are said in discovery order, after all the findings; until then they
        // are kept as bytes (NoteArchive), a quarter of their objects' size.
        var configurationNotes = new NoteArchive(order.Length);
        using (var checks = new OrderedChecks(order.Length, jobs, position => check(order[position])))
        {
            for (var position = 0; position < order.Length; position++)
            {
                var outcome = checks.Take(position);
                configurationNotes.Keep(order[position], outcome.Notes);
                foreach (var finding in Finish(outcome, limitNotes))
                {
                    yield return finding;
                }
            }
        }

        current = new Dictionary<string, SourceFile>(StringComparer.Ordinal);
        notes.AddRange(configurationNotes.All());
        notes.AddRange(limitNotes);
        timings?.Mark("configurations, checked while reported (wall)");
    }

    /// <summary>One configuration's findings as the whole run would finish them.</summary>
    private List<Finding> Finish(LintEngine.Outcome outcome, List<ToolNote> limitNotes)
    {
        errors.AddRange(outcome.Errors);
        current = new Dictionary<string, SourceFile>(StringComparer.Ordinal);
        foreach (var (path, full, lines) in outcome.Sources)
        {
            current[path] = sourceFileOf(path, full, lines);
        }

        var prefix = outcome.Directory;
        var unique = outcome.Findings
            .GroupBy(f => (f.RuleId, f.Span, f.Message))
            .Select(g => g.First())
            .Select(f => f.Span.File.StartsWith(prefix, StringComparison.Ordinal)
                ? f with { Fingerprint = LintEngine.Fingerprint(f, current) }
                : throw new InvalidOperationException($"{f.RuleId} reported a finding in {f.Span.File}, outside its configuration {prefix}; a streamed report would be out of order."));
        var sorted = LintEngine.Sorted(unique);
        Failing += sorted.Count(f => f.Suppression is null && outcome.FailLevel != Severity.None && f.Severity >= outcome.FailLevel);

        var before = limitNotes.Count;
        var kept = ReportLimit.Apply(sorted, limitNotes);
        Unlisted += sorted.Count(f => f.Suppression is null) - kept.Count(f => f.Suppression is null);
        foreach (var note in outcome.Notes.Concat(limitNotes.Skip(before)))
        {
            if (note.File is { } file && current.TryGetValue(file, out var source))
            {
                noteFiles[file] = source.RepositoryPath == file ? file : source.RepositoryPath;
            }
        }

        return kept;
    }

    /// <summary>
    /// Configurations checked on <c>jobs</c> worker threads, taken in order: a worker starts the next one
    /// only while fewer than a window's worth are done and not yet taken, so memory holds a few
    /// configurations, not all. With one job they are checked one at a time as they are taken.
    /// </summary>
    private sealed class OrderedChecks : IDisposable
    {
        private readonly int count;
        private readonly Func<int, LintEngine.Outcome> check;
        private readonly LintEngine.Outcome?[] done;
        private readonly SemaphoreSlim window;
        private readonly object gate = new(); // Monitor.Wait needs an object monitor, not a Lock
        private readonly Task[] workers;
        private int next = -1;
        private volatile bool stopped;
        private ExceptionDispatchInfo? failure;

        public OrderedChecks(int count, int jobs, Func<int, LintEngine.Outcome> check)
        {
            this.count = count;
            this.check = check;
            done = new LintEngine.Outcome?[count];
            var workerCount = jobs > 1 ? Math.Min(jobs, count) : 0;
            window = new SemaphoreSlim(Math.Max(4 * workerCount, 1));
            workers = new Task[workerCount];
            for (var w = 0; w < workerCount; w++)
            {
                workers[w] = Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }
        }

        /// <summary>The outcome of configuration <paramref name="index"/>, taken in order 0, 1, 2, ...</summary>
        public LintEngine.Outcome Take(int index)
        {
            if (workers.Length == 0)
            {
                return check(index);
            }

            LintEngine.Outcome outcome;
            lock (gate)
            {
                while (done[index] is null)
                {
                    failure?.Throw();
                    Monitor.Wait(gate);
                }

                outcome = done[index]!;
                done[index] = null;
            }

            window.Release();
            return outcome;
        }

        private void Work()
        {
            while (true)
            {
                window.Wait();
                var index = stopped ? count : Interlocked.Increment(ref next);
                if (index >= count)
                {
                    window.Release();
                    return;
                }

                try
                {
                    var outcome = check(index);
                    lock (gate)
                    {
                        done[index] = outcome;
                        Monitor.PulseAll(gate);
                    }
                }
                catch (Exception e)
                {
                    // The reader rethrows it where it waits; nothing more is started.
                    stopped = true;
                    lock (gate)
                    {
                        failure ??= ExceptionDispatchInfo.Capture(e);
                        Monitor.PulseAll(gate);
                    }

                    window.Release();
                    return;
                }
            }
        }

        public void Dispose()
        {
            // Also when the reader stops early (the report could not be written): the workers finish
            // what they are checking and start nothing more.
            stopped = true;
            if (workers.Length > 0)
            {
                window.Release(workers.Length);
                Task.WaitAll(workers);
            }

            window.Dispose();
        }
    }
}
