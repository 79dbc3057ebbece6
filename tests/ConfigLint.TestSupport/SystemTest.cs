using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace ConfigLint.TestSupport;

/// <summary>
/// Marks a system test: one that runs real Postfix, pre-commit, the SARIF validators, dotnet pack
/// or another external program, and takes seconds. <c>bash scripts/test.sh --fast</c> leaves these
/// out (<c>--filter Category!=System</c>); the full command and CI run everything.
/// </summary>
[TraitDiscoverer("ConfigLint.TestSupport.SystemTestDiscoverer", "ConfigLint.TestSupport")]
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class SystemTestAttribute : Attribute, ITraitAttribute
{
    public const string Category = "Category";

    public const string System = "System";
}

/// <summary>Turns <see cref="SystemTestAttribute"/> into the trait <c>Category=System</c>.</summary>
public sealed class SystemTestDiscoverer : ITraitDiscoverer
{
    public IEnumerable<KeyValuePair<string, string>> GetTraits(IAttributeInfo traitAttribute)
    {
        yield return new KeyValuePair<string, string>(SystemTestAttribute.Category, SystemTestAttribute.System);
    }
}

/// <summary>Keeps the layering honest: a test that needs a system prerequisite must be a system test.</summary>
public static class TestLayers
{
    /// <summary>The attributes that say a test needs something outside the process.</summary>
    private static readonly string[] SystemPrerequisites =
    [
        nameof(RequiresPostfixFactAttribute), nameof(RequiresPostfixTheoryAttribute),
        nameof(RequiresSarifValidatorsFactAttribute), nameof(RequiresSarifValidatorsTheoryAttribute),
        "RequiresPreCommitFactAttribute",
    ];

    /// <summary>Every test method of <paramref name="assembly"/> that needs a system prerequisite but is not marked <see cref="SystemTestAttribute"/> (on itself or its class).</summary>
    public static List<string> UnmarkedSystemTests(Assembly assembly) =>
        assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly).Select(m => (Type: t, Method: m)))
            .Where(x => x.Method.GetCustomAttributes().Any(a => SystemPrerequisites.Contains(a.GetType().Name)))
            .Where(x => x.Method.GetCustomAttribute<SystemTestAttribute>() is null && x.Type.GetCustomAttribute<SystemTestAttribute>() is null)
            .Select(x => $"{x.Type.FullName}.{x.Method.Name}")
            .ToList();
}
