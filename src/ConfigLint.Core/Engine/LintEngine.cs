using System.Text;
using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Configuration;
using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Engine;

/// <summary>What a run is asked to do: the command line, parsed.</summary>
public sealed record LintRequest
{
    /// <summary>Directories (searched recursively) and files (their whole configuration is analysed).</summary>
    public required IReadOnlyList<string> Paths { get; init; }

    public required string WorkingDirectory { get; init; }

    /// <summary>The built-in rules (the Rules project supplies them; Core does not know them).</summary>
    public required IReadOnlyList<LoadedRule> BuiltInRules { get; init; }

    /// <summary><c>--config FILE</c>: use this file instead of the nearest <c>.configlint.yml</c>.</summary>
    public string? ConfigFile { get; init; }

    /// <summary><c>--rules DIR</c>, in order.</summary>
    public IReadOnlyList<string> RuleDirectories { get; init; } = [];

    public string? BaselinePath { get; init; }

    public string? WriteBaselinePath { get; init; }

    /// <summary><c>--fail-level</c>; beats every <c>fail_level:</c>. Null: the file's, else warning.</summary>
    public Severity? FailLevel { get; init; }

    /// <summary><c>--root DIR</c>: the repository root report paths are relative to; null: the git top level of the first configuration.</summary>
    public string? RootDirectory { get; init; }

    /// <summary>
    /// <c>--postfix-version X.Y</c>: the target release of every configuration, beating <c>postfix_version:</c>;
    /// null: each configuration's settings, else <see cref="PostfixReleases.Newest"/>.
    /// </summary>
    public string? PostfixVersion { get; init; }

    /// <summary>ConfigLint's version, written into baselines.</summary>
    public string ToolVersion { get; init; } = "0.0.0";

    /// <summary>How many configurations are checked at once; null: one per processor. The result is the same for any number.</summary>
    public int? Jobs { get; init; }

    /// <summary>Where the phases of the run are timed (<c>check --timings</c>); null: not timed.</summary>
    public PhaseTimings? Timings { get; init; }

    /// <summary>
    /// Check the configurations while the findings are read, and hand each configuration's findings on
    /// as soon as those before it are done, so memory stays flat however many there are. It is only done
    /// where the report is the same byte for byte: two or more configurations in directories of their own
    /// (none inside another, so no file is shared and their findings sort one configuration after the
    /// other), no baseline, and only rules that cannot fail while they run (no custom pattern checks).
    /// Otherwise, and when false, every configuration is checked before <see cref="LintEngine.Run"/> returns.
    /// </summary>
    public bool Stream { get; init; }

    /// <summary>
    /// Whether a streamed run gives its findings their fingerprints (JSON and SARIF write them; the text
    /// report and GitHub's annotations do not, and computing them was a hundredth of a fleet's check).
    /// A run that is not streamed always does: a baseline matches findings by them.
    /// </summary>
    public bool Fingerprints { get; init; } = true;
}

/// <summary>Everything a run found, ready for any reporter: findings final (suppressions, baseline, sorted, fingerprinted).</summary>
public sealed record LintResult
{
    /// <summary>
    /// The findings, in report order. A streamed run (<see cref="LintRequest.Stream"/>) checks its
    /// configurations while they are read, so they can be read once, and <see cref="Notes"/>, <see cref="Failing"/>,
    /// and <see cref="Unlisted"/> are complete only after the last one.
    /// </summary>
    public required IEnumerable<Finding> Findings { get; init; }

    /// <summary>Every rule that was in force (SARIF lists them all so GitHub can close fixed alerts).</summary>
    public required IReadOnlyList<RuleDescriptor> Rules { get; init; }

    /// <summary>The files findings may point into, by display path (empty for a streamed run: see <see cref="SourceLines"/>).</summary>
    public required IReadOnlyDictionary<string, SourceFile> Sources { get; init; }

    public required IReadOnlyList<ToolNote> Notes { get; init; }

    /// <summary>What the run did besides checking (a baseline written, stale baseline entries): for the person at the terminal, not part of the report.</summary>
    public required IReadOnlyList<string> Messages { get; init; }

    /// <summary>Input and configuration errors, each a line starting with the file (and line) at fault. Any error makes the run incomplete (exit 2).</summary>
    public required IReadOnlyList<string> Errors { get; init; }

    /// <summary>How many configurations the run checks (known before a streamed run has checked them).</summary>
    public required int ConfigurationCount { get; init; }

