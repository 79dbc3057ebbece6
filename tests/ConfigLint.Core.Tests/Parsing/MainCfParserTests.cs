using ConfigLint.Core.Parsing;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Tests.Parsing;

/// <summary>main.cf syntax, one test per rule of POSTFIX-SEMANTICS.md §1 (verified with postconf 3.7.11).</summary>
public sealed class MainCfParserTests
{
    private static MainCfDocument Parse(string text) => MainCfParser.Parse(SourceText.FromString("main.cf", text));

    private static string Value(MainCfDocument doc, string name) =>
        (doc.Get(name) ?? throw new ShouldAssertException($"{name} is not defined")).Value.Text;

    // The test file of §1, line for line.
    private const string SemanticsExample =
        "# full-line comment\n" +                       // 1
        "   # indented comment line\n" +                // 2
        "myhostname = host1.example.com\n" +            // 3
        "myhostname=host2.example.com\n" +              // 4
        "mydomain\t=\texample.com   \n" +               // 5
        "mynetworks = 127.0.0.0/8,\n" +                 // 6
        "    10.0.0.0/8\n" +                            // 7
        "  # comment inside continuation\n" +           // 8
        "\t192.168.0.0/16\n" +                          // 9
        "relayhost = [relay.example.com]:587 # trailing comment?\n" + // 10
        " leading_ws_param = x\n" +                     // 11
        "foo_user_param = hello\n" +                    // 12
        "bar = $foo_user_param world\n" +               // 13
        "EMPTY =\n" +                                   // 14
        "Upper_Case = 1\n" +                            // 15
        "smtpd_banner = \"quoted value\"\n";            // 16

    [Fact]
    public void The_semantics_example_file_gives_the_values_postconf_n_prints()
    {
        var doc = Parse(SemanticsExample);

        doc.Diagnostics.ShouldBeEmpty();
        Value(doc, "myhostname").ShouldBe("host2.example.com");
        Value(doc, "mydomain").ShouldBe("example.com");
        Value(doc, "mynetworks").ShouldBe("127.0.0.0/8, 10.0.0.0/8 192.168.0.0/16");
        Value(doc, "relayhost").ShouldBe("[relay.example.com]:587 # trailing comment? leading_ws_param = x");
        Value(doc, "foo_user_param").ShouldBe("hello");
        Value(doc, "bar").ShouldBe("$foo_user_param world");
        Value(doc, "EMPTY").ShouldBe(string.Empty);
        Value(doc, "Upper_Case").ShouldBe("1");
        Value(doc, "smtpd_banner").ShouldBe("\"quoted value\"");
        doc.Get("leading_ws_param").ShouldBeNull();
        doc.Effective.Keys.Order(StringComparer.Ordinal).ShouldBe(
            ["EMPTY", "Upper_Case", "bar", "foo_user_param", "mydomain", "myhostname", "mynetworks", "relayhost", "smtpd_banner"]);
    }

    [Fact]
    public void A_comment_line_inside_a_continuation_vanishes()
    {
        var doc = Parse("mynetworks = 127.0.0.0/8,\n    10.0.0.0/8\n  # comment inside continuation\n\t192.168.0.0/16\n");

        Value(doc, "mynetworks").ShouldBe("127.0.0.0/8, 10.0.0.0/8 192.168.0.0/16");
        doc.Get("mynetworks")!.LastLine.ShouldBe(4);
    }

    [Fact]
    public void An_unindented_comment_line_inside_a_continuation_vanishes_too()
    {
        var doc = Parse("mynetworks = 127.0.0.0/8\n# comment\n  10.0.0.0/8\n");

        Value(doc, "mynetworks").ShouldBe("127.0.0.0/8 10.0.0.0/8");
    }

    [Theory]
    [InlineData("mynetworks = 127.0.0.0/8\n\n  10.0.0.0/8\n")]
    [InlineData("mynetworks = 127.0.0.0/8\n   \n  10.0.0.0/8\n")]
    [InlineData("mynetworks = 127.0.0.0/8\n\t\n\n  10.0.0.0/8\n")]
    public void Blank_lines_do_not_end_a_continuation(string text)
    {
        var doc = Parse(text);

        Value(doc, "mynetworks").ShouldBe("127.0.0.0/8 10.0.0.0/8");
        doc.Entries.Count.ShouldBe(1);
    }

    [Fact]
    public void Continuation_lines_are_joined_with_one_space()
    {
        var doc = Parse("smtpd_banner = a   \n        b\n\t\t c\n");

        Value(doc, "smtpd_banner").ShouldBe("a b c");
    }

    [Fact]
    public void A_backslash_at_the_end_of_a_line_is_not_special()
    {
        var doc = Parse("a = x \\\n  b\n");

        Value(doc, "a").ShouldBe("x \\ b");
    }

