using System.Text.RegularExpressions;
using ConfigLint.Reporting;
using ConfigLint.Rules.Tests.Samples;
using ConfigLint.TestSupport;

namespace ConfigLint.Rules.Tests.Catalog;

/// <summary>
/// The rule pages are for admins (issue 9): a bad example, its fixed version and ConfigLint's
/// output for the bad one; no test markers and nothing that points outside the repository.
/// </summary>
public sealed partial class RuleDocsTests
{
    [GeneratedRegex(@"#\s*expect(-file)?:")]
    private static partial Regex TestMarker();

    [GeneratedRegex(@"^(?<file>[^\s:]+):(?<line>[0-9]+):[0-9]+: (error|warning|note) (?<id>[A-Z][A-Z0-9]*[0-9]{3}) ", RegexOptions.Multiline)]
    private static partial Regex FindingLine();

    private static IEnumerable<string> DocFiles() =>
        Directory.GetFiles(Path.Combine(RepoPaths.Root, "rules"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(RuleCatalogTests.RuleIds), MemberType = typeof(RuleCatalogTests))]
    public void Every_rule_has_a_bad_sample_with_its_fixed_twin(string id)
    {
        var samples = RuleSample.Of(RepoPaths.Samples, id);
        RuleDocs.Examples(samples).ShouldNotBeEmpty(
            $"samples/{id}/ needs a bad-X directory and its fixed version good-X (the same files with the fix applied): its doc page shows them as the example");
    }

    [Theory]
    [MemberData(nameof(RuleCatalogTests.RuleIds), MemberType = typeof(RuleCatalogTests))]
    public void Every_rule_page_shows_the_bad_example_its_output_and_the_fix(string id)
    {
        var rule = BuiltInRules.Rules.Single(r => r.Descriptor.Id == id);
        var page = RuleDocs.Page(rule, BuiltInRules.Rules, RepoPaths.Samples);
        var (bad, fixedVersion) = RuleDocs.Examples(RuleSample.Of(RepoPaths.Samples, id))[0];

        var reported = page.IndexOf("This configuration is reported:", StringComparison.Ordinal);
        var output = page.IndexOf(bad.Output(BuiltInRules.Rules), StringComparison.Ordinal);
        var fixedAt = page.IndexOf("Fixed, nothing is reported:", StringComparison.Ordinal);
        reported.ShouldBeGreaterThan(0);
        output.ShouldBeGreaterThan(reported, "the output of the bad example follows it");
        fixedAt.ShouldBeGreaterThan(output, "the fixed version follows the output");
        page.ShouldContain($"{id} [{rule.Descriptor.Name}]", customMessage: "the output shows the rule's own finding");
        foreach (var file in bad.Files.Concat(fixedVersion.Files).Where(f => f.Text is not null))
        {
            page.ShouldContain(file.Text!);
        }
    }

    /// <summary>The output a page shows is for the files it shows: the marker lines are gone and the line numbers still point at the reported lines.</summary>
    [Theory]
    [SweepTest]
    [MemberData(nameof(SampleTests.BadCases), MemberType = typeof(SampleTests))]
    public void The_output_of_a_bad_sample_points_at_the_lines_its_page_shows(string key)
    {
        var sample = SampleCase.Get(key);
        var shown = RuleSample.Of(RepoPaths.Samples, sample.RuleId).Single(s => s.Name == sample.Name);
        var output = shown.Output(BuiltInRules.Rules);
        output.ShouldNotMatch(TestMarker().ToString());

        var expected = sample.Expectations()
            .Select(e => (e.RuleId, File: e.File[sample.DisplayPrefix.Length..], Line: e.Line is { } l ? ShownLine(sample, e.File[sample.DisplayPrefix.Length..], l) : (int?)null))
            .ToHashSet();
        var fileLevel = expected.Where(e => e.Line is null).Select(e => (e.RuleId, e.File)).ToHashSet();
        var actual = FindingLine().Matches(output)
            .Select(m => (RuleId: m.Groups["id"].Value, File: m.Groups["file"].Value, Line: (int?)int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture)))
            .Select(a => fileLevel.Contains((a.RuleId, a.File)) ? a with { Line = null } : a)
            .ToHashSet();
        actual.ShouldBe(expected, ignoreOrder: true, customMessage: output);
    }

    [Fact]
    public void Rule_docs_hold_no_test_markers_and_no_reference_outside_the_repository()
    {
        var files = DocFiles().Concat(Directory.GetFiles(Path.Combine(RepoPaths.Root, "rules"), "*.yaml", SearchOption.AllDirectories)).ToList();
        files.Count.ShouldBeGreaterThan(BuiltInRules.Rules.Count);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            var name = Path.GetRelativePath(RepoPaths.Root, file);
            TestMarker().IsMatch(text).ShouldBeFalse($"{name} shows a '# expect:' test marker");
            // The development machine's checkout directory is spelled in pieces, so this file does not name it either.
            foreach (var outside in new[] { "../", "..\\", "POSTFIX-SEMANTICS", "/" + "work" + "/", "shared/docs" })
            {
                text.ShouldNotContain(outside, Case.Sensitive, $"{name} refers to something outside the repository ({outside})");
            }
        }
    }

    /// <summary>tools/new-rule.sh writes TODO into everything it creates; a rule is finished when none is left.</summary>
    [Theory]
    [MemberData(nameof(RuleCatalogTests.RuleIds), MemberType = typeof(RuleCatalogTests))]
    public void No_rule_keeps_a_placeholder_of_the_scaffold(string id)
    {
        var rule = BuiltInRules.Rules.Single(r => r.Descriptor.Id == id);
        var files = new List<string> { Path.Combine(RepoPaths.Root, "rules", rule.Descriptor.Category, id + ".yaml") };
        files.AddRange(Directory.GetFiles(Path.Combine(RepoPaths.Samples, id), "*", SearchOption.AllDirectories));
        files.AddRange(Directory.GetFiles(Path.Combine(RepoPaths.Root, "src", "ConfigLint.Rules"), id + "*.cs"));
        foreach (var file in files)
        {
            File.ReadAllText(file).ShouldNotContain("TODO", Case.Sensitive, $"{Path.GetRelativePath(RepoPaths.Root, file)} still has a TODO of tools/new-rule.sh");
        }
    }

    /// <summary>The line number in the shown file (marker lines removed) of line <paramref name="line"/> of the sample file.</summary>
    private static int ShownLine(SampleCase sample, string file, int line)
    {
        var lines = File.ReadAllText(Path.Combine(sample.Directory, file)).Split('\n');
        return line - lines.Take(line - 1).Count(RuleSample.IsTestMarker);
    }
}
