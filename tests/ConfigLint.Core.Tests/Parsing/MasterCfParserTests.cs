using ConfigLint.Core.Parsing;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Tests.Parsing;

/// <summary>master.cf syntax (POSTFIX-SEMANTICS.md §5, master(5)).</summary>
public sealed class MasterCfParserTests
{
    private static MasterCfDocument Parse(string text) => MasterCfParser.Parse(SourceText.FromString("master.cf", text));

    private static MasterService Single(MasterCfDocument doc)
    {
        doc.Diagnostics.ShouldBeEmpty();
        return doc.Services.ShouldHaveSingleItem();
    }

    [Fact]
    public void An_entry_has_eight_fields_each_with_its_span()
    {
        var s = Single(Parse("smtp      inet  n       -       y       -       -       smtpd\n"));

        s.Name.ShouldBe("smtp");
        s.TypeName.ShouldBe("inet");
        s.Key.ShouldBe("smtp/inet");
        s.Private.Text.ShouldBe("n");
        s.Unprivileged.Text.ShouldBe("-");
        s.Chroot.Text.ShouldBe("y");
        s.Wakeup.Text.ShouldBe("-");
        s.ProcessLimit.Text.ShouldBe("-");
        s.Command.Text.ShouldBe("smtpd");
        s.Arguments.ShouldBeEmpty();
        s.Overrides.ShouldBeEmpty();
        s.Service.Span.ShouldBe(new Span("master.cf", 1, 1, 1, 5));
        s.Type.Span.ShouldBe(new Span("master.cf", 1, 11, 1, 15));
        s.Chroot.Span.ShouldBe(new Span("master.cf", 1, 33, 1, 34));
        s.Command.Span.ShouldBe(new Span("master.cf", 1, 57, 1, 62));
        s.FirstLine.ShouldBe(1);
        s.LastLine.ShouldBe(1);
        s.IsEffective.ShouldBeTrue();
    }

    [Theory]
    [InlineData("inet")]
    [InlineData("unix")]
    [InlineData("unix-dgram")]
    [InlineData("fifo")]
    [InlineData("pass")]
    public void Every_service_type_of_postfix_3_7_is_accepted(string type)
    {
        Single(Parse($"svc {type} n - n - - cmd\n")).TypeName.ShouldBe(type);
    }

    [Theory]
    [InlineData("-")]
    [InlineData("60")]
    [InlineData("300?")]
    [InlineData("0")]
    public void A_wakeup_field_may_be_a_number_a_number_with_a_question_mark_or_a_dash(string wakeup)
    {
        Single(Parse($"pickup unix n - y {wakeup} 1 pickup\n")).Wakeup.Text.ShouldBe(wakeup);
    }

    [Fact]
    public void Continuation_lines_comments_and_blank_lines_belong_to_one_entry()
    {
        var doc = Parse(
            "submission inet n - n - - smtpd\n" +     // 1
            "  -o syslog_name=postfix/submission\n" + // 2
            "  # indented comment\n" +                // 3
            "# unindented comment\n" +                // 4
            "\n" +                                    // 5
            "  -o smtpd_tls_security_level=encrypt\n" + // 6
            "pickup unix n - y 60 1 pickup\n");       // 7

        doc.Diagnostics.ShouldBeEmpty();
        doc.Services.Count.ShouldBe(2);
        var s = doc.Services[0];
        s.FirstLine.ShouldBe(1);
        s.LastLine.ShouldBe(6);
        s.Overrides.Select(o => (o.Name, o.Value.Text)).ShouldBe(
        [
            ("syslog_name", "postfix/submission"),
            ("smtpd_tls_security_level", "encrypt"),
        ]);
        s.Overrides[1].NameSpan.ShouldBe(new Span("master.cf", 6, 6, 6, 30));
        s.Overrides[1].Value.WholeSpan.ShouldBe(new Span("master.cf", 6, 31, 6, 38));
        s.Overrides[1].OptionSpan.ShouldBe(new Span("master.cf", 6, 3, 6, 38));
        doc.Services[1].FirstLine.ShouldBe(7);
    }

    [Fact]
    public void A_braced_override_keeps_spaces_and_commas_in_its_value()
    {
        var s = Single(Parse(
            "submission inet n - n - - smtpd\n" +
            "  -o { smtpd_client_restrictions = permit_sasl_authenticated, reject }\n" +
            "  -o {smtpd_sender_restrictions=}\n"));

        s.Overrides.Select(o => (o.Name, o.Value.Text)).ShouldBe(
        [
            ("smtpd_client_restrictions", "permit_sasl_authenticated, reject"),
            ("smtpd_sender_restrictions", ""),
        ]);
        s.Overrides[0].NameSpan.ShouldBe(new Span("master.cf", 2, 8, 2, 33));
        s.Overrides[0].Value.WholeSpan.ShouldBe(new Span("master.cf", 2, 36, 2, 69));
        s.Override("smtpd_client_restrictions")!.Value.Text.ShouldBe("permit_sasl_authenticated, reject");
    }

