using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Engine;
using ConfigLint.Core.Model;
using ConfigLint.Core.Text;

namespace ConfigLint.Cli;

/// <summary><c>configlint effective DIR [--service NAME/TYPE]</c>: what Postfix will really use, with provenance.</summary>
internal static class EffectiveCommand
{
    public static readonly CommandSpec Spec = new("effective", ["--service", "--config", "--postfix-version"], []);

    public const string Usage = """
        Usage: configlint effective DIR [--service NAME/TYPE] [--config FILE] [--postfix-version X.Y]

        Prints every parameter main.cf sets, as Postfix will use it ($name expanded, with where
        each value comes from), the -o overrides of each master.cf service, and every listener.
        With --service, every parameter as that one service sees it. Defaults are those of the
        target release at the effective compatibility_level. A directory without master.cf is
        shown with the stock master.cf of the target release, as check uses it.

        Options:
          --service NAME/TYPE     one master.cf service, e.g. submission/inet
          --config FILE           settings file (default: the nearest .configlint.yml)
          --postfix-version X.Y   the Postfix release the files are for, 3.4 to 3.11
                                  (default: postfix_version in .configlint.yml, else 3.11)
          -h, --help              show this help
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

        var postfixVersion = PostfixVersionOption.Get(options, Spec.Name);
        var (config, notes, errors) = LintEngine.LoadConfiguration(dir, cwd, options.Get("--config"), ConfigLint.Rules.BuiltInRules.Rules, postfixVersion);
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

            stdout.WriteLine($"# {service.Label} for Postfix {config.Release.Series} at compatibility_level {config.CompatibilityLevel}: -o overrides, else main.cf");
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

        stdout.WriteLine($"# main.cf for Postfix {config.Release.Series} at compatibility_level {config.CompatibilityLevel} (what postconf -nx shows, with provenance)");
        PrintLevelNote(stdout, config);
        foreach (var name in (config.Main?.Effective.Keys ?? []).Order(StringComparer.Ordinal))
        {
            PrintValue(stdout, config.Get(name));
        }

        PrintLevelDefaults(stdout, config);

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

    /// <summary>What the target does with a level above the newest it knows: accepts it without a word.</summary>
    private static void PrintLevelNote(TextWriter stdout, PostfixConfig config)
    {
        var level = config.CompatibilityLevelSetting;
        if (level.IsAboveNewest)
        {
            var newer = level.NamesNewerRelease ? $", which names a later Postfix than {config.Release.Series}" : string.Empty;
            stdout.WriteLine($"# note: compatibility_level {level.Value.Value}{newer}, is above the newest level Postfix {config.Release.Series} knows ({config.Release.NewestCompatibilityLevel}); it accepts it without a warning and uses the {config.Release.NewestCompatibilityLevel} defaults");
        }
    }

    /// <summary>
    /// The defaults the effective compatibility level sets (postconf -x shows them, postconf -nx does not):
    /// every parameter whose built-in default tests compatibility_level, that main.cf leaves unset, and whose
    /// value differs from what it would be at level 0 (with 3.11 at level 3.11: smtp_tls_security_level = may).
    /// </summary>
    private static void PrintLevelDefaults(TextWriter stdout, PostfixConfig config)
    {
        if (config.CompatibilityLevel == CompatibilityLevels.Default)
        {
            return;
        }

        var changed = config.Catalogue.LevelDependent
            .Where(p => config.Main?.Get(p.Name) is null)
            .Select(p => config.Get(p.Name))
            .Where(v => v.IsDefault && !v.Expanded.Failed && v.Value != config.DefaultAt(v.Name, CompatibilityLevels.Default).Value)
            .ToList();
        if (changed.Count == 0)
        {
            return;
        }

        stdout.WriteLine();
        stdout.WriteLine($"# defaults that compatibility_level {config.CompatibilityLevel} changes (not set in main.cf; different at level 0)");
        foreach (var value in changed)
        {
            PrintValue(stdout, value);
        }
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
