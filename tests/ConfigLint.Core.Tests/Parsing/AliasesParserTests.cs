using ConfigLint.Core.Parsing;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Tests.Parsing;

/// <summary>aliases as postalias 3.7 stores them (POSTFIX-SEMANTICS.md §6).</summary>
public sealed class AliasesParserTests
{
    private static AliasesDocument Parse(string text) => AliasesParser.Parse(SourceText.FromString("aliases", text));

    private static AliasEntry Entry(AliasesDocument doc, string key) =>
        doc.Entries.SingleOrDefault(e => e.Key == key) ?? throw new ShouldAssertException($"no alias '{key}'; keys: {string.Join(", ", doc.Entries.Select(e => e.Key))}");

    [Fact]
    public void A_value_with_an_address_a_quoted_command_and_a_file_is_stored_as_written()
    {
        var doc = Parse("root:\tadmin@example.org, \"|/usr/bin/procmail -a foo\", /var/mail/archive\n");

        doc.Diagnostics.ShouldBeEmpty();
        var e = Entry(doc, "root");
        e.Value.ShouldBe("admin@example.org, \"|/usr/bin/procmail -a foo\", /var/mail/archive");
        e.Targets.Select(t => (t.Text, t.Kind)).ShouldBe(
        [
            ("admin@example.org", AliasTargetKind.Address),
            ("\"|/usr/bin/procmail -a foo\"", AliasTargetKind.Command),
            ("/var/mail/archive", AliasTargetKind.File),
        ]);
    }

    [Fact]
    public void Continuation_lines_and_comments_inside_them_are_joined()
    {
        var doc = Parse("multi: a,\n  b,\n\tc\n  # indented comment\n  , d\n");

        doc.Diagnostics.ShouldBeEmpty();
        var e = Entry(doc, "multi");
        e.Value.ShouldBe("a, b, c, d");
        e.FirstLine.ShouldBe(1);
        e.LastLine.ShouldBe(5);
        e.Targets.Select(t => t.Text).ShouldBe(["a", "b", "c", "d"]);
    }

    [Fact]
    public void A_target_on_a_continuation_line_has_its_own_span()
    {
        var doc = Parse("multi: a,\n  b,\n\tc\n  # indented comment\n  , d\n");

        var targets = Entry(doc, "multi").Targets;
        targets[0].Span.ShouldBe(new Span("aliases", 1, 8, 1, 9));
        targets[1].Span.ShouldBe(new Span("aliases", 2, 3, 2, 4));
        targets[2].Span.ShouldBe(new Span("aliases", 3, 2, 3, 3));
        targets[3].Span.ShouldBe(new Span("aliases", 5, 5, 5, 6));
    }

    [Theory]
    [InlineData("\"quoted name\": x", "quoted name", "x")]
    [InlineData("\"with:colon\": y", "with:colon", "y")]
    [InlineData("spaced name: z", "spaced name", "z")]
    public void Names_are_unquoted(string line, string key, string value)
    {
        var doc = Parse(line + "\n");

        doc.Diagnostics.ShouldBeEmpty();
        Entry(doc, key).Value.ShouldBe(value);
        doc.Entries.ShouldNotContain(e => e.Key.Contains('"'));
    }

    [Fact]
    public void Names_are_lower_cased_because_lookups_are_case_insensitive()
    {
        var doc = Parse("Upper: lower\n");

        Entry(doc, "upper").Value.ShouldBe("lower");
        doc.Entries.ShouldNotContain(e => e.Key == "Upper");
    }

    [Fact]
    public void Whitespace_in_a_name_collapses_and_a_continuation_is_retokenised()
    {
        var doc = Parse("tab\tsep: w\n  leadingws: q\n");

        doc.Diagnostics.ShouldBeEmpty();
        doc.Entries.ShouldHaveSingleItem();
        Entry(doc, "tab sep").Value.ShouldBe("w leadingws:q");
    }

    [Fact]
    public void Empty_list_members_and_odd_spacing_are_normalised_the_RFC_822_way()
    {
        Entry(Parse("comma: a,,b , c\n"), "comma").Value.ShouldBe("a, , b, c");
    }

