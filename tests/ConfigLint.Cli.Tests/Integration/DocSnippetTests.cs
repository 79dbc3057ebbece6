using System.Xml.Linq;
using ConfigLint.Core.Configuration;
using ConfigLint.Core.Rules;
using ConfigLint.TestSupport;
using YamlDotNet.RepresentationModel;

namespace ConfigLint.Cli.Tests.Integration;

/// <summary>
/// Every snippet of README.md is run or checked here (install-local by PackagingTests,
/// pre-commit-config and pre-commit-install by PreCommitTests, install-native by NativeBuildTests),
/// so the docs cannot drift.
/// </summary>
public sealed class DocSnippetTests : IDisposable
{
    private readonly TempTree tree = new();

    public void Dispose() => tree.Dispose();

    [Fact]
    public void Every_snippet_has_a_test()
    {
        string[] tested =
        [
            "usage", "install-published", "install-local", "ci-command", "action-usage", "pre-commit-config", "pre-commit-install",
            "pre-commit-system", "code-scanning", "configlint-yml", "suppression", "suppression-file", "baseline",
            "custom-rule", "custom-rules-command", "what-it-finds", "fix-diff", "pre-commit-fix", "install-native",
        ];
        DocSnippets.All().Keys.ShouldBe(tested, ignoreOrder: true);
    }

    [Fact]
    public void The_usage_block_is_what_configlint_help_prints()
    {
        var help = Cli.Run(tree.Root, "--help");

        help.ExitCode.ShouldBe(0, help.ToString());
        DocSnippets.Get("usage").ShouldBe(help.Stdout.Replace("\r", string.Empty, StringComparison.Ordinal),
            "README.md's usage block differs from `configlint --help`; paste the output of: dotnet run --project src/ConfigLint.Cli -- --help");
    }

