using ConfigLint.Core.Findings;
using System.Text.Json;
using ConfigLint.Core.Engine;
using ConfigLint.Core.Text;
using static ConfigLint.Reporting.Tests.TestData;

namespace ConfigLint.Reporting.Tests;

public class JsonReporterTests
{
    private static JsonElement Report(params Finding[] findings)
    {
        using var document = JsonDocument.Parse(Render(new JsonReporter(), Input(findings)));
        return document.RootElement.Clone();
    }

    private static string[] Keys(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToArray();

    [Fact]
    public void The_document_has_version_findings_and_summary_in_camel_case()
    {
        var report = Report(RelayFinding());

        Keys(report).ShouldBe(["version", "configurations", "complete", "findings", "notes", "errors", "summary"]);
        report.GetProperty("version").GetString().ShouldBe("1.2.3");
        Keys(report.GetProperty("findings")[0]).ShouldBe(
        [
            "ruleId", "ruleName", "docs", "severity", "message", "file", "line", "column", "endLine", "endColumn",
            "related", "fix", "fingerprint", "suppressed",
        ]);
    }

    [Fact]
    public void Every_field_of_a_finding_survives_the_round_trip()
    {
        var source = RelayFinding();
        var finding = Report(source).GetProperty("findings")[0];

        finding.GetProperty("ruleId").GetString().ShouldBe("PF101");
        finding.GetProperty("ruleName").GetString().ShouldBe("open-relay-risk");
        finding.GetProperty("docs").GetString().ShouldBe("https://github.com/configlint/configlint/blob/main/rules/relay/PF101.md");
        finding.GetProperty("severity").GetString().ShouldBe("error");
        finding.GetProperty("message").GetString().ShouldBe(source.Message);
        finding.GetProperty("file").GetString().ShouldBe("main.cf");
        finding.GetProperty("line").GetInt32().ShouldBe(2);
        finding.GetProperty("column").GetInt32().ShouldBe(14);
        finding.GetProperty("endLine").GetInt32().ShouldBe(2);
        finding.GetProperty("endColumn").GetInt32().ShouldBe(23);

        var related = finding.GetProperty("related")[0];
        related.GetProperty("file").GetString().ShouldBe("sub dir/master.cf");
        related.GetProperty("line").GetInt32().ShouldBe(1);
        related.GetProperty("column").GetInt32().ShouldBe(1);
        related.GetProperty("endLine").GetInt32().ShouldBe(1);
        related.GetProperty("endColumn").GetInt32().ShouldBe(5);
        related.GetProperty("message").GetString().ShouldBe("smtp listens on every interface");

        var fix = finding.GetProperty("fix");
        fix.GetProperty("description").GetString().ShouldBe("Limit mynetworks to loopback");
        var replacement = fix.GetProperty("replacements")[0];
        replacement.GetProperty("file").GetString().ShouldBe("main.cf");
        replacement.GetProperty("line").GetInt32().ShouldBe(2);
        replacement.GetProperty("column").GetInt32().ShouldBe(14);
        replacement.GetProperty("endLine").GetInt32().ShouldBe(2);
        replacement.GetProperty("endColumn").GetInt32().ShouldBe(23);
        replacement.GetProperty("text").GetString().ShouldBe("127.0.0.0/8");

        finding.GetProperty("fingerprint").GetString().ShouldBe(FindingFingerprint.Compute(source, source.Span.File, null));
        finding.GetProperty("suppressed").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public void A_finding_without_fix_has_fix_null_and_an_empty_related_list()
    {
        var finding = Report(Ipv6Finding()).GetProperty("findings")[0];

        finding.GetProperty("fix").ValueKind.ShouldBe(JsonValueKind.Null);
        finding.GetProperty("related").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public void Suppressed_findings_are_listed_with_kind_and_justification_but_not_counted()
    {
        var report = Report(RelayFinding(), Ipv6Finding(), SuppressedFinding("baseline"));

        var suppressed = report.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("suppressed").ValueKind != JsonValueKind.Null);
        suppressed.GetProperty("suppressed").GetProperty("kind").GetString().ShouldBe("external");
        suppressed.GetProperty("suppressed").GetProperty("justification").GetString().ShouldBe("lab relay, reviewed");

        var summary = report.GetProperty("summary");
        summary.GetProperty("error").GetInt32().ShouldBe(1);
        summary.GetProperty("warning").GetInt32().ShouldBe(1);
        summary.GetProperty("note").GetInt32().ShouldBe(0);
        summary.GetProperty("suppressed").GetInt32().ShouldBe(1);
    }

    [Fact]
    public void Text_is_written_readably_and_escaped_only_where_json_requires()
    {
        var finding = Ipv6Finding() with { Message = "naïve <value> & \"quoted\"\ttab" };

        var output = Render(new JsonReporter(), Input([finding]));

        output.ShouldContain("\"message\": \"naïve <value> & \\\"quoted\\\"\\ttab\"");
        JsonDocument.Parse(output).RootElement.GetProperty("findings")[0].GetProperty("message").GetString().ShouldBe(finding.Message);
    }

    [Fact]
    public void Findings_are_in_file_line_column_order()
    {
        var findings = Report(Ipv6Finding(), SuppressedFinding(), RelayFinding()).GetProperty("findings").EnumerateArray()
            .Select(f => $"{f.GetProperty("file").GetString()}:{f.GetProperty("line").GetInt32()}")
            .ToList();

        findings.ShouldBe(["main.cf:2", "main.cf:6", "sub dir/master.cf:2"]);
    }

    [Fact]
    public void Severity_names_are_the_sarif_levels()
    {
        var finding = Report(Ipv6Finding() with { Severity = Severity.Note }).GetProperty("findings")[0];

        finding.GetProperty("severity").GetString().ShouldBe("note");
    }

    [Theory]
    [InlineData("json")]
    [InlineData("sarif")]
    public void A_large_report_is_written_in_pieces_and_reads_back_whole(string format)
    {
        // Messages with two-, three- and four-byte UTF-8 characters, so pieces end inside a character.
        var findings = Enumerable.Range(0, 3000).Select(i => RelayFinding() with { Message = $"Relay {i}: é … 😀 {new string('x', i % 97)}" }).ToArray();
        IReporter reporter = format == "json" ? new JsonReporter() : new SarifReporter();
        var output = new StringWriter();
        var input = Input(findings);
        var watched = new Watched<Finding>(input.Findings.ToArray(), () => output.GetStringBuilder().Length);

        reporter.Write(input with { Findings = watched }, output);

        var text = output.ToString();
        // When the last finding is read, all but the last 64 KiB or so of the report before it is out:
        // the report is handed over as it is made, not held whole.
        watched.OutWhenLastRead.ShouldBeGreaterThan(text.LastIndexOf("Relay ", StringComparison.Ordinal) - (1 << 17));
        text.ShouldEndWith("}\n");
        using var document = JsonDocument.Parse(text);
        if (format == "json")
        {
            // Every character came through the pieces as it was written.
            document.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("message").GetString()).Order(StringComparer.Ordinal)
                .ShouldBe(findings.Select(f => f.Message).Order(StringComparer.Ordinal));
        }
        else
        {
            var results = document.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
            results.Count.ShouldBe(findings.Length);
            results.ShouldAllBe(r => r.GetProperty("message").GetProperty("text").GetString()!.Contains("é … 😀"));
        }
    }

    [Theory]
    [InlineData("json")]
    [InlineData("sarif")]
    public void Notes_and_errors_are_handed_on_while_they_are_read(string format)
    {
        // A fleet's run has a note per configuration ("no aliases; not evaluated: PF707"), all said
        // after the findings: held in the writer until the end, 10,000 of them added 19 MiB to a
        // SARIF run's peak (issue 13). The pieces the output gets are small either way (the stream
        // decodes 4,096 characters at a time), so what is watched is how much of the report is out
        // when the last note and the last error are read.
        var output = new StringWriter();
        var notes = new Watched<ToolNote>(Enumerable.Range(0, 3000).Select(i => new ToolNote(Severity.Note, $"fleet/host{i:D5}: no aliases; not evaluated: PF707.", "main.cf")).ToArray(), () => output.GetStringBuilder().Length);
        var errors = new Watched<string>(Enumerable.Range(0, 3000).Select(i => $"fleet/host{i:D5}/main.cf:1: could not be read.").ToArray(), () => output.GetStringBuilder().Length);
        IReporter reporter = format == "json" ? new JsonReporter() : new SarifReporter();

        reporter.Write(Input([RelayFinding()]) with { Notes = notes, Errors = errors }, output);

        var text = output.ToString();
        foreach (var (last, at) in new[] { (notes[^1].Message, notes.OutWhenLastRead), (errors[^1], errors.OutWhenLastRead) })
        {
            // By the time the last one is read, all but the last 64 KiB or so of those before it are out.
            at.ShouldBeGreaterThan(text.IndexOf(last, StringComparison.Ordinal) - (1 << 17), $"{format}: the report is written while {last} is read");
        }

        using var document = JsonDocument.Parse(text);
        var said = format == "json"
            ? document.RootElement.GetProperty("notes").GetArrayLength() + document.RootElement.GetProperty("errors").GetArrayLength()
            : document.RootElement.GetProperty("runs")[0].GetProperty("invocations")[0].GetProperty("toolExecutionNotifications").GetArrayLength();
        said.ShouldBe(notes.Count + errors.Count);
    }

    /// <summary>A list that notes how much output there was when its enumeration reached its last item.</summary>
    private sealed class Watched<T>(IReadOnlyList<T> items, Func<int> outputLength) : IReadOnlyList<T>
    {
        public int OutWhenLastRead { get; private set; } = -1;

        public int Count => items.Count;

        public T this[int index] => items[index];

        public IEnumerator<T> GetEnumerator()
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (i == items.Count - 1)
                {
                    OutWhenLastRead = outputLength();
                }

                yield return items[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