    [Fact]
    public void A_hash_after_a_value_is_part_of_the_value()
    {
        Entry(Parse("trailing: v # not a comment?\n"), "trailing").Value.ShouldBe("v # not a comment?");
    }

    [Fact]
    public void An_include_is_stored_verbatim_and_recognised()
    {
        var e = Entry(Parse("inc: :include:/etc/postfix/inc.list\n"), "inc");

        e.Value.ShouldBe(":include:/etc/postfix/inc.list");
        e.Targets.ShouldHaveSingleItem().Kind.ShouldBe(AliasTargetKind.Include);
    }

    [Fact]
    public void An_unquoted_pipe_command_is_stored_as_written()
    {
        var e = Entry(Parse("pipe1: |/usr/bin/foo arg1 arg2\n"), "pipe1");

        e.Value.ShouldBe("|/usr/bin/foo arg1 arg2");
        e.Targets.ShouldHaveSingleItem().Kind.ShouldBe(AliasTargetKind.Command);
    }

    [Theory]
    [InlineData("nocolon value")]
    [InlineData(": emptyname")]
    [InlineData("emptyval:")]
    [InlineData("bad\"quote: r")]
    public void A_line_without_a_name_value_pair_is_skipped_with_a_diagnostic(string line)
    {
        var doc = Parse("first: one\n\n" + line + "\nlast: two\n");

        doc.Entries.Select(e => e.Key).ShouldBe(["first", "last"]);
        var d = doc.Diagnostics.ShouldHaveSingleItem();
        d.Kind.ShouldBe(DiagnosticKind.AliasesSyntax);
        d.Message.ShouldContain("Need name:value pair");
        d.Span.File.ShouldBe("aliases");
        d.Span.StartLine.ShouldBe(3);
        d.Span.StartColumn.ShouldBe(1);
    }

    [Fact]
    public void A_name_with_a_domain_is_skipped_because_names_must_be_local()
    {
        var doc = Parse("a: b\nc: d\nuser@example.com: v3\n");

        doc.Entries.Select(e => e.Key).ShouldBe(["a", "c"]);
        var d = doc.Diagnostics.ShouldHaveSingleItem();
        d.Kind.ShouldBe(DiagnosticKind.AliasesSyntax);
        d.Message.ShouldContain("Name must be local");
        d.Span.StartLine.ShouldBe(3);
    }

    [Fact]
    public void The_first_of_duplicate_names_wins()
    {
        var doc = Parse("dup: first\nother: x\ndup: second\n");

        Entry(doc, "dup").Value.ShouldBe("first");
        Entry(doc, "dup").FirstLine.ShouldBe(1);
        var d = doc.Diagnostics.ShouldHaveSingleItem();
        d.Kind.ShouldBe(DiagnosticKind.AliasesSyntax);
        d.Message.ShouldContain("Duplicate entry \"dup\"");
        d.Span.ShouldBe(new Span("aliases", 3, 1, 3, 4));
    }

    [Fact]
    public void Duplicates_are_found_case_insensitively()
    {
        var doc = Parse("Postmaster: first\npostmaster: second\n");

        Entry(doc, "postmaster").Value.ShouldBe("first");
        doc.Diagnostics.ShouldHaveSingleItem().Span.StartLine.ShouldBe(2);
    }

    [Fact]
    public void The_key_span_covers_the_name_as_written()
    {
        var doc = Parse("\n  # comment\n\"quoted name\": x\n");

        Entry(doc, "quoted name").KeySpan.ShouldBe(new Span("aliases", 3, 1, 3, 14));
    }

    [Fact]
    public void CRLF_aliases_parse_like_LF()
    {
        var doc = Parse("root: admin\r\nmulti: a,\r\n  b\r\n");

        doc.Diagnostics.ShouldBeEmpty();
        Entry(doc, "root").Value.ShouldBe("admin");
        Entry(doc, "multi").Value.ShouldBe("a, b");
    }
}