    /// <summary>The repository root, full path: report paths (SARIF, GitHub annotations) are relative to it.</summary>
    public required string RepositoryRoot { get; init; }

    /// <summary>
    /// The Postfix release whose defaults and stock files the model used ("3.11"); when configurations were
    /// checked for different releases, all of them, oldest first ("3.7, 3.11").
    /// </summary>
    public required string Target { get; init; }

    private readonly int failing;
    private readonly int unlisted;

    /// <summary>Findings that are not suppressed and reach their configuration's fail level.</summary>
    public int Failing
    {
        get => Stream?.Failing ?? failing;
        init => failing = value;
    }

    /// <summary>Unsuppressed findings past <see cref="ReportLimit.PerRuleAndFile"/> that are counted in a note but not listed.</summary>
    public int Unlisted
    {
        get => Stream?.Unlisted ?? unlisted;
        init => unlisted = value;
    }

    /// <summary>The findings as they are made, for a streamed run; null when they were all made before.</summary>
    internal FindingStream? Stream { get; init; }

    /// <summary>True when the configurations are checked while <see cref="Findings"/> is read (<see cref="LintRequest.Stream"/>).</summary>
    public bool Streamed => Stream is not null;

    /// <summary>The path from the repository root of a display path (what SARIF and GitHub annotations name).</summary>
    public string RepositoryPath(string displayPath) =>
        Sources.TryGetValue(displayPath, out var s) ? s.RepositoryPath : Stream?.RepositoryPath(displayPath) ?? displayPath;

    /// <summary>The lines of a file findings point into, or null; for a streamed run, the files of the configuration being read.</summary>
    public IReadOnlyList<string>? SourceLines(string displayPath) =>
        Sources.TryGetValue(displayPath, out var s) ? s.Lines : Stream?.SourceLines(displayPath);

    /// <summary>Whether the run read a file (its lines may no longer be at hand in a streamed run).</summary>
    public bool HasSource(string displayPath) => Sources.ContainsKey(displayPath) || Stream?.RepositoryPath(displayPath) is not null;
}

