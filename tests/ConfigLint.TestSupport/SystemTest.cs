using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace ConfigLint.TestSupport;

/// <summary>A test layer that <c>bash scripts/test.sh --fast</c> leaves out: the trait <c>Category=</c><see cref="Layer"/>.</summary>
public interface ITestLayerAttribute
{
    string Layer { get; }
}

/// <summary>
/// Marks a system test: one that runs real Postfix, pre-commit, the SARIF validators, dotnet pack
/// or another external program, and takes seconds. <c>bash scripts/test.sh --fast</c> leaves these
/// out (<c>--filter Category!=System</c>); the full command and CI run everything.
/// </summary>
[TraitDiscoverer(TestLayerDiscoverer.TypeName, TestLayerDiscoverer.AssemblyName)]
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class SystemTestAttribute : Attribute, ITraitAttribute, ITestLayerAttribute
{
    public const string Category = "Category";

    public const string System = "System";

    public string Layer => System;
}

/// <summary>
/// Marks a stress test: one that pushes a large or amplifying input (a 100,000-service master.cf, a
/// 10 MB value, a saved fuzz input that once went over budget) or hundreds of configurations through
/// the whole tool to show that work, memory and output stay bounded. It needs nothing outside the
/// process but takes seconds, so <c>bash scripts/test.sh --fast</c> leaves it out as well
/// (<c>--filter Category!=Stress</c>); the full command and CI run it.
/// </summary>
[TraitDiscoverer(TestLayerDiscoverer.TypeName, TestLayerDiscoverer.AssemblyName)]
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class StressTestAttribute : Attribute, ITraitAttribute, ITestLayerAttribute
{
    public string Layer => "Stress";
}

/// <summary>
/// Marks a sweep: a theory that runs the whole tool over every sample and corpus configuration
/// (hundreds of cases, each a full check or a fix and a second check). The unit loop keeps the
/// per-rule sample tests; <c>bash scripts/test.sh --fast</c> leaves sweeps out
/// (<c>--filter Category!=Sweep</c>); the full command and CI run them.
/// </summary>
[TraitDiscoverer(TestLayerDiscoverer.TypeName, TestLayerDiscoverer.AssemblyName)]
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class SweepTestAttribute : Attribute, ITraitAttribute, ITestLayerAttribute
{
    public string Layer => "Sweep";
}

/// <summary>Turns a layer attribute into the trait <c>Category=System</c>, <c>Stress</c> or <c>Sweep</c>.</summary>
public sealed class TestLayerDiscoverer : ITraitDiscoverer
{
    public const string TypeName = "ConfigLint.TestSupport.TestLayerDiscoverer";

    public const string AssemblyName = "ConfigLint.TestSupport";

    public IEnumerable<KeyValuePair<string, string>> GetTraits(IAttributeInfo traitAttribute)
    {
        // xunit hands over the attribute itself when it discovers by reflection, as dotnet test does.
        if (traitAttribute is not IReflectionAttributeInfo { Attribute: ITestLayerAttribute layer })
        {
            throw new InvalidOperationException($"cannot read the test layer of {traitAttribute}");
        }

        yield return new KeyValuePair<string, string>(SystemTestAttribute.Category, layer.Layer);
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
