using ConfigLint.Core.Model;
using ConfigLint.Core.Text;
using ConfigLint.TestSupport;

namespace ConfigLint.Core.Tests.Model;

/// <summary>
/// Every row of POSTFIX-SEMANTICS.md §2, measured with <c>postconf -c DIR -hx probe</c> where
/// <c>myhostname = mx.example.com</c>, <c>empty_one =</c>, <c>nonempty_one = abc</c>.
/// </summary>
public sealed class ExpansionTests
{
    private const string Context = "myhostname = mx.example.com\nempty_one =\nnonempty_one = abc\n";

    private static EffectiveValue Probe(string probe)
    {
        var config = PostfixConfig.FromText(Context + "probe = " + probe + "\n");
        return config.Get("probe");
    }

    private static void ShouldExpandTo(string probe, string expected)
    {
        var value = Probe(probe);
        value.Expanded.Error.ShouldBeNull($"probe = {probe}");
        value.Value.ShouldBe(expected, $"probe = {probe}");
    }

    [Theory]
    [InlineData("$myhostname")]
    [InlineData("${myhostname}")]
    [InlineData("$(myhostname)")]
    [InlineData("${ myhostname }")]
    public void The_four_reference_forms_expand_alike(string probe) => ShouldExpandTo(probe, "mx.example.com");

    [Fact]
    public void Question_mark_gives_the_text_when_the_name_is_set()
    {
        ShouldExpandTo("${myhostname?set}", "set");
    }

    [Fact]
    public void Question_mark_on_an_undefined_name_gives_nothing_and_an_undefined_warning()
    {
        var value = Probe("${undefined_xyz?set}");

        value.Expanded.Error.ShouldBeNull();
        value.Value.ShouldBe(string.Empty);
        value.Expanded.Undefined.ShouldBe(["undefined_xyz"]);
    }

    [Fact]
    public void Colon_gives_nothing_when_the_name_is_set()
    {
        ShouldExpandTo("${myhostname:unset}", string.Empty);
    }

    [Fact]
    public void Colon_on_an_undefined_name_gives_the_text_and_an_undefined_warning()
    {
        var value = Probe("${undefined_xyz:unset}");

        value.Value.ShouldBe("unset");
        value.Expanded.Undefined.ShouldBe(["undefined_xyz"]);
    }

    [Fact]
    public void An_empty_value_counts_as_unset()
    {
        ShouldExpandTo("${empty_one?set}", string.Empty);
        ShouldExpandTo("${empty_one:unset}", "unset");
        Probe("${empty_one:unset}").Expanded.Undefined.ShouldBeEmpty();
    }

    [Fact]
    public void The_braced_if_else_form_picks_a_branch()
    {
        ShouldExpandTo("${nonempty_one?{set}:{unset}}", "set");
        ShouldExpandTo("${empty_one?{set}:{unset}}", "unset");
    }

    [Theory]
    [InlineData("[${nonempty_one?{ x }:{y}}]")]
    [InlineData("[${empty_one: x }]")]
    public void Spaces_inside_the_branch_are_kept(string probe) => ShouldExpandTo(probe, "[ x ]");

    [Fact]
    public void A_branch_is_expanded_itself()
    {
        ShouldExpandTo("${nonempty_one?$myhostname}", "mx.example.com");
    }

    [Fact]
    public void An_undefined_name_expands_to_nothing_and_the_dot_ends_it()
    {
        var value = Probe("$undefined_xyz.tail");

        value.Value.ShouldBe(".tail");
        value.Expanded.Undefined.ShouldBe(["undefined_xyz"]);
    }

    [Fact]
    public void An_underscore_continues_an_unbraced_name()
    {
        var value = Probe("$myhostname_suffix");

        value.Value.ShouldBe(string.Empty);
        value.Expanded.Undefined.ShouldBe(["myhostname_suffix"]);
        ShouldExpandTo("${myhostname}_suffix", "mx.example.com_suffix");
    }

