using ConfigLint.Core.Findings;
using System.Text.Json.Nodes;
using ConfigLint.Core.Engine;
using ConfigLint.Core.Text;
using static ConfigLint.Reporting.Tests.TestData;

namespace ConfigLint.Reporting.Tests;

public class SarifReporterTests
{
    private static JsonNode Sarif(ReportInput input, bool includeSuppressed = false) =>
        JsonNode.Parse(Render(new SarifReporter(includeSuppressed), input))!;

    private static JsonNode Run(JsonNode log) => log["runs"]![0]!;

    private static JsonArray Results(JsonNode log) => Run(log)["results"]!.AsArray();

    private static JsonArray Rules(JsonNode log) => Run(log)["tool"]!["driver"]!["rules"]!.AsArray();

    private static string? Text(JsonNode? node) => node?.GetValue<string>();

    private static string LineHash(ReportInput input) =>
        Text(Results(Sarif(input))[0]!["partialFingerprints"]!["primaryLocationLineHash"])!;

    [Fact]
    public void The_log_has_every_property_github_requires_or_recommends()
    {
        var log = Sarif(Input([RelayFinding(), Ipv6Finding()], category: "postfix"));

        Text(log["$schema"]).ShouldBe("https://json.schemastore.org/sarif-2.1.0.json");
        Text(log["version"]).ShouldBe("2.1.0");
        log["runs"]!.AsArray().Count.ShouldBe(1);

        var run = Run(log);
        var driver = run["tool"]!["driver"]!;
        Text(driver["name"]).ShouldBe("ConfigLint");
        Text(driver["semanticVersion"]).ShouldBe("1.2.3");
        Text(driver["informationUri"]).ShouldBe("https://github.com/configlint/configlint");
        Text(run["columnKind"]).ShouldBe("utf16CodeUnits");
        Text(run["automationDetails"]!["id"]).ShouldBe("postfix/");
        Text(run["originalUriBaseIds"]!["%SRCROOT%"]!["uri"]).ShouldBe("file:///srv/checkout/");

        foreach (var rule in Rules(log))
        {
            Text(rule!["id"]).ShouldNotBeNullOrEmpty();
            Text(rule["name"]).ShouldNotBeNullOrEmpty();
            Text(rule["shortDescription"]!["text"]).ShouldNotBeNullOrEmpty();
            Text(rule["fullDescription"]!["text"]).ShouldNotBeNullOrEmpty();
            Text(rule["help"]!["text"]).ShouldNotBeNullOrEmpty();
            Text(rule["help"]!["markdown"]).ShouldNotBeNullOrEmpty();
            Text(rule["helpUri"]).ShouldStartWith("https://github.com/configlint/configlint/blob/main/rules/");
            Text(rule["defaultConfiguration"]!["level"]).ShouldBeOneOf("error", "warning", "note");
            rule["properties"]!["tags"]!.AsArray().Count.ShouldBeGreaterThan(0);
            Text(rule["properties"]!["precision"]).ShouldBeOneOf("very-high", "high", "medium", "low");
        }

        foreach (var result in Results(log))
        {
            Text(result!["ruleId"]).ShouldNotBeNullOrEmpty();
            result["ruleIndex"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(0);
            Text(result["level"]).ShouldBeOneOf("error", "warning", "note");
            Text(result["message"]!["text"]).ShouldEndWith(".");
            var locations = result["locations"]!.AsArray();
            locations.Count.ShouldBe(1);
            var physical = locations[0]!["physicalLocation"]!;
            Text(physical["artifactLocation"]!["uri"]).ShouldNotBeNullOrEmpty();
            Text(physical["artifactLocation"]!["uriBaseId"]).ShouldBe("%SRCROOT%");
            foreach (var key in new[] { "startLine", "startColumn", "endLine", "endColumn" })
            {
                physical["region"]![key]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(1);
            }

            Text(result["partialFingerprints"]!["primaryLocationLineHash"])!.ShouldMatch("^[0-9a-f]{1,16}:[0-9]+$");
            Text(result["partialFingerprints"]!["configlint/v1"])!.ShouldMatch("^[0-9a-f]{64}$");
        }
    }

    [Fact]
    public void Every_rule_index_points_at_the_rule_of_its_result()
    {
        var log = Sarif(Input([Ipv6Finding(), RelayFinding()]));
        var rules = Rules(log);

        foreach (var result in Results(log))
        {
            var index = result!["ruleIndex"]!.GetValue<int>();
            index.ShouldBeInRange(0, rules.Count - 1);
            Text(rules[index]!["id"]).ShouldBe(Text(result["ruleId"]));
        }
    }

    [Fact]
    public void Every_rule_that_ran_is_listed_even_when_nothing_was_found()
    {
        var log = Sarif(Input([]));

        Rules(log).Select(r => Text(r!["id"])).ShouldBe(["PF101", "PF201", "PF901"]);
        Results(log).Count.ShouldBe(0);
    }

    [Fact]
    public void A_finding_of_a_rule_missing_from_the_list_still_gets_a_rule_to_point_at()
    {
        var finding = Ipv6Finding() with { RuleId = "PF002", RuleName = "main-cf-syntax" };

        var log = Sarif(Input([finding], rules: [OpenRelay]));

        var rules = Rules(log);
        rules.Select(r => Text(r!["id"])).ShouldBe(["PF101", "PF002"]);
        Results(log)[0]!["ruleIndex"]!.GetValue<int>().ShouldBe(1);
        Text(rules[1]!["name"]).ShouldBe("MainCfSyntax");
    }

    [Fact]
    public void Rule_metadata_comes_from_the_descriptor()
    {
        var rule = Rules(Sarif(Input([])))[0]!;

        Text(rule["id"]).ShouldBe("PF101");
        Text(rule["name"]).ShouldBe("OpenRelayRisk");
        Text(rule["shortDescription"]!["text"]).ShouldBe("Open relay risk");
        Text(rule["fullDescription"]!["text"]).ShouldBe(OpenRelay.Summary);
        Text(rule["helpUri"]).ShouldBe("https://github.com/configlint/configlint/blob/main/rules/relay/PF101.md");
        Text(rule["defaultConfiguration"]!["level"]).ShouldBe("error");
        var markdown = Text(rule["help"]!["markdown"])!;
        markdown.ShouldStartWith(OpenRelay.Summary);
        markdown.ShouldContain("## Rationale\n\n" + OpenRelay.Rationale);
        markdown.ShouldContain("## Remediation\n\n" + OpenRelay.Remediation);
        markdown.ShouldContain("## Exceptions\n\n" + OpenRelay.Exceptions);
        Text(rule["help"]!["text"])!.ShouldContain("Remediation:\n" + OpenRelay.Remediation);
    }

    [Fact]
    public void Security_rules_get_a_security_severity_string_and_the_others_a_problem_severity()
    {
        var rules = Rules(Sarif(Input([])));
        var security = rules[0]!["properties"]!;
        var warning = rules[1]!["properties"]!;
        var note = rules[2]!["properties"]!;

        Text(security["security-severity"]).ShouldBe("9.1");
        security["problem.severity"].ShouldBeNull();
        security["tags"]!.AsArray().Select(Text).ShouldBe(["security", "relay"]);
        Text(security["precision"]).ShouldBe("very-high");

        warning["security-severity"].ShouldBeNull();
        Text(warning["problem.severity"]).ShouldBe("warning");
        warning["tags"]!.AsArray().Select(Text).ShouldBe(["listeners"]);
        Text(note["problem.severity"]).ShouldBe("recommendation");
    }

    [Theory]
    [InlineData(null, "configlint/")]
    [InlineData("", "configlint/")]
    [InlineData("postfix-edge", "postfix-edge/")]
    [InlineData("postfix/edge/", "postfix/edge/")]
    public void The_automation_id_is_the_category_with_a_trailing_slash(string? category, string expected)
    {
        Text(Run(Sarif(Input([], category: category)))["automationDetails"]!["id"]).ShouldBe(expected);
    }

    [Fact]
    public void Original_uri_base_ids_are_written_only_when_a_source_root_is_given()
    {
        Run(Sarif(Input([RelayFinding()], sourceRootUri: null)))["originalUriBaseIds"].ShouldBeNull();
        Text(Run(Sarif(Input([], sourceRootUri: "file:///srv/repo")))["originalUriBaseIds"]!["%SRCROOT%"]!["uri"]).ShouldBe("file:///srv/repo/");
    }

    [Theory]
    [InlineData("main.cf", "main.cf")]
    [InlineData("samples/PF101/bad-world/main.cf", "samples/PF101/bad-world/main.cf")]
    [InlineData("sub dir/master.cf", "sub%20dir/master.cf")]
    [InlineData("./etc\\postfix\\main.cf", "etc/postfix/main.cf")]
    [InlineData("a#b/100%/ä.cf", "a%23b/100%25/%C3%A4.cf")]
    public void Artifact_uris_are_relative_with_forward_slashes_and_encoded_segments(string path, string uri)
    {
        SarifReporter.ArtifactUri(path, out var isRelative).ShouldBe(uri);
        isRelative.ShouldBeTrue();
    }

    [Fact]
    public void Locations_use_the_relative_uri_and_the_source_root_base()
    {
        var result = Results(Sarif(Input([RelayFinding()])))[0]!;
        var related = result["relatedLocations"]![0]!;

        Text(related["physicalLocation"]!["artifactLocation"]!["uri"]).ShouldBe("sub%20dir/master.cf");
        Text(related["physicalLocation"]!["artifactLocation"]!["uriBaseId"]).ShouldBe("%SRCROOT%");
        related["id"]!.GetValue<int>().ShouldBe(1);
        Text(related["message"]!["text"]).ShouldBe("smtp listens on every interface.");
    }

    [Fact]
    public void The_region_is_the_span_and_an_empty_span_on_a_character_covers_that_character()
    {
        var exact = Results(Sarif(Input([RelayFinding()])))[0]!["locations"]![0]!["physicalLocation"]!["region"]!;
        exact.ToJsonString().ShouldBe("""{"startLine":2,"startColumn":14,"endLine":2,"endColumn":23}""");

        var empty = Ipv6Finding() with { Span = new Span("main.cf", 2, 14, 2, 14) };
        var widened = Results(Sarif(Input([empty])))[0]!["locations"]![0]!["physicalLocation"]!["region"]!;
        widened.ToJsonString().ShouldBe("""{"startLine":2,"startColumn":14,"endLine":2,"endColumn":15}""");

        var onEmptyLine = Ipv6Finding() with { Span = new Span("main.cf", 3, 1, 3, 1) };
        var kept = Results(Sarif(Input([onEmptyLine])))[0]!["locations"]![0]!["physicalLocation"]!["region"]!;
        kept.ToJsonString().ShouldBe("""{"startLine":3,"startColumn":1,"endLine":3,"endColumn":1}""");
    }

    [Fact]
    public void Messages_end_with_a_period()
    {
        SarifReporter.EnsurePeriod("needs brackets").ShouldBe("needs brackets.");
        SarifReporter.EnsurePeriod("needs brackets.  ").ShouldBe("needs brackets.");
        Text(Results(Sarif(Input([Ipv6Finding()])))[0]!["message"]!["text"]).ShouldBe("IPv6 address 2001:db8::1 needs brackets.");
    }

    [Fact]
    public void Brackets_are_escaped_only_where_sarif_would_read_them_as_a_link()
    {
        SarifReporter.MessageText("listener [::1]:25 is loopback").ShouldBe("listener [::1]:25 is loopback.");
        SarifReporter.MessageText("service [::1](smtp) is loopback").ShouldBe(@"service \[::1\](smtp) is loopback.");
    }

    [Fact]
    public void A_fix_becomes_artifact_changes_with_deleted_regions_and_inserted_content()
    {
        var fix = Results(Sarif(Input([RelayFinding()])))[0]!["fixes"]!.AsArray().Single()!;

        Text(fix["description"]!["text"]).ShouldBe("Limit mynetworks to loopback.");
        var change = fix["artifactChanges"]!.AsArray().Single()!;
        Text(change["artifactLocation"]!["uri"]).ShouldBe("main.cf");
        Text(change["artifactLocation"]!["uriBaseId"]).ShouldBe("%SRCROOT%");
        var replacement = change["replacements"]!.AsArray().Single()!;
        replacement["deletedRegion"]!.ToJsonString().ShouldBe("""{"startLine":2,"startColumn":14,"endLine":2,"endColumn":23}""");
        Text(replacement["insertedContent"]!["text"]).ShouldBe("127.0.0.0/8");
    }

    [Fact]
    public void An_insertion_keeps_its_empty_deleted_region()
    {
        var insertion = Ipv6Finding() with
        {
            Fix = new Fix("Add brackets", [new Replacement(new Span("main.cf", 6, 19, 6, 19), "["), new Replacement(new Span("main.cf", 6, 30, 6, 30), "]")]),
        };

        var replacements = Results(Sarif(Input([insertion])))[0]!["fixes"]![0]!["artifactChanges"]![0]!["replacements"]!.AsArray();

        replacements.Select(r => r!["deletedRegion"]!.ToJsonString()).ShouldBe(
        [
            """{"startLine":6,"startColumn":19,"endLine":6,"endColumn":19}""",
            """{"startLine":6,"startColumn":30,"endLine":6,"endColumn":30}""",
        ]);
    }

    [Fact]
    public void Suppressed_findings_are_left_out_by_default()
    {
        var log = Sarif(Input([Ipv6Finding(), SuppressedFinding()]));

        Results(log).Count.ShouldBe(1);
        Results(log)[0]!["suppressions"].ShouldBeNull();
    }

    [Fact]
    public void Suppressed_findings_are_included_with_their_suppression_when_asked()
    {
        var log = Sarif(Input([Ipv6Finding(), SuppressedFinding("inSource"), SuppressedFinding("baseline") with { Span = new Span("main.cf", 1, 1, 1, 5) }]), includeSuppressed: true);

        var results = Results(log);
        results.Count.ShouldBe(3);
        var suppressions = results.Select(r => r!["suppressions"]!.AsArray()).ToList();

        // Results in order: main.cf:1 (baseline), main.cf:6 (not suppressed), master.cf:2 (comment).
        Text(suppressions[0].Single()!["kind"]).ShouldBe("external");
        suppressions[1].Count.ShouldBe(0);
        var inSource = suppressions[2].Single()!;
        Text(inSource["kind"]).ShouldBe("inSource");
        Text(inSource["status"]).ShouldBe("accepted");
        Text(inSource["justification"]).ShouldBe("lab relay, reviewed");
    }

    [Fact]
    public void The_line_hash_is_unchanged_when_unrelated_lines_are_inserted_above_the_finding()
    {
        var files = Files();
        var before = LineHash(Input([RelayFinding()], files));

        var moved = Files();
        moved["main.cf"] = ["# managed by ansible", "compatibility_level = 3.6", "myhostname = mx.example.org", .. moved["main.cf"]];
        var after = LineHash(Input([RelayFinding() with { Span = new Span("main.cf", 5, 14, 5, 23) }], moved));

        after.ShouldBe(before);
    }

    [Fact]
    public void The_line_hash_changes_when_the_line_of_the_finding_changes()
    {
        var before = LineHash(Input([RelayFinding()]));

        var edited = Files();
        edited["main.cf"][1] = "mynetworks = 0.0.0.0/1";
        var after = LineHash(Input([RelayFinding()], edited));

        after.ShouldNotBe(before);
    }

    [Fact]
    public void The_line_hash_is_the_codeql_action_hash_of_the_start_line()
    {
        var expected = PrimaryLocationLineHash.Compute(string.Join('\n', Files()["main.cf"]) + "\n")[1];

        LineHash(Input([RelayFinding()])).ShouldBe(expected);
    }

    [Fact]
    public void The_line_hash_is_left_out_when_the_file_cannot_be_read()
    {
        var finding = Ipv6Finding() with { Span = new Span("gone.cf", 1, 1, 1, 2) };

        var fingerprints = Results(Sarif(Input([finding])))[0]!["partialFingerprints"]!.AsObject();

        fingerprints.Select(p => p.Key).ShouldBe(["configlint/v1"]);
    }

    [Fact]
    public void The_configlint_fingerprint_hashes_the_repository_path_and_logical_key_or_else_rule_path_and_span_text()
    {
        var withKey = Text(Results(Sarif(Input([RelayFinding()])))[0]!["partialFingerprints"]!["configlint/v1"]);
        withKey.ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("main.cf\0PF101|mynetworks|0.0.0.0/0"u8)));

        var before = FindingFingerprint.Compute(Ipv6Finding(), "main.cf", Files()["main.cf"]);
        var moved = Files();
        moved["main.cf"] = ["# new first line", .. moved["main.cf"]];
        var after = FindingFingerprint.Compute(Ipv6Finding() with { Span = new Span("main.cf", 7, 19, 7, 30) }, "main.cf", moved["main.cf"]);
        var otherText = FindingFingerprint.Compute(Ipv6Finding() with { Span = new Span("main.cf", 2, 1, 2, 11) }, "main.cf", Files()["main.cf"]);

        after.ShouldBe(before);
        otherText.ShouldNotBe(before);
    }

    [Fact]
    public void The_output_is_the_same_for_the_same_input()
    {
        var input = Input([Ipv6Finding(), RelayFinding(), SuppressedFinding()]);

        Render(new SarifReporter(), input).ShouldBe(Render(new SarifReporter(), input));
    }
}
