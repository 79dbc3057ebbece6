using ConfigLint.Core.Findings;
using ConfigLint.Core.Engine;
using Xunit.Abstractions;

namespace ConfigLint.Rules.Tests.Samples;

public sealed class SampleTests(ITestOutputHelper output)
{
    public static TheoryData<string> BadCases() => new(SampleCase.All().Where(c => c.IsBad).Select(c => c.ToString()));

    public static TheoryData<string> GoodCases() => new(SampleCase.All().Where(c => !c.IsBad).Select(c => c.ToString()));

    [Theory]
    [MemberData(nameof(BadCases))]
    public void Bad_sample_reports_exactly_the_annotations(string key)
    {
        var sample = SampleCase.Get(key);
        var expected = sample.Expectations();
        expected.ShouldContain(e => e.RuleId == sample.RuleId, $"{key} has no '# expect: {sample.RuleId}' line");
        var findings = sample.Run();
        Dump(findings);
        var actual = sample.Actual(findings, expected);
        actual.Except(expected).ShouldBeEmpty($"{key}: reported but not expected");
        expected.Except(actual).ShouldBeEmpty($"{key}: expected but not reported");
    }

    [Theory]
    [MemberData(nameof(GoodCases))]
    public void Good_sample_is_silent(string key)
    {
        var sample = SampleCase.Get(key);
        sample.Expectations().ShouldBeEmpty($"{key} is a good sample and must not carry expectations");
        var findings = sample.Run();
        Dump(findings);
        findings.ShouldBeEmpty($"{key} must be silent");
    }

    private void Dump(IEnumerable<Finding> findings)
    {
        foreach (var f in findings)
        {
            output.WriteLine($"{f.Span}: {f.Severity} {f.RuleId} {f.Message}");
        }
    }
}
