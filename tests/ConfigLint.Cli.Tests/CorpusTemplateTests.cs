using ConfigLint.TestSupport;

namespace ConfigLint.Cli.Tests;

/// <summary>
/// Every template in tests/data/corpus-templates (Jinja, ERB, PHP, Mason, m4 … around Postfix files)
/// is checked as the file it would become: exit code 0, 1 or 2, never a crash, findings located.
/// </summary>
public sealed class CorpusTemplateTests : IDisposable
{
    private readonly CliHarness cli = new();

    public void Dispose() => cli.Dispose();

    /// <summary>The role a template plays, by its file name (the same test ConfigLint applies to names).</summary>
    private static string? RoleOf(string fileName)
    {
        var name = fileName.ToLowerInvariant();
        return name.Contains("master.cf", StringComparison.Ordinal) ? "master.cf"
            : name.Contains("main.cf", StringComparison.Ordinal) ? "main.cf"
            : name.Contains("aliases", StringComparison.Ordinal) ? "aliases"
            : null;
    }

    private static List<string> TemplateFiles() =>
        Directory.EnumerateFiles(RepoPaths.CorpusTemplates, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(RepoPaths.CorpusTemplates, file).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static TheoryData<string> Templates()
    {
        var data = new TheoryData<string>();
        foreach (var file in TemplateFiles())
        {
            data.Add(file);
        }

        return data;
    }

    [Fact]
    public void The_template_corpus_is_there_and_every_file_has_a_role()
    {
        var templates = TemplateFiles();

        templates.Count.ShouldBeGreaterThanOrEqualTo(30);
        templates.ShouldAllBe(t => RoleOf(Path.GetFileName(t)) != null);
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void A_template_is_checked_without_crashing_and_its_findings_are_located(string template)
    {
        var role = RoleOf(Path.GetFileName(template)).ShouldNotBeNull(template);
        var dir = cli.Dir("cfg");
        File.Copy(Path.Combine(RepoPaths.CorpusTemplates, template), Path.Combine(dir, role));

        var (json, _, findings) = cli.CheckLocated("cfg");

        json.ExitCode.ShouldBeOneOf([0, 1, 2], json.ToString());
        findings.ShouldAllBe(f => f.File == "cfg/" + role, json.ToString());
        json.Stderr.ShouldNotContain("Exception");
    }

    [Fact]
    public void Templates_of_one_project_checked_together_do_not_crash()
    {
        foreach (var project in Directory.EnumerateDirectories(RepoPaths.CorpusTemplates).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(project);
            var dir = cli.Dir(name);
            foreach (var file in Directory.EnumerateFiles(project).Order(StringComparer.Ordinal))
            {
                // The first template of each role wins; the others are covered by the theory above.
                if (RoleOf(Path.GetFileName(file)) is { } role && !File.Exists(Path.Combine(dir, role)))
                {
                    File.Copy(file, Path.Combine(dir, role));
                }
            }

            cli.CheckLocated(name);
        }
    }
}
