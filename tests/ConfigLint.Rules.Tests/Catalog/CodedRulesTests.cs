using System.Reflection;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules.Tests.Catalog;

/// <summary>
/// Coded rules are listed in <see cref="CodedRules"/>, not found by scanning (a native configlint keeps
/// no type the code does not name). The list must hold every class marked <see cref="RuleAttribute"/>,
/// and make each one as the class it names.
/// </summary>
public sealed class CodedRulesTests
{
    private static Dictionary<string, Type> Marked() =>
        typeof(CodedRules).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<RuleAttribute>() is not null)
            .ToDictionary(t => t.GetCustomAttribute<RuleAttribute>()!.Id, StringComparer.Ordinal);

    [Fact]
    public void Every_class_marked_as_a_rule_is_listed()
    {
        var listed = CodedRules.ById();

        Marked().Keys.Except(listed.Keys).ShouldBeEmpty("add each to the list in src/ConfigLint.Rules/CodedRules.cs");
        listed.Keys.Except(Marked().Keys).ShouldBeEmpty();
        listed.Count.ShouldBeGreaterThan(80);
    }

    [Fact]
    public void Each_listed_rule_makes_the_class_marked_with_its_id()
    {
        var marked = Marked();
        foreach (var (id, rule) in CodedRules.ById())
        {
            var logic = rule.Create();
            logic.GetType().ShouldBe(marked[id], id);
            rule.Name.ShouldBe(marked[id].Name);
        }
    }
}
