using ConfigLint.Core.Findings;
using System.Text.Json.Nodes;
using ConfigLint.Core.Engine;
using ConfigLint.Core.Text;
using ConfigLint.TestSupport;
using static ConfigLint.Reporting.Tests.TestData;

namespace ConfigLint.Reporting.Tests;

/// <summary>
/// The SARIF we write passes both validators of SARIF-VALIDATION.md (the OASIS schema with Ajv,
/// and the SARIF multitool with GitHub's ingestion rules as errors), through scripts/validate-sarif.sh.
/// </summary>
[SystemTest]
public sealed class SarifValidationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("configlint-reporting-sarif-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Finding[] SyntheticFindings() =>
    [
        RelayFinding(),
        Ipv6Finding() with
        {
            Fix = new Fix("Add brackets", [new Replacement(new Span("main.cf", 6, 19, 6, 19), "["), new Replacement(new Span("main.cf", 6, 30, 6, 30), "]")]),
        },
        new Finding
        {
            RuleId = "PF901",
            RuleName = "unknown-parameter",
            Severity = Severity.Note,
            Message = "smtpd_client_restrictions continues on the next line",
            Span = new Span("main.cf", 4, 29, 5, 11),
            Related = [new RelatedLocation(new Span("main.cf", 3, 1, 3, 1), "an empty line"), new RelatedLocation(new Span("main.cf", 2, 1, 2, 11), "mynetworks is set here.")],
        },
        Ipv6Finding() with { Span = new Span("main.cf", 3, 1, 3, 1), Message = "whole-file finding on an empty line" },
        SuppressedFinding("inSource"),
        SuppressedFinding("baseline") with { Span = new Span("main.cf", 1, 1, 1, 17) },
    ];

    private string Write(string name, IReporter reporter, ReportInput input)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, Render(reporter, input));
        return path;
    }

    private static string Explain(ProcessResult result) => $"exit {result.ExitCode}\n{result.Stdout}\n{result.Stderr}";

    [RequiresSarifValidatorsFact]
    public void Logs_with_related_locations_fixes_and_suppressions_pass_the_schema_and_the_multitool()
    {
        string[] files =
        [
            Write("default.sarif", new SarifReporter(), Input(SyntheticFindings())),
            Write("with-suppressed.sarif", new SarifReporter(includeSuppressed: true), Input(SyntheticFindings())),
            Write("category-no-root.sarif", new SarifReporter(), Input(SyntheticFindings(), category: "postfix/edge", sourceRootUri: null)),
            Write("no-findings.sarif", new SarifReporter(), Input([])),
        ];

        var result = SarifValidation.Validate(files);

        result.ExitCode.ShouldBe(0, Explain(result));
        result.Stdout.ShouldContain("ok " + files[0]);
    }

    [RequiresSarifValidatorsFact]
    public void The_validation_gate_rejects_a_bad_level_and_an_absolute_uri()
    {
        var badLevel = JsonNode.Parse(Render(new SarifReporter(), Input(SyntheticFindings())))!;
        badLevel["runs"]![0]!["results"]![0]!["level"] = "fatal";
        var absoluteUri = JsonNode.Parse(Render(new SarifReporter(), Input(SyntheticFindings())))!;
        absoluteUri["runs"]![0]!["results"]![0]!["locations"]![0]!["physicalLocation"]!["artifactLocation"] = new JsonObject { ["uri"] = "file:///etc/postfix/main.cf" };
        var badLevelFile = Path.Combine(_dir, "bad-level.sarif");
        var absoluteUriFile = Path.Combine(_dir, "absolute-uri.sarif");
        File.WriteAllText(badLevelFile, badLevel.ToJsonString());
        File.WriteAllText(absoluteUriFile, absoluteUri.ToJsonString());

        var result = SarifValidation.Validate(badLevelFile, absoluteUriFile);

        result.ExitCode.ShouldBe(1, Explain(result));
        result.Stdout.ShouldContain("FAIL " + badLevelFile);
        result.Stdout.ShouldContain("FAIL " + absoluteUriFile);
        result.Stdout.ShouldContain("GH1006");
    }
}
