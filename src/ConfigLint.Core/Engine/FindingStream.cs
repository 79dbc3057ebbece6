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

    /// <summary>
    /// The repository path of every file a note points at, filled when the notes are added at the end
    /// (reporters write notes after the findings); until then the archive holds them with the notes.
    /// </summary>
    private readonly Dictionary<string, string> noteFiles = new(StringComparer.Ordinal);

    /// <summary>
    /// How many configurations each worker may check ahead of the report: a few milliseconds of a fleet's
    /// checks, more than the time slice the report thread may wait for a core while the workers run (with
    /// four a worker they stopped and were woken again and again: 10,000 configurations took 1.85 to 1.90 s
    /// instead of 1.74 to 1.78 s on two cores). Each holds the findings and lines of its files until taken.
    /// </summary>
    internal const int WindowPerWorker = 16;

    private Dictionary<string, SourceFile> current = new(StringComparer.Ordinal);
    private int started;

    /// <param name="order">The configurations (by index) in the order of their findings.</param>
    /// <param name="jobs">How many are checked at once.</param>
    /// <param name="check">Checks the configuration at an index (on any thread).</param>
    /// <param name="sourceFileOf">A read file (display path, full path, lines) with its repository path.</param>
    /// <param name="notes">The run's notes so far; the configurations' are added at the end in index order, then the report limit's.</param>
    /// <param name="errors">The run's errors.</param>
    /// <param name="timings">Where the time goes, or null.</param>
    /// <summary>Whether findings get their fingerprints (<see cref="LintRequest.Fingerprints"/>).</summary>
    public bool Fingerprints { get; init; } = true;

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
        // Checked on the workers ahead of the report (WindowPerWorker); with one job, one at a time as taken.
        var workers = jobs > 1 ? jobs : 0;
        using (var checks = new OrderedWork<LintEngine.Outcome>(order.Length, workers, WindowPerWorker * workers, position => check(order[position])))
        {
            for (var position = 0; position < order.Length; position++)
            {
                var outcome = checks.Take(position);
                var findings = Finish(outcome, limitNotes);
                configurationNotes.Keep(order[position], outcome.Notes, ReadFile);
                foreach (var finding in findings)
                {
                    yield return finding;
                }
            }
        }

        current = new Dictionary<string, SourceFile>(StringComparer.Ordinal);
        foreach (var kept in configurationNotes.All())
        {
            notes.Add(kept.Note);
            if (kept.RepositoryPath is { } repositoryPath)
            {
                noteFiles[kept.Note.File!] = repositoryPath;
            }
        }

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

        // Sorted first (stably), the findings with the same rule, span and message are next to each other
        // (they are the whole sort key), the first of them the one reported first: what the whole run's
        // GroupBy keeps, without hashing every finding's strings.
        var prefix = outcome.Directory;
        var sorted = new List<Finding>(outcome.Findings.Count);
        foreach (var f in LintEngine.Sorted(outcome.Findings))
        {
            if (sorted.Count > 0 && sorted[^1] is var last && last.Span == f.Span && last.RuleId == f.RuleId && last.Message == f.Message)
            {
                continue;
            }

            sorted.Add(f.Span.File.StartsWith(prefix, StringComparison.Ordinal)
                ? Fingerprints ? f with { Fingerprint = LintEngine.Fingerprint(f, current) } : f
                : throw new InvalidOperationException($"{f.RuleId} reported a finding in {f.Span.File}, outside its configuration {prefix}; a streamed report would be out of order."));
        }

        Failing += sorted.Count(f => f.Suppression is null && outcome.FailLevel != Severity.None && f.Severity >= outcome.FailLevel);

        var before = limitNotes.Count;
        var kept = ReportLimit.Apply(sorted, limitNotes);
        Unlisted += sorted.Count(f => f.Suppression is null) - kept.Count(f => f.Suppression is null);
        foreach (var note in limitNotes.Skip(before))
        {
            if (note.File is { } file && ReadFile(file) is { } repositoryPath)
            {
                noteFiles[file] = repositoryPath;
            }
        }

        return kept;
    }

    /// <summary>Where the repository holds a file of the configuration being finished, or null when it was not read.</summary>
    private string? ReadFile(string displayPath) => current.TryGetValue(displayPath, out var source) ? source.RepositoryPath : null;
}
