namespace ConfigLint.Cli;

/// <summary>A wrong command line (exit code 2, with a pointer to --help).</summary>
internal sealed class UsageException(string message) : Exception(message);

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

internal static class CommandLine
{
    /// <summary>
    /// Splits arguments into positionals and <c>--option value</c> / <c>--option=value</c> pairs;
    /// options listed in <paramref name="flags"/> take no value. <c>--</c> ends the options.
    /// </summary>
    public static (List<string> Positionals, CommandOptions Options) Parse(string[] args, string[] valued, string[] flags)
    {
        var positionals = new List<string>();
        var options = new CommandOptions();
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
                    if (eq > 0)
                    {
                        throw new UsageException($"option '{name}' takes no value");
                    }

                    options.Add(name, "true");
                    continue;
                }

                if (!valued.Contains(name))
                {
                    throw new UsageException($"unknown option '{name}'");
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
                    throw new UsageException($"option '{name}' needs a value");
                }

                continue;
            }

            positionals.Add(a);
        }

        return (positionals, options);
    }
}
