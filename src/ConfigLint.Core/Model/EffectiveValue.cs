using ConfigLint.Core.Parsing;

namespace ConfigLint.Core.Model;

/// <summary>
/// The value a parameter really has for main.cf or for one master.cf service: the <c>-o</c>
/// override, else the last main.cf definition, else the built-in default at the effective
/// compatibility level — expanded, with where it came from and the <c>$name</c>s it went through.
/// </summary>
public sealed class EffectiveValue
{
    public EffectiveValue(string name, RawValue? raw, Expansion expanded, MasterService? service)
        : this(name, raw, expanded, service, null)
    {
    }

    internal EffectiveValue(string name, RawValue? raw, Expansion expanded, MasterService? service, IReadOnlySet<string>? dependencies, int height = 0)
    {
        Height = height;
        Name = name;
        Raw = raw;
        Expanded = expanded;
        Service = service;
        Dependencies = dependencies ?? new HashSet<string>(StringComparer.Ordinal) { name };
    }

    /// <summary>Every name the evaluation read, itself included (computed defaults and their inputs too): a service that overrides none of them sees the same value.</summary>
    internal IReadOnlySet<string> Dependencies { get; }

    /// <summary>How many <c>$name</c> levels its evaluation went below itself (EvaluationGuard.HeightOf): reused deeper down, it may cross the nesting limit.</summary>
    internal int Height { get; }

    public string Name { get; }

    /// <summary>The raw value, or null when the name is defined nowhere.</summary>
    public RawValue? Raw { get; }

    public Expansion Expanded { get; }

    /// <summary>The service this value was computed for, or null for main.cf alone.</summary>
    public MasterService? Service { get; }

    /// <summary>The expanded value.</summary>
    public string Value => Expanded.Text;

    public Provenance? Provenance => Raw?.Provenance;

    public bool IsDefault => Raw?.Provenance is DefaultProvenance or HostProvenance;

    public bool IsDefined => Raw is not null;

    private ParameterList? items;

    /// <summary>
    /// Its elements as a list parameter (<see cref="ListItems.Of"/>), made when first asked: rules and the
    /// model ask for the same lists again and again (a fleet configuration split its values into 11 KB of
    /// lists). Never changed once made, so a race makes the same list twice at worst.
    /// </summary>
    internal ParameterList Items => items ??= ListItems.Split(this);
}