    [Fact]
    public void The_last_override_of_a_name_is_the_effective_one()
    {
        var s = Single(Parse("smtp inet n - n - - smtpd -o smtpd_banner=one -o smtpd_banner=two\n"));

        s.Override("smtpd_banner")!.Value.Text.ShouldBe("two");
        s.Override("nothing").ShouldBeNull();
    }

    [Fact]
    public void Arguments_keep_the_command_line_with_braces_removed()
    {
        var s = Single(Parse("smtp inet n - n - - smtpd -v -o { a = b c }\n"));

        s.Arguments.Select(a => a.Text).ShouldBe(["-v", "-o", "a = b c"]);
    }

    [Theory]
    [InlineData("smtp", null, false, "smtp")]
    [InlineData("2529", null, false, "2529")]
    [InlineData("127.0.0.3:2526", "127.0.0.3", false, "2526")]
    [InlineData("localhost:2528", "localhost", false, "2528")]
    [InlineData("[::1]:2527", "::1", true, "2527")]
    [InlineData("[2001:db8::1]:smtp", "2001:db8::1", true, "smtp")]
    [InlineData("192.0.2.1:smtp", "192.0.2.1", false, "smtp")]
    public void Inet_service_names_may_carry_a_host(string name, string? host, bool bracketed, string port)
    {
        var s = Single(Parse($"{name} inet n - n - - smtpd\n"));

        s.Name.ShouldBe(name);
        s.Host.ShouldBe(host);
        s.HostBracketed.ShouldBe(bracketed);
        s.Port.ShouldBe(port);
    }

    [Fact]
    public void A_unix_service_name_is_not_split_into_host_and_port()
    {
        var s = Single(Parse("private/a:b unix n - n - - cmd\n"));

        s.Host.ShouldBeNull();
        s.Port.ShouldBe("private/a:b");
    }

    [Theory]
    [InlineData("smtp inet n - n - -", 7)]
    [InlineData("smtp", 1)]
    [InlineData("smtp inet n - n", 5)]
    public void A_bad_field_count_is_reported_and_the_entry_dropped(string line, int fields)
    {
        var doc = Parse("pickup unix n - y 60 1 pickup\n" + line + "\n");

        doc.Services.Select(s => s.Name).ShouldBe(["pickup"]);
        var d = doc.Diagnostics.ShouldHaveSingleItem();
        d.Kind.ShouldBe(DiagnosticKind.MasterCfSyntax);
        d.Message.ShouldContain("Bad field count");
        d.Message.ShouldContain($"has {fields}");
        d.Span.StartLine.ShouldBe(2);
        d.Span.StartColumn.ShouldBe(1);
    }

    [Theory]
    [InlineData("smtp tcp n - n - - smtpd", "type", "tcp", 6)]
    [InlineData("smtp inet x - n - - smtpd", "private", "x", 11)]
    [InlineData("smtp inet n q n - - smtpd", "unprivileged", "q", 13)]
    [InlineData("smtp inet n - maybe - - smtpd", "chroot", "maybe", 15)]
    [InlineData("smtp inet n - n abc - smtpd", "wakeup", "abc", 17)]
    [InlineData("smtp inet n - n ? - smtpd", "wakeup", "?", 17)]
    [InlineData("smtp inet n - n - -5 smtpd", "process_limit", "-5", 19)]
    [InlineData("smtp inet n - n - abc smtpd", "process_limit", "abc", 19)]
    public void An_invalid_field_is_reported_at_the_field(string line, string field, string text, int column)
    {
        var doc = Parse(line + "\n");

        doc.Services.ShouldBeEmpty();
        var d = doc.Diagnostics.ShouldHaveSingleItem();
        d.Kind.ShouldBe(DiagnosticKind.MasterCfSyntax);
        d.Message.ShouldContain($"Invalid {field} field \"{text}\"");
        d.Span.ShouldBe(new Span("master.cf", 1, column, 1, column + text.Length));
    }

    [Fact]
    public void An_indented_first_line_is_ignored_with_a_diagnostic()
    {
        var doc = Parse("  -o foo=bar\nsmtp inet n - n - - smtpd\n");

        doc.Services.Select(s => s.Name).ShouldBe(["smtp"]);
        var d = doc.Diagnostics.ShouldHaveSingleItem();
        d.Message.ShouldContain("must not start with whitespace");
        d.Span.StartLine.ShouldBe(1);
    }

    [Fact]
    public void An_o_option_without_a_value_is_reported()
    {
        var doc = Parse("smtp inet n - n - - smtpd\n  -o\n");

        doc.Services.ShouldHaveSingleItem().Overrides.ShouldBeEmpty();
        var d = doc.Diagnostics.ShouldHaveSingleItem();
        d.Kind.ShouldBe(DiagnosticKind.MasterCfSyntax);
        d.Message.ShouldContain("without a value");
        d.Span.ShouldBe(new Span("master.cf", 2, 3, 2, 5));
    }

