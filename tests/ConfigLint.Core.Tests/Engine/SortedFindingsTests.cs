using ConfigLint.Core.Engine;
using ConfigLint.Core.Findings;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Tests.Engine;

public sealed class SortedFindingsTests
{
    [Fact]
    public void Findings_are_ordered_by_file_position_rule_end_and_message_and_ties_keep_their_order()
    {
        // Every key takes a few values (files that sort differently by ordinal and by culture among them),
        // and findings equal in all seven keys differ in their logical key, which must keep its order.
        string[] files = ["a/main.cf", "a/master.cf", "a-b/main.cf", "A/main.cf", "a/main.cf.orig"];
        string[] rules = ["PF101", "PF011", "PF900"];
        string[] messages = ["b", "a", "B"];
        var random = new Random(13);
        var findings = Enumerable.Range(0, 2000).Select(i =>
        {
            var line = random.Next(1, 4);
            var column = random.Next(1, 4);
            return new Finding
            {
                RuleId = rules[random.Next(rules.Length)],
                RuleName = "rule",
                Severity = Severity.Warning,
                Message = messages[random.Next(messages.Length)],
                Span = new Span(files[random.Next(files.Length)], line, column, line + random.Next(0, 2), column + random.Next(0, 3)),
                LogicalKey = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
        }).ToList();

        var expected = findings
            .OrderBy(f => f.Span.File, StringComparer.Ordinal)
            .ThenBy(f => f.Span.StartLine)
            .ThenBy(f => f.Span.StartColumn)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ThenBy(f => f.Span.EndLine)
            .ThenBy(f => f.Span.EndColumn)
            .ThenBy(f => f.Message, StringComparer.Ordinal)
            .Select(f => f.LogicalKey)
            .ToList();

        LintEngine.Sorted(findings).Select(f => f.LogicalKey).ShouldBe(expected);
        LintEngine.Sorted([]).ShouldBeEmpty();
    }
}
