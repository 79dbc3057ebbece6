using System.Net;
using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Model;
using ConfigLint.Core.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ConfigLint.Core.Configuration;

/// <summary>
/// Finds and reads <c>.configlint.yml</c>. The file is read through YamlDotNet's node model, not
/// deserialised into a class, so every error names the line of the key or value at fault, and an
/// unknown key is an error rather than a silently ignored typo.
/// </summary>
public static class SettingsLoader
{
    /// <summary>The top-level keys, in the order the schema and the starter file list them.</summary>
    public static readonly IReadOnlyList<string> TopLevelKeys =
        ["profiles", "rules", "exclude", "fail_level", "postfix_version", "default_compatibility_level", "master_cf", "templates", "network", "rules_dirs"];

    private static readonly string[] NetworkKeys = ["behind_nat", "public_addresses"];

    /// <summary>
    /// The configuration file that applies to <paramref name="startDirectory"/>: the first
    /// <c>.configlint.yml</c> (or <c>.configlint.yaml</c>) in it or a parent directory; null when none.
    /// </summary>
    public static string? Find(string startDirectory)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(startDirectory)); dir is not null; dir = dir.Parent)
        {
            if (InDirectory(dir.FullName) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>
    /// <see cref="Find"/> with what was found for each parent directory remembered in <paramref name="known"/>
    /// (full path → file or null), so 10,000 sibling configurations do not each look in every parent. The
    /// start directory itself is looked in each time and not remembered: a fleet has one per configuration.
    /// </summary>
    /// <param name="lookInStart">False: the start directory is known to hold no settings file (its listing says so).</param>
    public static string? Find(string startDirectory, IDictionary<string, string?> known, bool lookInStart = true)
    {
        ArgumentNullException.ThrowIfNull(known);
        var full = new DirectoryInfo(Path.GetFullPath(startDirectory));
        return (lookInStart ? InDirectory(full.FullName) : null) ?? (full.Parent is { } parent ? FindRemembered(parent.FullName, known) : null);
    }

    private static string? FindRemembered(string directory, IDictionary<string, string?> known)
    {
        if (known.TryGetValue(directory, out var remembered))
        {
            return remembered;
        }

        var found = InDirectory(directory) ?? (new DirectoryInfo(directory).Parent is { } parent ? FindRemembered(parent.FullName, known) : null);
        known[directory] = found;
        return found;
    }

    /// <summary>The settings file in <paramref name="directory"/> itself (<c>.configlint.yml</c> before <c>.configlint.yaml</c>), or null.</summary>
    private static string? InDirectory(string directory)
    {
        foreach (var name in ConfigLintSettings.FileNames)
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Reads a configuration file. Throws <see cref="ConfigurationException"/> naming the file and line.</summary>
    /// <param name="fullPath">The file.</param>
    /// <param name="displayPath">The file as messages name it.</param>
    /// <param name="boundary">Where a symbolic link to the file may lead (<see cref="InputFile"/>); null: anywhere.</param>
    /// <param name="rulesBoundary">The directory <c>rules_dirs:</c> must stay in, links resolved; null: the file's own directory.</param>
    public static ConfigLintSettings Load(string fullPath, string displayPath, string? boundary = null, string? rulesBoundary = null)
    {
        var content = InputFile.Read(fullPath, InputFile.MaxSettingsBytes, boundary);
        if (content.Bytes is null)
        {
            throw new ConfigurationException(displayPath, 1, $"the configuration file {content.Reason}");
        }

        return Parse(content.Text(), fullPath, displayPath, rulesBoundary);
    }

    /// <summary>Parses configuration text; <paramref name="fullPath"/> anchors relative paths (exclude, rules_dirs).</summary>
    /// <param name="rulesBoundary">The directory <c>rules_dirs:</c> must stay in, links resolved; null: the file's own directory.</param>
    public static ConfigLintSettings Parse(string text, string fullPath, string displayPath, string? rulesBoundary = null)
    {
        if (YamlShape.Problem(text, InputFile.MaxSettingsBytes) is { } shape)
        {
            throw new ConfigurationException(displayPath, shape.Line, $"not valid YAML for ConfigLint: {shape.Message}");
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var reason = e.InnerException?.Message ?? e.Message;
            throw new ConfigurationException(displayPath, LineOf(e.Start), $"not valid YAML: {Excerpt.Of(reason, 200)}");
        }
        catch (Exception e) when (YamlShape.IsUnreadable(e))
        {
            throw new ConfigurationException(displayPath, 1, "not valid YAML: the parser could not read it");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            // An empty file (or one with only comments) means "all defaults", like an empty ruff.toml.
            return new ConfigLintSettings { Path = fullPath, DisplayPath = displayPath };
        }

        if (stream.Documents.Count > 1)
        {
            throw new ConfigurationException(displayPath, LineOf(stream.Documents[1].RootNode.Start), "the file must hold one YAML document");
        }

        var directory = Path.GetDirectoryName(fullPath)!;
        var reader = new Reader(displayPath, directory, rulesBoundary ?? InputFile.RealPath(directory));
        return reader.Read(stream.Documents[0].RootNode, fullPath);
    }

    private static int LineOf(Mark mark) => (int)Math.Max(1, mark.Line);

    private sealed class Reader(string file, string baseDirectory, string rulesBoundary)
    {
        private readonly List<ConfigurationException> errors = [];

        /// <summary>Runs one step; its error is collected (every problem is reported in one run) and the next step goes on.</summary>
        private void Try(Action step)
        {
            try
            {
                step();
            }
            catch (ConfigurationException e)
            {
                errors.Add(e);
            }
        }

        public ConfigLintSettings Read(YamlNode root, string fullPath)
        {
            var settings = ReadAll(root, fullPath);
            return errors.Count == 0 ? settings : throw ConfigurationException.Combine(errors, settings);
        }

        private ConfigLintSettings ReadAll(YamlNode root, string fullPath)
        {
            var map = Mapping(root, "the top level");
            var rules = new List<RuleLevelSetting>();
            var profiles = new List<string>();
            var profilesLine = 0;
            var exclude = new List<PathGlob>();
            var rulesDirs = new List<string>();
            string? version = null;
            PostfixRelease? release = null;
            string? level = null;
            Severity? failLevel = null;
            var masterCf = MasterCfMode.Stock;
            var templates = TemplateMode.Skip;
            var network = NetworkHints.Unknown;

            foreach (var (keyNode, value) in map.Children)
            {
                Try(() => ReadKey(keyNode, value));
            }

            void ReadKey(YamlNode keyNode, YamlNode value)
            {
                var key = Key(keyNode);
                switch (key)
                {
                    case "rules":
                        foreach (var (ruleKey, ruleValue) in Mapping(value, "rules").Children)
                        {
                            Try(() => ReadRule(ruleKey, ruleValue));
                        }

                        break;
                    case "profiles":
                        profilesLine = LineOf(value.Start);
                        foreach (var item in Sequence(value, "profiles"))
                        {
                            Try(() =>
                            {
                                var name = Scalar(item, "profiles");
                                if (Profiles.Find(name) is null)
                                {
                                    throw Error(item, $"profiles: unknown profile '{Excerpt.Of(name)}'{NearestName.Hint(name, Profiles.All.Select(p => p.Name))}; use {string.Join(", ", Profiles.All.Select(p => p.Name))}");
                                }

                                profiles.Add(name);
                            });
                        }

                        break;
                    case "exclude":
                        foreach (var item in Sequence(value, "exclude"))
                        {
                            Try(() =>
                            {
                                var glob = PathGlob.TryParse(Scalar(item, "exclude"), out var error, file, LineOf(item.Start)) ?? throw Error(item, $"exclude: {error}");
                                exclude.Add(glob);
                            });
                        }

                        break;
                    case "rules_dirs":
                        foreach (var item in Sequence(value, "rules_dirs"))
                        {
                            Try(() =>
                            {
                                var dir = Scalar(item, "rules_dirs");
                                var full = Path.GetFullPath(Path.Combine(baseDirectory, dir));
                                if (!Directory.Exists(full))
                                {
                                    throw Error(item, $"rules_dirs: '{Excerpt.Of(dir)}' is not a directory (relative paths start at the directory of this file)");
                                }

                                if (!InputFile.IsInside(InputFile.RealPath(full), rulesBoundary))
                                {
                                    // A settings file in a pull request must not make ConfigLint read files elsewhere on the runner.
                                    throw Error(item, $"rules_dirs: '{Excerpt.Of(dir)}' is outside the repository; rules are loaded only from directories inside it (symbolic links resolved)");
                                }

                                rulesDirs.Add(full);
                            });
                        }

                        break;
                    case "fail_level":
                        var fail = Scalar(value, "fail_level");
                        if (fail is not ("error" or "warning" or "note" or "none"))
                        {
                            throw Error(value, $"fail_level: '{Excerpt.Of(fail)}' is not a level; use error, warning, note or none");
                        }

                        SeverityNames.TryParse(fail, out var parsedFail);
                        failLevel = parsedFail;
                        break;
                    case "postfix_version":
                        version = Scalar(value, "postfix_version");
                        release = PostfixReleases.TryGet(version, out var known) ? known
                            : throw Error(value, $"postfix_version: {PostfixVersions.Problem(Excerpt.Of(version))}");
                        break;
                    case "default_compatibility_level":
                        level = Scalar(value, "default_compatibility_level");
                        if (!CompatibilityLevels.IsValid(level) || !(level.Length > 0 && char.IsAsciiDigit(level[0])))
                        {
                            throw Error(value, $"default_compatibility_level: '{Excerpt.Of(level)}' is not a compatibility level such as 0, 1, 2, 3.6 or 3.11");
                        }

                        break;
                    case "master_cf":
                        var mode = Scalar(value, "master_cf");
                        masterCf = mode switch
                        {
                            "stock" => MasterCfMode.Stock,
                            "none" => MasterCfMode.None,
                            _ => throw Error(value, $"master_cf: '{Excerpt.Of(mode)}' is not a choice; use stock (check main.cf with the stock master.cf of the target release when there is no master.cf) or none"),
                        };
                        break;
                    case "templates":
                        var choice = Scalar(value, "templates");
                        templates = choice switch
                        {
                            "skip" => TemplateMode.Skip,
                            "check" => TemplateMode.Check,
                            _ => throw Error(value, $"templates: '{Excerpt.Of(choice)}' is not a choice; use skip (report template files as skipped) or check (read them as Postfix files)"),
                        };
                        break;
                    case "network":
                        network = ReadNetwork(value);
                        break;
                    default:
                        throw Error(keyNode, $"unknown key '{Excerpt.Of(key)}'{NearestName.Hint(key, TopLevelKeys)}; the keys are {string.Join(", ", TopLevelKeys)}");
                }
            }

            void ReadRule(YamlNode ruleKey, YamlNode ruleValue)
            {
                var selector = Key(ruleKey);
                var levelText = Scalar(ruleValue, $"rules: {Excerpt.Of(selector)}");
                if (levelText is not ("off" or "error" or "warning" or "note"))
                {
                    throw Error(ruleValue, $"rules: {Excerpt.Of(selector)}: '{Excerpt.Of(levelText)}' is not a level; use off, error, warning or note");
                }

                SeverityNames.TryParse(levelText, out var severity);
                rules.Add(new RuleLevelSetting(selector, severity, LineOf(ruleKey.Start)));
            }

            return new ConfigLintSettings
            {
                Path = fullPath,
                DisplayPath = file,
                Rules = rules,
                Profiles = profiles,
                ProfilesLine = profilesLine,
                Exclude = exclude,
                RulesDirs = rulesDirs,
                PostfixVersion = version,
                Release = release,
                DefaultCompatibilityLevel = level,
                FailLevel = failLevel,
                MasterCf = masterCf,
                Templates = templates,
                Network = network,
            };
        }

        private NetworkHints ReadNetwork(YamlNode node)
        {
            bool? behindNat = null;
            var addresses = new List<IPAddress>();
            foreach (var (keyNode, value) in Mapping(node, "network").Children)
            {
                var key = Key(keyNode);
                switch (key)
                {
                    case "behind_nat":
                        var text = Scalar(value, "network: behind_nat");
                        behindNat = text.ToLowerInvariant() switch
                        {
                            "true" => true,
                            "false" => false,
                            _ => throw Error(value, $"network: behind_nat: '{Excerpt.Of(text)}' must be true or false"),
                        };
                        break;
                    case "public_addresses":
                        foreach (var item in Sequence(value, "network: public_addresses"))
                        {
                            var address = Scalar(item, "network: public_addresses");
                            if (!IPAddress.TryParse(address, out var ip) || (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && address.Count(c => c == '.') != 3))
                            {
                                throw Error(item, $"network: public_addresses: '{Excerpt.Of(address)}' is not an IPv4 or IPv6 address");
                            }

                            addresses.Add(ip);
                        }

                        break;
                    default:
                        throw Error(keyNode, $"network: unknown key '{Excerpt.Of(key)}'{NearestName.Hint(key, NetworkKeys)}; the keys are {string.Join(", ", NetworkKeys)}");
                }
            }

            return new NetworkHints(behindNat, addresses);
        }

        private YamlMappingNode Mapping(YamlNode node, string what) => node switch
        {
            YamlMappingNode m => m,
            YamlScalarNode { Value: null or "" } => new YamlMappingNode(),
            _ => throw Error(node, $"{what} must be a mapping (key: value lines)"),
        };

        private IEnumerable<YamlNode> Sequence(YamlNode node, string what) => node switch
        {
            YamlSequenceNode s => s.Children,
            YamlScalarNode { Value: null or "" } => [],
            _ => throw Error(node, $"{what} must be a list (lines starting with '- ', or [a, b])"),
        };

        private string Scalar(YamlNode node, string what) => node switch
        {
            YamlScalarNode { Value: { Length: > 0 } v } => v.Trim(),
            YamlScalarNode => throw Error(node, $"{what}: a value is missing"),
            _ => throw Error(node, $"{what} must be a single value, not a list or mapping"),
        };

        private string Key(YamlNode node) => node is YamlScalarNode { Value: { Length: > 0 } v }
            ? v
            : throw Error(node, "keys must be plain names");

        private ConfigurationException Error(YamlNode node, string message) => new(file, LineOf(node.Start), message);
    }
}
