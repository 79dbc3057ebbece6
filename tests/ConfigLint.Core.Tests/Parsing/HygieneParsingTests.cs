using ConfigLint.Core.Parsing;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Tests.Parsing;

/// <summary>What the readers keep for the parameter hygiene rules: continuation lines, inline comments, commented-out service lines, $name references.</summary>
public sealed class HygieneParsingTests
{
    private static MainCfDocument MainCf(string text) => MainCfParser.Parse(SourceText.FromString("main.cf", text));

    private static MasterCfDocument Master(string text) => MasterCfParser.Parse(SourceText.FromString("master.cf", text));

    [Fact]
    public void Continuation_lines_are_kept_with_what_they_look_like()
    {
        var entry = MainCf("mynetworks = 127.0.0.0/8,\n    10.0.0.0/8\n  # a comment\n\tsmtpd_banner = hello\n").Get("mynetworks")!;

        entry.Value.Text.ShouldBe("127.0.0.0/8, 10.0.0.0/8 smtpd_banner = hello");
        entry.Continuations.Select(c => (c.Line, c.Text.Text, c.DefinitionName)).ShouldBe([(2, "10.0.0.0/8", (string?)null), (4, "smtpd_banner = hello", "smtpd_banner")]);
        var definition = entry.Continuations[1];
        definition.NameSpan.ShouldBe(new Span("main.cf", 4, 2, 4, 14));
        definition.Indentation.ShouldBe(new Span("main.cf", 4, 1, 4, 2));
    }

    [Theory]
    [InlineData("mynetworks = 127.0.0.0/8 # office\n", "# office", 26, "127.0.0.0/8")]
    [InlineData("smtpd_helo_required = #yes\n", "#yes", 23, "")]
    [InlineData("mynetworks = 127.0.0.0/8\n  10.0.0.0/8 # lab\n  192.168.0.0/16\n", "# lab", 14, "127.0.0.0/8 10.0.0.0/8")]
    public void A_hash_that_starts_a_word_after_the_value_is_an_inline_comment(string text, string comment, int column, string before)
    {
        var found = MainCf(text).Entries[0].InlineComment.ShouldNotBeNull();

        found.Text.ShouldBe(comment);
        found.Span.StartColumn.ShouldBe(column);
        found.ValueBefore.ShouldBe(before);
    }

    [Theory]
    [InlineData("smtpd_banner = mail#1 ESMTP\n")]
    [InlineData("header_checks = pcre:{{/^X-Spam: #/ REJECT}}\n")]
    [InlineData("mynetworks = 127.0.0.0/8\n")]
    public void A_hash_inside_a_word_or_braces_is_no_comment(string text) =>
        MainCf(text).Entries[0].InlineComment.ShouldBeNull();

    [Fact]
    public void A_commented_out_service_inside_an_entry_is_recorded_with_its_line()
    {
        var master = Master("smtp inet n - n - - smtpd\n#submission inet n - n - - smtpd\n#  -o syslog_name=x\n  -o smtpd_tls_security_level=encrypt\npickup unix n - n 60 1 pickup\n");

        var smtp = master.Services[0];
        smtp.CommentedEntries.Select(c => (c.Line, c.Name, c.Type)).ShouldBe([(2, "submission", "inet")]);
        smtp.Overrides.Single().Name.ShouldBe("smtpd_tls_security_level");
        master.Services[1].CommentedEntries.ShouldBeEmpty();
    }

    [Fact]
    public void A_commented_option_line_is_no_commented_service()
    {
        var master = Master("smtp inet n - n - - smtpd\n#  -o smtpd_helo_required=yes\n  -o smtpd_tls_security_level=may\n");

        master.Services[0].CommentedEntries.ShouldBeEmpty();
    }

    [Fact]
    public void Macro_references_are_found_in_every_form_with_their_spans()
    {
        var value = ValueText.Single("$a ${b} $(c) ${d?x} ${e:y} $$f ${{$g} == {1}?{t}} ${domain_to_ascii{h}}", "main.cf", 1, 1);

        var refs = MacroReferences.In(value);

        refs.Select(r => (r.Name, r.IsConditional, r.Span.StartColumn)).ShouldBe(
            [("a", false, 2), ("b", false, 6), ("c", false, 11), ("d", true, 16), ("e", true, 23), ("g", false, 36)]);
    }
}
