namespace ConfigLint.Core.Rules;

/// <summary>Binds a coded rule class to the manifest with this ID (<c>logic: coded</c>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class RuleAttribute(string id) : Attribute
{
    public string Id { get; } = id;
}

/// <summary>The logic of a rule: reads the model, reports through the context.</summary>
public interface IRuleLogic
{
    void Check(RuleContext context);
}
