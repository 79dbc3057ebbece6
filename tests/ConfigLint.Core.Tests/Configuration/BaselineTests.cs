using ConfigLint.Core.Findings;
using ConfigLint.Core.Engine;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Tests.Configuration;

public sealed class BaselineTests
{
    private static Finding F(string key, int line) => new()
    {
        RuleId = "PF101",
        RuleName = "open-relay-risk",
        Severity = Severity.Error,
        Message = "m " + key,
        Span = new Span("main.cf", line, 1, line, 2),
        LogicalKey = key,
    };

    private static string Fp(Finding f) => "fp-" + f.LogicalKey;

    [Fact]
    public void Round_trips_through_json_and_matches_by_fingerprint_not_line()
    {
        var baseline = Baseline.From([F("a", 3), F("b", 4)], Fp);
        var reread = Baseline.Parse(baseline.ToJson("0.1.0"), "b.json");
        reread.Entries.ShouldBe(baseline.Entries);

        var (findings, stale) = reread.Apply([F("a", 30), F("c", 31)], Fp, "b.json");
        findings[0].Suppression.ShouldBe(new Suppression("external", "accepted in the baseline b.json", null));
        findings[1].Suppression.ShouldBeNull();
        stale.ShouldBe(1);
    }

    [Fact]
    public void Each_entry_accepts_one_finding()
    {
        var baseline = Baseline.From([F("a", 3)], Fp);
        var (findings, _) = baseline.Apply([F("a", 3), F("a", 9)], Fp, "b.json");
        findings.Count(f => f.Suppression is not null).ShouldBe(1);
    }

    [Fact]
    public void Already_suppressed_findings_are_not_recorded()
    {
        var suppressed = F("a", 3) with { Suppression = new Suppression("inSource", "why", null) };
        Baseline.From([suppressed, F("b", 4)], Fp).Entries.Select(e => e.Fingerprint).ShouldBe(["fp-b"]);
    }

    [Fact]
    public void The_file_is_stable_and_readable()
    {
        var json = Baseline.From([F("b", 4), F("a", 3)], Fp).ToJson("0.1.0");
        json.ShouldBe(Baseline.From([F("a", 3), F("b", 4)], Fp).ToJson("0.1.0"));
        json.ShouldContain("\"message\": \"m a\"");
        json.ShouldEndWith("}\n");
    }
}