    [Fact]
    public void A_hyphen_ends_an_unbraced_name()
    {
        var value = Probe("$foo-bar");

        value.Value.ShouldBe("-bar");
        value.Expanded.Undefined.ShouldBe(["foo"]);
    }

    [Fact]
    public void A_double_dollar_is_a_literal_dollar()
    {
        ShouldExpandTo("$$literal", "$literal");
    }

    [Theory]
    [InlineData("${{$myhostname} == {mx.example.com} ? {eq} : {ne}}", "eq")]
    [InlineData("${{$myhostname}=={mx.example.com}?{eq}:{ne}}", "eq")]
    [InlineData("${{$myhostname} != {mx.example.com} ? {ne} : {eq}}", "eq")]
    [InlineData("${{a} == {a}}", "true")]
    [InlineData("${{a} == {b}}", "")]
    [InlineData("${{a} == {a} ? {yes}}", "yes")]
    [InlineData("${{a} == {b} ? {yes}}", "")]
    public void Relational_expressions_compare_and_pick_a_branch(string probe, string expected) => ShouldExpandTo(probe, expected);

    [Theory]
    [InlineData("10", "<", "9", false)]
    [InlineData("9", "<", "10", true)]
    [InlineData("09", "==", "9", true)]
    [InlineData("-1", "<", "2", true)]
    [InlineData("abc", "<", "abd", true)]
    [InlineData("3.10", "<", "3.9", true)]
    [InlineData("3.10", "<level", "3.9", false)]
    [InlineData("3.6", "==level", "3.6.0", true)]
    [InlineData("3.6", "!=level", "3.6.0", false)]
    [InlineData("3.10", "<=level", "3.9", false)]
    [InlineData("3.10", ">level", "3.9", true)]
    [InlineData("3.10", ">=level", "3.10.0", true)]
    [InlineData("2", ">", "10", false)]
    [InlineData("b", ">", "a", true)]
    [InlineData("a", "<=", "a", true)]
    [InlineData("a", ">=", "b", false)]
    [InlineData("MX.example.com", "==", "mx.example.com", false)]
    [InlineData(" a ", "==", "a", false)]
    public void Numbers_compare_as_numbers_strings_as_strings_and_level_operators_as_versions(string left, string op, string right, bool expected)
    {
        ShouldExpandTo($"${{{{{left}}} {op} {{{right}}} ? {{true}} : {{false}}}}", expected ? "true" : "false");
    }

    [Theory]
    [InlineData("${{10} <number {9} ? {t} : {f}}", "bad operator suffix")]
    [InlineData("${{a} =~ {a} ? {y} : {n}}", "\"==\" or \"!=\"")]
    [InlineData("${{a} ? {y} : {n}}", "\"==\" or \"!=\"")]
    [InlineData("${myhostname", "truncated macro reference")]
    [InlineData("$(myhostname}", "truncated macro reference")]
    [InlineData("$", "empty macro name")]
    [InlineData("a$", "empty macro name")]
    [InlineData("${}", "empty macro name")]
    public void Bad_macro_syntax_is_an_error_postfix_stops_on(string probe, string message)
    {
        var value = Probe(probe);

        value.Expanded.Failed.ShouldBeTrue($"probe = {probe} gave '{value.Value}'");
        value.Expanded.Error!.ShouldContain(message);
    }

    [Fact]
    public void A_macro_error_is_reported_at_the_definition_that_holds_it()
    {
        var config = PostfixConfig.FromText(Context + "probe = ${myhostname\n");

        var d = config.Diagnostics.ShouldHaveSingleItem();
        d.Kind.ShouldBe(DiagnosticKind.MacroError);
        d.Message.ShouldContain("probe");
        d.Message.ShouldContain("truncated macro reference");
        d.Span.ShouldBe(new Span("main.cf", 4, 1, 4, 6));
    }

