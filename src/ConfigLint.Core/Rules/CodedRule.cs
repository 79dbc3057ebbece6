namespace ConfigLint.Core.Rules;

/// <summary>A rule class written in C# (<c>logic: coded</c>): the ID it is marked with, its class name, and how to make one.</summary>
public sealed record CodedRule(string Id, string Name, Func<IRuleLogic> Create);
