using ConfigLint.Core.Engine;
using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;

namespace ConfigLint.Rules.Tests.Aliases;

/// <summary>The aliases rules on inputs their samples do not show: cycles longer than the message names, a uudecode command.</summary>
public sealed class AliasRuleTests
{
    private const string Required = "root: admin@example.com\npostmaster: root\nmailer-daemon: postmaster\n";

    private static List<Finding> Check(string aliases) =>
        Analyzer.Run(PostfixConfig.FromText("compatibility_level = 3.11\n", null, aliases), BuiltInRules.Rules);

    private static string Cycle(int length) =>
        string.Concat(Enumerable.Range(1, length).Select(i => $"a{i}: a{(i % length) + 1}\n")) + Required;

    [Fact]
    public void A_short_cycle_is_named_whole_with_every_step_as_a_related_location()
    {
        var finding = Check(Cycle(3)).Single(f => f.RuleId == "PF704");

        finding.Message.ShouldStartWith("The aliases a1, a2, a3 expand into each other (a1 -> a2 -> a3 -> a1)");
        finding.Related.Count.ShouldBe(3);
    }

    [Fact]
    public void A_long_cycle_is_named_by_its_first_aliases_and_the_number_of_the_others()
    {
        var finding = Check(Cycle(25)).Single(f => f.RuleId == "PF704");

        finding.Message.ShouldStartWith("The aliases a1, a2, a3, a4, a5, a6, a7, a8, a9, a10 and 15 more expand into each other (a1 -> a2 -> a3 -> a4 -> a5 -> a6 -> a7 -> a8 -> a9 -> a10 -> (15 more) -> a1)");
        finding.Related.Count.ShouldBe(10);
        (finding.Span.StartLine, finding.Span.StartColumn).ShouldBe((1, 1));
    }

    [Fact]
    public void A_uudecode_alias_is_decode_alias_s_and_other_commands_stay_a_note_of_alias_command_or_file()
    {
        var findings = Check("decode: \"|/usr/bin/uudecode\"\nreports: |/usr/local/bin/collect\nboth: |uudecode, /var/log/mail.copy\n" + Required);

        findings.Where(f => f.RuleId == "PF707").Select(f => f.Span.StartLine).ShouldBe([1, 3]);
        findings.Where(f => f.RuleId == "PF705").Select(f => (f.Span.StartLine, f.Span.StartColumn)).ShouldBe([(2, 10), (3, 18)]);
        findings.Single(f => f.RuleId == "PF705" && f.Span.StartLine == 3).Message.ShouldNotContain("uudecode");
    }
}
