using ConfigLint.Core.Findings;
using System.Text;
using ConfigLint.Core.Configuration;
using ConfigLint.Core.Engine;
using ConfigLint.Core.Model;
using ConfigLint.Core.Text;
using ConfigLint.Reporting;

namespace ConfigLint.Cli;

/// <summary>
/// <c>configlint check</c>: configuration file → rules and levels → analysis (with inline
/// suppressions) → excludes → baseline → report → exit code. Suppressed and baselined findings
/// are kept (marked) so reporters can show them on request, and never fail the run.
/// </summary>
internal static class CheckCommand
{
    private static readonly string[] Valued = ["--format", "--output", "--fail-level", "--category", "--config", "--rules", "--baseline", "--write-baseline"];

    private static readonly string[] Flags = ["--no-color", "--include-suppressed"];

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string cwd, bool colorTerminal)
    {
        var (paths, options) = CommandLine.Parse(args, Valued, Flags);
        if (paths.Count == 0)
        {
            throw new UsageException("check needs at least one PATH (a configuration directory or files in one)");
        }

        var format = options.Get("--format") ?? "text";
        var includeSuppressed = options.Has("--include-suppressed");
        var reporter = Reporters.ByName(format, useColor: colorTerminal && !options.Has("--no-color") && !options.Has("--output"), includeSuppressed: includeSuppressed)
            ?? throw new UsageException($"unknown format '{format}' (use text, json, sarif or github)");
        Severity? cliFailLevel = null;
        if (options.Get("--fail-level") is { } failLevelText)
        {
            if (!SeverityNames.TryParse(failLevelText, out var parsed) || failLevelText.Trim().Equals("off", StringComparison.OrdinalIgnoreCase))
            {
                throw new UsageException($"unknown fail level '{failLevelText}' (use error, warning, note or none)");
            }

            cliFailLevel = parsed;
        }

        var settingsCache = new Dictionary<string, ConfigLintSettings>(StringComparer.Ordinal);
        var explicitConfig = options.Get("--config");
        var ruleSets = new RuleSets(RuleDirectories(options.All("--rules"), cwd), cwd);

        // A path that does not exist is an input error even when its name says main.cf (a typo
        // must not pass as "nothing to report"); the other paths are still checked.
        var missing = paths.Where(p => !File.Exists(Path.Combine(cwd, p)) && !Directory.Exists(Path.Combine(cwd, p))).ToList();
        var (inputs, errors) = ConfigInputs.Resolve(paths.Except(missing), cwd);
        errors.InsertRange(0, missing.Select(p => new InputError(p, $"{p}: no such file or directory")));
        foreach (var e in errors)
        {
            stderr.WriteLine($"configlint: error: {e.Message}");
        }

        // One fail level per finding: each configuration file may set its own fail_level.
        var findings = new List<Finding>();
        var failLevels = new List<Severity>();
        var sources = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            var settings = LoadSettings(explicitConfig, input.Directory, cwd, settingsCache);
            var (rules, selection) = ruleSets.For(settings);
            var reported = ReportedFiles(input);
            if (reported.Count > 0 && reported.All(settings.IsExcluded))
            {
                continue;
            }

            var config = PostfixConfig.Load(input.Directory, input.DisplayPrefix, input.Files, settings.ToHostFacts(), network: settings.Network);
            CliApp.CollectSources(config, sources);
            foreach (var f in Analyzer.Run(config, rules, selection))
            {
                if (input.ReportOnly is { } only && !only.Contains(f.Span.File))
                {
                    continue;
                }

                if (settings.IsExcluded(Path.GetFullPath(Path.Combine(cwd, f.Span.File))))
                {
                    continue;
                }

                findings.Add(f);
                failLevels.Add(cliFailLevel ?? settings.FailLevel ?? Severity.Warning);
            }
        }

        string Fingerprint(Finding f) => FindingFingerprint.Compute(f, p => sources.GetValueOrDefault(p));

        if (options.Get("--baseline") is { } baselinePath)
        {
            var full = Path.GetFullPath(Path.Combine(cwd, baselinePath));
            if (!File.Exists(full))
            {
                stderr.WriteLine($"configlint: error: {baselinePath}: no such baseline file (write one with --write-baseline {baselinePath})");
                return ExitCodes.UsageOrInputError;
            }

            var (baselined, stale) = Baseline.Load(full, baselinePath).Apply(findings, Fingerprint, baselinePath);
            findings = baselined;
            if (stale > 0)
            {
                stderr.WriteLine($"configlint: {stale} baseline {(stale == 1 ? "entry matches" : "entries match")} no finding any more (fixed?); run with --write-baseline {baselinePath} to prune.");
            }
        }

        if (options.Get("--write-baseline") is { } writePath)
        {
            // Everything not suppressed inline is accepted, including what an older baseline accepted;
            // the report that follows is then checked against the new baseline.
            var accepted = findings.Where(f => f.Suppression is null || f.Suppression.Kind == Baseline.Kind).Select(f => f with { Suppression = null }).ToList();
            var baseline = Baseline.From(accepted, Fingerprint);
            var full = Path.GetFullPath(Path.Combine(cwd, writePath));
            try
            {
                File.WriteAllText(full, baseline.ToJson(CliApp.Version), new UTF8Encoding(false));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"configlint: error: cannot write {writePath}: {e.Message}");
                return ExitCodes.UsageOrInputError;
            }

            stderr.WriteLine($"configlint: wrote {baseline.Entries.Count} finding{(baseline.Entries.Count == 1 ? string.Empty : "s")} to the baseline {writePath}");
            findings = baseline.Apply(findings.Select(f => f.Suppression?.Kind == Baseline.Kind ? f with { Suppression = null } : f), Fingerprint, writePath).Findings;
        }

        var descriptors = ruleSets.Used.Count > 0
            ? ruleSets.Used.Values.OrderBy(r => r.Id, StringComparer.Ordinal).ToList()
            : ConfigLint.Rules.BuiltInRules.Rules.Select(r => r.Descriptor).ToList();
        var report = new ReportInput(descriptors, findings, p => sources.GetValueOrDefault(p), options.Get("--category"), CliApp.Version, null);
        if (options.Get("--output") is { } output)
        {
            var full = Path.GetFullPath(Path.Combine(cwd, output));
            try
            {
                using var writer = new StreamWriter(full, append: false, new UTF8Encoding(false));
                reporter.Write(report, writer);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"configlint: error: cannot write {output}: {e.Message}");
                return ExitCodes.UsageOrInputError;
            }
        }
        else
        {
            reporter.Write(report, stdout);
        }

        if (errors.Count > 0)
        {
            return ExitCodes.UsageOrInputError;
        }

        var failing = findings.Where((f, i) => ExitCodes.For([f], failLevels[i]) == ExitCodes.Findings);
        return failing.Any() ? ExitCodes.Findings : ExitCodes.Clean;
    }

    /// <summary>
    /// The settings for one configuration directory: <c>--config FILE</c> when given, else the
    /// nearest <c>.configlint.yml</c> upwards, else the defaults. Each file is read once per run.
    /// </summary>
    public static ConfigLintSettings LoadSettings(string? explicitConfig, string directory, string cwd, Dictionary<string, ConfigLintSettings> cache)
    {
        string? path;
        if (explicitConfig is not null)
        {
            path = Path.GetFullPath(Path.Combine(cwd, explicitConfig));
            if (!File.Exists(path))
            {
                throw new ConfigurationException(explicitConfig, 1, "no such configuration file");
            }
        }
        else
        {
            path = SettingsLoader.Find(directory);
        }

        if (path is null)
        {
            return ConfigLintSettings.Default;
        }

        if (!cache.TryGetValue(path, out var settings))
        {
            settings = SettingsLoader.Load(path, RuleSets.DisplayPath(path, cwd));
            cache[path] = settings;
        }

        return settings;
    }

    /// <summary>The <c>--rules</c> directories as full paths; a missing one is a usage error.</summary>
    public static List<string> RuleDirectories(IReadOnlyList<string> given, string cwd)
    {
        var result = new List<string>();
        foreach (var dir in given)
        {
            var full = Path.GetFullPath(Path.Combine(cwd, dir));
            if (!Directory.Exists(full))
            {
                throw new UsageException($"--rules {dir}: not a directory");
            }

            result.Add(full);
        }

        return result;
    }

    /// <summary>The full paths of the files an input reports on: the named ones, or the directory's main.cf, master.cf and aliases that exist.</summary>
    private static List<string> ReportedFiles(ConfigInput input)
    {
        var names = new[] { input.Files.MainCf, input.Files.MasterCf, input.Files.Aliases }.OfType<string>();
        return names
            .Select(n => Path.Combine(input.Directory, n))
            .Where(p => File.Exists(p) && (input.ReportOnly is null || input.ReportOnly.Contains(input.DisplayPrefix + Path.GetFileName(p))))
            .ToList();
    }
}