    [Fact]
    public void A_reference_cycle_is_an_error_not_a_stack_overflow()
    {
        var config = PostfixConfig.FromText("recA = $recB\nrecB = $recA\n");

        var a = config.Get("recA");
        a.Expanded.Failed.ShouldBeTrue();
        a.Expanded.Error!.ShouldContain("unreasonable macro call nesting");
        config.Get("recB").Expanded.Failed.ShouldBeTrue();
    }

    [Fact]
    public void A_built_in_parameter_that_reaches_a_cycle_fails()
    {
        var config = PostfixConfig.FromText("recA = $recB\nrecB = $recA\nsmtpd_banner = $recA\n");

        config.Get("smtpd_banner").Expanded.Error!.ShouldContain("unreasonable macro call nesting");
        config.Diagnostics.ShouldNotBeEmpty();
        config.Diagnostics.ShouldAllBe(d => d.Kind == DiagnosticKind.MacroError && d.Span.File == "main.cf" && d.Span.StartLine >= 1 && d.Span.StartLine <= 3 && d.Span.StartColumn == 1);
    }

    [Theory]
    [InlineData("selfref = x $selfref\nsmtpd_banner = $selfref\n", "smtpd_banner")]
    [InlineData("smtpd_banner = $smtpd_banner x\n", "smtpd_banner")]
    [InlineData("myhostname = $myhostname.x\n", "myhostname")]
    public void A_self_reference_is_an_error(string mainCf, string name)
    {
        var config = PostfixConfig.FromText(mainCf);

        config.Get(name).Expanded.Error!.ShouldContain("unreasonable macro call nesting");
    }

    [Fact]
    public void A_cycle_through_a_default_is_an_error()
    {
        // mydestination's default refers to $myhostname.
        var config = PostfixConfig.FromText("myhostname = $mydestination\n");

        config.Get("myhostname").Expanded.Failed.ShouldBeTrue();
    }

    [Fact]
    public void A_deep_chain_within_the_nesting_limit_expands()
    {
        const int length = 60;
        var main = string.Concat(Enumerable.Range(0, length).Select(i => $"p{i} = $p{i + 1}\n")) + $"p{length} = end\n";

        var value = PostfixConfig.FromText(main).Get("p0");

        value.Expanded.Error.ShouldBeNull();
        value.Value.ShouldBe("end");
        value.Expanded.Steps.Count.ShouldBe(length);
    }

    [Fact]
    public void A_chain_deeper_than_the_nesting_limit_is_an_error_not_a_stack_overflow()
    {
        const int length = 500;
        var main = string.Concat(Enumerable.Range(0, length).Select(i => $"p{i} = $p{i + 1}\n")) + $"p{length} = end\n";

        var config = PostfixConfig.FromText(main);

        config.Get("p0").Expanded.Error!.ShouldContain("unreasonable macro call nesting");
    }

    [Fact]
    public void A_value_kept_from_an_earlier_evaluation_still_counts_its_depth_where_it_is_reused()
    {
        // p0 is 60 levels deep on its own. Reached through 50 more levels of q, the whole is 110
        // levels: mac_expand stops there, whether or not p0 was asked for before.
        var main = string.Concat(Enumerable.Range(0, 60).Select(i => $"p{i} = $p{i + 1}\n")) + "p60 = end\n"
            + string.Concat(Enumerable.Range(0, 50).Select(i => $"q{i} = $q{i + 1}\n")) + "q50 = $p0\n";
        var config = PostfixConfig.FromText(main);

        config.Get("p0").Value.ShouldBe("end");
        config.Get("q0").Expanded.Error!.ShouldContain("unreasonable macro call nesting");
        config.Get("q40").Value.ShouldBe("end");
    }

