using System.Reflection;
using System.Text;
using System.Text.Json;
using ConfigLint.Core.Configuration;
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
                                   [--config FILE] [--rules DIR]... [--include-suppressed]
                                   [--baseline FILE] [--write-baseline FILE]
          configlint init [DIR] [--force]
          configlint effective DIR [--service NAME/TYPE] [--config FILE]
          configlint rules list [--format text|json|markdown] [--rules DIR]...
          configlint rules explain ID [--rules DIR]...
          configlint --version

        PATH is a Postfix configuration directory (main.cf, master.cf, aliases) or files in one.
        Settings come from the nearest .configlint.yml in the checked directory or its parents
        (or --config FILE); 'configlint init' writes a commented one.
        Suppress one finding with a comment line directly above the entry:
          # configlint: disable=PF101 -- reason
        Exit codes: 0 no findings at or above --fail-level (default: warning; suppressed and
        baselined findings never count), 1 findings, 2 usage, configuration or input error.
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
                "check" => CheckCommand.Run(args[1..], stdout, stderr, workingDirectory, colorTerminal),
                "init" => InitCommand.Run(args[1..], stdout, stderr, workingDirectory),
                "effective" => Effective(args[1..], stdout, stderr, workingDirectory),
                "rules" => RulesCommand(args[1..], stdout, stderr, workingDirectory),
                _ => UsageError(stderr, $"unknown command '{args[0]}'"),
            };
        }
        catch (Exception e) when (e is RuleManifestException or ConfigurationException or BaselineException)
        {
            // Configuration, custom rule and baseline files: the message starts with file:line.
            stderr.WriteLine($"configlint: error: {e.Message}");
            return ExitCodes.UsageOrInputError;
        }
        catch (UsageException e)
        {
            return UsageError(stderr, e.Message);
        }
    }

    private static int PrintVersion(TextWriter stdout)
    {
        stdout.WriteLine($"configlint {Version}");
        return ExitCodes.Clean;
    }

    internal static int UsageError(TextWriter stderr, string message)
    {
        stderr.WriteLine($"configlint: error: {message}");
        stderr.WriteLine("Run 'configlint --help' for usage.");
        return ExitCodes.UsageOrInputError;
    }

    internal static void CollectSources(PostfixConfig config, Dictionary<string, IReadOnlyList<string>> sources)
    {
        foreach (var (path, lines) in config.SourceFiles)
        {
            sources[path] = lines;
        }
    }

    private static int Effective(string[] args, TextWriter stdout, TextWriter stderr, string cwd)
    {
        var (positionals, options) = CommandLine.Parse(args, ["--service", "--config"], []);
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

        // default_compatibility_level and postfix_version from .configlint.yml change what Postfix would see.
        var settings = CheckCommand.LoadSettings(options.Get("--config"), dir, cwd, new Dictionary<string, ConfigLintSettings>(StringComparer.Ordinal));
        var config = PostfixConfig.Load(dir, ConfigInputs.DisplayPrefix(dir, cwd), host: settings.ToHostFacts(), network: settings.Network);
        foreach (var d in config.Diagnostics)
        {
            stderr.WriteLine($"{d.Span}: {d.Kind}: {d.Message}");
        }

        if (options.Get("--service") is { } key)
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

        foreach (var l in config.Listeners.All)
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

    private static int RulesCommand(string[] args, TextWriter stdout, TextWriter stderr, string cwd)
    {
        if (args.Length == 0)
        {
            throw new UsageException("rules needs 'list' or 'explain ID'");
        }

        var (positionals, options) = CommandLine.Parse(args[1..], ["--format", "--rules"], []);
        var loaded = RuleSets.Load(CheckCommand.RuleDirectories(options.All("--rules"), cwd), cwd);
        var rules = loaded.Select(r => r.Descriptor).ToList();
        if (args[0] == "list")
        {
            if (positionals.Count > 0)
            {
                throw new UsageException($"rules list takes no argument '{positionals[0]}'");
            }

            var format = options.Get("--format") ?? "text";
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

        if (args[0] == "explain" && positionals.Count == 1)
        {
            var wanted = positionals[0];
            var rule = rules.FirstOrDefault(r => string.Equals(r.Id, wanted, StringComparison.OrdinalIgnoreCase) || r.Name == wanted);
            if (rule is null)
            {
                stderr.WriteLine($"configlint: error: no rule '{wanted}'; 'configlint rules list' shows them all");
                return ExitCodes.UsageOrInputError;
            }

            var manifest = loaded.First(r => r.Descriptor.Id == rule.Id).Manifest;
            stdout.Write(RuleDocs.Explain(rule, manifest));
            return ExitCodes.Clean;
        }

        throw new UsageException("rules needs 'list' or 'explain ID'");
    }
}