    [Fact]
    public void The_example_output_is_what_configlint_prints_for_the_office_mx_scenario()
    {
        var run = Cli.Run(RepoPaths.Root, "check", "samples/scenarios/office-mx", "--no-color");

        run.ExitCode.ShouldBe(1, run.ToString());
        var withoutHeader = string.Join('\n', run.Stdout.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n').SkipWhile(l => l.Length > 0).Skip(1));
        DocSnippets.Get("what-it-finds").ShouldBe(withoutHeader,
            "README.md's example differs from the real output; paste the output (without its first line and blank line) of: dotnet run --project src/ConfigLint.Cli -- check samples/scenarios/office-mx --no-color");
    }

    [Fact]
    public void The_fix_diff_command_prints_the_bracket_fix_and_exits_1()
    {
        var run = Cli.Run(RepoPaths.Root, Cli.ArgsOf(DocSnippets.Commands("fix-diff").ShouldHaveSingleItem()));

        run.ExitCode.ShouldBe(1, run.ToString());
        run.Stdout.ShouldContain("+    [2001:db8:10::]/48\n");
    }

    /// <summary>The README's table of fixes names every rule whose manifest declares one, with its safety, and no other.</summary>
    [Fact]
    public void The_fix_table_is_the_manifests()
    {
        var readme = File.ReadAllText(DocSnippets.Source);
        var table = readme[readme.IndexOf("<!-- fix-table: begin -->", StringComparison.Ordinal)..readme.IndexOf("<!-- fix-table: end -->", StringComparison.Ordinal)];
        var rows = table.Split('\n').Where(l => l.StartsWith("| PF", StringComparison.Ordinal))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries)).Select(c => (Rule: c[1], Safety: c[3])).ToList();
        var expected = ConfigLint.Rules.BuiltInRules.Rules.Select(r => r.Descriptor).Where(d => d.FixSafety is not null)
            .Select(d => (Rule: $"{d.Id} `{d.Name}`", Safety: d.FixSafety == ConfigLint.Core.Rules.FixSafety.Safe ? "safe" : "unsafe"));
        rows.ShouldBe(expected.OrderBy(r => r.Rule, StringComparer.Ordinal), ignoreOrder: false);
    }

    /// <summary>
    /// Every release artefact a snippet relies on (the NuGet package, the tag pre-commit pins, the
    /// tag of the action) has its status stated in "What is released", so a reader learns there
    /// whether the snippet works today.
    /// </summary>
    [Fact]
    public void The_release_status_names_every_release_artefact_the_snippets_use()
    {
        var readme = File.ReadAllText(DocSnippets.Source);
        var start = readme.IndexOf("\n## What is released\n", StringComparison.Ordinal);
        start.ShouldBeGreaterThan(0, "README.md has a section '## What is released'");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var status = readme[start..end];

        var package = DocSnippets.Commands("install-published").ShouldHaveSingleItem().Split(' ')[^1];
        status.ShouldContain($"`{package}` package on NuGet.org");
        var preCommitRev = ((YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)DocSnippets.Yaml(DocSnippets.Get("pre-commit-config")))[new YamlScalarNode("repos")]).Children[0])[new YamlScalarNode("rev")].ToString();
        status.ShouldContain($"`{preCommitRev}` tag");
        var action = ((YamlSequenceNode)DocSnippets.Yaml(DocSnippets.Get("action-usage"))).Children.Cast<YamlMappingNode>()
            .Select(step => step[new YamlScalarNode("uses")].ToString()).Single(uses => uses.StartsWith("configlint/configlint@", StringComparison.Ordinal));
        status.ShouldContain($"`@{action.Split('@')[1]}` tag");
        status.ShouldContain("works", customMessage: "the status says which route works today");
    }

    [Fact]
    public void Install_published_names_the_package_and_command_the_project_builds()
    {
        var project = XDocument.Load(Path.Combine(RepoPaths.Root, "src", "ConfigLint.Cli", "ConfigLint.Cli.csproj"));
        string Property(string name) => project.Descendants(name).Single().Value;
        Property("PackAsTool").ShouldBe("true");
        Property("ToolCommandName").ShouldBe("configlint");
        DocSnippets.Commands("install-published").ShouldBe([$"dotnet tool install --global {Property("PackageId")}"]);
    }

    [Fact]
    public void The_ci_command_annotates_and_fails_on_a_bad_configuration()
    {
        tree.Write("etc/postfix/main.cf", Configs.OpenRelayMainCf);
        tree.Write("etc/postfix/master.cf", Configs.SmtpMasterCf);
        var args = Cli.ArgsOf(DocSnippets.Commands("ci-command").ShouldHaveSingleItem());

        var bad = Cli.Run(tree.Root, args);
        bad.ExitCode.ShouldBe(1, bad.ToString());
        bad.Stdout.ShouldContain("::error file=etc/postfix/main.cf,line=3");

        tree.Write("etc/postfix/main.cf", "compatibility_level = 3.11\ninet_interfaces = all\nmynetworks = 127.0.0.0/8\n" + Configs.TlsMainCf);
        Cli.Run(tree.Root, args).ExitCode.ShouldBe(0);
    }

    [Fact]
    public void The_action_usage_passes_only_inputs_the_action_declares()
    {
        var steps = ((YamlSequenceNode)DocSnippets.Yaml(DocSnippets.Get("action-usage"))).Children.Cast<YamlMappingNode>().ToList();
        var step = steps.Single(s => ((YamlScalarNode)s[new YamlScalarNode("uses")]).Value!.EndsWith("/configlint@v1", StringComparison.Ordinal));
        var with = (YamlMappingNode)step[new YamlScalarNode("with")];
        var action = (YamlMappingNode)DocSnippets.Yaml(File.ReadAllText(Path.Combine(RepoPaths.Root, "action.yml")));
        var inputs = ((YamlMappingNode)action[new YamlScalarNode("inputs")]).Children.Keys.Cast<YamlScalarNode>().Select(k => k.Value).ToList();
        foreach (var key in with.Children.Keys.Cast<YamlScalarNode>())
        {
            inputs.ShouldContain(key.Value);
        }

        steps[0][new YamlScalarNode("uses")].ToString().ShouldStartWith("actions/checkout@", customMessage: "the action checks the checked-out files");
    }

    [Fact]
    public void The_pre_commit_snippets_use_hooks_the_repository_defines()
    {
        var hooks = ((YamlSequenceNode)DocSnippets.Yaml(File.ReadAllText(Path.Combine(RepoPaths.Root, ".pre-commit-hooks.yaml"))))
            .Children.Cast<YamlMappingNode>().Select(h => h[new YamlScalarNode("id")].ToString()).ToList();
        foreach (var name in new[] { "pre-commit-config", "pre-commit-system", "pre-commit-fix" })
        {
            var repos = (YamlSequenceNode)((YamlMappingNode)DocSnippets.Yaml(DocSnippets.Get(name)))[new YamlScalarNode("repos")];
            var repo = (YamlMappingNode)repos.Children.ShouldHaveSingleItem();
            repo[new YamlScalarNode("rev")].ToString().ShouldBe("v" + CliApp.Version);
            foreach (var hook in ((YamlSequenceNode)repo[new YamlScalarNode("hooks")]).Children.Cast<YamlMappingNode>())
            {
                hooks.ShouldContain(hook[new YamlScalarNode("id")].ToString());
            }
        }

        DocSnippets.Commands("pre-commit-install")[0].ShouldBe("pre-commit install");
    }

    [Fact]
    public void The_code_scanning_snippet_is_the_workflow_file()
    {
        DocSnippets.Get("code-scanning").ShouldBe(File.ReadAllText(Path.Combine(RepoPaths.Root, ".github", "workflows", "code-scanning.yml")));
    }

    [Fact]
    public void The_configuration_example_loads()
    {
        Directory.CreateDirectory(tree["ci/configlint-rules"]);
        var path = tree.Write(".configlint.yml", DocSnippets.Get("configlint-yml"));
        var settings = SettingsLoader.Load(path, ".configlint.yml");
        settings.Profiles.ShouldBe(["mx"]);
        settings.Network.BehindNat.ShouldBe(true);

        // Its rules: keys name real rules and categories.
        RuleLevels.Resolve(ConfigLint.Rules.BuiltInRules.Rules.Select(r => r.Descriptor).ToList(), settings).SeverityOf(
            ConfigLint.Rules.BuiltInRules.Rules.Single(r => r.Descriptor.Id == "PF203").Descriptor).ShouldBe(Core.Text.Severity.None);
    }

    [Fact]
    public void The_profile_table_lists_every_profile()
    {
        var doc = File.ReadAllText(DocSnippets.Source);
        foreach (var profile in Profiles.All)
        {
            doc.ShouldContain($"| `{profile.Name}` |");
        }
    }

    [Fact]
    public void The_suppression_examples_suppress()
    {
        tree.Write("etc/postfix/master.cf", Configs.SmtpMasterCf);
        tree.Write("etc/postfix/main.cf", "compatibility_level = 3.11\ninet_interfaces = all\nmynetworks = 127.0.0.0/8 10.20.0.0/16\n" + Configs.TlsMainCf);
        Cli.Run(tree.Root, "check", "etc/postfix").Stdout.ShouldContain("warning PF101");

        tree.Write("etc/postfix/main.cf", "compatibility_level = 3.11\ninet_interfaces = all\n" + DocSnippets.Get("suppression") + Configs.TlsMainCf);
        var r = Cli.Run(tree.Root, "check", "etc/postfix", "--fail-level", "note");
        r.ExitCode.ShouldBe(0, r.ToString());
        r.Stdout.ShouldContain("no findings, 1 suppressed");

        tree.Write("etc/postfix/main.cf", DocSnippets.Get("suppression-file") + "compatibility_level = 3.11\nsmtpd_client_event_limit_exceptions = 2001:db8::1\n" + Configs.TlsMainCf);
        var file = Cli.Run(tree.Root, "check", "etc/postfix", "--fail-level", "note");
        file.ExitCode.ShouldBe(0, file.ToString());
        file.Stdout.ShouldContain("no findings, 1 suppressed");
    }

    [Fact]
    public void The_baseline_commands_accept_todays_findings_and_catch_new_ones()
    {
        tree.Write("etc/postfix/main.cf", Configs.OpenRelayMainCf);
        tree.Write("etc/postfix/master.cf", Configs.SmtpMasterCf);
        var (write, check) = (DocSnippets.Commands("baseline")[0], DocSnippets.Commands("baseline")[1]);
        Cli.Run(tree.Root, Cli.ArgsOf(write)).ExitCode.ShouldBe(0);
        File.Exists(tree[".configlint-baseline.json"]).ShouldBeTrue();
        Cli.Run(tree.Root, Cli.ArgsOf(check)).ExitCode.ShouldBe(0);

        tree.Write("etc/postfix/main.cf", "# new header\n" + Configs.OpenRelayMainCf + "smtpd_client_event_limit_exceptions = 2001:db8::1\n");
        var r = Cli.Run(tree.Root, Cli.ArgsOf(check));
        r.ExitCode.ShouldBe(1, r.ToString());
        r.Stdout.ShouldContain("PF201");
        r.Stdout.ShouldNotContain("error PF101");
    }

    [Fact]
    public void The_custom_rule_example_is_the_sample_and_loads_with_the_rules_flag()
    {
        var manifest = DocSnippets.Get("custom-rule");
        manifest.ShouldBe(File.ReadAllText(Path.Combine(RepoPaths.Samples, "custom-rules", "rules", "ACME002.yaml")));
        RuleLoader.Load(manifest, "ACME002.yaml", builtIn: false, new Dictionary<string, CodedRule>()).Descriptor.Id.ShouldBe("ACME002");

        tree.Write("ci/configlint-rules/ACME002.yaml", manifest);
        tree.Write("etc/postfix/main.cf", "compatibility_level = 3.11\n");
        var r = Cli.Run(tree.Root, Cli.ArgsOf(DocSnippets.Commands("custom-rules-command").ShouldHaveSingleItem()));
        r.ExitCode.ShouldBe(1, r.ToString());
        r.Stdout.ShouldContain("error ACME002 [vrfy-command-enabled] disable_vrfy_command is 'no'");
    }
}