    [Fact]
    public void A_hash_after_a_value_is_part_of_the_value()
    {
        var doc = Parse("relayhost = [relay.example.com]:587 # trailing comment?\n");

        Value(doc, "relayhost").ShouldBe("[relay.example.com]:587 # trailing comment?");
    }

    [Theory]
    [InlineData("mydomain = example.com")]
    [InlineData("mydomain=example.com")]
    [InlineData("mydomain\t=\texample.com   ")]
    [InlineData("mydomain =example.com")]
    [InlineData("mydomain= example.com\t")]
    [InlineData("mydomain    =    example.com")]
    public void Spaces_and_tabs_around_the_equals_sign_are_optional(string line)
    {
        var doc = Parse(line + "\n");

        doc.Diagnostics.ShouldBeEmpty();
        Value(doc, "mydomain").ShouldBe("example.com");
    }

    [Fact]
    public void A_double_equals_sign_gives_a_value_starting_with_equals()
    {
        var doc = Parse("smtpd_banner == double\n");

        doc.Diagnostics.ShouldBeEmpty();
        Value(doc, "smtpd_banner").ShouldBe("= double");
    }

    [Fact]
    public void Quotes_are_kept_literally()
    {
        Value(Parse("smtpd_banner = \"quoted value\"\n"), "smtpd_banner").ShouldBe("\"quoted value\"");
    }

    [Fact]
    public void CRLF_line_ends_are_trimmed()
    {
        var doc = Parse("myhostname = mx.example.com\r\nmynetworks = 127.0.0.0/8,\r\n  10.0.0.0/8\r\nEMPTY =\r\n");

        doc.Diagnostics.ShouldBeEmpty();
        Value(doc, "myhostname").ShouldBe("mx.example.com");
        Value(doc, "mynetworks").ShouldBe("127.0.0.0/8, 10.0.0.0/8");
        Value(doc, "EMPTY").ShouldBe(string.Empty);
        doc.Source.Lines.ShouldAllBe(l => !l.Contains('\r'));
    }

    [Fact]
    public void CRLF_spans_are_the_same_as_LF_spans()
    {
        var lf = Parse("myhostname = mx.example.com\nmynetworks = 127.0.0.0/8,\n  10.0.0.0/8\n");
        var crlf = Parse("myhostname = mx.example.com\r\nmynetworks = 127.0.0.0/8,\r\n  10.0.0.0/8\r\n");

        crlf.Get("mynetworks")!.Value.WholeSpan.ShouldBe(lf.Get("mynetworks")!.Value.WholeSpan);
        crlf.Get("myhostname")!.Value.WholeSpan.ShouldBe(lf.Get("myhostname")!.Value.WholeSpan);
    }

    [Fact]
    public void The_last_definition_wins_and_every_definition_is_kept_in_Entries()
    {
        var doc = Parse("myhostname = host1.example.com\nother = x\nmyhostname=host2.example.com\n");

        Value(doc, "myhostname").ShouldBe("host2.example.com");
        doc.Get("myhostname")!.FirstLine.ShouldBe(3);
        doc.Entries.Select(e => (e.Name, e.Value.Text, e.FirstLine)).ShouldBe(
        [
            ("myhostname", "host1.example.com", 1),
            ("other", "x", 2),
            ("myhostname", "host2.example.com", 3),
        ]);
    }

    [Fact]
    public void Names_are_case_sensitive()
    {
        var doc = Parse("Upper_Case = 1\nupper_case = 2\n");

        Value(doc, "Upper_Case").ShouldBe("1");
        Value(doc, "upper_case").ShouldBe("2");
        doc.Entries.Count.ShouldBe(2);
    }

    [Fact]
    public void Odd_names_are_accepted()
    {
        var doc = Parse("foo-bar = 1\n");

        doc.Diagnostics.ShouldBeEmpty();
        Value(doc, "foo-bar").ShouldBe("1");
    }

    [Fact]
    public void A_first_line_that_starts_with_whitespace_is_ignored_with_a_diagnostic()
    {
        var doc = Parse(" leading = first line\nmyhostname = mx.example.com\n");

        doc.Get("leading").ShouldBeNull();
        Value(doc, "myhostname").ShouldBe("mx.example.com");
        var d = doc.Diagnostics.ShouldHaveSingleItem();
        d.Kind.ShouldBe(DiagnosticKind.MainCfSyntax);
        d.Message.ShouldContain("must not start with whitespace");
        d.Message.ShouldContain("leading = first line");
        d.Span.File.ShouldBe("main.cf");
        d.Span.StartLine.ShouldBe(1);
        d.Span.StartColumn.ShouldBe(1);
    }

    [Fact]
    public void An_indented_line_after_only_comments_is_still_a_first_line()
    {
        var doc = Parse("# header\n\n  leading = x\nmyhostname = mx.example.com\n");

        doc.Get("leading").ShouldBeNull();
        var d = doc.Diagnostics.ShouldHaveSingleItem();
        d.Message.ShouldContain("must not start with whitespace");
        d.Span.StartLine.ShouldBe(3);
    }

