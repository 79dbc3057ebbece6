using System.Net;
using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Configuration;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Tests.Configuration;

public sealed class SettingsLoaderTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("configlint-settings-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private ConfigLintSettings Parse(string yaml) => SettingsLoader.Parse(yaml, Path.Combine(dir, ".configlint.yml"), ".configlint.yml");

    [Fact]
    public void Every_key_is_read()
    {
        Directory.CreateDirectory(Path.Combine(dir, "house-rules"));
        var s = Parse("""
            profiles: [mx, cis]
            rules:
              PF101: off
              open-relay-risk: error
              tls: warning
              PF203: note
            exclude:
              - legacy/**
              - "*.orig"
            fail_level: error
            postfix_version: "3.7"
            default_compatibility_level: 3.6
            network:
              behind_nat: true
              public_addresses: [203.0.113.25, "2001:db8::25"]
            rules_dirs: [house-rules]
            """);

        s.Profiles.ShouldBe(["mx", "cis"]);
        s.Rules.Select(r => (r.Selector, r.Level, r.Line)).ShouldBe([("PF101", Severity.None, 3), ("open-relay-risk", Severity.Error, 4), ("tls", Severity.Warning, 5), ("PF203", Severity.Note, 6)]);
        s.Exclude.Select(g => g.Pattern).ShouldBe(["legacy/**", "*.orig"]);
        s.FailLevel.ShouldBe(Severity.Error);
        s.PostfixVersion.ShouldBe("3.7");
        s.Release.ShouldBeSameAs(PostfixReleases.Get("3.7"));
        s.DefaultCompatibilityLevel.ShouldBe("3.6");
        s.Network.BehindNat.ShouldBe(true);
        s.Network.PublicAddresses.ShouldBe([IPAddress.Parse("203.0.113.25"), IPAddress.Parse("2001:db8::25")]);
        s.RulesDirs.ShouldBe([Path.Combine(dir, "house-rules")]);
        s.ToHostFacts().Values.ShouldBe(new Dictionary<string, string> { ["compatibility_level"] = "3.6" }, ignoreOrder: true);
    }

    [Fact]
    public void The_inline_rules_form_from_the_issue_works()
    {
        var s = Parse("rules: { PF101: off, tls: warning }\n");
        s.Rules.Select(r => (r.Selector, r.Level)).ShouldBe([("PF101", Severity.None), ("tls", Severity.Warning)]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("---\n")]
    public void An_empty_file_means_defaults(string yaml)
    {
        var s = Parse(yaml);
        s.Rules.ShouldBeEmpty();
        s.Profiles.ShouldBeEmpty();
        s.Path.ShouldNotBeNull();
    }

    [Theory]
    [InlineData("rules:\n  PF101: off\nrulez: {}\n", 3, "unknown key 'rulez'")]
    [InlineData("rules:\n  PF101: of\n", 2, "rules: PF101: 'of' is not a level; use off, error, warning or note")]
    [InlineData("rules:\n  PF101: [error]\n", 2, "must be a single value")]
    [InlineData("rules: [PF101]\n", 1, "rules must be a mapping")]
    [InlineData("profiles: [mx, edge]\n", 1, "unknown profile 'edge'")]
    [InlineData("profiles: mx\n", 1, "profiles must be a list")]
    [InlineData("\n\nfail_level: fatal\n", 3, "fail_level: 'fatal' is not a level")]
    [InlineData("postfix_version: three\n", 1, "postfix_version: 'three' is not a Postfix release ConfigLint knows; use 3.4, 3.5, 3.6, 3.7, 3.8, 3.9, 3.10, 3.11")]
    [InlineData("fail_level: error\npostfix_version: \"3.12\"\n", 2, "postfix_version: '3.12' is not a Postfix release ConfigLint knows (did you mean '3.11'?)")]
    [InlineData("postfix_version: 3.3.1\n", 1, "postfix_version: '3.3.1' is not a Postfix release ConfigLint knows (did you mean '3.4'?)")]
    [InlineData("postfix_version: v3.8\n", 1, "(did you mean '3.8'?)")]
    [InlineData("default_compatibility_level: latest\n", 1, "default_compatibility_level: 'latest' is not a compatibility level")]
    [InlineData("network:\n  behind_nat: maybe\n", 2, "network: behind_nat: 'maybe' must be true or false")]
    [InlineData("network:\n  nat: true\n", 2, "network: unknown key 'nat'")]
    [InlineData("network:\n  public_addresses:\n    - 203.0.113.300\n", 3, "'203.0.113.300' is not an IPv4 or IPv6 address")]
    [InlineData("exclude:\n  - \"\"\n", 2, "exclude: a value is missing")]
    [InlineData("exclude:\n  - \"legacy/[ab\"\n", 2, "has '[' without ']'")]
    [InlineData("rules_dirs: [does-not-exist]\n", 1, "rules_dirs: 'does-not-exist' is not a directory")]
    [InlineData("rules:\n  PF101: off\n  PF101: error\n", 3, "not valid YAML")]
    [InlineData("rules: [\n", 2, "not valid YAML")]
    [InlineData("- a\n- b\n", 1, "the top level must be a mapping")]
    public void Bad_files_are_errors_with_file_and_line(string yaml, int line, string message)
    {
        var e = Should.Throw<ConfigurationException>(() => Parse(yaml));
        e.File.ShouldBe(".configlint.yml");
        e.Line.ShouldBe(line);
        e.Message.ShouldStartWith($".configlint.yml:{line}: ");
        e.Message.ShouldContain(message);
    }

    [Fact]
    public void The_nearest_file_upwards_is_found()
    {
        var deep = Directory.CreateDirectory(Path.Combine(dir, "a", "b", "c")).FullName;
        SettingsLoader.Find(deep).ShouldBeNull();

        File.WriteAllText(Path.Combine(dir, ".configlint.yml"), "rules: {}\n");
        SettingsLoader.Find(deep).ShouldBe(Path.Combine(dir, ".configlint.yml"));

        File.WriteAllText(Path.Combine(dir, "a", ".configlint.yaml"), "rules: {}\n");
        SettingsLoader.Find(deep).ShouldBe(Path.Combine(dir, "a", ".configlint.yaml"));
        SettingsLoader.Find(dir).ShouldBe(Path.Combine(dir, ".configlint.yml"));
    }

    [Fact]
    public void Remembering_what_each_directory_holds_finds_the_same_files()
    {
        var deep = Directory.CreateDirectory(Path.Combine(dir, "a", "b", "c")).FullName;
        var sibling = Directory.CreateDirectory(Path.Combine(dir, "a", "b", "d")).FullName;
        var other = Directory.CreateDirectory(Path.Combine(dir, "e")).FullName;
        File.WriteAllText(Path.Combine(dir, ".configlint.yml"), "rules: {}\n");
        File.WriteAllText(Path.Combine(dir, "a", ".configlint.yaml"), "rules: {}\n");
        File.WriteAllText(Path.Combine(sibling, ".configlint.yml"), "rules: {}\n");
        var known = new Dictionary<string, string?>(StringComparer.Ordinal);

        foreach (var start in new[] { deep, sibling, Path.Combine(dir, "a", "b"), other, deep + "/", dir })
        {
            SettingsLoader.Find(start, known).ShouldBe(SettingsLoader.Find(start), start);
        }

        // The parents were looked in once and remembered.
        known[Path.Combine(dir, "a", "b")].ShouldBe(Path.Combine(dir, "a", ".configlint.yaml"));
        known[Path.Combine(dir, "a")].ShouldBe(Path.Combine(dir, "a", ".configlint.yaml"));
        known[dir].ShouldBe(Path.Combine(dir, ".configlint.yml"));
    }

    [Fact]
    public void Excludes_are_relative_to_the_file()
    {
        var s = Parse("exclude: [legacy, \"staging/*.cf\", /top.cf]\n");
        s.IsExcluded(Path.Combine(dir, "legacy", "main.cf")).ShouldBeTrue();
        s.IsExcluded(Path.Combine(dir, "x", "legacy", "y", "master.cf")).ShouldBeTrue();
        s.IsExcluded(Path.Combine(dir, "staging", "main.cf")).ShouldBeTrue();
        s.IsExcluded(Path.Combine(dir, "staging", "sub", "main.cf")).ShouldBeFalse();
        s.IsExcluded(Path.Combine(dir, "top.cf")).ShouldBeTrue();
        s.IsExcluded(Path.Combine(dir, "sub", "top.cf")).ShouldBeFalse();
        s.IsExcluded(Path.Combine(dir, "prod", "main.cf")).ShouldBeFalse();
    }
}
