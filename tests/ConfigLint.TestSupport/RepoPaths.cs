namespace ConfigLint.TestSupport;

/// <summary>
/// Well-known directories, found from the test assembly's location (no dependence on the
/// current directory). Everything the tests read is inside the repository: <see cref="Data"/>
/// holds the real-world corpus, the templates, the postconf dumps, the SARIF schema and the
/// oracle script, with their licences (tests/data/THIRD-PARTY-NOTICES.md).
/// </summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    /// <summary>The repository root: the nearest ancestor of the test binaries holding ConfigLint.sln.</summary>
    public static string Root => RootLazy.Value;

    /// <summary>The test data: <c>&lt;Root&gt;/tests/data</c>.</summary>
    public static string Data => Path.Combine(Root, "tests", "data");

    /// <summary>Real-world configuration files: <c>&lt;Data&gt;/corpus</c> (with MANIFEST.tsv).</summary>
    public static string Corpus => Path.Combine(Data, "corpus");

    /// <summary>Template files (Jinja, ERB, …) a linter must survive: <c>&lt;Data&gt;/corpus-templates</c>.</summary>
    public static string CorpusTemplates => Path.Combine(Data, "corpus-templates");

    /// <summary>The repository's own sample configurations: <c>&lt;Root&gt;/samples</c>.</summary>
    public static string Samples => Path.Combine(Root, "samples");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ConfigLint.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"ConfigLint.sln not found in {AppContext.BaseDirectory} or any parent directory.");
    }
}
