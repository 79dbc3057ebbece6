using System.Text.RegularExpressions;
using ConfigLint.Core.Engine;
using ConfigLint.Core.Model;
using ConfigLint.Core.Rules;
using ConfigLint.Reporting;
using ConfigLint.Rules.Tests.Samples;
using ConfigLint.TestSupport;

namespace ConfigLint.Rules.Tests.Catalog;

/// <summary>Theories over the whole catalogue (StyleCop / PSScriptAnalyzer style): every rule is complete and consistent.</summary>
public sealed partial class RuleCatalogTests
{
    private static readonly string[] FoundingRules = ["PF101", "PF201", "PF202", "PF203"];

    public static TheoryData<string> RuleIds() => new(BuiltInRules.Rules.Select(r => r.Descriptor.Id));

    private static LoadedRule Rule(string id) => BuiltInRules.Rules.Single(r => r.Descriptor.Id == id);

    [Fact]
    public void Every_manifest_in_rules_is_embedded_and_loaded()
    {
        var onDisk = Directory.GetFiles(Path.Combine(RepoPaths.Root, "rules"), "*.yaml", SearchOption.AllDirectories)
            .Select(Path.GetFileNameWithoutExtension)
            .Where(n => n != "retired")
            .Order(StringComparer.Ordinal)
            .ToList();
        BuiltInRules.Rules.Select(r => r.Descriptor.Id).Order(StringComparer.Ordinal).ShouldBe(onDisk);
    }

    [Fact]
    public void The_founding_rules_keep_their_ids_and_names()
    {
        var names = BuiltInRules.Rules.ToDictionary(r => r.Descriptor.Id, r => r.Descriptor.Name);
        names["PF101"].ShouldBe("open-relay-risk");
        names["PF201"].ShouldBe("ipv6-address-without-brackets");
        names["PF202"].ShouldBe("loopback-only-overridden-by-master-address");
        names["PF203"].ShouldBe("backup-mx-without-proxy-interfaces");
    }

