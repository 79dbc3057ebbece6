using System.Text.Json;
using ConfigLint.Reporting;
using ConfigLint.TestSupport;

namespace ConfigLint.Cli.Tests.Integration;

/// <summary><c>rules explain</c> and <c>rules list --format json</c> lead admins to the published doc page, and to nothing internal.</summary>
public sealed class RuleDocsCommandTests
{
    private static readonly string CustomRules = Path.Combine(RepoPaths.Samples, "custom-rules", "rules");

    public static TheoryData<string> RuleIds() => new(ConfigLint.Rules.BuiltInRules.Rules.Select(r => r.Descriptor.Id));

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rules_explain_ends_with_the_url_of_the_rule_page(string id)
    {
        var rule = ConfigLint.Rules.BuiltInRules.Rules.Single(r => r.Descriptor.Id == id);

        var run = Cli.Run(RepoPaths.Root, "rules", "explain", id);

        run.ExitCode.ShouldBe(0, run.ToString());
        run.Stdout.TrimEnd('\n').Split('\n')[^1].ShouldBe($"Examples and docs: {SarifReporter.DocsBaseUri}{rule.Descriptor.DocPath}");
        File.Exists(Path.Combine(RepoPaths.Root, rule.Descriptor.DocPath)).ShouldBeTrue($"the URL names {rule.Descriptor.DocPath}, which the repository holds");
        foreach (var internalReference in new[] { "POSTFIX-SEMANTICS", "../", "Docs: rules/", "samples/" })
        {
            run.Stdout.ShouldNotContain(internalReference, Case.Sensitive);
        }
    }

    [Fact]
    public void Rules_list_as_json_gives_every_built_in_rule_its_page_url()
    {
        var run = Cli.Run(RepoPaths.Root, "rules", "list", "--format", "json");

        run.ExitCode.ShouldBe(0, run.ToString());
        using var doc = JsonDocument.Parse(run.Stdout);
        var docs = doc.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!, r => r.GetProperty("docs").GetString());
        foreach (var rule in ConfigLint.Rules.BuiltInRules.Rules)
        {
            docs[rule.Descriptor.Id].ShouldBe(SarifReporter.DocsBaseUri + rule.Descriptor.DocPath);
        }
    }

    [Fact]
    public void A_custom_rule_names_its_manifest_instead_of_a_page_it_does_not_have()
    {
        var explain = Cli.Run(RepoPaths.Root, "rules", "explain", "ACME002", "--rules", CustomRules);
        explain.ExitCode.ShouldBe(0, explain.ToString());
        explain.Stdout.ShouldNotContain(SarifReporter.DocsBaseUri);
        explain.Stdout.TrimEnd('\n').Split('\n')[^1].ShouldBe("Defined in: samples/custom-rules/rules/ACME002.yaml");

        var list = Cli.Run(RepoPaths.Root, "rules", "list", "--format", "json", "--rules", CustomRules);
        using var doc = JsonDocument.Parse(list.Stdout);
        var acme = doc.RootElement.EnumerateArray().Single(r => r.GetProperty("id").GetString() == "ACME002");
        acme.TryGetProperty("docs", out _).ShouldBeFalse("a custom rule has no page on the ConfigLint site");
        acme.GetProperty("manifest").GetString().ShouldBe("samples/custom-rules/rules/ACME002.yaml");
    }

    [Fact]
    public void Rules_list_is_aligned_under_a_header()
    {
        var lines = Cli.Run(RepoPaths.Root, "rules", "list").Stdout.TrimEnd('\n').Split('\n');

        lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).ShouldBe(["ID", "SEVERITY", "CATEGORY", "NAME", "TITLE"]);
        foreach (var column in new[] { "SEVERITY", "CATEGORY", "NAME", "TITLE" })
        {
            var at = lines[0].IndexOf(column, StringComparison.Ordinal);
            foreach (var line in lines.Skip(1))
            {
                (line[at - 1] == ' ' && line[at] != ' ').ShouldBeTrue($"'{line}': column {column} starts at {at}");
            }
        }
    }
}
