using System.Globalization;
using System.Text.RegularExpressions;
using ConfigLint.Core.Text;
using YamlDotNet.Core;

namespace ConfigLint.Core.Rules;

/// <summary>A manifest that cannot be used, with where it is wrong.</summary>
public sealed class RuleManifestException(string file, int line, string message) : Exception($"{file}:{line}: {message}")
{
    public string File { get; } = file;

    public int Line { get; } = line;
}

/// <summary>A rule ready to run: what users read about it, and its logic.</summary>
public sealed record LoadedRule(RuleDescriptor Descriptor, RuleManifest Manifest, IRuleLogic Logic, string Source, bool BuiltIn);

public static partial class RuleLoader
{
    [GeneratedRegex("^PF[0-9]{3}$")]
    private static partial Regex BuiltInId();

    [GeneratedRegex("^[A-Z][A-Z0-9]{1,9}[0-9]{3}$")]
    private static partial Regex UserId();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Slug();

    private static readonly string[] Precisions = ["very-high", "high", "medium", "low"];

    /// <summary>Parses and validates one manifest. Throws <see cref="RuleManifestException"/> naming the file and line.</summary>
    public static LoadedRule Load(string yaml, string source, bool builtIn, IReadOnlyDictionary<string, CodedRule> codedRules)
    {
        // A user's manifest is measured before it is read; the built-in ones are ours, and measuring
        // each of them at every start would cost start-up (ManifestReader does not recurse anyway).
        if (!builtIn && YamlShape.Problem(yaml, InputFile.MaxSettingsBytes) is { } shape)
        {
            throw new RuleManifestException(source, shape.Line, $"not valid YAML for a rule manifest: {shape.Message}");
        }

        RuleManifest? m;
        try
        {
            m = ManifestReader.Read(yaml, source);
        }
        catch (YamlException e)
        {
            var reason = e.InnerException?.Message ?? e.Message;
            throw new RuleManifestException(source, (int)Math.Max(1, e.Start.Line), Excerpt.Of(reason, 200));
        }
        catch (Exception e) when (YamlShape.IsUnreadable(e))
        {
            throw new RuleManifestException(source, 1, "not valid YAML: the parser could not read it");
        }

        if (m is null)
        {
            throw new RuleManifestException(source, 1, "empty manifest");
        }

        return Bind(m, source, builtIn, codedRules, key => LineOf(yaml, key));
    }

