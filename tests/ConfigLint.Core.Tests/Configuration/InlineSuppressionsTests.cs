using ConfigLint.Core.Findings;
using ConfigLint.Core.Engine;
using ConfigLint.Core.Model;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Tests.Configuration;

/// <summary>Parsing <c># configlint:</c> directives and deciding what they cover (the CLI tests run them end to end).</summary>
public sealed class InlineSuppressionsTests
{
    private static IReadOnlyList<SuppressionDirective> Directives(string mainCf) => PostfixConfig.FromText(mainCf).Suppressions;

    [Fact]
    public void A_directive_names_rules_a_reason_and_the_entry_below()
    {
        var d = Directives("a = 1\n# configlint: disable=PF101, open-relay-risk -- office LAN\nmynetworks = 10.0.0.0/8\n  192.168.0.0/16\nb = 2\n").ShouldHaveSingleItem();
        d.Scope.ShouldBe(SuppressionScope.Entry);
        d.Keys.Select(k => k.Text).ShouldBe(["PF101", "open-relay-risk"]);
        d.Keys.Select(k => (k.Span.StartLine, k.Span.StartColumn, k.Span.EndColumn)).ShouldBe([(2, 23, 28), (2, 30, 45)]);
        d.Reason.ShouldBe("office LAN");
        d.HasReason.ShouldBeTrue();
        d.Problem.ShouldBeNull();
        (d.TargetFirstLine, d.TargetLastLine).ShouldBe((3, 4));
        d.Span.ShouldBe(new Span("main.cf", 2, 1, 2, 59));
    }

    [Theory]
    [InlineData("# configlint: disable=PF101\nx = 1\n", null)]
    [InlineData("# configlint: disable=PF101 --\nx = 1\n", "")]
    [InlineData("# configlint: disable=PF101 --   \nx = 1\n", "")]
    [InlineData("#configlint:disable=PF101--why not\nx = 1\n", "why not")]
    [InlineData("   #  CONFIGLINT: Disable = PF101 -- a -- b\nx = 1\n", "a -- b")]
    public void Reasons(string text, string? reason)
    {
        var d = Directives(text).ShouldHaveSingleItem();
        d.Problem.ShouldBeNull();
        d.Keys.Select(k => k.Text).ShouldBe(["PF101"]);
        d.Reason.ShouldBe(reason);
        d.HasReason.ShouldBe(!string.IsNullOrEmpty(reason));
    }

    [Theory]
    [InlineData("# configlint: ignore=PF101 -- x\nx = 1\n", "unknown action 'ignore'")]
    [InlineData("# configlint: disable PF101\nx = 1\n", "not a directive ConfigLint understands")]
    [InlineData("# configlint: disable=\nx = 1\n", "not a directive ConfigLint understands")]
    [InlineData("# configlint: disable=PF101 because reasons\nx = 1\n", "put the reason after ' -- '")]
    [InlineData("# configlint: disable=,, -- x\nx = 1\n", "not a directive ConfigLint understands")]
    public void Malformed_directives_carry_a_problem(string text, string problem)
    {
        Directives(text).ShouldHaveSingleItem().Problem.ShouldNotBeNull().ShouldContain(problem);
    }

    [Theory]
    [InlineData("# configlint: disable=PF101 -- x\n\nx = 1\n")]
    [InlineData("x = 1\n# configlint: disable=PF101 -- x\n  continued\n")]
    [InlineData("x = 1\n# configlint: disable=PF101 -- x\n")]
    public void A_directive_not_directly_above_an_entry_covers_nothing(string text)
    {
        Directives(text).ShouldHaveSingleItem().TargetFirstLine.ShouldBeNull();
    }

    [Fact]
    public void Comments_that_merely_mention_configlint_are_not_directives()
    {
        Directives("# checked by configlint: see the README\n# configlint is great\nx = 1\n").ShouldBeEmpty();
    }

    [Fact]
    public void Master_cf_services_and_aliases_entries_are_targets()
    {
        var config = PostfixConfig.FromText(
            "x = 1\n",
            "# configlint: disable=PF101 -- partner relay\nsubmission inet n - y - - smtpd\n  -o mynetworks=0.0.0.0/0\n",
            "# configlint: disable-file=PF004 -- generated\npostmaster: root\n# configlint: disable=PF701 -- legacy\nroot: admin,\n  other\n");
        var all = config.Suppressions;
        all.Select(d => (d.Span.File, d.Scope, d.TargetFirstLine, d.TargetLastLine)).ShouldBe(
        [
            ("master.cf", SuppressionScope.Entry, 2, 3),
            ("aliases", SuppressionScope.File, null, null),
            ("aliases", SuppressionScope.Entry, 4, 5),
        ]);
    }

    [Fact]
    public void Apply_marks_covered_findings_and_reports_what_suppressed_nothing()
    {
        var config = PostfixConfig.FromText("# configlint: disable=PF101,PF203 -- lab\nmynetworks = 0.0.0.0/0\n# configlint: disable-file=PF999 -- typo\n# configlint: disable=PF201 -- rule is off\nx = 1\n");
        var directives = config.Suppressions;
        var pf101 = Finding("PF101", "open-relay-risk", 2);
        var other = Finding("PF201", "ipv6-address-without-brackets", 2);
        var elsewhere = Finding("PF101", "open-relay-risk", 5);
        RuleDescriptor[] known = [Descriptor("PF101", "open-relay-risk"), Descriptor("PF203", "backup-mx-without-proxy-interfaces"), Descriptor("PF201", "ipv6-address-without-brackets"), Descriptor("PF010", "suppression-without-reason") with { Phase = RulePhase.AfterSuppressions }];
        var ran = known.Where(r => r.Id != "PF201").ToList();

        var (findings, audit) = InlineSuppressions.Apply(directives, [pf101, other, elsewhere], known, ran);

        findings[0].Suppression.ShouldBe(new Suppression("inSource", "lab", new Span("main.cf", 1, 1, 1, 41)));
        findings[1].Suppression.ShouldBeNull("the directive above does not name PF201");
        findings[2].Suppression.ShouldBeNull();
        audit.Unused.Select(u => (u.Span.StartLine, u.Span.StartColumn)).ShouldBe([(1, 29), (3, 28)]);
        audit.Unused[0].Detail.ShouldContain("Suppression of PF203 [backup-mx-without-proxy-interfaces] is unused");
        audit.Unused[1].Detail.ShouldContain("'PF999' is not a rule ID or name");
    }

    private static Finding Finding(string id, string name, int line) => new()
    {
        RuleId = id,
        RuleName = name,
        Severity = Severity.Error,
        Message = "m",
        Span = new Span("main.cf", line, 1, line, 5),
    };

    private static RuleDescriptor Descriptor(string id, string name) => new()
    {
        Id = id,
        Name = name,
        Title = name,
        Category = "c",
        DefaultSeverity = Severity.Error,
        Message = "m",
        Summary = "s",
        Rationale = "r",
        Remediation = "x",
    };
}
