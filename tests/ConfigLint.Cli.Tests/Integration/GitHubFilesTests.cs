using ConfigLint.Core.Configuration;
using System.Text.RegularExpressions;
using ConfigLint.TestSupport;
using YamlDotNet.RepresentationModel;

namespace ConfigLint.Cli.Tests.Integration;

/// <summary>
/// The wiring GitHub and pre-commit require of action.yml, the workflows and .pre-commit-hooks.yaml,
/// checked offline: keys, step shapes, and that what one step produces is what the next consumes.
/// </summary>
public sealed partial class GitHubFilesTests
{
    private static YamlMappingNode Load(string relative)
    {
        var path = Path.Combine(RepoPaths.Root, relative);
        File.Exists(path).ShouldBeTrue($"{relative} is missing");
        return (YamlMappingNode)DocSnippets.Yaml(File.ReadAllText(path));
    }

    private static YamlNode? Child(YamlNode node, string key) =>
        node is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    private static string? Text(YamlNode node, string key) => (Child(node, key) as YamlScalarNode)?.Value;

    private static YamlMappingNode Map(YamlNode node, string key) =>
        Child(node, key) as YamlMappingNode ?? throw new ShouldAssertException($"'{key}' must be a mapping");

    private static List<YamlMappingNode> Steps(YamlNode owner) =>
        (Child(owner, "steps") as YamlSequenceNode ?? throw new ShouldAssertException("no steps")).Children.Cast<YamlMappingNode>().ToList();

    private static IEnumerable<string> Keys(YamlMappingNode m) => m.Children.Keys.Cast<YamlScalarNode>().Select(k => k.Value!);

    [GeneratedRegex(@"\$\{\{\s*(.*?)\s*\}\}")]
    private static partial Regex Expression();

    [GeneratedRegex(@"\binputs\.([A-Za-z0-9_-]+)")]
    private static partial Regex InputReference();

    [GeneratedRegex(@"\bsteps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)")]
    private static partial Regex StepOutputReference();

    /// <summary>Every step is either <c>uses</c> or <c>run</c>, never both, with only keys GitHub knows.</summary>
    private static void CheckStepShapes(IEnumerable<YamlMappingNode> steps, bool composite)
    {
        string[] known = ["id", "name", "uses", "run", "shell", "with", "env", "if", "working-directory", "continue-on-error", "timeout-minutes"];
        foreach (var step in steps)
        {
            var keys = Keys(step).ToList();
            keys.Except(known).ShouldBeEmpty($"unknown step keys in {string.Join(",", keys)}");
            (keys.Contains("uses") ^ keys.Contains("run")).ShouldBeTrue($"a step needs exactly one of uses/run: {string.Join(",", keys)}");
            if (keys.Contains("run"))
            {
                keys.ShouldNotContain("with", "a run step takes no 'with'");
                if (composite)
                {
                    // GitHub rejects a composite action whose run step has no shell.
                    Text(step, "shell").ShouldNotBeNullOrWhiteSpace($"composite run step '{Text(step, "name")}' needs a shell");
                }
            }

            if (Text(step, "uses") is { } uses)
            {
                uses.ShouldMatch(@"^([\w.-]+/[\w./-]+@[\w.-]+|\./.*|docker://.+)$", $"'{uses}' must be owner/repo@ref");
            }
        }
    }

