using System.Reflection;
using System.Text;
using System.Text.Json;
using ConfigLint.Core.Engine;
using ConfigLint.Core.Model;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;
using ConfigLint.Reporting;
using ConfigLint.Rules;

namespace ConfigLint.Cli;

/// <summary>
/// The <c>configlint</c> command. Streams and the working directory are passed in so tests run the
/// real command in-process; this is the only code that decides exit codes.
/// </summary>
public static class CliApp
{
    public static string Version => typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private const string Usage = """
        Usage:
          configlint check PATH... [--format text|json|sarif|github] [--output FILE]
                                   [--fail-level error|warning|note|none] [--category ID] [--no-color]
          configlint effective DIR [--service NAME/TYPE]
          configlint rules list [--format text|json|markdown]
          configlint rules explain ID
          configlint --version

        PATH is a Postfix configuration directory (main.cf, master.cf, aliases) or files in one.
        Exit codes: 0 no findings at or above --fail-level (default: warning), 1 findings, 2 usage or input error.
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string workingDirectory, bool colorTerminal = false)
    {
        try
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
            {
                (args.Length == 0 ? stderr : stdout).WriteLine(Usage);
                return args.Length == 0 ? ExitCodes.UsageOrInputError : ExitCodes.Clean;
            }

            return args[0] switch
            {
                "--version" or "version" => PrintVersion(stdout),
                "check" => Check(args[1..], stdout, stderr, workingDirectory, colorTerminal),
                "effective" => Effective(args[1..], stdout, stderr, workingDirectory),
                "rules" => RulesCommand(args[1..], stdout, stderr),
                _ => UsageError(stderr, $"unknown command '{args[0]}'"),
            };
        }
        catch (RuleManifestException e)
        {
            stderr.WriteLine($"configlint: error: {e.Message}");
            return ExitCodes.UsageOrInputError;
        }
        catch (UsageException e)
        {
            return UsageError(stderr, e.Message);
        }
    }

    private sealed class UsageException(string message) : Exception(message);

    private static int PrintVersion(TextWriter stdout)
    {
        stdout.WriteLine($"configlint {Version}");
        return ExitCodes.Clean;
    }

    private static int UsageError(TextWriter stderr, string message)
    {
        stderr.WriteLine($"configlint: error: {message}");
        stderr.WriteLine("Run 'configlint --help' for usage.");
        return ExitCodes.UsageOrInputError;
    }

    /// <summary>Splits arguments into positionals and <c>--option value</c> pairs; flags listed in <paramref name="flags"/> take no value.</summary>
    private static (List<string> Positionals, Dictionary<string, string> Options) Parse(string[] args, string[] valued, string[] flags)
    {
        var positionals = new List<string>();
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a == "--")
            {
                positionals.AddRange(args[(i + 1)..]);
                break;
            }

            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                var eq = a.IndexOf('=', StringComparison.Ordinal);
                var name = eq > 0 ? a[..eq] : a;
                if (flags.Contains(name))
                {
                    options[name] = "true";
                    continue;
                }

                if (!valued.Contains(name))
                {
                    throw new UsageException($"unknown option '{name}'");
                }

                if (eq > 0)
                {
                    options[name] = a[(eq + 1)..];
                }
                else if (i + 1 < args.Length)
                {
                    options[name] = args[++i];
                }
                else
                {
                    throw new UsageException($"option '{name}' needs a value");
                }

                continue;
            }

            positionals.Add(a);
        }

        return (positionals, options);
    }

    private static int Check(string[] args, TextWriter stdout, TextWriter stderr, string cwd, bool colorTerminal)
    {
        var (paths, options) = Parse(args, ["--format", "--output", "--fail-level", "--category"], ["--no-color"]);
        if (paths.Count == 0)
        {
            throw new UsageException("check needs at least one PATH (a configuration directory or files in one)");
        }

        var format = options.GetValueOrDefault("--format", "text");
        var reporter = Reporters.ByName(format, useColor: colorTerminal && !options.ContainsKey("--no-color") && !options.ContainsKey("--output"), includeSuppressed: false)
            ?? throw new UsageException($"unknown format '{format}' (use text, json, sarif or github)");
        var failLevelText = options.GetValueOrDefault("--fail-level", "warning");
        if (!SeverityNames.TryParse(failLevelText, out var failLevel))
        {
            throw new UsageException($"unknown fail level '{failLevelText}' (use error, warning, note or none)");
        }

        var (inputs, errors) = ConfigInputs.Resolve(paths, cwd);
        foreach (var e in errors)
        {
            stderr.WriteLine($"configlint: error: {e.Message}");
        }

        var rules = BuiltInRules.Rules;
        var findings = new List<Finding>();
        var sources = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            var config = PostfixConfig.Load(input.Directory, input.DisplayPrefix, input.Files);
            CollectSources(config, sources);
            var found = Analyzer.Run(config, rules);
            findings.AddRange(input.ReportOnly is null ? found : found.Where(f => input.ReportOnly.Contains(f.Span.File)));
        }

        var report = new ReportInput(rules.Select(r => r.Descriptor).ToList(), findings, p => sources.GetValueOrDefault(p), options.GetValueOrDefault("--category"), Version, null);
        if (options.TryGetValue("--output", out var output))
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

        return errors.Count > 0 ? ExitCodes.UsageOrInputError : ExitCodes.For(findings, failLevel);
    }

    private static void CollectSources(PostfixConfig config, Dictionary<string, IReadOnlyList<string>> sources)
    {
        foreach (var s in new[] { config.Main?.Source, config.Master?.Source, config.Aliases?.Source })
        {
            if (s is not null)
            {
                sources[s.Path] = s.Lines;
            }
        }

        foreach (var (path, lines) in config.Tree.LoadedFiles)
        {
            sources[path] = lines;
        }
    }

    private static int Effective(string[] args, TextWriter stdout, TextWriter stderr, string cwd)
    {
        var (positionals, options) = Parse(args, ["--service"], []);
        if (positionals.Count != 1)
        {
            throw new UsageException("effective needs exactly one configuration directory");
        }

        var dir = Path.GetFullPath(Path.Combine(cwd, positionals[0]));
        if (!Directory.Exists(dir))
        {
            stderr.WriteLine($"configlint: error: {positionals[0]}: not a directory");
            return ExitCodes.UsageOrInputError;
        }

        var config = PostfixConfig.Load(dir, ConfigInputs.DisplayPrefix(dir, cwd));
        foreach (var d in config.Diagnostics)
        {
            stderr.WriteLine($"{d.Span}: {d.RuleId}: {d.Message}");
        }

        if (options.TryGetValue("--service", out var key))
        {
            var service = config.Master?.EffectiveServices.FirstOrDefault(s => s.Key == key || s.Name == key);
            if (service is null)
            {
                stderr.WriteLine($"configlint: error: no master.cf service '{key}' (write it as NAME/TYPE, e.g. submission/inet)");
                return ExitCodes.UsageOrInputError;
            }

            stdout.WriteLine($"# {service.Key} at compatibility_level {config.CompatibilityLevel}: -o overrides, else main.cf");
            var names = (config.Main?.Effective.Keys ?? []).Concat(service.Overrides.Select(o => o.Name)).Distinct().Order(StringComparer.Ordinal);
            foreach (var name in names)
            {
                PrintValue(stdout, config.Get(name, service));
            }

            return ExitCodes.Clean;
        }

        stdout.WriteLine($"# main.cf at compatibility_level {config.CompatibilityLevel} (what postconf -nx shows, with provenance)");
        foreach (var name in (config.Main?.Effective.Keys ?? []).Order(StringComparer.Ordinal))
        {
            PrintValue(stdout, config.Get(name));
        }

        foreach (var service in config.Master?.EffectiveServices.Where(s => s.Overrides.Count > 0) ?? [])
        {
            stdout.WriteLine();
            stdout.WriteLine($"# {service.Key} (-o overrides)");
            foreach (var o in service.Overrides.Select(o => o.Name).Distinct())
            {
                PrintValue(stdout, config.Get(o, service));
            }
        }

        foreach (var l in config.Listeners)
        {
            stdout.WriteLine($"# listener {l.Service.Key}: {l} (from {(l.Source == ListenerSource.ServiceName ? "service name" : "inet_interfaces")} {l.Span})");
        }

        return ExitCodes.Clean;
    }

    private static void PrintValue(TextWriter stdout, EffectiveValue value)
    {
        var text = string.Join(' ', value.Value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
        stdout.WriteLine(text.Length == 0 ? $"{value.Name} =" : $"{value.Name} = {text}");
        stdout.WriteLine($"    # from {value.Provenance?.Describe() ?? "nowhere (undefined)"}");
        foreach (var step in value.Expanded.Steps.DistinctBy(s => s.Name))
        {
            stdout.WriteLine($"    # via ${step.Name}: {step.Provenance?.Describe() ?? "undefined"}");
        }

        if (value.Expanded.Error is { } error)
        {
            stdout.WriteLine($"    # error: {error}");
        }
    }

    private static int RulesCommand(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Length == 0)
        {
            throw new UsageException("rules needs 'list' or 'explain ID'");
        }

        var rules = BuiltInRules.Rules.Select(r => r.Descriptor).ToList();
        if (args[0] == "list")
        {
            var (_, options) = Parse(args[1..], ["--format"], []);
            var format = options.GetValueOrDefault("--format", "text");
            switch (format)
            {
                case "text":
                    foreach (var r in rules)
                    {
                        stdout.WriteLine($"{r.Id}  {r.DefaultSeverity.ToName(),-7}  {r.Category,-10}  {r.Name}  {r.Title}");
                    }

                    break;
                case "json":
                    stdout.WriteLine(JsonSerializer.Serialize(rules.Select(r => new { id = r.Id, name = r.Name, title = r.Title, category = r.Category, severity = r.DefaultSeverity.ToName(), tags = r.Tags, docs = r.DocPath }), new JsonSerializerOptions { WriteIndented = true }));
                    break;
                case "markdown":
                    stdout.Write(RuleDocs.Index(rules));
                    break;
                default:
                    throw new UsageException($"unknown format '{format}' (use text, json or markdown)");
            }

            return ExitCodes.Clean;
        }

        if (args[0] == "docs" && args.Length == 2)
        {
            // Regenerates rules/**/*.md from the manifests and samples (RuleDocs.RegenerateCommand).
            var root = Path.GetFullPath(args[1]);
            foreach (var (path, content) in RuleDocs.All(root))
            {
                var full = Path.Combine(root, path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllText(full, content, new UTF8Encoding(false));
                stdout.WriteLine($"wrote {path}");
            }

            return ExitCodes.Clean;
        }

        if (args[0] == "explain" && args.Length == 2)
        {
            var rule = rules.FirstOrDefault(r => string.Equals(r.Id, args[1], StringComparison.OrdinalIgnoreCase) || r.Name == args[1]);
            if (rule is null)
            {
                stderr.WriteLine($"configlint: error: no rule '{args[1]}'; 'configlint rules list' shows them all");
                return ExitCodes.UsageOrInputError;
            }

            var manifest = BuiltInRules.Rules.First(r => r.Descriptor.Id == rule.Id).Manifest;
            stdout.Write(RuleDocs.Explain(rule, manifest));
            return ExitCodes.Clean;
        }

        throw new UsageException("rules needs 'list' or 'explain ID'");
    }
}
