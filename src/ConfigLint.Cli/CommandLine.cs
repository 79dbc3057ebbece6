using ConfigLint.Core.Text;

namespace ConfigLint.Cli;

/// <summary>A wrong command line (exit code 2, with a pointer to --help).</summary>
internal sealed class UsageException(string message, string? command = null) : Exception(message)
{
    /// <summary>The command whose usage to point at ("check"), or null for the top level.</summary>
    public string? Command { get; } = command;
}

/// <summary>The options of one command: the last value wins, except for options that may be repeated (<c>--rules</c>).</summary>
internal sealed class CommandOptions
{
    private readonly Dictionary<string, List<string>> values = new(StringComparer.Ordinal);

    public void Add(string name, string value)
    {
        if (!values.TryGetValue(name, out var list))
        {
            values[name] = list = [];
        }

        list.Add(value);
    }

    public bool Has(string name) => values.ContainsKey(name);

    /// <summary>The value given last, or null.</summary>
    public string? Get(string name) => values.TryGetValue(name, out var list) ? list[^1] : null;

    /// <summary>Every value given, in order.</summary>
    public IReadOnlyList<string> All(string name) => values.TryGetValue(name, out var list) ? list : [];
}

/// <summary>What one command accepts.</summary>
/// <param name="Name">The command as typed, e.g. "check" or "rules list".</param>
/// <param name="Valued">Options that take a value.</param>
/// <param name="Flags">Options that take none.</param>
internal sealed record CommandSpec(string Name, string[] Valued, string[] Flags)
{
    public IEnumerable<string> AllOptions => Valued.Concat(Flags).Append("--help");
}

internal static class CommandLine
{
    /// <summary>
    /// Splits arguments into positionals and <c>--option value</c> / <c>--option=value</c> pairs.
    /// <c>-h</c> and <c>--help</c> anywhere ask for help (the result's Help is true). <c>--</c>
    /// ends the options, so a path that starts with '-' can still be named. An unknown option gets
    /// the nearest known one as a suggestion.
    /// </summary>
    public static (List<string> Positionals, CommandOptions Options, bool Help) Parse(string[] args, CommandSpec spec)
    {
        var positionals = new List<string>();
        var options = new CommandOptions();
        var help = false;
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a == "--")
            {
                positionals.AddRange(args[(i + 1)..]);
                break;
            }

            if (a is "-h" or "--help")
            {
                help = true;
                continue;
            }

            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                var eq = a.IndexOf('=', StringComparison.Ordinal);
                var name = eq > 0 ? a[..eq] : a;
                if (spec.Flags.Contains(name))
                {
                    if (eq > 0)
                    {
                        throw new UsageException($"option '{name}' takes no value", spec.Name);
                    }

                    options.Add(name, "true");
                    continue;
                }

                if (!spec.Valued.Contains(name))
                {
                    throw new UsageException($"{spec.Name}: unknown option '{name}'{NearestName.Hint(name, spec.AllOptions)}", spec.Name);
                }

                if (eq > 0)
                {
                    options.Add(name, a[(eq + 1)..]);
                }
                else if (i + 1 < args.Length)
                {
                    options.Add(name, args[++i]);
                }
                else
                {
                    throw new UsageException($"option '{name}' needs a value", spec.Name);
                }

                continue;
            }

            if (a.Length > 1 && a[0] == '-')
            {
                throw new UsageException($"{spec.Name}: unknown option '{a}'{NearestName.Hint(a, spec.AllOptions)} (options start with '--'; put '--' before a path that starts with '-')", spec.Name);
            }

            positionals.Add(a);
        }

        return (positionals, options, help);
    }
}
