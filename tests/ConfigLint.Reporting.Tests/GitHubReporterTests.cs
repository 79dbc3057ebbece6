using ConfigLint.Core.Engine;
using ConfigLint.Core.Text;
using static ConfigLint.Reporting.Tests.TestData;

namespace ConfigLint.Reporting.Tests;

public class GitHubReporterTests
{
    [Fact]
    public void A_finding_becomes_one_workflow_command_with_location_title_and_message()
    {
        var output = Render(new GitHubReporter(), Input([Ipv6Finding()]));

        output.ShouldBe("::warning file=main.cf,line=6,col=19,endLine=6,endColumn=29,title=PF201 [ipv6-address-without-brackets]::IPv6 address 2001:db8::1 needs brackets\n");
    }

    [Theory]
    [InlineData(Severity.Error, "error")]
    [InlineData(Severity.Warning, "warning")]
    [InlineData(Severity.Note, "notice")]
    public void The_command_is_named_after_the_severity_and_notes_are_notices(Severity severity, string command)
    {
        var finding = Ipv6Finding() with { Severity = severity };

        GitHubReporter.Command(finding).ShouldStartWith($"::{command} file=");
    }

    [Fact]
    public void Message_data_escapes_percent_carriage_return_and_line_feed()
    {
        GitHubReporter.EscapeData("100% sure\r\nnext: a,b").ShouldBe("100%25 sure%0D%0Anext: a,b");
    }

    [Fact]
    public void Property_values_also_escape_colon_and_comma()
    {
        GitHubReporter.EscapeProperty("a:b,c%\n").ShouldBe("a%3Ab%2Cc%25%0A");

        var finding = Ipv6Finding() with { Span = new Span("dir,x/ma:in.cf", 1, 1, 1, 2) };
        GitHubReporter.Command(finding).ShouldContain("file=dir%2Cx/ma%3Ain.cf,line=1,");
    }

    [Fact]
    public void The_message_keeps_colons_and_commas_and_cannot_break_out_of_its_line()
    {
        var finding = Ipv6Finding() with { Message = "a: b, c\n::error::forged" };

        var command = GitHubReporter.Command(finding);

        command.ShouldEndWith("::a: b, c%0A::error::forged");
        command.ShouldNotContain("\n");
    }

    [Fact]
    public void The_end_column_is_the_last_character_and_never_before_the_start()
    {
        GitHubReporter.Command(Ipv6Finding() with { Span = new Span("main.cf", 2, 14, 2, 23) }).ShouldContain(",col=14,endLine=2,endColumn=22,");
        GitHubReporter.Command(Ipv6Finding() with { Span = new Span("main.cf", 2, 14, 2, 14) }).ShouldContain(",col=14,endLine=2,endColumn=14,");
    }

    [Fact]
    public void A_span_over_several_lines_has_no_columns_because_the_runner_would_drop_them()
    {
        var command = GitHubReporter.Command(Ipv6Finding() with { Span = new Span("main.cf", 4, 29, 5, 11) });

        command.ShouldContain("file=main.cf,line=4,endLine=5,title=");
        command.ShouldNotContain("col=");
    }

    [Fact]
    public void Related_locations_are_appended_to_the_message_as_note_lines()
    {
        var command = GitHubReporter.Command(RelayFinding());

        command.ShouldEndWith("::mynetworks admits every IPv4 address%0Anote: sub dir/master.cf:1:1: smtp listens on every interface");
    }

    [Fact]
    public void Suppressed_findings_are_left_out_unless_asked_for()
    {
        Render(new GitHubReporter(), Input([SuppressedFinding()])).ShouldBeEmpty();
        Render(new GitHubReporter(includeSuppressed: true), Input([SuppressedFinding()]))
            .ShouldContain("::relay restriction overridden (suppressed: lab relay, reviewed)");
    }
}