    [Fact]
    public void An_o_option_without_an_equals_sign_is_reported_as_the_daemon_fails_on_it()
    {
        var doc = Parse("smtp inet n - n - - smtpd\n  -o novalue\n");

        doc.Services.ShouldHaveSingleItem().Overrides.ShouldBeEmpty();
        var d = doc.Diagnostics.ShouldHaveSingleItem();
        d.Message.ShouldContain("-o novalue");
        d.Message.ShouldContain("missing '=' after attribute name");
        d.Span.ShouldBe(new Span("master.cf", 2, 3, 2, 13));
    }

    [Fact]
    public void An_o_option_without_a_name_is_reported()
    {
        var doc = Parse("smtp inet n - n - - smtpd -o =value\n");

        doc.Services.ShouldHaveSingleItem().Overrides.ShouldBeEmpty();
        doc.Diagnostics.ShouldHaveSingleItem().Message.ShouldContain("missing attribute name");
    }

    [Fact]
    public void An_o_option_glued_to_its_value_is_reported()
    {
        var doc = Parse("smtp inet n - n - - smtpd -o{smtpd_helo_required=yes}\n");

        var d = doc.Diagnostics.ShouldHaveSingleItem();
        d.Message.ShouldContain("separate words");
        d.Span.StartColumn.ShouldBe(27);
    }

    [Fact]
    public void A_missing_closing_brace_is_reported_and_the_override_still_used()
    {
        var doc = Parse("smtp inet n - n - - smtpd -o { a = b\n");

        doc.Diagnostics.ShouldHaveSingleItem().Message.ShouldContain("Missing '}'");
        doc.Services.ShouldHaveSingleItem().Override("a")!.Value.Text.ShouldBe("b");
    }

    [Fact]
    public void Text_after_a_closing_brace_is_reported()
    {
        var doc = Parse("smtp inet n - n - - smtpd -o {a=b}junk\n");

        doc.Diagnostics.ShouldHaveSingleItem().Message.ShouldContain("Syntax error after '}'");
    }

    [Fact]
    public void A_later_entry_for_the_same_service_replaces_the_earlier_one()
    {
        var doc = Parse(
            "smtp inet n - n - - smtpd\n" +
            "pickup unix n - y 60 1 pickup\n" +
            "smtp inet n - y - - smtpd -o smtpd_banner=second\n");

        doc.Services.Count.ShouldBe(3);
        doc.Services[0].IsEffective.ShouldBeFalse();
        doc.Services[0].ReplacedBy.ShouldBeSameAs(doc.Services[2]);
        doc.Services[2].IsEffective.ShouldBeTrue();
        doc.EffectiveServices.Select(s => s.FirstLine).ShouldBe([2, 3]);
        doc.Diagnostics.ShouldBeEmpty("master only warns; the master-duplicate-service rule reports it");
    }

    [Fact]
    public void The_same_name_with_another_type_is_not_a_duplicate()
    {
        var doc = Parse("smtp inet n - n - - smtpd\nsmtp unix - - n - - smtp\n");

        doc.Diagnostics.ShouldBeEmpty();
        doc.EffectiveServices.Count().ShouldBe(2);
    }

    [Theory]
    [InlineData("smtp", "25")]
    [InlineData("127.0.0.1:smtp", "127.0.0.1:25")]
    [InlineData("[::1]:submission", "[0:0::1]:587")]
    [InlineData("submissions", "465")]
    public void Master_identifies_an_inet_service_by_its_numeric_port_and_address(string first, string second)
    {
        var doc = Parse($"{first} inet n - n - - smtpd\n{second} inet n - n - - smtpd\n");

        doc.Services[0].MasterIdentity.ShouldBe(doc.Services[1].MasterIdentity);
        doc.Services[0].ReplacedBy.ShouldBeSameAs(doc.Services[1]);
    }

    [Theory]
    [InlineData("127.0.0.1:smtp", "127.0.0.2:smtp")]
    [InlineData("smtp", "127.0.0.1:smtp")]
    [InlineData("localhost:smtp", "127.0.0.1:smtp")]
    public void Different_endpoints_are_different_inet_services(string first, string second)
    {
        var doc = Parse($"{first} inet n - n - - smtpd\n{second} inet n - n - - smtpd\n");

        doc.EffectiveServices.Count().ShouldBe(2);
    }

    [Fact]
    public void A_public_and_a_private_unix_service_of_one_name_are_two_sockets()
    {
        var doc = Parse("cleanup unix n - n - 0 cleanup\ncleanup unix - - n - 0 cleanup\ncleanup unix y - n - 0 cleanup\n");

        doc.Services.Select(s => s.MasterIdentity).ShouldBe(["public/cleanup", "private/cleanup", "private/cleanup"]);
        doc.EffectiveServices.Select(s => s.FirstLine).ShouldBe([1, 3]);
    }

    [Fact]
    public void CRLF_master_cf_parses_like_LF()
    {
        var doc = Parse("submission inet n - n - - smtpd\r\n  -o syslog_name=postfix/submission\r\n");

        var s = Single(doc);
        s.Override("syslog_name")!.Value.Text.ShouldBe("postfix/submission");
        s.Command.Text.ShouldBe("smtpd");
    }
}