/// <summary>
/// The one way through ConfigLint: paths and settings in, final findings out. Discovery,
/// settings, rules and levels, analysis with inline suppressions, excludes, de-duplication,
/// fingerprints, baseline and fail level are all decided here, once; the CLI only parses
/// arguments and picks a reporter.
/// </summary>
public static class LintEngine
{
    public static LintResult Run(LintRequest request)
    {
        using var realPaths = InputFile.RememberRealPaths();
        var timings = request.Timings;
        var cwd = request.WorkingDirectory;
        var errors = new List<string>();
        var notes = new List<ToolNote>();
        var messages = new List<string>();
        var analysisRoot = AnalysisRoot.Of(request.RootDirectory, cwd);
        var ruleSets = new RuleSets(request.BuiltInRules, RuleDirectories(request.RuleDirectories, cwd, errors), cwd);
        var settingsFiles = new SettingsFiles(request.ConfigFile, cwd, errors, ruleSets, analysisRoot);

        var jobs = Math.Max(1, request.Jobs ?? Environment.ProcessorCount);

        // With more than one job, a fleet's directories are listed on other threads ahead of the walk;
        // twice as many as there are jobs (up to 4), since a reader spends part of each directory waiting
        // in the kernel (10,000 directories on two cores: 205 ms with two readers, 185 ms with four).
        var discovery = ConfigDiscovery.Find(request.Paths, cwd, settingsFiles.For, analysisRoot.BoundaryFor, readers: jobs > 1 ? Math.Min(2 * jobs, 4) : 0, settingsForUnset: settingsFiles.ForUnset);
        errors.AddRange(discovery.Errors.Select(e => e.Message));
        notes.AddRange(discovery.Skipped.Select(s => new ToolNote(Severity.Note, $"{s.DisplayPath}: skipped: {s.Reason}.", s.DisplayPath)));
        if (discovery.Inputs.Count == 0 && discovery.Errors.Count == 0 && settingsFiles.Broken == 0 && discovery.Excluded == 0)
        {
            var where = discovery.EmptyPaths.Count > 0 ? string.Join(", ", discovery.EmptyPaths) : string.Join(", ", request.Paths);
            errors.Add($"no Postfix configuration (main.cf, master.cf, aliases) found under {where}");
        }
        else
        {
            notes.AddRange(discovery.EmptyPaths.Select(p => new ToolNote(Severity.Warning, $"{p}: no Postfix configuration (main.cf, master.cf, aliases) found under it.")));
        }

        timings?.Mark("discovery and settings");

        // Settings, rule sets and the target release are decided one configuration after another
        // (they share caches and report each settings file once); the configurations themselves are
        // then loaded and checked in parallel, each on one thread, and their results are merged in
        // discovery order, so the report is byte for byte the same for any number of threads.
        var work = new List<Work>();
        var plans = new Dictionary<ConfigLintSettings, WorkPlan>(ReferenceEqualityComparer.Instance);
        foreach (var input in discovery.Inputs)
        {
            var settings = settingsFiles.ForConfiguration(input.Directory);
            if (settings is null)
            {
                continue;
            }

            if (!plans.TryGetValue(settings, out var plan))
            {
                (IReadOnlyList<LoadedRule> Rules, RuleSelection Selection) set;
                try
                {
                    set = ruleSets.For(settings);
                }
                catch (Exception e) when (e is RuleManifestException or ConfigurationException)
                {
                    settingsFiles.Fail(settings, e.Message);
                    continue;
                }

                var (release, version) = TargetOf(request.PostfixVersion, settings, errors);
                plan = plans[settings] = new WorkPlan(settings, set.Rules, set.Selection, release, version, request.FailLevel ?? settings.FailLevel ?? Severity.Warning);
            }

            work.Add(new Work(input, plan));
        }

        settingsFiles.ForgetAnswers();
        var root = RepositoryRootOf(request.RootDirectory, discovery.Inputs, cwd);

        // Report paths are the files as the repository holds them: through a linked directory, the real one.
        var realRoot = RealPath(root);
        var rules = ruleSets.Used.Count > 0
            ? ruleSets.Used.Values.OrderBy(r => r.Id, StringComparer.Ordinal).ToList()
            : request.BuiltInRules.Select(r => r.Descriptor).ToList();
        var target = work.Count > 0
            ? string.Join(", ", work.Select(w => w.Plan.Release).Distinct().Order().Select(r => r.Series))
            : TargetOf(request.PostfixVersion, ConfigLintSettings.Default, []).Release.Series;
        if (request.Stream && Streamable(work, request))
        {
            return Streamed(work, jobs, timings, root, realRoot, rules, target, notes, messages, errors, request.Fingerprints);
        }

        var outcomes = new Outcome[work.Count];
        if (jobs == 1 || work.Count <= 1)
        {
            // One configuration: the model may use the cores inside it (Workers).
            using var workers = Workers.Use(work.Count == 1 ? jobs : 1);
            for (var i = 0; i < work.Count; i++)
            {
                outcomes[i] = Check(work[i], timings);
            }
        }
        else
        {
            Parallel.For(0, work.Count, new ParallelOptions { MaxDegreeOfParallelism = jobs }, i => outcomes[i] = Check(work[i], timings));
        }

        var findings = new List<(Finding Finding, Severity FailLevel)>();
        var sources = new Dictionary<string, (string Full, IReadOnlyList<string> Lines)>(StringComparer.Ordinal);
        foreach (var outcome in outcomes)
        {
            notes.AddRange(outcome.Notes);
            errors.AddRange(outcome.Errors);
            findings.AddRange(outcome.Findings.Select(f => (f, outcome.FailLevel)));
            foreach (var (path, full, lines) in outcome.Sources)
            {
                sources[path] = (full, lines);
            }
        }

        timings?.Mark("configurations (wall)");

        var sourceFiles = sources.ToDictionary(kv => kv.Key, kv => SourceFileOf(kv.Key, kv.Value.Full, kv.Value.Lines, root, realRoot), StringComparer.Ordinal);

        // One finding per root cause: the same rule at the same place with the same message is one
        // finding, however many configurations or services reached it.
        var unique = findings
            .GroupBy(x => (x.Finding.RuleId, x.Finding.Span, x.Finding.Message))
            .Select(g => g.First())
            .Select(x => (Finding: x.Finding with { Fingerprint = Fingerprint(x.Finding, sourceFiles) }, x.FailLevel))
            .ToList();

        var failLevels = unique.ToDictionary(x => (x.Finding.RuleId, x.Finding.Span, x.Finding.Message), x => x.FailLevel);
        var all = Sorted(ApplyBaseline(request, unique.Select(x => x.Finding).ToList(), messages, errors, cwd, analysisRoot));
        var failing = all.Count(f => f.Suppression is null && failLevels[(f.RuleId, f.Span, f.Message)] is var level && level != Severity.None && f.Severity >= level);
        var final = ReportLimit.Apply(all, notes);

        return new LintResult
        {
            Findings = final,
            Rules = rules,
            Sources = sourceFiles,
            Notes = notes,
            Messages = messages,
            Errors = errors,
            ConfigurationCount = outcomes.Length,
            RepositoryRoot = root,
            Target = target,
            Failing = failing,
            Unlisted = all.Count(f => f.Suppression is null) - final.Count(f => f.Suppression is null),
        };
    }

