using ConfigLint.Core.Engine;
using ConfigLint.Core.Findings;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Tests.Engine;

public sealed class ReportLimitTests
{
    private static Finding At(string file, string ruleId, int line, bool suppressed = false) => new()
    {
        RuleId = ruleId,
        RuleName = "rule",
        Severity = Severity.Error,
        Message = "m",
        Span = new Span(file, line, 1, line, 2),
        Suppression = suppressed ? new Suppression("baseline", string.Empty, null) : null,
    };

    [Fact]
    public void Each_rule_and_file_keeps_its_first_findings_and_one_note_counts_the_rest()
    {
        var sorted = Enumerable.Range(1, 1002).Select(i => At("a/master.cf", "PF003", i))
            .Concat(Enumerable.Range(1, 1000).Select(i => At("a/master.cf", "PF004", i)))
            .Concat(Enumerable.Range(1, 1001).Select(i => At("b/master.cf", "PF003", i)))
            .ToList();
        var notes = new List<ToolNote>();

        var kept = ReportLimit.Apply(sorted, notes);

        kept.Count.ShouldBe(3000);
        kept.Where(f => f.Span.File == "a/master.cf" && f.RuleId == "PF003").Select(f => f.Span.StartLine).ShouldBe(Enumerable.Range(1, 1000));
        kept.Count(f => f.RuleId == "PF004").ShouldBe(1000);
        notes.Select(n => (n.Level, n.File, n.Message)).ShouldBe(
        [
            (Severity.Warning, "a/master.cf", "a/master.cf: PF003 found 1,002 times; 2 of them are not listed (a report lists the first 1,000 findings of one rule in one file)."),
            (Severity.Warning, "b/master.cf", "b/master.cf: PF003 found 1,001 times; 1 of them is not listed (a report lists the first 1,000 findings of one rule in one file)."),
        ]);
    }

    [Fact]
    public void Suppressed_findings_do_not_use_up_the_places_of_active_ones()
    {
        // 1,500 baselined findings first, then 10 new ones: the new ones must be listed, or a
        // report could look clean while findings that fail the run are hidden.
        var sorted = Enumerable.Range(1, 1500).Select(i => At("m.cf", "PF003", i, suppressed: true))
            .Concat(Enumerable.Range(1501, 10).Select(i => At("m.cf", "PF003", i)))
            .ToList();
        var notes = new List<ToolNote>();

        var kept = ReportLimit.Apply(sorted, notes);

        kept.Count(f => f.Suppression is null).ShouldBe(10);
        kept.Count(f => f.Suppression is not null).ShouldBe(1000);
        notes.ShouldHaveSingleItem().Message.ShouldStartWith("m.cf: PF003 found 1,510 times; 500 of them are not listed");
    }

    [Fact]
    public void Just_over_the_limit_one_rule_loses_one_and_two_rules_lose_none()
    {
        // 1,001 findings: all of one rule in one file lose the last; split between two rules, none is lost.
        var one = Enumerable.Range(1, ReportLimit.PerRuleAndFile + 1).Select(i => At("m.cf", "PF003", i)).ToList();
        var two = Enumerable.Range(1, ReportLimit.PerRuleAndFile + 1).Select(i => At("m.cf", i % 2 == 0 ? "PF003" : "PF004", i)).ToList();
        var notes = new List<ToolNote>();

        ReportLimit.Apply(one, notes).Count.ShouldBe(ReportLimit.PerRuleAndFile);
        notes.ShouldHaveSingleItem().Message.ShouldStartWith("m.cf: PF003 found 1,001 times; 1 of them is not listed");
        notes.Clear();
        ReportLimit.Apply(two, notes).ShouldBeSameAs(two);
        notes.ShouldBeEmpty();
    }

    [Fact]
    public void Under_the_limit_the_list_is_returned_as_it_is()
    {
        var sorted = Enumerable.Range(1, 1000).Select(i => At("m.cf", "PF003", i)).ToList();
        var notes = new List<ToolNote>();

        ReportLimit.Apply(sorted, notes).ShouldBeSameAs(sorted);
        notes.ShouldBeEmpty();
    }
}
