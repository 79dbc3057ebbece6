using System.Globalization;
using ConfigLint.Core.Model;
using ConfigLint.Core.Text;
using ConfigLint.TestSupport;

namespace ConfigLint.Cli.Tests.Integration;

/// <summary>Issue 14: the limits are documented, and the README and PF006's page state the numbers the code uses.</summary>
public sealed class LimitsDocumentationTests
{
    private static string Readme => File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));

    private static string Pf006 => File.ReadAllText(Path.Combine(RepoPaths.Root, "rules", "syntax", "PF006.yaml"));

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    [Fact]
    public void The_readme_states_every_limit_the_code_uses()
    {
        var readme = Readme;

        readme.ShouldContain($"| {N(ExpansionBudget.MaxValueLength)} |");
        readme.ShouldContain($"| {N(ExpansionBudget.MaxTotal)} |");
        readme.ShouldContain($"| `$name` lookups in one value | {N(ExpansionBudget.MaxSteps)} |");
        readme.ShouldContain($"| {Expander.MaxDepth} (Postfix's own limit: PF005) |");
        readme.ShouldContain($"| `/file/name` pattern files nested in one another | {MatchLists.MaxFileDepth} |");
        readme.ShouldContain($"| elements of one match list, pattern files included | {N(MatchLists.MaxElements)} |");
        readme.ShouldContain($"pattern files up to {InputFile.MaxConfigBytes >> 20} MiB");
        readme.ShouldContain($"rule manifests up to {InputFile.MaxSettingsBytes >> 20} MiB (and at most {YamlShape.MaxNesting} levels of YAML nesting)");
        readme.ShouldContain($"baselines up to {InputFile.MaxBaselineBytes >> 20} MiB");
        readme.ShouldContain("parent directory above the root");
    }

    [Fact]
    public void The_pf006_manifest_states_the_limits_the_code_uses()
    {
        var manifest = Pf006.ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal);

        manifest.ShouldContain($"more than {N(ExpansionBudget.MaxValueLength)} characters");
        manifest.ShouldContain($"more than {MatchLists.MaxFileDepth} files deep");
        manifest.ShouldContain($"list of more than {N(MatchLists.MaxElements)} elements");
        manifest.ShouldContain($"larger than {InputFile.MaxConfigBytes >> 20} MiB");
    }
}
