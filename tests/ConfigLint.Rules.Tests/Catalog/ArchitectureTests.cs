using System.Text.RegularExpressions;
using ConfigLint.TestSupport;

namespace ConfigLint.Rules.Tests.Catalog;

/// <summary>
/// Issue 9: the arrows between the stages stay one-way (Text → Parsing → Model → Rules → Engine →
/// Reporting → CLI), and a rule's ID alone leads to everything about it.
/// </summary>
public sealed partial class ArchitectureTests
{
    [GeneratedRegex(@"\bPF[0-9]{3}\b")]
    private static partial Regex RuleId();

    [GeneratedRegex(@"^using ConfigLint\.(?<ns>[A-Za-z.]+);", RegexOptions.Multiline)]
    private static partial Regex Using();

    /// <summary>Every file of the checkout whose name starts with "PF", relative with '/', listed once for all rule IDs (a walk per ID took two seconds).</summary>
    private static readonly Lazy<List<string>> RepositoryFiles = new(() =>
        Directory.GetFiles(RepoPaths.Root, "PF*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(RepoPaths.Root, f).Replace('\\', '/')).ToList());

    private static readonly Lazy<List<string>> RuleSources = new(() => Sources("src/ConfigLint.Rules").Select(File.ReadAllText).ToList());

    private static IEnumerable<string> Sources(string relative) =>
        Directory.GetFiles(Path.Combine(RepoPaths.Root, relative), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    [Theory]
    [InlineData("src/ConfigLint.Core/Text")]
    [InlineData("src/ConfigLint.Core/Parsing")]
    public void No_file_in_text_or_parsing_names_a_rule_id(string directory)
    {
        foreach (var file in Sources(directory))
        {
            RuleId().Match(File.ReadAllText(file)).Success.ShouldBeFalse($"{Path.GetRelativePath(RepoPaths.Root, file)} names a rule ID; readers report kinds, the rules own the IDs");
        }
    }

    /// <summary>Each layer of Core uses only the layers before it.</summary>
    [Theory]
    [InlineData("src/ConfigLint.Core/Text", new string[0])]
    [InlineData("src/ConfigLint.Core/Parsing", new[] { "Core.Text" })]
    [InlineData("src/ConfigLint.Core/Catalogue", new[] { "Core.Text" })]
    [InlineData("src/ConfigLint.Core/Model", new[] { "Core.Text", "Core.Parsing", "Core.Catalogue" })]
    [InlineData("src/ConfigLint.Core/Findings", new[] { "Core.Text", "Core.Parsing" })]
    [InlineData("src/ConfigLint.Core/Rules", new[] { "Core.Text", "Core.Parsing", "Core.Catalogue", "Core.Model", "Core.Findings" })]
    [InlineData("src/ConfigLint.Rules", new[] { "Core.Text", "Core.Parsing", "Core.Catalogue", "Core.Model", "Core.Findings", "Core.Rules" })]
    [InlineData("src/ConfigLint.Reporting", new[] { "Core.Text", "Core.Findings", "Core.Rules", "Core.Engine" })]
    public void Each_stage_reads_only_the_stages_before_it(string directory, string[] allowed)
    {
        var own = directory.Replace("src/ConfigLint.", string.Empty, StringComparison.Ordinal).Replace('/', '.');
        foreach (var file in Sources(directory))
        {
            foreach (Match m in Using().Matches(File.ReadAllText(file)))
            {
                var ns = m.Groups["ns"].Value;
                (ns.StartsWith(own, StringComparison.Ordinal) || allowed.Any(a => ns == a || ns.StartsWith(a + ".", StringComparison.Ordinal)))
                    .ShouldBeTrue($"{Path.GetRelativePath(RepoPaths.Root, file)} uses ConfigLint.{ns}, a later stage");
            }
        }
    }

    /// <summary>The rule ID alone finds its manifest, doc page, samples and (for a coded rule) its class.</summary>
    [Theory]
    [MemberData(nameof(RuleCatalogTests.RuleIds), MemberType = typeof(RuleCatalogTests))]
    public void A_rule_id_leads_to_its_manifest_logic_doc_and_samples(string id)
    {
        var rule = BuiltInRules.Rules.Single(r => r.Descriptor.Id == id);
        var tracked = RepositoryFiles.Value.Where(f => f[(f.LastIndexOf('/') + 1)..].StartsWith(id, StringComparison.Ordinal)).ToList();
        tracked.ShouldContain($"rules/{rule.Descriptor.Category}/{id}.yaml");
        tracked.ShouldContain($"rules/{rule.Descriptor.Category}/{id}.md");
        Directory.Exists(Path.Combine(RepoPaths.Samples, id)).ShouldBeTrue($"samples/{id}/");
        if (rule.Manifest.Logic == "coded")
        {
            rule.Logic.GetType().Name.ShouldStartWith(id);
            RuleSources.Value.Count(text => text.Contains($"[Rule(\"{id}\")]", StringComparison.Ordinal))
                .ShouldBe(1, $"exactly one class in src/ConfigLint.Rules is marked [Rule(\"{id}\")]");
        }
    }
}
