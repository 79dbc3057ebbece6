using ConfigLint.Core.Findings;
using ConfigLint.Core.Engine;
using ConfigLint.Core.Text;
using static ConfigLint.Reporting.Tests.TestData;

namespace ConfigLint.Reporting.Tests;

public class TextReporterTests
{
    private static Finding At(Span span, string ruleId = "PF201", Severity severity = Severity.Warning) => new()
    {
        RuleId = ruleId,
        RuleName = ruleId == "PF101" ? "open-relay-risk" : "ipv6-address-without-brackets",
        Severity = severity,
        Message = "message",
        Span = span,
    };

    private static string[] Snippet(Finding finding, IReadOnlyDictionary<string, string[]>? files = null) =>
        RenderLines(new TextReporter(), Input([finding], files)).Skip(1).Take(2).ToArray();

    [Fact]
    public void A_finding_starts_with_file_line_column_severity_rule_id_rule_name_and_message()
    {
        var lines = RenderLines(new TextReporter(), Input([RelayFinding()]));

        lines[0].ShouldBe("main.cf:2:14: error PF101 [open-relay-risk] mynetworks admits every IPv4 address");
    }

    [Fact]
    public void The_source_line_follows_with_a_caret_and_tildes_under_exactly_the_span()
    {
        var lines = RenderLines(new TextReporter(), Input([RelayFinding()]));

        lines[1].ShouldBe("  2 | mynetworks = 0.0.0.0/0");
        lines[2].ShouldBe("    |              ^~~~~~~~~");
        var sourceColumn = lines[1].IndexOf("0.0.0.0/0", StringComparison.Ordinal);
        lines[2].IndexOf('^', StringComparison.Ordinal).ShouldBe(sourceColumn);
        lines[2].Length.ShouldBe(sourceColumn + "0.0.0.0/0".Length);
    }

    [Fact]
    public void Tabs_are_expanded_to_the_same_tab_stops_in_the_line_and_in_the_underline()
    {
        // "inet" is at UTF-16 columns 6..9, after "smtp" and one tab.
        var snippet = Snippet(At(new Span("sub dir/master.cf", 1, 6, 1, 10)));

        snippet[0].ShouldBe("  1 | smtp    inet    n       -       y       -       -       smtpd");
        snippet[1].ShouldBe("    |         ^~~~");
        snippet[1].IndexOf('^', StringComparison.Ordinal).ShouldBe(snippet[0].IndexOf("inet", StringComparison.Ordinal));
    }

    [Fact]
    public void A_span_that_covers_a_tab_is_underlined_as_wide_as_the_tab_is_shown()
    {
        // Column 5 is the tab after "smtp": it fills display columns 4..7.
        var snippet = Snippet(At(new Span("sub dir/master.cf", 1, 5, 1, 6)));

        snippet[1].ShouldBe("    |     ^~~~");
    }

    [Fact]
    public void A_span_over_several_lines_is_underlined_to_the_end_of_its_first_line()
    {
        // From "permit_mynetworks," on line 4 to "reject" on line 5.
        var snippet = Snippet(At(new Span("main.cf", 4, 29, 5, 11)));

        snippet[0].ShouldBe("  4 | smtpd_client_restrictions = permit_mynetworks,");
        snippet[1].ShouldBe("    | " + new string(' ', 28) + "^" + new string('~', "permit_mynetworks,".Length - 1));
        snippet[1].Length.ShouldBe(snippet[0].Length);
    }

    [Fact]
    public void An_empty_span_gets_a_single_caret()
    {
        var snippet = Snippet(At(new Span("main.cf", 2, 1, 2, 1)));

        snippet[1].ShouldBe("    | ^");
    }

    [Fact]
    public void A_span_at_the_end_of_the_line_puts_the_caret_just_after_the_text()
    {
        var snippet = Snippet(At(new Span("main.cf", 2, 23, 2, 23)));

        snippet[1].ShouldBe("    |                       ^");
        snippet[1].Length.ShouldBe(snippet[0].Length + 1);
    }

    [Fact]
    public void Control_characters_in_the_source_are_shown_as_question_marks_and_keep_the_underline_aligned()
    {
        var files = new Dictionary<string, string[]> { ["main.cf"] = ["a = \u001b[31mred\u202e"] };
        var snippet = Snippet(At(new Span("main.cf", 1, 10, 1, 13)), files);

        snippet[0].ShouldBe("  1 | a = ?[31mred?");
        snippet[1].ShouldBe("    |          ^~~");
    }