    [Fact]
    public void The_action_is_a_composite_action_with_wired_inputs_and_outputs()
    {
        var action = Load("action.yml");
        Text(action, "name").ShouldNotBeNullOrWhiteSpace();
        Text(action, "description").ShouldNotBeNullOrWhiteSpace();
        var runs = Map(action, "runs");
        Text(runs, "using").ShouldBe("composite");

        var inputs = Map(action, "inputs");
        Keys(inputs).ShouldBe(["paths", "fail-level", "format", "sarif-file", "category", "config", "baseline", "dotnet-version"], ignoreOrder: true);
        foreach (var (key, value) in inputs.Children)
        {
            Text(value, "description").ShouldNotBeNullOrWhiteSpace($"input {key} needs a description");
            Keys((YamlMappingNode)value).Except(["description", "required", "default", "deprecationMessage"]).ShouldBeEmpty();
        }

        var steps = Steps(runs);
        CheckStepShapes(steps, composite: true);

        // Every ${{ inputs.X }} names a declared input, and every declared input is used.
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "action.yml"));
        var referenced = Expression().Matches(text).SelectMany(m => InputReference().Matches(m.Groups[1].Value)).Select(m => m.Groups[1].Value).ToHashSet();
        referenced.ShouldBe(Keys(inputs).ToHashSet(), ignoreOrder: true);

        // Outputs read from steps that exist and write them.
        var ids = steps.Select(s => Text(s, "id")).OfType<string>().ToHashSet();
        foreach (var (key, value) in Map(action, "outputs").Children)
        {
            var m = StepOutputReference().Match(Text(value, "value") ?? string.Empty);
            m.Success.ShouldBeTrue($"output {key} must come from a step");
            ids.ShouldContain(m.Groups[1].Value);
            var producer = steps.Single(s => Text(s, "id") == m.Groups[1].Value);
            Text(producer, "run").ShouldNotBeNull().ShouldContain($"{m.Groups[2].Value}=", customMessage: "the step must write the output to $GITHUB_OUTPUT");
        }

        // Inputs reach run scripts only through env (no ${{ }} inside a script: no injection).
        foreach (var step in steps.Where(s => Text(s, "run") is not null))
        {
            Expression().IsMatch(Text(step, "run")!).ShouldBeFalse($"step '{Text(step, "name")}' pastes an expression into its script");
        }

        // The install step builds the tool that the run step calls.
        var setup = steps.Single(s => Text(s, "uses")?.StartsWith("actions/setup-dotnet@", StringComparison.Ordinal) == true);
        Text(Map(setup, "with"), "dotnet-version").ShouldBe("${{ inputs.dotnet-version }}");
        Text(Map(inputs, "dotnet-version"), "default").ShouldStartWith("10.");
        var install = steps.Single(s => Text(s, "run")?.Contains("dotnet tool install", StringComparison.Ordinal) == true);
        Text(install, "run")!.ShouldContain("src/ConfigLint.Cli");
        var toolPath = Text(Map(install, "env"), "CONFIGLINT_TOOLS") + "/bin/configlint";
        Text(Map(steps.Single(s => Text(s, "id") == "run"), "env"), "CONFIGLINT").ShouldBe(toolPath);
    }

    /// <summary>The major version every workflow and the action use (the current ones; an older major is a failure).</summary>
    private static readonly Dictionary<string, string> CurrentMajors = new(StringComparer.Ordinal)
    {
        ["actions/checkout"] = "v6",
        ["actions/setup-dotnet"] = "v5",
        ["actions/cache"] = "v6",
        ["actions/upload-artifact"] = "v6",
        ["github/codeql-action/upload-sarif"] = "v4",
        ["softprops/action-gh-release"] = "v2",
    };

    public static TheoryData<string> WorkflowFiles() => new([".github/workflows/ci.yml", ".github/workflows/code-scanning.yml", ".github/workflows/release.yml", "action.yml"]);

    [Theory]
    [MemberData(nameof(WorkflowFiles))]
    public void Every_action_used_is_at_its_current_major(string file)
    {
        var root = Load(file);
        var steps = file == "action.yml"
            ? Steps(Map(root, "runs"))
            : Map(root, "jobs").Children.Values.SelectMany(Steps).ToList();
        foreach (var uses in steps.Select(s => Text(s, "uses")).OfType<string>())
        {
            var at = uses.LastIndexOf('@');
            var action = uses[..at];
            CurrentMajors.ShouldContainKey(action, $"{file} uses {uses}: add it to CurrentMajors with its current major");
            uses[(at + 1)..].ShouldBe(CurrentMajors[action], $"{file}: {action} is not at its current major");
        }
    }

    [Theory]
    [MemberData(nameof(WorkflowFiles))]
    public void Every_job_has_a_timeout(string file)
    {
        if (file == "action.yml")
        {
            return;
        }

        foreach (var (name, job) in Map(Load(file), "jobs").Children)
        {
            int.TryParse(Text(job, "timeout-minutes"), out var minutes).ShouldBeTrue($"{file}: job {name} needs timeout-minutes");
            minutes.ShouldBeInRange(1, 90);
        }
    }

    [Fact]
    public void The_ci_workflow_restores_locked_checks_format_builds_once_runs_the_test_script_and_packs()
    {
        var ci = Load(".github/workflows/ci.yml");
        Child(ci, "on").ShouldNotBeNull();
        var jobs = Map(ci, "jobs");
        var job = jobs.Children.Values.Cast<YamlMappingNode>().ShouldHaveSingleItem();
        Text(job, "runs-on").ShouldNotBeNullOrWhiteSpace();
        var steps = Steps(job);
        CheckStepShapes(steps, composite: false);

        var uses = steps.Select(s => Text(s, "uses")).OfType<string>().ToList();
        uses.ShouldContain(u => u.StartsWith("actions/checkout@", StringComparison.Ordinal));
        var setup = steps.Single(s => Text(s, "uses")?.StartsWith("actions/setup-dotnet@", StringComparison.Ordinal) == true);
        Text(Map(setup, "with"), "dotnet-version").ShouldStartWith("10.");

        var runs = steps.Select(s => Text(s, "run")).OfType<string>().ToList();
        var restore = runs.FindIndex(r => r.Contains("dotnet restore ConfigLint.sln --locked-mode", StringComparison.Ordinal));
        var format = runs.FindIndex(r => r.Contains("dotnet format", StringComparison.Ordinal) && r.Contains("--verify-no-changes", StringComparison.Ordinal));
        var test = runs.FindIndex(r => r.Trim() == "bash scripts/test.sh");
        var pack = runs.FindIndex(r => r.Trim() == "bash scripts/pack.sh");
        restore.ShouldBeGreaterThanOrEqualTo(0, "restore with the lock files");
        format.ShouldBeGreaterThan(restore, "check formatting");
        test.ShouldBeGreaterThan(format);
        pack.ShouldBeGreaterThan(test, "the release workflow's pack step runs in CI");
        runs.ShouldNotContain(r => r.Contains("dotnet build", StringComparison.Ordinal), "dotnet test builds; a separate build step builds twice");

        // NuGet is cached by the lock files, npm by package-lock.json, and both caches are where the tools look.
        var caches = steps.Where(s => Text(s, "uses")?.StartsWith("actions/cache@", StringComparison.Ordinal) == true).Select(s => Map(s, "with")).ToList();
        var env = Map(job, "env");
        caches.ShouldContain(c => Text(c, "key")!.Contains("hashFiles('**/packages.lock.json')", StringComparison.Ordinal) && Text(c, "path") == Text(env, "NUGET_PACKAGES"));
        caches.ShouldContain(c => Text(c, "key")!.Contains("hashFiles('package-lock.json')", StringComparison.Ordinal) && Text(c, "path") == Text(env, "npm_config_cache"));
        File.ReadAllText(Path.Combine(RepoPaths.Root, "Directory.Build.props")).ShouldContain("<RestorePackagesWithLockFile>true</RestorePackagesWithLockFile>");
        foreach (var project in RepositoryProjects())
        {
            File.Exists(Path.Combine(Path.GetDirectoryName(project)!, "packages.lock.json")).ShouldBeTrue($"{project} has no packages.lock.json (dotnet restore writes it; commit it)");
        }

        // The test results upload: .test-results is a hidden directory, which upload-artifact skips unless told.
        var artifact = steps.Single(s => Text(s, "uses")?.StartsWith("actions/upload-artifact@", StringComparison.Ordinal) == true);
        Text(artifact, "if").ShouldBe("always()");
        var artifactWith = Map(artifact, "with");
        if (Text(artifactWith, "path")!.StartsWith('.'))
        {
            Text(artifactWith, "include-hidden-files").ShouldBe("true", "upload-artifact skips hidden directories since v4.4");
        }

        // Under CI a missing prerequisite fails the tests instead of skipping them.
        Text(env, "CI").ShouldBe("true");
        File.Exists(Path.Combine(RepoPaths.Root, "scripts", "test.sh")).ShouldBeTrue();
    }

    [Fact]
    public void The_release_workflow_packs_on_a_tag_and_publishes_to_github_and_nuget()
    {
        var wf = Load(".github/workflows/release.yml");
        var push = Map(Map(wf, "on"), "push");
        ((YamlSequenceNode)Child(push, "tags")!).Children.Select(c => c.ToString()).ShouldBe(["v*"]);
        var job = Map(wf, "jobs").Children.Values.Cast<YamlMappingNode>().ShouldHaveSingleItem();
        Text(Map(job, "permissions"), "contents").ShouldBe("write", "a release needs contents: write");
        var steps = Steps(job);
        CheckStepShapes(steps, composite: false);

        var pack = steps.Single(s => Text(s, "run")?.Contains("bash scripts/pack.sh", StringComparison.Ordinal) == true);
        var release = steps.Single(s => Text(s, "uses")?.StartsWith("softprops/action-gh-release@", StringComparison.Ordinal) == true);
        Text(Map(release, "with"), "files").ShouldBe("artifacts/*.nupkg");
        var nuget = steps.Single(s => Text(s, "run")?.Contains("dotnet nuget push artifacts/*.nupkg", StringComparison.Ordinal) == true);
        Text(nuget, "run")!.ShouldContain("--api-key \"$NUGET_API_KEY\"");
        Text(Map(job, "env"), "NUGET_API_KEY").ShouldBe("${{ secrets.NUGET_API_KEY }}");
        Text(nuget, "if").ShouldBe("env.NUGET_API_KEY != ''");
        steps.IndexOf(pack).ShouldBeLessThan(steps.IndexOf(release));
        steps.IndexOf(release).ShouldBeLessThan(steps.IndexOf(nuget));
        Text(pack, "run")!.ShouldContain("-p:Version=\"$VERSION\"");
    }

    [Fact]
    public void The_code_scanning_workflow_uploads_the_sarif_it_writes()
    {
        var wf = Load(".github/workflows/code-scanning.yml");
        var job = Map(wf, "jobs").Children.Values.Cast<YamlMappingNode>().ShouldHaveSingleItem();
        Text(Map(job, "permissions"), "security-events").ShouldBe("write");
        Text(Map(job, "permissions"), "actions").ShouldBe("read", "private repositories need actions: read for upload-sarif");
        var steps = Steps(job);
        CheckStepShapes(steps, composite: false);

        var run = steps.Select(s => Text(s, "run")).OfType<string>().Single(r => r.Contains("configlint check", StringComparison.Ordinal));
        var words = run.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        string After(string option) => words[words.IndexOf(option) + 1];
        After("--format").ShouldBe("sarif");
        After("--fail-level").ShouldBe("none", "the upload must happen even when there are findings");

        var upload = steps.Single(s => Text(s, "uses")?.StartsWith("github/codeql-action/upload-sarif@", StringComparison.Ordinal) == true);
        Text(upload, "uses").ShouldBe("github/codeql-action/upload-sarif@v4");

        // It checks the repository as a user's workflow would (check .), leaving out what is wrong on purpose.
        words.ShouldContain(".");
        var settings = SettingsLoader.Load(Path.Combine(RepoPaths.Root, After("--config")), After("--config"));
        foreach (var onPurpose in new[] { "samples/PF101/bad-world/main.cf", "samples/scenarios/office-mx/main.cf", "tests/data/corpus/MANIFEST.tsv" })
        {
            settings.IsExcluded(Path.Combine(RepoPaths.Root, onPurpose)).ShouldBeTrue($"{onPurpose} would open alerts for a sample that is wrong on purpose");
        }

        settings.IsExcluded(Path.Combine(RepoPaths.Root, "samples/PF101/good-office/main.cf")).ShouldBeFalse();
        Text(upload, "if").ShouldBe("always()");
        var with = Map(upload, "with");
        Text(with, "sarif_file").ShouldBe(After("--output"));
        Text(with, "category").ShouldBe(After("--category"));

        // The tool is on PATH for the run step: the install step adds its tool path to GITHUB_PATH.
        var install = steps.Select(s => Text(s, "run")).OfType<string>().Single(r => r.Contains("dotnet tool install", StringComparison.Ordinal));
        install.ShouldContain("--tool-path \"$RUNNER_TEMP/configlint\"");
        install.ShouldContain("echo \"$RUNNER_TEMP/configlint\" >> \"$GITHUB_PATH\"");
        steps.IndexOf(upload).ShouldBeGreaterThan(steps.FindIndex(s => Text(s, "run") == run));
    }

    [Fact]
    public void The_pre_commit_hooks_match_postfix_files_and_run_configlint()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Path.Combine(RepoPaths.Root, ".pre-commit-hooks.yaml"))));
        var hooks = ((YamlSequenceNode)stream.Documents[0].RootNode).Children.Cast<YamlMappingNode>().ToList();
        hooks.Select(h => Text(h, "id")).ShouldBe(["configlint", "configlint-system", "configlint-fix"]);
        hooks.Select(h => Text(h, "language")).ShouldBe(["dotnet", "system", "dotnet"]);
        foreach (var hook in hooks)
        {
            Text(hook, "name").ShouldNotBeNullOrWhiteSpace();
            Text(hook, "entry").ShouldBe(Text(hook, "id") == "configlint-fix" ? "configlint fix --fail-level none" : "configlint check");
            Text(hook, "require_serial").ShouldBe("true");
            Keys(hook).Except(["id", "name", "description", "entry", "language", "files", "require_serial"]).ShouldBeEmpty();

            // pre-commit matches `files` with Python's re.search on repository-relative paths.
            var files = new Regex(Text(hook, "files")!);
            foreach (var path in new[] { "main.cf", "etc/postfix/main.cf", "master.cf", "postfix/master.cf", "aliases", "etc/aliases" })
            {
                files.IsMatch(path).ShouldBeTrue(path);
            }

            foreach (var path in new[] { "main.cf.orig", "aliases.db", "README.md", "etc/postfix/main.cf.proto", "mymain.cf" })
            {
                files.IsMatch(path).ShouldBeFalse(path);
            }
        }
    }

    [Fact]
    public void Only_the_cli_project_is_packable()
    {
        // pre-commit's dotnet language tool-installs every package `dotnet pack` produces at the root.
        File.ReadAllText(Path.Combine(RepoPaths.Root, "Directory.Build.props")).ShouldContain("<IsPackable>false</IsPackable>");
        foreach (var project in RepositoryProjects())
        {
            var packable = File.ReadAllText(project).Contains("<IsPackable>true</IsPackable>", StringComparison.Ordinal);
            packable.ShouldBe(Path.GetFileName(project) == "ConfigLint.Cli.csproj", project);
        }

        Directory.GetFiles(RepoPaths.Root, "*.sln").Length.ShouldBe(1, "pre-commit runs `dotnet pack` at the root: exactly one solution");
    }

    /// <summary>
    /// The repository's projects, not build output: bin/ and obj/, and artifacts/, which holds the
    /// source copies build-native.sh and bench.sh build from (another test may be writing one now).
    /// </summary>
    private static IEnumerable<string> RepositoryProjects() =>
        Directory.GetFiles(RepoPaths.Root, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains("/bin/", StringComparison.Ordinal) && !p.Contains("/obj/", StringComparison.Ordinal)
                && !Path.GetRelativePath(RepoPaths.Root, p).StartsWith("artifacts/", StringComparison.Ordinal));
}
