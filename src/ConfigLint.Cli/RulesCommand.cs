using System.Buffers;
using System.Text;
using System.Text.Json;
using ConfigLint.Core.Engine;
using ConfigLint.Core.Text;
using ConfigLint.Reporting;
using ConfigLint.Rules;

namespace ConfigLint.Cli;

/// <summary><c>configlint rules list|explain</c>, and <c>rules docs</c> for contributors (regenerates the rule pages).</summary>
internal static class RulesCommand
{
    public static readonly CommandSpec ListSpec = new("rules list", ["--format", "--rules"], []);

    public static readonly CommandSpec ExplainSpec = new("rules explain", ["--rules"], []);

    public static readonly CommandSpec DocsSpec = new("rules docs", [], []);

    public const string Usage = """
        Usage:
          configlint rules list [--format text|json|markdown] [--rules DIR]...
          configlint rules explain ID|NAME [--rules DIR]...

        list     every rule: ID, default severity, category, name and title
        explain  what a rule finds, why it matters, how to fix it, when it is acceptable

        Options:
          --format text|json|markdown   (list) output format (default: text)
          --rules DIR                   also load the declarative rules in DIR (repeatable)
          -h, --help                    show this help
        """;

    private static readonly string[] Subcommands = ["list", "explain"];

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string cwd)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            if (args.Length == 0)
            {
                throw new UsageException("rules needs 'list' or 'explain ID'", "rules");
            }

            stdout.WriteLine(Usage);
            return ExitCodes.Clean;
        }

        return args[0] switch
        {
            "list" => List(args[1..], stdout, cwd),
            "explain" => Explain(args[1..], stdout, stderr, cwd),
            "docs" => Docs(args[1..], stdout),
            var other => throw new UsageException($"unknown rules command '{other}'{NearestName.Hint(other, Subcommands)}; use 'rules list' or 'rules explain ID'", "rules"),
        };
    }

    private static int List(string[] args, TextWriter stdout, string cwd)
    {
        var (positionals, options, help) = CommandLine.Parse(args, ListSpec);
        if (help)
        {
            stdout.WriteLine(Usage);
            return ExitCodes.Clean;
        }

        if (positionals.Count > 0)
        {
            throw new UsageException($"rules list takes no argument '{positionals[0]}'", "rules");
        }

        var loaded = Load(options, cwd);
        var rules = loaded.Select(r => r.Descriptor).ToList();
        var format = options.Get("--format") ?? "text";
        switch (format)
        {
            case "text":
                stdout.Write(RuleDocs.Table(rules));
                break;
            case "json":
                // docs: the page's URL for a built-in rule; a custom rule has no page, so its manifest is named instead.
                stdout.WriteLine(Json(loaded));
                break;
            case "markdown":
                stdout.Write(RuleDocs.Index(rules));
                break;
            default:
                throw new UsageException($"unknown format '{format}'{NearestName.Hint(format, ["text", "json", "markdown"])} (use text, json or markdown)", "rules");
        }

        return ExitCodes.Clean;
    }

    private static int Explain(string[] args, TextWriter stdout, TextWriter stderr, string cwd)
    {
        var (positionals, options, help) = CommandLine.Parse(args, ExplainSpec);
        if (help)
        {
            stdout.WriteLine(Usage);
            return ExitCodes.Clean;
        }

        if (positionals.Count != 1)
        {
            throw new UsageException("rules explain needs one rule ID or name", "rules");
        }

        var loaded = Load(options, cwd);
        var wanted = positionals[0];
        var rule = loaded.FirstOrDefault(r => string.Equals(r.Descriptor.Id, wanted, StringComparison.OrdinalIgnoreCase) || r.Descriptor.Name == wanted);
        if (rule is null)
        {
            var hint = NearestName.Hint(wanted, loaded.Select(r => r.Descriptor.Id).Concat(loaded.Select(r => r.Descriptor.Name)));
            stderr.WriteLine($"configlint: error: no rule '{wanted}'{hint}; 'configlint rules list' shows them all");
            return ExitCodes.UsageOrInputError;
        }

        stdout.Write(RuleDocs.Explain(rule));
        return ExitCodes.Clean;
    }

    /// <summary>Regenerates rules/**/*.md from the manifests and samples (<see cref="RuleDocs.RegenerateCommand"/>).</summary>
    private static int Docs(string[] args, TextWriter stdout)
    {
        var (positionals, _, help) = CommandLine.Parse(args, DocsSpec);
        if (help || positionals.Count != 1)
        {
            if (!help)
            {
                throw new UsageException("rules docs needs the repository root", "rules");
            }

            stdout.WriteLine("Usage: configlint rules docs ROOT   (contributors: regenerate rules/**/*.md from the manifests and samples)");
            return ExitCodes.Clean;
        }

        var root = Path.GetFullPath(positionals[0]);
        foreach (var (path, content) in RuleDocs.All(root, BuiltInRules.Rules))
        {
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content, new UTF8Encoding(false));
            stdout.WriteLine($"wrote {path}");
        }

        return ExitCodes.Clean;
    }

    /// <summary>
    /// The catalogue as JSON, written field by field (no serializer that inspects types at run time,
    /// so a native configlint writes it too). A key whose value is null is left out.
    /// </summary>
    private static string Json(List<Core.Rules.LoadedRule> loaded)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var l in loaded)
            {
                json.WriteStartObject();
                json.WriteString("id", l.Descriptor.Id);
                json.WriteString("name", l.Descriptor.Name);
                json.WriteString("title", l.Descriptor.Title);
                json.WriteString("category", l.Descriptor.Category);
                json.WriteString("severity", l.Descriptor.DefaultSeverity.ToName());
                json.WriteStartArray("tags");
                foreach (var tag in l.Descriptor.Tags)
                {
                    json.WriteStringValue(tag);
                }

                json.WriteEndArray();
                WriteUnlessNull(json, "docs", RuleDocs.DocUrl(l));
                WriteUnlessNull(json, "manifest", l.BuiltIn ? null : l.Source);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteUnlessNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static List<Core.Rules.LoadedRule> Load(CommandOptions options, string cwd)
    {
        var dirs = new List<string>();
        foreach (var dir in options.All("--rules"))
        {
            var full = Path.GetFullPath(Path.Combine(cwd, dir));
            dirs.Add(Directory.Exists(full) ? full : throw new UsageException($"--rules {dir}: not a directory", "rules"));
        }

        return RuleSets.Load(BuiltInRules.Rules, dirs, cwd);
    }
}
