using ConfigLint.Core.Configuration;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Engine;

/// <summary>
/// The rules one run uses: the built-in ones plus declarative manifests from <c>--rules DIR</c>
/// and <c>rules_dirs:</c>, and the levels a <c>.configlint.yml</c> gives them. Loaded once per
/// configuration file and cached, since every configuration directory under one file shares them.
/// </summary>
public sealed class RuleSets(IReadOnlyList<LoadedRule> builtIn, IReadOnlyList<string> extraRuleDirs, string workingDirectory)
{
    private static readonly IReadOnlyDictionary<string, CodedRule> NoCodedRules = new Dictionary<string, CodedRule>();

    private readonly Dictionary<string, (IReadOnlyList<LoadedRule> Rules, RuleSelection Selection)> cache = new(StringComparer.Ordinal);

    /// <summary>Every rule any configuration of this run used (SARIF lists them all).</summary>
    public Dictionary<string, RuleDescriptor> Used { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The rules and levels for one configuration file (or the defaults). Throws
    /// <see cref="RuleManifestException"/> or <see cref="ConfigurationException"/> (every unknown
    /// <c>rules:</c> key at once).
    /// </summary>
    public (IReadOnlyList<LoadedRule> Rules, RuleSelection Selection) For(ConfigLintSettings settings)
    {
        var key = settings.Path ?? string.Empty;
        if (cache.TryGetValue(key, out var set))
        {
            // Its rules are in Used since it was made: a fleet asks 10,000 times for one set.
            return set;
        }

        var rules = Load(builtIn, settings.RulesDirs.Concat(extraRuleDirs), workingDirectory);
        set = (rules, RuleLevels.Resolve(rules.Select(r => r.Descriptor).ToList(), settings));
        cache[key] = set;
        foreach (var r in set.Rules)
        {
            Used.TryAdd(r.Descriptor.Id, r.Descriptor);
        }

        return set;
    }

    /// <summary>The <c>rules:</c> keys of a (partly read) settings file that name no rule; none when its rules cannot be loaded either.</summary>
    public IReadOnlyList<ConfigurationException> UnknownSelectors(ConfigLintSettings settings)
    {
        try
        {
            var rules = Load(builtIn, settings.RulesDirs.Concat(extraRuleDirs), workingDirectory);
            return RuleLevels.UnknownSelectors(rules.Select(r => r.Descriptor).ToList(), settings);
        }
        catch (RuleManifestException)
        {
            return [];
        }
    }

    /// <summary>
    /// Built-in rules plus every <c>*.yaml</c>/<c>*.yml</c> manifest under the given directories
    /// (declarative only, own ID prefix: <see cref="RuleLoader.Load"/> with builtIn false enforces
    /// both and throws <see cref="RuleManifestException"/> with the file and line).
    /// </summary>
    public static List<LoadedRule> Load(IReadOnlyList<LoadedRule> builtIn, IEnumerable<string> directories, string workingDirectory)
    {
        var rules = new List<LoadedRule>(builtIn);
        foreach (var dir in directories.Distinct(StringComparer.Ordinal))
        {
            // Manifests may not lead out of their directory through a link (InputFile refuses them).
            var boundary = InputFile.RealPath(dir);
            foreach (var file in ManifestFiles(dir).Order(StringComparer.Ordinal))
            {
                var display = DisplayPath(file, workingDirectory);
                var content = InputFile.Read(file, InputFile.MaxSettingsBytes, boundary);
                if (content.Bytes is null)
                {
                    throw new RuleManifestException(display, 1, $"the rule manifest {content.Reason}");
                }

                rules.Add(RuleLoader.Load(content.Text(), display, builtIn: false, NoCodedRules));
            }
        }

        RuleLoader.CheckUnique(rules);
        return rules;
    }

    /// <summary>The <c>*.yaml</c> and <c>*.yml</c> files under a directory, not through linked directories (they may lead out, or in a circle).</summary>
    private static List<string> ManifestFiles(string dir)
    {
        var result = new List<string>();
        var pending = new Stack<string>();
        pending.Push(dir);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            string[] entries;
            try
            {
                entries = Directory.GetFileSystemEntries(current);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new RuleManifestException(current, 1, $"cannot read the rules directory: {e.Message}");
            }

            foreach (var entry in entries)
            {
                var name = Path.GetFileName(entry);
                if (Directory.Exists(entry))
                {
                    if (new DirectoryInfo(entry).LinkTarget is null)
                    {
                        pending.Push(entry);
                    }
                }
                else if (!name.StartsWith('.') && (name.EndsWith(".yaml", StringComparison.Ordinal) || name.EndsWith(".yml", StringComparison.Ordinal)))
                {
                    result.Add(entry);
                }
            }
        }

        return result;
    }

    /// <summary>A path relative to the working directory when it is inside it, else the full path.</summary>
    public static string DisplayPath(string fullPath, string workingDirectory)
    {
        var relative = Path.GetRelativePath(workingDirectory, fullPath).Replace('\\', '/');
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? fullPath.Replace('\\', '/') : relative;
    }
}
