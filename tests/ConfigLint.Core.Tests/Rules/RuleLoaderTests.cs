using ConfigLint.Core.Engine;
using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Tests.Rules;

public sealed class RuleLoaderTests
{
    private const string Valid = """
        id: ACME001
        name: banner-discloses-software
        title: The SMTP banner names the software
        category: disclosure
        severity: note
        message: "smtpd_banner is '{value}'."
        summary: The banner names Postfix.
        rationale: Attackers learn the software.
        remediation: Set smtpd_banner = $myhostname ESMTP.
        check:
          parameter: smtpd_banner
          matches: "(?i)postfix"
        """;

    private static readonly Dictionary<string, CodedRule> NoCoded = [];

    [Fact]
    public void A_valid_declarative_manifest_loads()
    {
        var rule = RuleLoader.Load(Valid, "acme/ACME001.yaml", builtIn: false, NoCoded);
        rule.Descriptor.Id.ShouldBe("ACME001");
        rule.Descriptor.DefaultSeverity.ShouldBe(Severity.Note);
        rule.Logic.ShouldBeOfType<DeclarativeCheck>();
    }

    [Fact]
    public void An_unknown_key_is_an_error_with_file_and_line()
    {
        var e = Should.Throw<RuleManifestException>(() => RuleLoader.Load(Valid + "\nseverty: error\n", "acme/ACME001.yaml", false, NoCoded));
        e.File.ShouldBe("acme/ACME001.yaml");
        e.Line.ShouldBe(13);
        e.Message.ShouldContain("severty");
    }

    [Fact]
    public void Missing_logic_is_an_error()
    {
        var yaml = string.Join('\n', Valid.Split('\n').TakeWhile(l => !l.StartsWith("check:", StringComparison.Ordinal)));
        Should.Throw<RuleManifestException>(() => RuleLoader.Load(yaml, "x.yaml", false, NoCoded)).Message.ShouldContain("missing logic");
    }

    [Fact]
    public void A_custom_rule_may_not_be_coded_or_use_a_PF_id()
    {
        var coded = Valid.Replace("check:\n  parameter: smtpd_banner\n  matches: \"(?i)postfix\"", "logic: coded", StringComparison.Ordinal);
        Should.Throw<RuleManifestException>(() => RuleLoader.Load(coded, "x.yaml", false, NoCoded)).Message.ShouldContain("logic: coded");
        Should.Throw<RuleManifestException>(() => RuleLoader.Load(Valid.Replace("ACME001", "PF999", StringComparison.Ordinal), "x.yaml", false, NoCoded)).Message.ShouldContain("reserved");
    }

    [Fact]
    public void A_coded_rule_needs_a_class_marked_with_its_id()
    {
        var coded = Valid.Replace("ACME001", "PF998", StringComparison.Ordinal).Replace("check:\n  parameter: smtpd_banner\n  matches: \"(?i)postfix\"", "logic: coded", StringComparison.Ordinal);
        Should.Throw<RuleManifestException>(() => RuleLoader.Load(coded, "x.yaml", true, NoCoded)).Message.ShouldContain("[Rule(\"PF998\")]");
    }

    [Fact]
    public void Duplicate_ids_are_an_error()
    {
        var a = RuleLoader.Load(Valid, "a.yaml", false, NoCoded);
        var b = RuleLoader.Load(Valid.Replace("banner-discloses-software", "other-name", StringComparison.Ordinal), "b.yaml", false, NoCoded);
        Should.Throw<RuleManifestException>(() => RuleLoader.CheckUnique([a, b])).Message.ShouldContain("duplicate rule id 'ACME001'");
    }

    [Fact]
    public void A_check_needs_exactly_one_condition()
    {
        var two = Valid + "\n  equals: x\n";
        Should.Throw<RuleManifestException>(() => RuleLoader.Load(two, "x.yaml", false, NoCoded)).Message.ShouldContain("exactly one condition");
    }