    [Fact]
    public void Ids_and_names_are_unique()
    {
        BuiltInRules.Rules.Select(r => r.Descriptor.Id).ShouldBeUnique();
        BuiltInRules.Rules.Select(r => r.Descriptor.Name).ShouldBeUnique();
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Manifest_lives_at_its_category_and_id(string id)
    {
        var r = Rule(id);
        File.Exists(Path.Combine(RepoPaths.Root, "rules", r.Descriptor.Category, id + ".yaml")).ShouldBeTrue($"rules/{r.Descriptor.Category}/{id}.yaml");
    }

    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex Placeholder();

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Manifest_text_is_well_formed(string id)
    {
        var d = Rule(id).Descriptor;
        d.Title.ShouldNotEndWith(".");
        d.Title.Length.ShouldBeLessThan(100);
        foreach (var text in new[] { d.Summary, d.Rationale, d.Remediation })
        {
            text.Trim().ShouldEndWith(".");
            text.ShouldNotContain("TODO");
        }

        d.Exceptions.ShouldNotBeNullOrWhiteSpace("every rule says when its finding is acceptable");
        d.Tags.ShouldNotBeEmpty();
        if (d.Tags.Contains("security"))
        {
            d.SecuritySeverity.ShouldNotBeNull("security rules carry a security-severity for GitHub");
        }

        foreach (var reference in d.References)
        {
            reference.ShouldStartWith("https://");
        }

        Placeholder().Matches(d.Message).Count.ShouldBeGreaterThan(0, "the message names what it found");
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Every_rule_has_bad_and_good_samples(string id)
    {
        var cases = SampleCase.All().Where(c => c.RuleId == id).ToList();
        var (bad, good) = (cases.Count(c => c.IsBad), cases.Count(c => !c.IsBad));
        var founding = FoundingRules.Contains(id);
        bad.ShouldBeGreaterThanOrEqualTo(founding ? 4 : 1, $"{id} bad samples");
        good.ShouldBeGreaterThanOrEqualTo(founding ? 3 : 1, $"{id} good samples");
    }

    [Fact]
    public void Every_sample_directory_belongs_to_a_rule()
    {
        var ids = BuiltInRules.Rules.Select(r => r.Descriptor.Id).ToHashSet();
        foreach (var dir in Directory.GetDirectories(RepoPaths.Samples).Select(Path.GetFileName))
        {
            if (Regex.IsMatch(dir!, "^PF[0-9]{3}$"))
            {
                ids.ShouldContain(dir!, $"samples/{dir} has no rule");
            }
        }

        foreach (var c in SampleCase.All())
        {
            (c.Name.StartsWith("bad", StringComparison.Ordinal) || c.Name.StartsWith("good", StringComparison.Ordinal)).ShouldBeTrue($"{c}: sample names start with bad or good");
        }
    }

    [Fact]
    public void Generated_docs_are_up_to_date()
    {
        var stale = new List<string>();
        foreach (var (path, content) in RuleDocs.All(RepoPaths.Root, BuiltInRules.Rules))
        {
            var full = Path.Combine(RepoPaths.Root, path);
            if (!File.Exists(full) || File.ReadAllText(full).Replace("\r", string.Empty, StringComparison.Ordinal) != content)
            {
                stale.Add(path);
            }
        }

        stale.ShouldBeEmpty($"generated rule docs are out of date; regenerate with: {RuleDocs.RegenerateCommand}");
    }

    [Fact]
    public void No_doc_page_without_a_rule()
    {
        var expected = RuleDocs.All(RepoPaths.Root, BuiltInRules.Rules).Keys.ToHashSet();
        var onDisk = Directory.GetFiles(Path.Combine(RepoPaths.Root, "rules"), "*.md", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RepoPaths.Root, f).Replace('\\', '/'));
        onDisk.Where(p => !expected.Contains(p)).ShouldBeEmpty("doc pages without a manifest");
    }

    public static TheoryData<string> DegenerateInputs() => new(["empty", "comments-only", "binary", "whitespace", "garbage"]);

    /// <summary>50,000 lines of a <c>$name</c> chain with networks in every value, as main.cf, master.cf and aliases.</summary>
    [Fact]
    [StressTest]
    public void Every_rule_survives_a_huge_input() => Every_rule_survives_degenerate_input("huge");

    [Theory]
    [MemberData(nameof(DegenerateInputs))]
    public void Every_rule_survives_degenerate_input(string kind)
    {
        var dir = Directory.CreateTempSubdirectory("configlint-degenerate-");
        try
        {
            byte[] content = kind switch
            {
                "empty" => [],
                "comments-only" => "# nothing here\n   # indented\n\n"u8.ToArray(),
                "huge" => System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 50_000).Select(i => $"p{i} = $p{i + 1} 10.0.0.0/8 2001:db8::{i % 9}/64\n"))),
                "binary" => [0x00, 0xff, 0xfe, 0x01, 0x0a, 0x80],
                "whitespace" => "   \n\t\n  x = y\n"u8.ToArray(),
                _ => "= \n}{ $ ${ $( -o\n[::1 inet\n: :\n\"unterminated: x\n"u8.ToArray(),
            };
            foreach (var name in new[] { "main.cf", "master.cf", "aliases" })
            {
                File.WriteAllBytes(Path.Combine(dir.FullName, name), content);
            }

            var config = PostfixConfig.Load(dir.FullName);
            foreach (var rule in BuiltInRules.Rules)
            {
                Should.NotThrow(() => Analyzer.Run(config, [rule]), $"{rule.Descriptor.Id} on {kind} input");
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Every_rule_survives_the_real_world_corpus()
    {
        var manifest = File.ReadAllLines(Path.Combine(RepoPaths.Corpus, "MANIFEST.tsv")).Skip(1).Select(l => l.Split('\t')).ToList();
        manifest.Count.ShouldBeGreaterThan(40);
        foreach (var row in manifest)
        {
            var file = Path.Combine(RepoPaths.Data, row[0]);
            var role = row[5] switch { "main.cf" => "main.cf", "master.cf" => "master.cf", _ => "aliases" };
            var config = PostfixConfig.Load(Path.GetDirectoryName(file)!, string.Empty, new ConfigFiles(role == "main.cf" ? Path.GetFileName(file) : null, role == "master.cf" ? Path.GetFileName(file) : null, role == "aliases" ? Path.GetFileName(file) : null));
            foreach (var rule in BuiltInRules.Rules)
            {
                Should.NotThrow(() => Analyzer.Run(config, [rule]), $"{rule.Descriptor.Id} on {row[0]}");
            }
        }
    }
}
