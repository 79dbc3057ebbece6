using ConfigLint.Core.Engine;
using ConfigLint.Core.Model;
using ConfigLint.Core.Text;

namespace ConfigLint.Cli;

/// <summary><c>configlint effective DIR [--service NAME/TYPE]</c>: what Postfix will really use, with provenance.</summary>
internal static class EffectiveCommand
{
    public static readonly CommandSpec Spec = new("effective", ["--service", "--config"], []);

    public const string Usage = """
        Usage: configlint effective DIR [--service NAME/TYPE] [--config FILE]

        Prints every parameter main.cf sets, as Postfix will use it ($name expanded, with where
        each value comes from), the -o overrides of each master.cf service, and every listener.
        With --service, every parameter as that one service sees it. A directory without
        master.cf is shown with the stock master.cf of the target release, as check uses it.

        Options:
          --service NAME/TYPE   one master.cf service, e.g. submission/inet
          --config FILE         settings file (default: the nearest .configlint.yml)
          -h, --help            show this help
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string cwd)
    {
        var (positionals, options, help) = CommandLine.Parse(args, Spec);
        if (help)
        {
            stdout.WriteLine(Usage);
            return ExitCodes.Clean;
        }

        if (positionals.Count != 1)
        {
            throw new UsageException("effective needs exactly one configuration directory", Spec.Name);
        }

        var dir = Path.GetFullPath(Path.Combine(cwd, positionals[0]));
        if (!Directory.Exists(dir))
        {
            stderr.WriteLine($"configlint: error: {positionals[0]}: not a directory");
            return ExitCodes.UsageOrInputError;
        }

        var (config, notes, errors) = LintEngine.LoadConfiguration(dir, cwd, options.Get("--config"), ConfigLint.Rules.BuiltInRules.Rules);
        foreach (var error in errors)
        {
            stderr.WriteLine($"configlint: error: {error}");
        }

        if (config is null)
        {
            return ExitCodes.UsageOrInputError;
        }

        // Values are printed as written: a password in the tree (static:user:password) is masked.
        var output = new StringWriter();
        var errorOutput = new StringWriter();
        try
        {
            return Print(config, notes, options, output, errorOutput);
        }
        finally
        {
            stdout.Write(config.Secrets.Redact(output.ToString()));
            stderr.Write(config.Secrets.Redact(errorOutput.ToString()));
        }
    }

    private static int Print(PostfixConfig config, IReadOnlyList<Core.Findings.ToolNote> notes, CommandOptions options, TextWriter stdout, TextWriter stderr)
    {
        foreach (var d in config.Diagnostics)
        {
            stderr.WriteLine($"{d.Span}: {RuleOf(d.Kind)}: {d.Message}");
        }

        foreach (var note in notes)
        {
            stdout.WriteLine($"# {note.Level.ToName()}: {note.Message}");
        }

        if (options.Get("--service") is { } key)
        {
            var services = config.Master?.EffectiveServices.ToList() ?? [];
            var service = services.FirstOrDefault(s => s.Key == key || s.Name == key);
            if (service is null)
            {
                var hint = NearestName.Hint(key, services.Select(s => s.Key));
                stderr.WriteLine($"configlint: error: no master.cf service '{key}'{hint} (write it as NAME/TYPE, e.g. submission/inet)");
                return ExitCodes.UsageOrInputError;
            }

            stdout.WriteLine($"# {service.Label} at compatibility_level {config.CompatibilityLevel}: -o overrides, else main.cf");
            var names = (config.Main?.Effective.Keys ?? []).Concat(service.Overrides.Select(o => o.Name)).Distinct().Order(StringComparer.Ordinal);
            foreach (var name in names)
            {
                PrintValue(stdout, config.Get(name, service));
            }

            foreach (var l in config.Listeners.Of(service))
            {
                stdout.WriteLine($"# listener {l.Service.Label}: {l} (from {(l.Source == ListenerSource.ServiceName ? "service name" : "inet_interfaces")} {l.Span})");
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
            stdout.WriteLine($"# {service.Label} (-o overrides)");
            foreach (var o in service.Overrides.Select(o => o.Name).Distinct())
            {
                PrintValue(stdout, config.Get(o, service));
            }
        }

        foreach (var l in config.Listeners.All)
        {
            stdout.WriteLine($"# listener {l.Service.Label}: {l} (from {(l.Source == ListenerSource.ServiceName ? "service name" : "inet_interfaces")} {l.Span})");
        }

        return ExitCodes.Clean;
    }

    /// <summary>The reader rule that reports a diagnostic kind (PF001–PF005).</summary>
    private static string RuleOf(DiagnosticKind kind) =>
        ConfigLint.Rules.BuiltInRules.Rules.FirstOrDefault(r => r.Logic is ConfigLint.Rules.ReaderDiagnosticRule reader && reader.Kind == kind)?.Descriptor.Id ?? kind.ToString();

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
}
