using System.Text.Json;
using ConfigLint.TestSupport;
using YamlDotNet.RepresentationModel;

namespace ConfigLint.Cli.Tests.Integration;

/// <summary>
/// Runs the script of action.yml's "Run ConfigLint" step with bash, the way the runner does
/// (inputs in INPUT_* variables, GITHUB_OUTPUT a file), against the configlint built with the tests.
/// </summary>
[SystemTest]
public sealed class ActionScriptTests : IDisposable
{
    private readonly TempTree tree = new();

    public ActionScriptTests()
    {
        tree.Write("etc/postfix/main.cf", Configs.OpenRelayMainCf);
        tree.Write("etc/postfix/master.cf", Configs.SmtpMasterCf);
        tree.Write("etc/clean/main.cf", "compatibility_level = 3.11\n");
    }

    public void Dispose() => tree.Dispose();

    private static string Script()
    {
        var action = (YamlMappingNode)DocSnippets.Yaml(File.ReadAllText(Path.Combine(RepoPaths.Root, "action.yml")));
        var steps = (YamlSequenceNode)((YamlMappingNode)action[new YamlScalarNode("runs")])[new YamlScalarNode("steps")];
        var run = steps.Children.Cast<YamlMappingNode>().Single(s => s.Children.TryGetValue(new YamlScalarNode("id"), out var id) && id.ToString() == "run");
        run[new YamlScalarNode("shell")].ToString().ShouldBe("bash");
        return run[new YamlScalarNode("run")].ToString();
    }

    private (ProcessResult Result, string Outputs) Run(string paths, string failLevel = "warning", string format = "github", string sarif = "", string config = "")
    {
        // The configlint the test project built (its apphost sits next to the test assembly).
        var configlint = Path.Combine(AppContext.BaseDirectory, "configlint");
        File.Exists(configlint).ShouldBeTrue($"{configlint} was not built");
        var outputs = tree["github-output"];
        File.WriteAllText(outputs, string.Empty);
        var r = ProcessRunner.Run(ProcessRunner.FindExecutable("bash")!, ["-e", "-c", Script()], TimeSpan.FromMinutes(2), tree.Root, new Dictionary<string, string?>
        {
            ["CONFIGLINT"] = configlint,
            ["INPUT_PATHS"] = paths,
            ["INPUT_FAIL_LEVEL"] = failLevel,
            ["INPUT_FORMAT"] = format,
            ["INPUT_SARIF_FILE"] = sarif,
            ["INPUT_CATEGORY"] = "configlint",
            ["INPUT_CONFIG"] = config,
            ["INPUT_BASELINE"] = string.Empty,
            ["GITHUB_OUTPUT"] = outputs,
        });
        return (r, File.ReadAllText(outputs));
    }

    [Fact]
    public void Findings_fail_the_step_and_the_sarif_log_is_written_anyway()
    {
        var (r, outputs) = Run("etc/postfix", sarif: "configlint.sarif");
        r.ExitCode.ShouldBe(1, r.Stdout + r.Stderr);
        r.Stdout.ShouldContain("::error file=etc/postfix/main.cf,line=3");
        outputs.ShouldBe("sarif-file=configlint.sarif\n");
        using var log = JsonDocument.Parse(File.ReadAllText(tree["configlint.sarif"]));
        var run = log.RootElement.GetProperty("runs")[0];
        run.GetProperty("results").GetArrayLength().ShouldBe(1);
        run.GetProperty("automationDetails").GetProperty("id").GetString().ShouldStartWith("configlint");
    }

    [Fact]
    public void Fail_level_none_passes_and_no_sarif_means_an_empty_output()
    {
        var (r, outputs) = Run("etc/postfix", failLevel: "none");
        r.ExitCode.ShouldBe(0, r.Stdout + r.Stderr);
        outputs.ShouldBe("sarif-file=\n");
        File.Exists(tree["configlint.sarif"]).ShouldBeFalse();
    }

    [Fact]
    public void Several_paths_on_several_lines_are_all_checked()
    {
        var (r, _) = Run("etc/clean\netc/postfix\n", format: "text");
        r.ExitCode.ShouldBe(1);
        r.Stdout.ShouldContain("etc/postfix/main.cf:3:14: error PF101");
    }

    [Fact]
    public void A_configuration_error_stops_before_the_sarif_output()
    {
        tree.Write("bad.yml", "rulez: {}\n");
        var (r, outputs) = Run("etc/postfix", sarif: "configlint.sarif", config: "bad.yml");
        r.ExitCode.ShouldBe(2);
        r.Stderr.ShouldContain("bad.yml:1: unknown key 'rulez'");
        outputs.ShouldBeEmpty();
    }

    [Fact]
    public void Globs_in_paths_are_expanded_and_one_that_matches_nothing_is_an_error()
    {
        var (r, _) = Run("etc/*", format: "text");
        r.ExitCode.ShouldBe(1, r.Stdout + r.Stderr);
        r.Stdout.ShouldContain("etc/postfix/main.cf:3:14: error PF101");
        r.Stdout.ShouldContain("(2 configurations checked)");

        var (none, _) = Run("nothing/*", format: "text");
        none.ExitCode.ShouldBe(2, none.Stdout + none.Stderr);
        none.Stderr.ShouldContain("nothing/*: no such file or directory");
    }

    [Fact]
    public void The_default_dot_finds_every_configuration_of_the_repository()
    {
        var (r, _) = Run(".", format: "text");
        r.ExitCode.ShouldBe(1, r.Stdout + r.Stderr);
        r.Stdout.ShouldContain("etc/postfix/main.cf:3:14: error PF101");
        r.Stdout.ShouldContain("(2 configurations checked)");
    }
}