    [Fact]
    public void Missing_attribute_name_is_reported_on_its_line()
    {
        var doc = Parse("myhostname = mx.example.com\n# comment\n\n=novalue\nmydomain = example.com\n");

        var d = doc.Diagnostics.ShouldHaveSingleItem();
        d.Kind.ShouldBe(DiagnosticKind.MainCfSyntax);
        d.Message.ShouldContain("Missing attribute name");
        d.Message.ShouldContain("=novalue");
        d.Span.ShouldBe(new Span("main.cf", 4, 1, 4, 9));
        doc.Entries.Select(e => e.Name).ShouldBe(["myhostname", "mydomain"]);
    }

    [Fact]
    public void Missing_equals_sign_is_reported_at_the_name()
    {
        var doc = Parse("myhostname = mx.example.com\njustaname\n");

        var d = doc.Diagnostics.ShouldHaveSingleItem();
        d.Kind.ShouldBe(DiagnosticKind.MainCfSyntax);
        d.Message.ShouldContain("Missing '=' after attribute name");
        d.Message.ShouldContain("justaname");
        d.Span.ShouldBe(new Span("main.cf", 2, 1, 2, 10));
        doc.Get("justaname").ShouldBeNull();
    }

    [Fact]
    public void Missing_equals_sign_between_name_and_value_is_reported_at_the_name()
    {
        var doc = Parse("\n\nrelayhost [relay.example.com]\n");

        var d = doc.Diagnostics.ShouldHaveSingleItem();
        d.Message.ShouldContain("Missing '='");
        d.Span.ShouldBe(new Span("main.cf", 3, 1, 3, 10));
        doc.Entries.ShouldBeEmpty();
    }

    [Fact]
    public void The_name_span_covers_the_name()
    {
        var doc = Parse("\nmydomain\t=\texample.com\n");

        doc.Get("mydomain")!.NameSpan.ShouldBe(new Span("main.cf", 2, 1, 2, 9));
    }

    [Fact]
    public void The_value_span_points_at_the_value_after_blanks_and_tabs()
    {
        var doc = Parse("mydomain\t=\texample.com   \n");

        // "mydomain" (8) + TAB + "=" + TAB: the value starts at column 12.
        doc.Get("mydomain")!.Value.WholeSpan.ShouldBe(new Span("main.cf", 1, 12, 1, 23));
    }

    [Fact]
    public void A_value_element_on_a_continuation_line_maps_to_that_line_and_column()
    {
        var doc = Parse("mynetworks = 127.0.0.0/8,\n    10.0.0.0/8\n  # comment inside continuation\n\t192.168.0.0/16\n");
        var value = doc.Get("mynetworks")!.Value;

        var second = value.Text.IndexOf("10.0.0.0/8", StringComparison.Ordinal);
        value.SpanOf(second, "10.0.0.0/8".Length).ShouldBe(new Span("main.cf", 2, 5, 2, 15));
        var third = value.Text.IndexOf("192.168.0.0/16", StringComparison.Ordinal);
        value.SpanOf(third, "192.168.0.0/16".Length).ShouldBe(new Span("main.cf", 4, 2, 4, 16));
        value.WholeSpan.ShouldBe(new Span("main.cf", 1, 14, 4, 16));
    }

    [Fact]
    public void An_empty_value_has_a_place_just_after_the_equals_sign()
    {
        var doc = Parse("relayhost =\n");
        var entry = doc.Get("relayhost")!;

        entry.Value.Text.ShouldBe(string.Empty);
        entry.Value.WholeSpan.File.ShouldBe("main.cf");
        entry.Value.WholeSpan.StartLine.ShouldBe(1);
        entry.Value.WholeSpan.StartColumn.ShouldBe(12);
    }

    [Fact]
    public void An_empty_file_has_no_entries_and_no_diagnostics()
    {
        var doc = Parse(string.Empty);

        doc.Entries.ShouldBeEmpty();
        doc.Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void A_comment_only_file_has_no_entries_and_no_diagnostics()
    {
        var doc = Parse("# one\n   # two\n\n\t\n");

        doc.Entries.ShouldBeEmpty();
        doc.Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void A_file_without_a_final_newline_keeps_its_last_line()
    {
        Value(Parse("a = 1\nb = 2"), "b").ShouldBe("2");
    }

    [Fact]
    public void A_long_diagnostic_text_is_shortened()
    {
        var doc = Parse(new string('x', 5000) + "\n");

        var d = doc.Diagnostics.ShouldHaveSingleItem();
        d.Message.Length.ShouldBeLessThan(300);
        d.Span.StartLine.ShouldBe(1);
        d.Span.StartColumn.ShouldBe(1);
    }
}
