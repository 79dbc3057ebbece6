using System.Reflection;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>The rules that ship with ConfigLint: the manifests embedded from rules/**.yaml, bound to their coded logic.</summary>
public static class BuiltInRules
{
    private static readonly Lazy<IReadOnlyList<LoadedRule>> All = new(Load);

    public static IReadOnlyList<LoadedRule> Rules => All.Value;

    private static IReadOnlyList<LoadedRule> Load()
    {
        var assembly = typeof(BuiltInRules).Assembly;
        var coded = CodedRules.ById();
        var rules = new List<LoadedRule>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("rules/", StringComparison.Ordinal) && n.EndsWith(".yaml", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            if (name.EndsWith("/retired.yaml", StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            rules.Add(RuleLoader.Load(reader.ReadToEnd(), name, builtIn: true, coded));
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
