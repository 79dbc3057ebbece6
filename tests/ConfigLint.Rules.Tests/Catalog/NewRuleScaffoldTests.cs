using ConfigLint.Core.Rules;
using ConfigLint.TestSupport;

namespace ConfigLint.Rules.Tests.Catalog;

/// <summary>
/// tools/new-rule.sh (CONTRIBUTING.md, "Adding a rule") creates what a rule needs, in a form that
/// loads but fails the catalogue tests until its placeholders are filled in. It runs in a copy of
/// the files it reads and writes, without the doc page (that needs a build; CONTRIBUTING's proof
/// covers it).
/// </summary>
public sealed class NewRuleScaffoldTests : IDisposable
{
    private readonly DirectoryInfo repo = Directory.CreateTempSubdirectory("configlint-new-rule-");

    /// <summary>An ID and a name no rule has (the highest free ID), so the test keeps working as rules are added.</summary>
    private static readonly string FreeId = Enumerable.Range(100, 900).Reverse().Select(n => $"PF{n}").First(id => BuiltInRules.Rules.All(r => r.Descriptor.Id != id));

    private const string FreeName = "scaffold-test-problem";

    private const string FreeClass = "ScaffoldTestProblem";

    public NewRuleScaffoldTests()
    {
        Directory.CreateDirectory(Path.Combine(repo.FullName, "tools"));
        File.Copy(Path.Combine(RepoPaths.Root, "tools", "new-rule.sh"), Path.Combine(repo.FullName, "tools", "new-rule.sh"));
        File.Copy(Path.Combine(RepoPaths.Root, "Directory.Build.props"), Path.Combine(repo.FullName, "Directory.Build.props"));
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.Root, "rules"), "*.yaml", SearchOption.AllDirectories))
        {
            var target = Path.Combine(repo.FullName, Path.GetRelativePath(RepoPaths.Root, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        Directory.CreateDirectory(Path.Combine(repo.FullName, "samples"));
        Directory.CreateDirectory(Path.Combine(repo.FullName, "src", "ConfigLint.Rules"));
        File.Copy(Path.Combine(RepoPaths.Root, Registry), Path.Combine(repo.FullName, Registry));
    }

    private const string Registry = "src/ConfigLint.Rules/CodedRules.cs";

    public void Dispose() => repo.Delete(recursive: true);

    private ProcessResult NewRule(params string[] args) =>
        ProcessRunner.Run("bash", ["tools/new-rule.sh", "--no-docs", .. args], workingDirectory: repo.FullName);

    private string Read(string relative) => File.ReadAllText(Path.Combine(repo.FullName, relative));

    [Fact]
    public void A_declarative_rule_gets_a_manifest_that_loads_and_samples_that_fail_until_filled_in()
    {
        var run = NewRule(FreeId, FreeName, "protocol");

        run.ExitCode.ShouldBe(0, run.Stderr);
        var manifest = Read($"rules/protocol/{FreeId}.yaml");
        var rule = RuleLoader.Load(manifest, $"rules/protocol/{FreeId}.yaml", builtIn: true, new Dictionary<string, CodedRule>());
        rule.Descriptor.Id.ShouldBe(FreeId);
        rule.Descriptor.Name.ShouldBe(FreeName);
        rule.Manifest.Check.ShouldNotBeNull("declarative by default");
        rule.Descriptor.Since.ShouldBe(typeof(BuiltInRules).Assembly.GetName().Version!.ToString(3));
        manifest.ShouldContain("TODO", customMessage: "the catalogue test rejects the manifest until it is filled in");

        var bad = Read($"samples/{FreeId}/bad-example/main.cf").Split('\n');
        var marker = Array.IndexOf(bad, $"# expect: {FreeId}@1");
        marker.ShouldBeGreaterThan(0);
        bad[marker + 1].ShouldStartWith("# TODO", customMessage: "the expected line is a comment no rule reports, so the bad sample fails until the real line is there");
        Read($"samples/{FreeId}/good-example/main.cf").ShouldContain("TODO");
        File.Exists(Path.Combine(repo.FullName, "src", "ConfigLint.Rules", $"{FreeId}{FreeClass}.cs")).ShouldBeFalse();
        Read(Registry).ShouldBe(File.ReadAllText(Path.Combine(RepoPaths.Root, Registry)));
    }

    [Fact]
    public void A_coded_rule_also_gets_its_class_named_and_marked_with_the_id()
    {
        var run = NewRule("--coded", FreeId, FreeName, "protocol");

        run.ExitCode.ShouldBe(0, run.Stderr);
        var manifest = Read($"rules/protocol/{FreeId}.yaml");
        manifest.ShouldContain("logic: coded");
        manifest.ShouldNotContain("check:");
        var source = Read($"src/ConfigLint.Rules/{FreeId}{FreeClass}.cs");
        source.ShouldContain($"[Rule(\"{FreeId}\")]");
        source.ShouldContain($"public sealed class {FreeId}{FreeClass} : IRuleLogic");
        source.ShouldContain("TODO");
        var listed = Read(Registry);
        listed.ShouldContain($"            Coded<{FreeId}{FreeClass}>(),\n            // new-rule.sh: coded rules go above this line.");
        listed.Replace($"            Coded<{FreeId}{FreeClass}>(),\n", string.Empty, StringComparison.Ordinal).ShouldBe(File.ReadAllText(Path.Combine(RepoPaths.Root, Registry)));
    }

    [Theory]
    [InlineData(new[] { "PF101", "some-new-name", "relay" }, "PF101 exists already")]
    [InlineData(new[] { "FREE", "open-relay-risk", "relay" }, "the name 'open-relay-risk' is taken")]
    [InlineData(new[] { "PF12", "short-id", "relay" }, "must be PF followed by three digits")]
    [InlineData(new[] { "FREE", "Not_Kebab", "relay" }, "must be a kebab-case slug")]
    [InlineData(new[] { "FREE", "only-two" }, "Scaffold a new built-in rule")]
    public void Bad_arguments_are_refused_with_a_reason_and_create_nothing(string[] args, string reason)
    {
        var run = NewRule([.. args.Select(a => a == "FREE" ? FreeId : a)]);

        run.ExitCode.ShouldBe(2);
        (run.Stdout + run.Stderr).ShouldContain(reason);
        Directory.GetDirectories(Path.Combine(repo.FullName, "samples")).ShouldBeEmpty();
    }
}