    [Fact]
    public void No_snippet_is_printed_when_the_source_cannot_be_read()
    {
        var lines = RenderLines(new TextReporter(), Input([At(new Span("missing.cf", 3, 1, 3, 4))]));

        lines[0].ShouldStartWith("missing.cf:3:1: warning PF201");
        lines[1].ShouldBe(string.Empty);
    }

    [Fact]
    public void Related_locations_are_printed_as_notes_under_the_snippet()
    {
        var lines = RenderLines(new TextReporter(), Input([RelayFinding()]));

        lines[3].ShouldBe("  note: sub dir/master.cf:1:1: smtp listens on every interface");
    }

    [Fact]
    public void Findings_are_sorted_by_file_then_line_then_column_then_rule()
    {
        Finding[] findings =
        [
            At(new Span("main.cf", 6, 19, 6, 30), "PF201"),
            At(new Span("sub dir/master.cf", 1, 1, 1, 5), "PF101"),
            At(new Span("main.cf", 2, 14, 2, 23), "PF201"),
            At(new Span("main.cf", 2, 14, 2, 23), "PF101"),
            At(new Span("main.cf", 2, 1, 2, 11), "PF201"),
        ];

        var headers = RenderLines(new TextReporter(), Input(findings)).Where(l => l.Contains(": warning ", StringComparison.Ordinal)).ToList();

        headers.Select(h => h[..h.IndexOf(" [", StringComparison.Ordinal)]).ShouldBe(
        [
            "main.cf:2:1: warning PF201",
            "main.cf:2:14: warning PF101",
            "main.cf:2:14: warning PF201",
            "main.cf:6:19: warning PF201",
            "sub dir/master.cf:1:1: warning PF101",
        ]);
    }

    [Fact]
    public void The_summary_counts_findings_by_severity_and_distinct_files()
    {
        Finding[] findings =
        [
            RelayFinding(),
            Ipv6Finding(),
            At(new Span("sub dir/master.cf", 1, 1, 1, 5)),
        ];

        var output = Render(new TextReporter(), Input(findings));

        output.ShouldEndWith("\n3 findings (1 error, 2 warnings) in 2 files\n");
    }

    [Theory]
    // In the engine's order (by file), a suppressed finding between two of one file.
    [InlineData("a/main.cf a/main.cf a/master.cf b/main.cf b/main.cf", "5 findings (5 warnings) in 3 files")]
    [InlineData("a/main.cf !a/master.cf a/main.cf", "2 findings (2 warnings) in 1 file, 1 suppressed")]
    // Out of that order (findings made by hand): counted with a set from the first one out of order on.
    [InlineData("b/main.cf a/main.cf b/main.cf a/main.cf c/main.cf", "5 findings (5 warnings) in 3 files")]
    public void The_summary_counts_each_file_once_however_its_findings_come(string files, string summary)
    {
        var findings = files.Split(' ').Select((f, i) => f.StartsWith('!')
            ? At(new Span(f[1..], i + 1, 1, i + 1, 2)) with { Suppression = new Suppression("inSource", "test", null) }
            : At(new Span(f, i + 1, 1, i + 1, 2))).ToList();

        // Not through Input(), which sorts: the order is the test's.
        var output = Render(new TextReporter(), Input([]) with { Findings = findings });

        output.ShouldEndWith($"\n{summary}\n");
    }

    [Fact]
    public void The_summary_uses_the_singular_for_one_and_says_no_findings_for_none()
    {
        Render(new TextReporter(), Input([Ipv6Finding()])).ShouldEndWith("\n1 finding (1 warning) in 1 file\n");
        Render(new TextReporter(), Input([])).ShouldBe("no findings\n");
    }

    [Fact]
    public void Suppressed_findings_are_not_shown_but_the_summary_counts_them()
    {
        var output = Render(new TextReporter(), Input([Ipv6Finding(), SuppressedFinding()]));

        output.ShouldNotContain("relay restriction overridden");
        output.ShouldEndWith("1 finding (1 warning) in 1 file, 1 suppressed\n");
    }

    [Fact]
    public void Suppressed_findings_are_shown_with_their_justification_when_asked()
    {
        var output = Render(new TextReporter(includeSuppressed: true), Input([SuppressedFinding()]));

        output.ShouldContain("relay restriction overridden (suppressed: lab relay, reviewed)");
    }

    [Fact]
    public void There_is_no_colour_unless_asked_for()
    {
        Render(new TextReporter(), Input([RelayFinding()])).ShouldNotContain("\u001b[");
        var coloured = Render(new TextReporter(useColor: true), Input([RelayFinding()]));

        coloured.ShouldContain("\u001b[1;31merror\u001b[0m");
        coloured.ShouldContain("\u001b[32m^~~~~~~~~\u001b[0m");
    }
}