    [Fact]
    public void A_declarative_check_reports_at_the_value_it_tests()
    {
        var rule = RuleLoader.Load(Valid, "x.yaml", false, NoCoded);
        var config = PostfixConfig.FromText("compatibility_level = 3.6\nsmtpd_banner = $myhostname ESMTP $mail_name\n");
        var findings = Analyzer.Run(config, [rule]);
        findings.Count.ShouldBe(1);
        findings[0].Span.StartLine.ShouldBe(2);
        findings[0].Span.StartColumn.ShouldBe(16);
        findings[0].Message.ShouldBe("smtpd_banner is 'host.example.test ESMTP Postfix'.");
        Analyzer.Run(PostfixConfig.FromText("smtpd_banner = $myhostname ESMTP\n"), [rule]).ShouldBeEmpty();
    }

    [Fact]
    public void A_rule_cannot_report_without_a_real_span()
    {
        var rule = RuleLoader.Load(Valid, "x.yaml", false, NoCoded);
        var context = new RuleContext(rule.Descriptor, Severity.Note, PostfixConfig.FromText(string.Empty), []);
        Should.Throw<InvalidOperationException>(() => context.Report(new Span(string.Empty, 0, 0, 0, 0), "x"));
    }

    [Fact]
    public void A_long_logical_key_keeps_its_start_and_a_hash_and_stays_distinct()
    {
        var rule = RuleLoader.Load(Valid, "x.yaml", false, NoCoded);
        var findings = new List<Finding>();
        var context = new RuleContext(rule.Descriptor, Severity.Note, PostfixConfig.FromText("a = b\n"), findings);
        var span = new Span("main.cf", 1, 1, 1, 2);

        context.Report(span, "short", key: "k");
        context.Report(span, "long", key: new string('x', 35_000) + "1");
        context.Report(span, "long", key: new string('x', 35_000) + "2");

        findings[0].LogicalKey.ShouldBe("ACME001|k");
        findings[1].LogicalKey!.Length.ShouldBeLessThan(300);
        findings[1].LogicalKey.ShouldStartWith("ACME001|xxxx");
        findings[2].LogicalKey.ShouldNotBe(findings[1].LogicalKey);
    }

    [Fact]
    public void Format_fills_each_placeholder_from_the_template_only()
    {
        var rule = RuleLoader.Load(Valid, "x.yaml", false, NoCoded).Descriptor with { Message = "{a} and {b}, {a} again; {c} and {{a}} and {unclosed" };
        var context = new RuleContext(rule, Severity.Note, PostfixConfig.FromText(string.Empty), []);

        // A value is what a file said: its own "{b}" stays as it is; a key given twice fills in its first value.
        context.Format(("a", "x{b}y"), ("b", "B"), ("a", "second")).ShouldBe("x{b}y and B, x{b}y again; {c} and {x{b}y} and {unclosed");

        var longValue = new string('v', RuleContext.MaxValueInMessage * 3);
        var excerpt = Excerpt.Of(longValue, RuleContext.MaxValueInMessage);
        excerpt.Length.ShouldBeLessThan(longValue.Length);
        context.Format(("a", longValue), ("b", string.Empty)).ShouldBe($"{excerpt} and , {excerpt} again; {{c}} and {{{excerpt}}} and {{unclosed");
    }

    [Fact]
    public void Selection_by_id_beats_name_beats_category()
    {
        var rule = RuleLoader.Load(Valid, "x.yaml", false, NoCoded).Descriptor;
        new RuleSelection(new Dictionary<string, Severity> { ["disclosure"] = Severity.Error }).SeverityOf(rule).ShouldBe(Severity.Error);
        new RuleSelection(new Dictionary<string, Severity> { ["disclosure"] = Severity.Error, ["banner-discloses-software"] = Severity.Warning }).SeverityOf(rule).ShouldBe(Severity.Warning);
        new RuleSelection(new Dictionary<string, Severity> { ["banner-discloses-software"] = Severity.Warning, ["ACME001"] = Severity.None }).SeverityOf(rule).ShouldBe(Severity.None);
    }
}
