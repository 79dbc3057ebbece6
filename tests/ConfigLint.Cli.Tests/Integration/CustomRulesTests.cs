using System.Text.Json;
using System.Text.RegularExpressions;
using ConfigLint.TestSupport;

namespace ConfigLint.Cli.Tests.Integration;

/// <summary>Custom declarative rules: <c>rules_dirs:</c> and <c>--rules DIR</c>, the samples/custom-rules example, and clear errors.</summary>
public sealed partial class CustomRulesTests : IDisposable
{
    private static readonly string Example = Path.Combine(RepoPaths.Samples, "custom-rules");

    private readonly TempTree tree = new();

    public void Dispose() => tree.Dispose();

    [GeneratedRegex(@"^\s*#\s*expect:\s*(.+?)\s*$")]
    private static partial Regex ExpectLine();

    public static TheoryData<string> Cases() =>
        new(Directory.GetDirectories(Example).Where(d => Path.GetFileName(d) != "rules")
            .SelectMany(Directory.GetDirectories)
            .Select(d => Path.GetRelativePath(Example, d).Replace('\\', '/'))
            .Order(StringComparer.Ordinal));

    /// <summary>(rule, line) pairs from <c># expect: ID</c> comments directly above the reported line.</summary>
    private static HashSet<(string Rule, string File, int Line)> Expected(string caseDir)
    {
        var expected = new HashSet<(string, string, int)>();
        foreach (var file in Directory.GetFiles(Path.Combine(Example, caseDir)))
        {
            var lines = File.ReadAllLines(file);
            var pending = new List<string>();
            for (var i = 0; i < lines.Length; i++)
            {
                if (ExpectLine().Match(lines[i]) is { Success: true } m)
                {
                    pending.AddRange(m.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
                    continue;
                }

                expected.UnionWith(pending.Select(id => (id, $"{caseDir}/{Path.GetFileName(file)}", i + 1)));
                pending.Clear();
            }
        }

        return expected;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_example_reports_exactly_its_expectations(string caseDir)
    {
        // Run from samples/custom-rules: the .configlint.yml there loads rules/ through rules_dirs.
        var r = Cli.Run(Example, "check", caseDir, "--format", "json");
        r.ExitCode.ShouldBeOneOf([0, 1], r.ToString());
        using var doc = JsonDocument.Parse(r.Stdout);
        var actual = doc.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => (f.GetProperty("ruleId").GetString()!, f.GetProperty("file").GetString()!, f.GetProperty("line").GetInt32()))
            .ToHashSet();
        var expected = Expected(caseDir);
        if (Path.GetFileName(caseDir).StartsWith("bad", StringComparison.Ordinal))
        {
            expected.ShouldNotBeEmpty($"{caseDir} has no '# expect:' line");
            expected.ShouldAllBe(e => e.Rule == caseDir.Split('/')[0]);
        }
        else
        {
            expected.ShouldBeEmpty($"{caseDir} is a good case and must not carry expectations");
        }

        actual.ShouldBe(expected, ignoreOrder: true, $"{caseDir}: {r.Stdout}");
    }

    [Fact]
    public void The_rules_flag_loads_the_same_rules_without_a_config_file()
    {
        tree.CopyFromRepo("samples/custom-rules/ACME002/bad-vrfy-enabled", "etc");
        Cli.Run(tree.Root, "check", "etc").Stdout.ShouldNotContain("ACME002");

        var r = Cli.Run(tree.Root, "check", "etc", "--rules", Path.Combine(Example, "rules"));
        r.ExitCode.ShouldBe(1, r.ToString());
        r.Stdout.ShouldContain("etc/main.cf:4:24: error ACME002 [vrfy-command-enabled]");
    }

    [Fact]
    public void Custom_rules_appear_in_rules_list_explain_and_sarif()
    {
        var rules = Path.Combine(Example, "rules");
        Cli.Run(tree.Root, "rules", "list", "--rules", rules).Stdout.Split('\n').ShouldContain(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^ACME001 +warning +acme ") && l.Contains("smtpd-banner-names-software", StringComparison.Ordinal));
        Cli.Run(tree.Root, "rules", "explain", "ACME002", "--rules", rules).Stdout.ShouldContain("ACME002 [vrfy-command-enabled]");

        tree.CopyFromRepo("samples/custom-rules/ACME002/bad-vrfy-enabled", "etc");
        var sarif = Cli.Run(tree.Root, "check", "etc", "--rules", rules, "--format", "sarif");
        using var doc = JsonDocument.Parse(sarif.Stdout);
        var ids = doc.RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        ids.ShouldContain("ACME001");
        ids.ShouldContain("PF101");
    }

    [Fact]
    public void Custom_rules_can_be_relevelled_by_id_and_category()
    {
        tree.CopyFromRepo("samples/custom-rules", "repo");
        File.WriteAllText(tree["repo/.configlint.yml"], "rules_dirs: [rules]\nrules:\n  acme: note\n  ACME002: off\n");
        var r = Cli.Run(tree["repo"], "check", "ACME001/bad-software-in-banner", "ACME002/bad-vrfy-enabled");
        r.ExitCode.ShouldBe(0, r.ToString());
        r.Stdout.ShouldContain("note ACME001");
        r.Stdout.ShouldNotContain(" ACME002 [", Case.Sensitive, "ACME002 is off: no finding of it");
    }

    [Theory]
    [InlineData("logic: coded\n", "ACME009.yaml:7: custom rules cannot use 'logic: coded'; write a declarative 'check:' block")]
    [InlineData("check:\n  parameter: smtpd_banner\n  matches: x\n", "ACME009.yaml:1: id 'PF999' must be your own prefix")]
    [InlineData("check:\n  parameter: smtpd_banner\n  matches: x\nsevirity: error\n", "ACME009.yaml:10: unknown key 'sevirity'")]
    [InlineData("check:\n  parameter: smtpd_banner\n  equals: a\n  matches: b\n", "ACME009.yaml:7: check: needs exactly one condition")]
    public void A_bad_manifest_is_exit_2_naming_file_and_line(string tail, string message)
    {
        var id = message.Contains("'PF999'", StringComparison.Ordinal) ? "PF999" : "ACME009";
        tree.Write("rules/ACME009.yaml", $"id: {id}\nname: house-rule\ntitle: A house rule\ncategory: acme\nseverity: warning\nmessage: \"{{parameter}}\"\n" + tail + "summary: s\nrationale: r\nremediation: x\n");
        tree.Write("etc/main.cf", "compatibility_level = 3.11\n");

        var viaFlag = Cli.Run(tree.Root, "check", "etc", "--rules", "rules");
        viaFlag.ExitCode.ShouldBe(2, viaFlag.ToString());
        viaFlag.Stderr.ShouldContain("configlint: error: rules/" + message);

        tree.Write(".configlint.yml", "rules_dirs: [rules]\n");
        var viaConfig = Cli.Run(tree.Root, "check", "etc", "--fail-level", "none");
        viaConfig.ExitCode.ShouldBe(2);
        viaConfig.Stderr.ShouldContain("rules/" + message);
    }

    [Fact]
    public void A_settings_file_whose_rules_cannot_be_loaded_is_said_once_for_all_its_configurations()
    {
        // Discovery asks for each directory's settings, and the run reuses the answer; a file found
        // unusable at the first configuration stays unusable for the others.
        tree.Write("rules/ACME011.yaml", "id: ACME011\nname: house-rule\ntitle: t\ncategory: acme\nseverity: warning\nmessage: m\nlogic: coded\nsummary: s\nrationale: r\nremediation: x\n");
        tree.Write(".configlint.yml", "rules_dirs: [rules]\n");
        foreach (var host in new[] { "a", "b", "c" })
        {
            tree.Write($"fleet/{host}/main.cf", "compatibility_level = 3.11\n");
        }

        var r = Cli.Run(tree.Root, "check", "fleet", "--format", "json");

        r.ExitCode.ShouldBe(2, r.ToString());
        Regex.Count(r.Stdout, "custom rules cannot use 'logic: coded'").ShouldBe(1, r.ToString());
    }

    [Fact]
    public void A_custom_rule_may_not_reuse_a_built_in_name()
    {
        tree.Write("rules/ACME010.yaml", "id: ACME010\nname: open-relay-risk\ntitle: t\ncategory: acme\nseverity: warning\nmessage: m\nsummary: s\nrationale: r\nremediation: x\ncheck:\n  parameter: a\n  is_set: true\n");
        tree.Write("etc/main.cf", "compatibility_level = 3.11\n");
        var r = Cli.Run(tree.Root, "check", "etc", "--rules", "rules");
        r.ExitCode.ShouldBe(2);
        r.Stderr.ShouldContain("duplicate rule name 'open-relay-risk'");
    }

    [Fact]
    public void A_missing_rules_directory_is_a_usage_error()
    {
        tree.Write("etc/main.cf", "compatibility_level = 3.11\n");
        var r = Cli.Run(tree.Root, "check", "etc", "--rules", "nope");
        r.ExitCode.ShouldBe(2);
        r.Stderr.ShouldContain("--rules nope: not a directory");
    }
}
