using System.Text.Json;
using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Configuration;
using ConfigLint.TestSupport;

namespace ConfigLint.Cli.Tests.Integration;

/// <summary>Needs ajv-cli and ajv-formats from the repository's node_modules (npm ci; scripts/test.sh does it).</summary>
public sealed class RequiresAjvFactAttribute : FactAttribute
{
    public RequiresAjvFactAttribute()
    {
        if (!Prerequisites.IsCI && SchemaTests.AjvProblem() is { } problem)
        {
            Skip = $"ajv unavailable ({problem}); '{Prerequisites.TestCommand}' installs it. Under CI=true this test fails instead.";
        }
    }
}

/// <summary>schemas/configlint.schema.json against the sample configurations, with the real Ajv, and in agreement with the loader.</summary>
public sealed class SchemaTests : IDisposable
{
    private static readonly string Schema = Path.Combine(RepoPaths.Root, "schemas", "configlint.schema.json");

    private readonly TempTree tree = new();

    public void Dispose() => tree.Dispose();

    private static string Ajv => Path.Combine(RepoPaths.Root, "node_modules", ".bin", "ajv");

    public static string? AjvProblem()
    {
        if (!File.Exists(Ajv))
        {
            return $"{Ajv} not found (npm ci not run)";
        }

        if (!Directory.Exists(Path.Combine(RepoPaths.Root, "node_modules", "ajv-formats")))
        {
            return "ajv-formats not installed";
        }

        return ProcessRunner.FindExecutable("node") is null ? "node not found" : null;
    }

    /// <summary>Runs <c>ajv validate</c> on the files: (file, valid, errors) per file.</summary>
    private static List<(string File, bool Valid, string Output)> Validate(IReadOnlyList<string> files)
    {
        if (AjvProblem() is { } problem)
        {
            throw new InvalidOperationException($"This test needs ajv ({problem}); run the tests with '{Prerequisites.TestCommand}'.");
        }

        string[] args = ["validate", "--spec=draft7", "--strict=true", "--allow-union-types", "--all-errors", "--errors=text", "-c", "ajv-formats", "-s", Schema, .. files.SelectMany(f => new[] { "-d", f })];
        var r = ProcessRunner.Run(Ajv, args, TimeSpan.FromSeconds(60), RepoPaths.Root);
        var output = r.Stdout + r.Stderr;
        return files.Select(f => (f, output.Contains($"{f} valid", StringComparison.Ordinal), output)).ToList();
    }

    public static IEnumerable<string> SampleConfigs() =>
        Directory.GetFiles(RepoPaths.Samples, ".configlint.yml", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    [Fact]
    public void The_schema_is_draft_07_json_that_lists_the_loaders_keys()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Schema));
        doc.RootElement.GetProperty("$schema").GetString().ShouldBe("http://json-schema.org/draft-07/schema#");
        doc.RootElement.GetProperty("additionalProperties").GetBoolean().ShouldBeFalse();
        doc.RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name).ShouldBe(SettingsLoader.TopLevelKeys, ignoreOrder: true);
        doc.RootElement.GetProperty("properties").GetProperty("profiles").GetProperty("items").GetProperty("enum")
            .EnumerateArray().Select(e => e.GetString()).ShouldBe(Profiles.All.Select(p => p.Name));
        SampleConfigs().Count().ShouldBeGreaterThanOrEqualTo(5);
    }

    [Fact]
    public void The_schema_accepts_exactly_the_postfix_versions_of_the_catalogue()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Schema));
        var version = doc.RootElement.GetProperty("properties").GetProperty("postfix_version");
        var pattern = new System.Text.RegularExpressions.Regex(version.GetProperty("pattern").GetString()!);
        foreach (var release in PostfixReleases.All)
        {
            pattern.IsMatch(release.Series).ShouldBeTrue(release.Series);
            pattern.IsMatch(release.MailVersion).ShouldBeTrue(release.MailVersion);
        }

        foreach (var other in new[] { "3.3", "3.12", "4.0", "3.1", "3", "v3.8", "3.8.1.1" })
        {
            pattern.IsMatch(other).ShouldBeFalse(other);
            PostfixReleases.TryGet(other, out _).ShouldBeFalse(other);
        }

        // An unquoted number: 3.7 is fine, 3.10 reads as 3.1 and is out of range.
        version.GetProperty("minimum").GetDouble().ShouldBe(double.Parse(PostfixReleases.All[0].Series, System.Globalization.CultureInfo.InvariantCulture));
        version.GetProperty("maximum").GetDouble().ShouldBe(double.Parse(PostfixReleases.Newest.Series, System.Globalization.CultureInfo.InvariantCulture));
    }

    [SystemTest]
    [RequiresAjvFact]
    public void Every_sample_config_the_starter_and_the_docs_example_validate()
    {
        var docsExample = tree.Write("docs-example.configlint.yml", DocSnippets.Get("configlint-yml"));
        var starter = tree.Write("starter.configlint.yml", InitCommand.StarterText);
        var files = SampleConfigs().Append(docsExample).Append(starter).ToList();
        foreach (var (file, valid, output) in Validate(files))
        {
            valid.ShouldBeTrue($"{file}:\n{output}");
        }
    }

    [SystemTest]

    [RequiresAjvFact]
    public void Files_the_loader_rejects_the_schema_rejects_too()
    {
        string[] bad =
        [
            "rulez: {}\n",
            "rules:\n  PF101: sometimes\n",
            "rules: [PF101]\n",
            "profiles: [edge]\n",
            "profiles: mx\n",
            "fail_level: fatal\n",
            "postfix_version: three\n",
            "postfix_version: \"3.12\"\n",
            "default_compatibility_level: latest\n",
            "network:\n  behind_nat: maybe\n",
            "network:\n  nat: true\n",
            "network:\n  public_addresses: [203.0.113.300]\n",
            "exclude: [\"\"]\n",
        ];
        var files = bad.Select((text, i) => tree.Write($"bad{i}.yml", text)).ToList();
        foreach (var (file, text) in files.Zip(bad))
        {
            Should.Throw<ConfigurationException>(() => SettingsLoader.Load(file, "bad.yml"), text);
        }

        foreach (var (file, valid, output) in Validate(files))
        {
            valid.ShouldBeFalse($"the schema accepts {File.ReadAllText(file)}\n{output}");
        }
    }
}
