using ConfigLint.Core.Text;

namespace ConfigLint.Core.Tests.Text;

public sealed class TextEditsTests
{
    private static Span At(int line, int column, int endLine, int endColumn) => new("main.cf", line, column, endLine, endColumn);

    [Fact]
    public void Only_the_edited_characters_change_in_an_lf_file()
    {
        const string text = "# keep me\nmynetworks = 127.0.0.0/8,\n    2001:db8::/32\n";
        var fixedText = TextEdits.Apply(text, [(At(3, 5, 3, 18), "[2001:db8::]/32")]);
        fixedText.ShouldBe("# keep me\nmynetworks = 127.0.0.0/8,\n    [2001:db8::]/32\n");
    }

    [Fact]
    public void Crlf_line_ends_and_a_missing_final_newline_are_kept()
    {
        const string text = "a = 1\r\nb = 2\r\nc = 3";
        TextEdits.Apply(text, [(At(2, 5, 2, 6), "20"), (At(3, 5, 3, 6), "30")]).ShouldBe("a = 1\r\nb = 20\r\nc = 30");
    }

    [Fact]
    public void A_whole_line_is_removed_with_its_terminator_and_an_insertion_adds_a_line()
    {
        const string text = "a = 1\nb = 2\nc = 3\n";
        TextEdits.Apply(text, [(At(2, 1, 3, 1), string.Empty)]).ShouldBe("a = 1\nc = 3\n");
        TextEdits.Apply(text, [(At(3, 1, 3, 1), "# moved comment\n")]).ShouldBe("a = 1\nb = 2\n# moved comment\nc = 3\n");
        TextEdits.Apply(text, [(At(3, 1, 4, 1), string.Empty)]).ShouldBe("a = 1\nb = 2\n");
    }

    [Fact]
    public void New_lines_an_edit_brings_end_as_the_file_s_lines_do()
    {
        TextEdits.Apply("a = 1\r\nb = 2\r\n", [(At(1, 1, 1, 1), "# moved\n")]).ShouldBe("# moved\r\na = 1\r\nb = 2\r\n");
        TextEdits.Apply("smtps inet n - y - - smtpd\r\n", [(At(1, 27, 1, 27), "\n  -o x=yes")]).ShouldBe("smtps inet n - y - - smtpd\r\n  -o x=yes\r\n");

        // The last line has no terminator: the file's first line says CRLF.
        TextEdits.Apply("a = 1\r\nsmtpd", [(At(2, 6, 2, 6), "\n  -o x=yes")]).ShouldBe("a = 1\r\nsmtpd\r\n  -o x=yes");
        TextEdits.Apply("a = 1\nb = 2", [(At(2, 6, 2, 6), "\nc = 3")]).ShouldBe("a = 1\nb = 2\nc = 3");
    }

    [Fact]
    public void Overlapping_edits_and_spans_outside_the_text_are_refused()
    {
        const string text = "a = 1\nb = 2\n";
        TextEdits.Apply(text, [(At(1, 1, 1, 4), "x"), (At(1, 3, 1, 6), "y")]).ShouldBeNull();
        TextEdits.Apply(text, [(At(1, 5, 1, 9), "x")]).ShouldBeNull("column 9 is past the end of line 1");
        TextEdits.Apply(text, [(At(7, 1, 7, 1), "x")]).ShouldBeNull();
    }
}
