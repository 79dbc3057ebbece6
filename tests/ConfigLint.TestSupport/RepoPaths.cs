namespace ConfigLint.TestSupport;

/// <summary>
/// Well-known directories, found from the test assembly's location (no dependence on the
/// current directory). <see cref="Shared"/> is the read-only kit next to the repository
/// (<c>../shared</c>), overridable with the environment variable <c>CONFIGLINT_SHARED</c>.
/// </summary>
public static class RepoPaths
{
    /// <summary>Environment variable that overrides the location of the shared kit.</summary>
    public const string SharedEnvironmentVariable = "CONFIGLINT_SHARED";

    private static readonly Lazy<string> RootLazy = new(FindRoot);

    /// <summary>The repository root: the nearest ancestor of the test binaries holding ConfigLint.sln.</summary>
    public static string Root => RootLazy.Value;

    /// <summary>The shared kit: <c>$CONFIGLINT_SHARED</c> if set, else <c>&lt;Root&gt;/../shared</c>; a full path.</summary>
    public static string Shared
    {
        get
        {
            var fromEnvironment = Environment.GetEnvironmentVariable(SharedEnvironmentVariable);
            return string.IsNullOrWhiteSpace(fromEnvironment)
                ? Path.GetFullPath(Path.Combine(Root, "..", "shared"))
                : Path.GetFullPath(fromEnvironment);
        }
    }

    /// <summary>Real-world configuration files: <c>&lt;Shared&gt;/corpus</c>.</summary>
    public static string Corpus => Path.Combine(Shared, "corpus");

    /// <summary>Template files (Jinja, ERB, …) a linter must survive: <c>&lt;Shared&gt;/corpus-templates</c>.</summary>
    public static string CorpusTemplates => Path.Combine(Shared, "corpus-templates");

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