    /// <summary>
    /// A run whose configurations are checked while the findings are read (<see cref="LintRequest.Stream"/>).
    /// A method of its own so that its lambdas hold nothing of <see cref="Run"/>'s (a closure there keeps
    /// the whole work list alive, 400 bytes a configuration).
    /// </summary>
    private static LintResult Streamed(List<Work> work, int jobs, PhaseTimings? timings, string root, string realRoot, IReadOnlyList<RuleDescriptor> rules, string target, List<ToolNote> notes, List<string> messages, List<string> errors, bool fingerprints)
    {
        // In the order of their directories, which is the order of their findings (discovery walks a
        // tree depth first: a/x/ before a-b/). Each is checked once; its inputs are let go as it is taken.
        var pending = work.ToArray();
        var order = Enumerable.Range(0, pending.Length).OrderBy(i => pending[i].Input.DisplayPrefix, StringComparer.Ordinal).ToArray();
        var stream = new FindingStream(order, jobs, i => Check(Interlocked.Exchange(ref pending[i], null!), timings), (path, full, lines) => SourceFileOf(path, full, lines, root, realRoot), notes, errors, timings)
        {
            Fingerprints = fingerprints,
        };
        return new LintResult
        {
            Findings = stream,
            Rules = rules,
            Sources = new Dictionary<string, SourceFile>(StringComparer.Ordinal),
            Notes = notes,
            Messages = messages,
            Errors = errors,
            ConfigurationCount = pending.Length,
            RepositoryRoot = root,
            Target = target,
            Stream = stream,
        };
    }