    [SystemTest]
    [RequiresPostfixTheory]
    [InlineData(98)]
    [InlineData(99)]
    [InlineData(100)]
    [InlineData(101)]
    public void The_nesting_limit_falls_where_postconf_puts_it(int links)
    {
        // smtpd_banner = $p0, p0 = $p1, …, p<links> = end: postconf -x expands it up to 99 links and
        // stops with "unreasonable macro call nesting" from 100 on; ConfigLint must agree, whatever
        // was evaluated before. It reports once, at the value nearest the end of the chain that is
        // too deep on its own: smtpd_banner at 100 links; from 101 links on, p0 is too deep itself.
        Prerequisites.RequirePostfix();
        var main = string.Concat(Enumerable.Range(0, links).Select(i => $"p{i} = $p{i + 1}\n")) + $"p{links} = end\nsmtpd_banner = $p0\n";
        var live = Postconf.RunText(main, null, "-x", "smtpd_banner");
        var postfixFails = live.ExitCode != 0;
        if (postfixFails)
        {
            live.Stderr.ShouldContain("unreasonable macro call nesting");
        }

        var config = PostfixConfig.FromText(main);
        config.Get("smtpd_banner").Expanded.Failed.ShouldBe(postfixFails, live.Stderr);
        var reported = config.Diagnostics.Where(d => d.Kind == DiagnosticKind.MacroError).ToList();
        if (postfixFails)
        {
            reported.ShouldHaveSingleItem().Span.StartLine.ShouldBe(links >= 101 ? links - 100 : links + 2);
        }
        else
        {
            reported.ShouldBeEmpty();
        }
    }

    [Fact]
    public void A_chain_written_from_its_end_and_one_written_from_its_start_fail_at_the_same_links()
    {
        // Evaluation follows the references, not the written order: either way the last 101 links
        // expand and every link before them is too deep (postconf -x: smtpd_banner = $p0 with
        // p0 = $p1 … p99 = end expands; one link more and it fails).
        const int length = 300;
        var forward = PostfixConfig.FromText(string.Concat(Enumerable.Range(0, length).Select(i => $"p{i} = $p{i + 1}\n")) + $"p{length} = end\n");
        var backward = PostfixConfig.FromText($"p{length} = end\n" + string.Concat(Enumerable.Range(0, length).Reverse().Select(i => $"p{i} = $p{i + 1}\n")));

        foreach (var config in new[] { forward, backward })
        {
            Enumerable.Range(0, length + 1).Count(i => config.Get($"p{i}").Expanded.Failed).ShouldBe(length + 1 - 101);
            config.Get($"p{length - 100}").Value.ShouldBe("end");
            config.Get($"p{length - 101}").Expanded.Error!.ShouldContain("unreasonable macro call nesting");
        }
    }

    [Fact]
    public void Expansion_records_the_names_it_went_through_with_their_provenance()
    {
        var config = PostfixConfig.FromText("myhostname = mx.example.com\nsmtpd_banner = $myhostname ESMTP $mail_name\n");

        var value = config.Get("smtpd_banner");

        value.Value.ShouldBe("mx.example.com ESMTP Postfix");
        value.Expanded.Steps.Select(s => s.Name).ShouldBe(["myhostname", "mail_name"]);
        value.Expanded.Steps[0].Provenance.ShouldBeOfType<MainCfProvenance>().NameSpan.StartLine.ShouldBe(1);
        value.Expanded.Steps[1].Provenance.ShouldBeOfType<DefaultProvenance>();
    }

    [Fact]
    public void Expanded_text_maps_back_to_the_definition_it_was_copied_from()
    {
        var config = PostfixConfig.FromText("myhostname = mx.example.com\nsmtpd_banner = $myhostname ESMTP\n");

        var value = config.Get("smtpd_banner");

        value.Expanded.SpanOf(0, "mx.example.com".Length).ShouldBe(new Span("main.cf", 1, 14, 1, 28));
        value.Expanded.SpanOf("mx.example.com ".Length, "ESMTP".Length).ShouldBe(new Span("main.cf", 2, 28, 2, 33));
    }
}
