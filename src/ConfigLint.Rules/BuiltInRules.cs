using System.Reflection;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>The rules that ship with ConfigLint: the manifests of rules/**/*.yaml, bound to their coded logic.</summary>
public static class BuiltInRules
{
    private static readonly Lazy<IReadOnlyList<LoadedRule>> All = new(Load);

    public static IReadOnlyList<LoadedRule> Rules => All.Value;

    private static IReadOnlyList<LoadedRule> Load()
    {
        // The manifests were read from rules/**/*.yaml when the tool was built (BuiltInManifests.g.cs,
        // tools/generate-manifests.sh): a check parses no YAML unless the user has a settings file or
        // custom rules (issue 13: the catalogue's YAML took some 37 of the 280 ms a check took).
        var coded = CodedRules.ById();
        var rules = new List<LoadedRule>();
        foreach (var (source, manifest) in BuiltInManifests.All())
        {
            rules.Add(RuleLoader.Load(manifest, source, coded));
        }

        RuleLoader.CheckUnique(rules);
        var bound = rules.Select(r => r.Descriptor.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var id in coded.Keys.Where(id => !bound.Contains(id)))
        {
            throw new InvalidOperationException($"Class {coded[id].Name} is marked [Rule(\"{id}\")] but no manifest rules/*/{id}.yaml exists.");
        }

        return rules.OrderBy(r => r.Descriptor.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>The assembly holding the coded rules (custom rule loading binds nothing from it).</summary>
    public static Assembly Assembly => typeof(BuiltInRules).Assembly;
}