    /// <summary>
    /// Whether a run can hand on each configuration's findings as soon as they are made and give the
    /// report it would give with all of them at hand (<see cref="LintRequest.Stream"/>): configurations
    /// in directories of their own, none inside another (so their files, which a model only reads under
    /// its own directory, are never shared, no finding is the same as another's, and taken in the order of
    /// their directories every path of one sorts before every path of the next); no baseline (it is matched and written
    /// over the whole run); and no rule that can fail while it runs, so that the report's "complete",
    /// written first, is known before anything is checked.
    /// </summary>
    private static bool Streamable(List<Work> work, LintRequest request)
    {
        if (work.Count < 2 || request.BaselinePath is not null || request.WriteBaselinePath is not null)
        {
            return false;
        }

        if (work.Select(w => w.Plan.Rules).Distinct().Any(rules => rules.Any(r => r.Logic is DeclarativeCheck)))
        {
            return false;
        }

        // Sorted, a directory inside another comes right after it or after others inside it too.
        var prefixes = work.Select(w => w.Input.DisplayPrefix).Order(StringComparer.Ordinal).ToList();
        for (var i = 0; i < prefixes.Count; i++)
        {
            if (!prefixes[i].EndsWith('/') || (i > 0 && prefixes[i].StartsWith(prefixes[i - 1], StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A file findings may point into, with its path from the repository root (through links, the real one).</summary>
    private static SourceFile SourceFileOf(string displayPath, string full, IReadOnlyList<string> lines, string root, string realRoot) =>
        new(displayPath, RelativeTo(realRoot, RealPath(full)) ?? RelativeTo(root, full) ?? displayPath, lines) { FullPath = full };

    /// <summary>One configuration to check, with what was decided for it before the parallel part.</summary>
    /// <remarks>
    /// A fleet holds one for every configuration not yet checked, so what configurations under one
    /// settings file share is one <see cref="WorkPlan"/>. A class, not a struct: the tool's precompiled
    /// code cannot hold a framework collection of a ConfigLint struct, and List&lt;Work&gt; of a struct
    /// was compiled at every start-up.
    /// </remarks>
    private sealed record Work(ConfigInput Input, WorkPlan Plan);

    /// <summary>What the run decided for the configurations under one settings file.</summary>
    private sealed record WorkPlan(ConfigLintSettings Settings, IReadOnlyList<LoadedRule> Rules, RuleSelection Selection, PostfixRelease Release, string? Version, Severity FailLevel);

    /// <summary>What checking one configuration produced, merged into the result in discovery order.</summary>
    internal sealed record Outcome(
        string Directory,
        IReadOnlyList<ToolNote> Notes,
        IReadOnlyList<string> Errors,
        IReadOnlyList<Finding> Findings,
        Severity FailLevel,
        IReadOnlyList<(string Path, string Full, IReadOnlyList<string> Lines)> Sources);

    /// <summary>Loads and checks one configuration; touches nothing shared but the thread-safe catalogue.</summary>
    private static Outcome Check(Work w, PhaseTimings? timings)
    {
        var errors = new List<string>();
        var started = timings?.Now ?? 0;
        var (input, plan) = w;
        if (input.ListedAsNoLink)
        {
            // Its directory's real path without a readlink(2) (discovery's memory of it is long gone in a fleet).
            InputFile.RememberNoLinkAt(input.Directory);
        }

        var config = PostfixConfig.Load(input.Directory, input.DisplayPrefix, input.Files, PostfixVersions.WithMailVersion(plan.Settings.ToHostFacts(), plan.Version), plan.Release, plan.Settings.Network, assumeStockMasterCf: plan.Settings.MasterCf == MasterCfMode.Stock, boundary: input.Boundary, top: input.Top);
        var loaded = timings?.Now ?? 0;
        var notes = Assumptions(input, config, plan.Settings, (plan.Rules, plan.Selection)).ToList();
        var findings = Analyzer.Run(config, plan.Rules, plan.Selection, errors, timings);
        if (plan.Settings.Exclude.Count > 0)
        {
            // Only settings with exclude: globs can drop a finding (each asks for its file's full path).
            findings = findings.Where(f => !plan.Settings.IsExcluded(config.Tree.FullPathOf(f.Span.File))).ToList();
        }

        // After the rules: /file/name pattern files are read when a rule first asks for a list.
        var sources = config.SourceFiles.Select(f => (f.Path, config.Tree.FullPathOf(f.Path), f.Lines)).ToList();
        if (timings is not null)
        {
            var done = timings.Now;
            timings.Add("  parse and model (sum over threads)", loaded - started);
            timings.Add("  rules (sum over threads)", done - loaded);
        }

        return new Outcome(input.DisplayPrefix, notes, errors, findings, plan.FailLevel, sources);
    }

    /// <summary>
    /// The target release of a configuration and the version as the user wrote it: <c>--postfix-version</c>,
    /// else <c>postfix_version:</c> of its settings, else the newest release (written version null).
    /// </summary>
    private static (PostfixRelease Release, string? Version) TargetOf(string? commandLine, ConfigLintSettings settings, List<string> errors)
    {
        if (commandLine is not null)
        {
            if (PostfixReleases.TryGet(commandLine, out var release))
            {
                return (release, commandLine);
            }

            // The CLI checks the option before the run; a caller that did not is told once.
            if (!errors.Any(e => e.StartsWith("--postfix-version", StringComparison.Ordinal)))
            {
                errors.Add($"--postfix-version: {PostfixVersions.Problem(commandLine)}");
            }
        }

        return settings.Release is { } configured ? (configured, settings.PostfixVersion) : (PostfixReleases.Newest, null);
    }

    /// <summary>
    /// The model of one configuration directory as <c>check</c> would build it (its settings and target
    /// release, the stock master.cf when it has none), for commands that show the model itself (<c>effective</c>).
    /// </summary>
    /// <param name="postfixVersion"><c>--postfix-version</c>, or null for the settings' target, else the newest release.</param>
    public static (PostfixConfig? Config, IReadOnlyList<ToolNote> Notes, IReadOnlyList<string> Errors) LoadConfiguration(string directory, string workingDirectory, string? configFile, IReadOnlyList<LoadedRule> builtInRules, string? postfixVersion = null)
    {
        var errors = new List<string>();
        var analysisRoot = AnalysisRoot.Of(null, workingDirectory);
        var settings = new SettingsFiles(configFile, workingDirectory, errors, new RuleSets(builtInRules, [], workingDirectory), analysisRoot).For(directory);
        if (settings is null)
        {
            return (null, [], errors);
        }

        var full = ConfigDiscovery.FullPath(directory, workingDirectory);
        var input = new ConfigInput(full, ConfigDiscovery.DisplayPrefix(full, workingDirectory), new ConfigFiles(), analysisRoot.BoundaryFor(full));
        var (release, version) = TargetOf(postfixVersion, settings, errors);
        var config = PostfixConfig.Load(input.Directory, input.DisplayPrefix, input.Files, PostfixVersions.WithMailVersion(settings.ToHostFacts(), version), release, settings.Network,
            assumeStockMasterCf: settings.MasterCf == MasterCfMode.Stock, boundary: input.Boundary);
        var set = (builtInRules, RuleLevels.Resolve(builtInRules.Select(r => r.Descriptor).ToList(), ConfigLintSettings.Default));
        return (config, Assumptions(input, config, settings, set).ToList(), errors);
    }

    /// <summary>What the run assumed or could not evaluate for one configuration, said once.</summary>
    private static IEnumerable<ToolNote> Assumptions(ConfigInput input, PostfixConfig config, ConfigLintSettings settings, (IReadOnlyList<LoadedRule> Rules, RuleSelection Selection) set)
    {
        var where = input.DisplayPrefix.Length == 0 ? "." : input.DisplayPrefix.TrimEnd('/');

        // A file discovery skipped as a template is there, just not read: the note says which.
        string Absent(ConfigDiscovery.FileRole role, string name) =>
            input.SkippedAsTemplate(role) ? $"{name} skipped (a template)" : $"no {name}";
        if (config.MasterIsStock)
        {
            var smtp = config.SmtpServers.Select(s => s.Listening.Label).FirstOrDefault() ?? "no SMTP service";
            yield return new ToolNote(Severity.Note,
                $"{where}: {Absent(ConfigDiscovery.FileRole.MasterCf, "master.cf")}; checked with the stock master.cf of Postfix {config.Release.Series} (what the package installs; it runs {smtp.Replace(" of the stock master.cf", string.Empty, StringComparison.Ordinal)}). Set master_cf: none in .configlint.yml to check main.cf alone.",
                config.Main?.Source.Path);
        }

        var skipped = Analyzer.NotEvaluated(config, set.Rules, set.Selection);
        if (skipped.Count > 0)
        {
            // Which files the skipped rules need, as flags (a set of them was made for every configuration).
            bool needsMain = false, needsMaster = false, needsAliases = false;
            foreach (var rule in skipped)
            {
                foreach (var need in rule.Needs)
                {
                    needsMain |= need == RuleInput.MainCf;
                    needsMaster |= need == RuleInput.MasterCf;
                    needsAliases |= need == RuleInput.Aliases;
                }
            }

            var missing = new List<string>();
            if (needsMain && config.Main is null)
            {
                missing.Add(Absent(ConfigDiscovery.FileRole.MainCf, "main.cf"));
            }

            if (needsMaster && config.Master is null)
            {
                missing.Add(settings.MasterCf == MasterCfMode.None && config.Main is not null ? "no master.cf (master_cf: none)" : Absent(ConfigDiscovery.FileRole.MasterCf, "master.cf"));
            }

            if (needsAliases && config.Aliases is null)
            {
                missing.Add(Absent(ConfigDiscovery.FileRole.Aliases, "aliases"));
            }

            var ids = string.Join(", ", skipped.Select(r => r.Id));
            yield return new ToolNote(Severity.Note, $"{where}: {string.Join(" and ", missing)}; not evaluated: {ids}.", config.Main?.Source.Path ?? config.Master?.Source.Path ?? config.Aliases?.Source.Path);
        }
    }

    private static List<Finding> ApplyBaseline(LintRequest request, List<Finding> findings, List<string> messages, List<string> errors, string cwd, AnalysisRoot root)
    {
        if (request.BaselinePath is { } baselinePath)
        {
            var full = Path.GetFullPath(Path.Combine(cwd, baselinePath));
            var content = InputFile.Read(full, InputFile.MaxBaselineBytes, root.BoundaryForNamedFile(full));
            if (content.Refusal == FileRefusal.Missing)
            {
                errors.Add($"{baselinePath}: no such baseline file (write one with --write-baseline {baselinePath})");
            }
            else if (content.Bytes is null)
            {
                errors.Add($"{baselinePath}:1: the baseline {content.Reason}");
            }
            else
            {
                try
                {
                    var (baselined, stale) = Baseline.Parse(content.Text(), baselinePath).Apply(findings, f => f.Fingerprint!, baselinePath);
                    findings = baselined;
                    if (stale > 0)
                    {
                        messages.Add($"{stale} baseline {(stale == 1 ? "entry matches" : "entries match")} no finding any more (fixed?); run with --write-baseline {baselinePath} to prune.");
                    }
                }
                catch (BaselineException e)
                {
                    errors.Add(e.Message);
                }
            }
        }

        if (request.WriteBaselinePath is { } writePath && errors.Count == 0)
        {
            // Everything not suppressed inline is accepted, including what an older baseline accepted;
            // the report that follows is then checked against the new baseline.
            var accepted = findings.Where(f => f.Suppression is null || f.Suppression.Kind == Baseline.Kind).Select(f => f with { Suppression = null }).ToList();
            var baseline = Baseline.From(accepted, f => f.Fingerprint!);
            var full = Path.GetFullPath(Path.Combine(cwd, writePath));
            try
            {
                if (InputFile.WriteProblem(full, root.BoundaryForNamedFile(full)) is { } problem)
                {
                    throw new IOException(problem);
                }

                File.WriteAllText(full, baseline.ToJson(request.ToolVersion), new UTF8Encoding(false));
                messages.Add($"wrote {baseline.Entries.Count} finding{(baseline.Entries.Count == 1 ? string.Empty : "s")} to the baseline {writePath}");
                findings = baseline.Apply(findings.Select(f => f.Suppression?.Kind == Baseline.Kind ? f with { Suppression = null } : f), f => f.Fingerprint!, writePath).Findings;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add($"{writePath}: cannot write the baseline: {e.Message}");
            }
        }

        return findings;
    }

    internal static string Fingerprint(Finding f, IReadOnlyDictionary<string, SourceFile> sources) =>
        sources.TryGetValue(f.Span.File, out var s)
            ? FindingFingerprint.Compute(f, s.RepositoryPath, s.Lines)
            : FindingFingerprint.Compute(f, f.Span.File, null);

    /// <summary>By file, line, column and rule; the rest only makes the order total, so output is byte-for-byte reproducible.</summary>
    /// <remarks>
    /// One comparison with the original position last, so the order is the stable one OrderBy/ThenBy gave
    /// over the seven keys (which built a key array a key for every configuration of a fleet).
    /// </remarks>
    public static List<Finding> Sorted(IEnumerable<Finding> findings)
    {
        var items = findings.Select((f, i) => (Finding: f, Position: i)).ToArray();
        Array.Sort(items, static (a, b) => Compare(a.Finding, b.Finding) is var c and not 0 ? c : a.Position.CompareTo(b.Position));
        var sorted = new List<Finding>(items.Length);
        foreach (var (finding, _) in items)
        {
            sorted.Add(finding);
        }

        return sorted;
    }

    private static int Compare(Finding a, Finding b)
    {
        var c = string.CompareOrdinal(a.Span.File, b.Span.File);
        if (c == 0)
        {
            c = a.Span.StartLine.CompareTo(b.Span.StartLine);
        }

        if (c == 0)
        {
            c = a.Span.StartColumn.CompareTo(b.Span.StartColumn);
        }

        if (c == 0)
        {
            c = string.CompareOrdinal(a.RuleId, b.RuleId);
        }

        if (c == 0)
        {
            c = a.Span.EndLine.CompareTo(b.Span.EndLine);
        }

        if (c == 0)
        {
            c = a.Span.EndColumn.CompareTo(b.Span.EndColumn);
        }

        return c != 0 ? c : string.CompareOrdinal(a.Message, b.Message);
    }

    private static List<string> RuleDirectories(IReadOnlyList<string> given, string cwd, List<string> errors)
    {
        var result = new List<string>();
        foreach (var dir in given)
        {
            var full = Path.GetFullPath(Path.Combine(cwd, dir));
            if (Directory.Exists(full))
            {
                result.Add(full);
            }
            else
            {
                errors.Add($"--rules {dir}: not a directory");
            }
        }

        return result;
    }

    /// <summary>
    /// <c>--root</c>, else the git top level (the nearest directory upwards with a <c>.git</c>) of
    /// the first configuration, else the working directory. Report paths are relative to it, so
    /// SARIF alerts land on the right file when ConfigLint runs from a subdirectory.
    /// </summary>
    private static string RepositoryRootOf(string? rootOption, IReadOnlyList<ConfigInput> inputs, string cwd)
    {
        if (rootOption is not null)
        {
            return ConfigDiscovery.FullPath(rootOption, cwd);
        }

        var start = inputs.Count > 0 ? inputs[0].Directory : cwd;
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, ".git")) || File.Exists(Path.Combine(dir.FullName, ".git")))
            {
                return dir.FullName;
            }
        }

        return ConfigDiscovery.FullPath(cwd, cwd);
    }

    /// <summary>A path with every symbolic link resolved, so a configuration reached through a linked directory is named as the repository holds it.</summary>
    private static string RealPath(string path) => InputFile.RealPath(path);

    private static string? RelativeTo(string root, string full)
    {
        var relative = Path.GetRelativePath(root, full).Replace('\\', '/');
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? null : relative;
    }

    /// <summary>
    /// The settings of each configuration directory: <c>--config FILE</c> when given, else the
    /// nearest <c>.configlint.yml</c> upwards, else the defaults. Each file is read once; a broken
    /// one is reported once, with every problem in it, and the configurations under it are not checked.
    /// </summary>
    private sealed class SettingsFiles(string? explicitConfig, string cwd, List<string> errors, RuleSets ruleSets, AnalysisRoot root)
    {
        private readonly Dictionary<string, ConfigLintSettings?> byFile = new(StringComparer.Ordinal);
        private readonly HashSet<string> failed = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string?> located = new(StringComparer.Ordinal);

        /// <summary>What <see cref="For"/> answered for each directory since <see cref="ForConfiguration"/> last took it.</summary>
        private readonly Dictionary<string, ConfigLintSettings?> answered = new(StringComparer.Ordinal);

        /// <summary>How many settings files could not be used.</summary>
        public int Broken => failed.Count;

        public ConfigLintSettings? For(string directory) => Answer(directory, lookInDirectory: true);

        /// <summary><see cref="For"/> for a directory whose listing shows no settings file in it: its parents' (or --config).</summary>
        public ConfigLintSettings? ForUnset(string directory) => Answer(directory, lookInDirectory: false);

        private ConfigLintSettings? Answer(string directory, bool lookInDirectory)
        {
            var settings = Find(directory, lookInDirectory);
            answered[directory] = settings;
            return settings;
        }

        /// <summary>
        /// <see cref="For"/> for a configuration discovery found: the answer discovery was given (it asks
        /// about every directory it walks), taken and not kept, unless its file has failed since. A fleet
        /// of 10,000 configurations looked for .configlint.yml and .configlint.yaml in each twice.
        /// </summary>
        public ConfigLintSettings? ForConfiguration(string directory) =>
            !answered.Remove(directory, out var settings) ? For(directory)
            : settings?.Path is { } path && byFile.TryGetValue(path, out var now) ? now
            : settings;

        /// <summary>Lets go of the answers no configuration took (directories without one).</summary>
        public void ForgetAnswers()
        {
            answered.Clear();
            answered.TrimExcess();
        }

        private ConfigLintSettings? Find(string directory, bool lookInDirectory)
        {
            string? path;
            if (explicitConfig is not null)
            {
                path = Path.GetFullPath(Path.Combine(cwd, explicitConfig));
                if (!File.Exists(path) && !Directory.Exists(path))
                {
                    if (failed.Add(path))
                    {
                        errors.Add($"{explicitConfig}:1: no such configuration file");
                    }

                    return null;
                }
            }
            else
            {
                path = SettingsLoader.Find(directory, located, lookInDirectory);
            }

            if (path is null)
            {
                return ConfigLintSettings.Default;
            }

            if (!byFile.TryGetValue(path, out var settings))
            {
                try
                {
                    // Inside the root a settings file may not lead out of it; one above it (a parent
                    // directory's, or --config naming one elsewhere) is read as found.
                    var boundary = root.BoundaryForNamedFile(path);
                    settings = SettingsLoader.Load(path, RuleSets.DisplayPath(path, cwd), boundary, boundary ?? InputFile.RealPath(Path.GetDirectoryName(path)!));
                }
                catch (ConfigurationException e)
                {
                    // Every problem of the file in one run: what could be read is also checked
                    // for rules: keys that name no rule.
                    failed.Add(path);
                    var problems = e.Problems.ToList();
                    if (e.Settings is { } partial)
                    {
                        problems.AddRange(ruleSets.UnknownSelectors(partial));
                    }

                    errors.AddRange(ConfigurationException.Combine(problems).Problems.Select(p => p.Message));
                    settings = null;
                }

                byFile[path] = settings;
            }

            return settings;
        }

        /// <summary>Records a settings file that turned out unusable once its rules were loaded.</summary>
        public void Fail(ConfigLintSettings settings, string message)
        {
            if (settings.Path is { } path)
            {
                failed.Add(path);
                byFile[path] = null;
            }

            errors.AddRange(message.Split('\n'));
        }
    }
}
