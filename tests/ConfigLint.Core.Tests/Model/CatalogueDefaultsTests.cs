using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Model;
using ConfigLint.Core.Tests.Catalogue;
using ConfigLint.TestSupport;
using Xunit.Abstractions;

namespace ConfigLint.Core.Tests.Model;

/// <summary>
/// Debian's Postfix 3.7.11 (the dumps in the shared postfix folder, and the installed postconf) against
/// the model with release 3.7: for every catalogue parameter, the effective default at compatibility
/// levels 0, 1, 2 and 3.6 equals what <c>postconf -x</c> prints with only <c>compatibility_level = N</c>
/// in main.cf, once the model is told Debian's installation-specific defaults
/// (<see cref="DebianInstallation"/>). The level-dependent expressions of <c>postconf -d</c> go through
/// our expander, not a lookup table. Every release against its own upstream dumps:
/// <see cref="ReleaseDefaultsTests"/>.
/// </summary>
public sealed class CatalogueDefaultsTests(ITestOutputHelper output)
{
    private static readonly PostfixRelease Release37 = PostfixReleases.Get("3.7");

    public static TheoryData<string> Levels() => new(["0", "1", "2", "3.6"]);

    /// <summary>Values postconf takes from the running process, not from configuration.</summary>
    private static readonly HashSet<string> PerProcess = ["process_id", "process_name"];

    private static string Fold(string value) => string.Join(' ', value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));

    private static Dictionary<string, string> Parse(IEnumerable<string> lines)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var eq = line.IndexOf(" =", StringComparison.Ordinal);
            if (eq > 0)
            {
                values[line[..eq]] = line.Length > eq + 3 ? line[(eq + 3)..] : string.Empty;
            }
        }

        return values;
    }

    /// <summary>The host the shared dumps were made on (tests/data/postfix/regenerate.sh), on Debian's installation.</summary>
    private static HostFacts DumpHost(string configDirectory) => DebianInstallation.With(new HostFacts(new Dictionary<string, string>
    {
        ["myhostname"] = "host.example.test",
        ["config_directory"] = configDirectory,
    }));

    private List<string> Compare(string level, Dictionary<string, string> postconf, string configDirectory)
    {
        var config = PostfixConfig.FromText($"compatibility_level = {level}\n", host: DumpHost(configDirectory), release: Release37);
        var differences = new List<string>();
        var compared = 0;
        foreach (var parameter in Release37.Parameters.All)
        {
            if (PerProcess.Contains(parameter.Name))
            {
                continue;
            }

            postconf.TryGetValue(parameter.Name, out var expected).ShouldBeTrue($"postconf -x lists {parameter.Name}");
            var actual = config.Get(parameter.Name).Value;
            compared++;
            if (Fold(actual) != Fold(expected!))
            {
                differences.Add($"{parameter.Name}: ours '{actual}' postconf '{expected}'");
            }
        }

        output.WriteLine($"level {level}: {compared - differences.Count}/{compared} defaults agree");
        return differences;
    }

    /// <summary>
    /// Every raw default of Debian's postconf -d equals the catalogue's, except exactly the listed ones,
    /// which equal the list and differ from the catalogue (else the entry is stale).
    /// </summary>
    private static List<string> InstallationDifferences(IEnumerable<(string Name, string Default)> debian)
    {
        var problems = new List<string>();
        var catalogue = Release37.Parameters;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, rawDefault) in debian)
        {
            seen.Add(name);
            if (catalogue.RawDefault(name) is not { } ours)
            {
                problems.Add($"{name}: not in release 3.7");
            }
            else if (DebianInstallation.RawDefaults.TryGetValue(name, out var listed))
            {
                if (rawDefault != listed)
                {
                    problems.Add($"{name}: Debian's default is now '{rawDefault}', the list says '{listed}'");
                }
                else if (ours == listed)
                {
                    problems.Add($"{name}: listed, but release 3.7 has the same default '{ours}' (stale entry)");
                }
            }
            else if (rawDefault != ours && !PerProcess.Contains(name))
            {
                problems.Add($"{name}: Debian '{rawDefault}', release 3.7 '{ours}', and the name is not in DebianInstallation");
            }
        }

        problems.AddRange(DebianInstallation.RawDefaults.Keys.Where(n => !seen.Contains(n)).Select(n => $"{n}: listed, but Debian's postconf -d has no such parameter"));
        return problems;
    }

    [Fact]
    public void Debians_3_7_11_differs_from_release_3_7_only_in_the_listed_installation_defaults()
    {
        InstallationDifferences(CatalogueTestData.ReadDump("postconf-d-3.7-builtin-only.txt")).ShouldBeEmpty();
    }

    [SystemTest]
    [RequiresPostfixFact]
    public void The_installed_postfix_differs_from_release_3_7_only_in_the_listed_installation_defaults()
    {
        Prerequisites.RequirePostfix();
        var result = Postconf.RunText(string.Empty, null, "-d");
        result.ExitCode.ShouldBe(0, result.Stderr);
        var live = Parse(result.Stdout.Split('\n'));

        // No master.cf in the sandbox: -d lists the built-ins only.
        InstallationDifferences(live.Where(p => p.Key != "config_directory").Select(p => (p.Key, p.Value))).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Levels))]
    public void Every_default_at_every_level_matches_the_shared_postconf_x_dump(string level)
    {
        var dump = Parse(File.ReadAllLines(Path.Combine(RepoPaths.Data, "postfix", $"postconf-x-compat-{level}.txt")));
        Compare(level, dump, "/etc/postfix").ShouldBeEmpty();
    }

    [SystemTest]
    [RequiresPostfixTheory]
    [MemberData(nameof(Levels))]
    public void Every_default_at_every_level_matches_a_live_postconf_x(string level)
    {
        Prerequisites.RequirePostfix();
        var result = Postconf.RunText($"compatibility_level = {level}\n", null, "-x");
        result.ExitCode.ShouldBe(0, result.Stderr);
        var live = Parse(result.Stdout.Split('\n'));

        // The sandbox's config directory is a temporary one: give the model the same.
        Compare(level, live, live["config_directory"]).ShouldBeEmpty();
    }
}
