using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Model;
using ConfigLint.TestSupport;
using Xunit.Abstractions;

namespace ConfigLint.Core.Tests.Model;

/// <summary>
/// For every catalogue parameter, the model's effective default at compatibility levels 0, 1, 2 and
/// 3.6 equals what <c>postconf -x</c> prints with only <c>compatibility_level = N</c> in main.cf: the
/// level-dependent expressions of <c>postconf -d</c> go through our expander, not a lookup table.
/// </summary>
public sealed class CatalogueDefaultsTests(ITestOutputHelper output)
{
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

    /// <summary>The host the shared dumps were made on (tests/data/postfix/regenerate.sh).</summary>
    private static HostFacts DumpHost(string configDirectory) => new(new Dictionary<string, string>
    {
        ["myhostname"] = "host.example.test",
        ["config_directory"] = configDirectory,
    });

    private List<string> Compare(string level, Dictionary<string, string> postconf, string configDirectory)
    {
        var config = PostfixConfig.FromText($"compatibility_level = {level}\n", host: DumpHost(configDirectory));
        var differences = new List<string>();
        var compared = 0;
        foreach (var parameter in ParameterCatalogue.Postfix37.All)
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
