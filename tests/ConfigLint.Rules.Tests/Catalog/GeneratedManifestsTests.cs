using System.Text.Json;
using ConfigLint.Core.Rules;
using ConfigLint.TestSupport;

namespace ConfigLint.Rules.Tests.Catalog;

/// <summary>
/// The built-in rules are made from BuiltInManifests.g.cs, which tools/generate-manifests.sh writes from
/// rules/**/*.yaml (issue 13: no YAML parsed at start-up). The YAML stays the source: the file must be what
/// the script writes from it now, and every rule must be what loading its YAML makes.
/// </summary>
public sealed class GeneratedManifestsTests
{
    [Fact]
    public void The_generated_file_is_what_the_yaml_manifests_make()
    {
        var expected = BuiltInManifestsCode.Render(BuiltInManifestsCode.Manifests());
        var path = Path.Combine(RepoPaths.Root, BuiltInManifestsCode.RelativePath);
        if (Environment.GetEnvironmentVariable(BuiltInManifestsCode.WriteVariable) == "1")
        {
            File.WriteAllText(path, expected);
        }

        File.ReadAllText(path).ShouldBe(expected, $"{BuiltInManifestsCode.RelativePath} is not what rules/**/*.yaml make: run bash tools/generate-manifests.sh");
    }

    [Fact]
    public void Every_built_in_rule_is_what_loading_its_yaml_makes()
    {
        var coded = CodedRules.ById();
        var fromYaml = BuiltInManifestsCode.Files().Select(f => RuleLoader.Load(f.Yaml, f.Source, builtIn: true, coded)).ToList();

        BuiltInRules.Rules.Select(r => r.Source).ShouldBe(fromYaml.OrderBy(r => r.Descriptor.Id, StringComparer.Ordinal).Select(r => r.Source));
        foreach (var rule in BuiltInRules.Rules)
        {
            var yaml = fromYaml.Single(r => r.Source == rule.Source);
            Json(rule.Manifest).ShouldBe(Json(yaml.Manifest), rule.Source);
            Json(rule.Descriptor).ShouldBe(Json(yaml.Descriptor), rule.Source);
            rule.Logic.GetType().ShouldBe(yaml.Logic.GetType(), rule.Source);
            rule.BuiltIn.ShouldBeTrue();
        }
    }

    [Fact]
    public void A_manifest_that_names_no_threshold_it_uses_fails_when_loaded_precompiled_too()
    {
        // The same validation runs on a manifest read at build time (its line is 1: the YAML test above
        // has the lines).
        var manifest = ManifestReader.Read(File.ReadAllText(Path.Combine(RepoPaths.Root, "rules", "relay", "PF101.yaml")), "rules/relay/PF101.yaml")!;
        manifest.Exceptions = "wider than /{thresholds.no_such_threshold}";

        var e = Should.Throw<RuleManifestException>(() => RuleLoader.Load(manifest, "rules/relay/PF101.yaml", CodedRules.ById()));
        e.Message.ShouldBe("rules/relay/PF101.yaml:1: exceptions names {thresholds.no_such_threshold}, which 'thresholds:' does not define");
    }

    [Fact]
    public void A_literal_keeps_every_character()
    {
        const string text = "quote \" backslash \\ newline \n tab \t return \r nul \0 line separator \u2028 é 😀 {x}";

        BuiltInManifestsCode.Literal(text).ShouldBe("\"quote \\\" backslash \\\\ newline \\n tab \\t return \\r nul \\u0000 line separator \\u2028 é \\ud83d\\ude00 {x}\"");
    }

    private static string Json(object value) => JsonSerializer.Serialize(value, value.GetType());
}