    /// <summary>
    /// Validates a built-in manifest read at build time (<c>BuiltInManifests.g.cs</c>, generated from
    /// rules/**/*.yaml) and binds it to its logic, as <see cref="Load(string, string, bool, IReadOnlyDictionary{string, CodedRule})"/>
    /// does a manifest's text, without a YAML parser at start-up (issue 13). A problem is reported at
    /// line 1 of <paramref name="source"/>: the tests load every manifest from its YAML too, with lines.
    /// </summary>
    public static LoadedRule Load(RuleManifest manifest, string source, IReadOnlyDictionary<string, CodedRule> codedRules)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return Bind(manifest, source, builtIn: true, codedRules, _ => 1);
    }

    /// <summary>Validates a manifest and binds it to its logic; <paramref name="lineOf"/> gives the line a key is on.</summary>
    private static LoadedRule Bind(RuleManifest m, string source, bool builtIn, IReadOnlyDictionary<string, CodedRule> codedRules, Func<string, int> lineOf)
    {
        string Required(string? value, string key) =>
            string.IsNullOrWhiteSpace(value) ? throw new RuleManifestException(source, lineOf(key), $"missing required key '{key}'") : value.Trim();

        var id = Required(m.Id, "id");
        if (builtIn ? !BuiltInId().IsMatch(id) : !UserId().IsMatch(id) || id.StartsWith("PF", StringComparison.Ordinal))
        {
            throw new RuleManifestException(source, lineOf("id"), builtIn
                ? $"id '{id}' must be PF followed by three digits"
                : $"id '{id}' must be your own prefix (capital letters, not PF) followed by three digits, e.g. ACME001; PF IDs are reserved for built-in rules");
        }

        var name = Required(m.Name, "name");
        if (!Slug().IsMatch(name))
        {
            throw new RuleManifestException(source, lineOf("name"), $"name '{name}' must be a kebab-case slug");
        }

        if (!SeverityNames.TryParse(Required(m.Severity, "severity"), out var severity) || severity == Severity.None)
        {
            throw new RuleManifestException(source, lineOf("severity"), $"severity '{m.Severity}' must be error, warning or note");
        }

        var precision = m.Precision?.Trim() ?? "high";
        if (!Precisions.Contains(precision))
        {
            throw new RuleManifestException(source, lineOf("precision"), $"precision '{precision}' must be one of {string.Join(", ", Precisions)}");
        }

        if (m.SecuritySeverity is { } ss && (!double.TryParse(ss, NumberStyles.Float, CultureInfo.InvariantCulture, out var score) || score < 0.1 || score > 10.0))
        {
            throw new RuleManifestException(source, lineOf("security_severity"), $"security_severity '{ss}' must be a number from 0.1 to 10.0");
        }

        var fixSafety = m.Fix?.Trim() switch
        {
            null => (FixSafety?)null,
            "safe" => FixSafety.Safe,
            "unsafe" => FixSafety.Unsafe,
            var other => throw new RuleManifestException(source, lineOf("fix"), $"fix '{other}' must be safe or unsafe"),
        };

        var phase = m.Phase?.Trim() switch
        {
            null => RulePhase.Analysis,
            "after-suppressions" => RulePhase.AfterSuppressions,
            var other => throw new RuleManifestException(source, lineOf("phase"), $"phase '{other}' is not known; the only phase is 'after-suppressions'"),
        };
        if (phase != RulePhase.Analysis && !builtIn)
        {
            throw new RuleManifestException(source, lineOf("phase"), "custom rules cannot set 'phase'");
        }

        var needs = new List<RuleInput>();
        foreach (var need in m.Needs ?? [])
        {
            needs.Add(need.Trim() switch
            {
                "main.cf" => RuleInput.MainCf,
                "master.cf" => RuleInput.MasterCf,
                "aliases" => RuleInput.Aliases,
                _ => throw new RuleManifestException(source, lineOf("needs"), $"needs '{need}' is not a file a rule can need; use main.cf, master.cf or aliases"),
            });
        }

        // Prose names thresholds as {thresholds.NAME}, so what the docs say and what the code reads
        // are the same number.
        var thresholds = m.Thresholds ?? [];
        string Prose(string text, string key)
        {
            var result = text;
            var at = 0;
            while ((at = result.IndexOf("{thresholds.", at, StringComparison.Ordinal)) >= 0)
            {
                var end = result.IndexOf('}', at);
                var thresholdName = end < 0 ? result[(at + 12)..] : result[(at + 12)..end];
                if (end < 0 || !thresholds.TryGetValue(thresholdName, out var value))
                {
                    throw new RuleManifestException(source, lineOf(key), $"{key} names {{thresholds.{thresholdName}}}, which 'thresholds:' does not define");
                }

                result = string.Concat(result.AsSpan(0, at), value, result.AsSpan(end + 1));
                at += value.Length;
            }

            return result;
        }

        var descriptor = new RuleDescriptor
        {
            Id = id,
            Name = name,
            Title = Prose(Required(m.Title, "title"), "title"),
            Category = Required(m.Category, "category"),
            DefaultSeverity = severity,
            Message = Prose(Required(m.Message, "message"), "message"),
            Summary = Prose(Required(m.Summary, "summary"), "summary"),
            Rationale = Prose(Required(m.Rationale, "rationale"), "rationale"),
            Remediation = Prose(Required(m.Remediation, "remediation"), "remediation"),
            Exceptions = Prose(m.Exceptions?.Trim() ?? string.Empty, "exceptions"),
            References = m.References ?? [],
            Tags = m.Tags ?? [],
            Precision = precision,
            SecuritySeverity = m.SecuritySeverity,
            Status = m.Status?.Trim() ?? "stable",
            EnabledByDefault = m.Enabled ?? true,
            FixSafety = fixSafety,
            Since = m.Since?.Trim() ?? "0.1.0",
            Phase = phase,
            Needs = needs,
            Thresholds = thresholds,
        };

        IRuleLogic logic;
        if (m.Logic is { } kind)
        {
            if (kind.Trim() != "coded")
            {
                throw new RuleManifestException(source, lineOf("logic"), $"logic '{kind}' is not known; use 'coded' or a 'check:' block");
            }

            if (!builtIn)
            {
                throw new RuleManifestException(source, lineOf("logic"), "custom rules cannot use 'logic: coded'; write a declarative 'check:' block");
            }

            if (m.Check is not null)
            {
                throw new RuleManifestException(source, lineOf("check"), "a rule has either 'logic: coded' or a 'check:' block, not both");
            }

            if (!codedRules.TryGetValue(id, out var coded))
            {
                throw new RuleManifestException(source, lineOf("logic"), $"'logic: coded' but no class is marked [Rule(\"{id}\")] and listed in CodedRules");
            }

            logic = coded.Create();
        }
        else if (m.Check is { } check)
        {
            logic = DeclarativeCheck.Create(check, source, lineOf("check"));
        }
        else
        {
            throw new RuleManifestException(source, 1, "missing logic: give 'logic: coded' or a 'check:' block");
        }

        return new LoadedRule(descriptor, m, logic, source, builtIn);
    }

    /// <summary>Checks that IDs and names are unique across a set of rules.</summary>
    public static void CheckUnique(IEnumerable<LoadedRule> rules)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in rules)
        {
            if (!ids.TryAdd(r.Descriptor.Id, r.Source))
            {
                throw new RuleManifestException(r.Source, 1, $"duplicate rule id '{r.Descriptor.Id}' (also in {ids[r.Descriptor.Id]})");
            }

            if (!names.TryAdd(r.Descriptor.Name, r.Source))
            {
                throw new RuleManifestException(r.Source, 1, $"duplicate rule name '{r.Descriptor.Name}' (also in {names[r.Descriptor.Name]})");
            }
        }
    }

    internal static int LineOf(string yaml, string key)
    {
        var lines = yaml.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith(key + ":", StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        return 1;
    }
}
