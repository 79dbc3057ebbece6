using ConfigLint.TestSupport;

namespace ConfigLint.Cli.Tests.Integration;

/// <summary>
/// A snapshot of this repository's working tree as a fresh git repository with one commit, tagged
/// <c>v{version}</c> like a release. pre-commit clones hook repositories at a commit, and try-repo
/// on a dirty tree only takes tracked files (<c>git add -u</c>), so the tests give it a clean copy
/// of exactly what is on disk now, whatever the state of the real repository. It is also where
/// the packaging test builds, so the real tree's bin/ and obj/ are never touched.
/// </summary>
public sealed class RepoCopy : IDisposable
{
    private static readonly string[] SkippedDirectories = ["bin", "obj", "node_modules", ".git", ".test-results", "TestResults", "artifacts", "pre-commit-build", ".vs", ".idea"];

    private readonly Lazy<string> path;

    public RepoCopy() => path = new Lazy<string>(Create);

    public string Root => Temp.Root;

    /// <summary>The copied repository (created on first use: tests that are skipped cost nothing).</summary>
    public string Path => path.Value;

    public string Tag => "v" + CliApp.Version;

    private TempTree Temp { get; } = new("configlint-repo-");

    /// <summary>Environment for git and pre-commit: a fixed identity, no telemetry, caches under the temp root.</summary>
    public Dictionary<string, string?> Environment(string preCommitHome) => new()
    {
        ["GIT_AUTHOR_NAME"] = "ConfigLint Test",
        ["GIT_AUTHOR_EMAIL"] = "test@example.invalid",
        ["GIT_COMMITTER_NAME"] = "ConfigLint Test",
        ["GIT_COMMITTER_EMAIL"] = "test@example.invalid",
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["PRE_COMMIT_HOME"] = preCommitHome,
        ["PRE_COMMIT_COLOR"] = "never",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        ["TERM"] = "dumb",
    };

    public ProcessResult Git(string cwd, params string[] args) =>
        ProcessRunner.Run(ProcessRunner.FindExecutable("git")!, ["-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", .. args], TimeSpan.FromMinutes(2), cwd, Environment(System.IO.Path.Combine(Root, "pre-commit-home")));

    private string Create()
    {
        var target = Temp["configlint"];
        foreach (var file in SourceFiles())
        {
            var dest = System.IO.Path.Combine(target, file);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(dest)!);
            File.Copy(System.IO.Path.Combine(RepoPaths.Root, file), dest);
        }

        foreach (var step in new[] { new[] { "init", "-q" }, ["add", "-A"], ["commit", "-q", "-m", "snapshot for the integration tests"], ["tag", Tag] })
        {
            var r = Git(target, step);
            r.ExitCode.ShouldBe(0, $"git {string.Join(' ', step)}: {r.Stdout}{r.Stderr}");
        }

        return target;
    }

    /// <summary>What a commit of the working tree would hold: git's view when there is one, else a walk that skips build output.</summary>
    private static IEnumerable<string> SourceFiles()
    {
        if (Directory.Exists(System.IO.Path.Combine(RepoPaths.Root, ".git")) && ProcessRunner.FindExecutable("git") is { } git)
        {
            var r = ProcessRunner.Run(git, ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], TimeSpan.FromMinutes(1), RepoPaths.Root);
            if (r.ExitCode == 0)
            {
                return r.Stdout.Split('\0', StringSplitOptions.RemoveEmptyEntries)
                    .Where(f => File.Exists(System.IO.Path.Combine(RepoPaths.Root, f)) && !f.Split('/').Any(SkippedDirectories.Contains))
                    .Distinct(StringComparer.Ordinal)
                    .ToList();
            }
        }

        return Directory.EnumerateFiles(RepoPaths.Root, "*", SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(RepoPaths.Root, f).Replace('\\', '/'))
            .Where(f => !f.Split('/').Any(SkippedDirectories.Contains))
            .ToList();
    }

    public void Dispose() => Temp.Dispose();
}

/// <summary>The tests that build this repository the way users do share one snapshot and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class RepoCopyCollection : ICollectionFixture<RepoCopy>
{
    public const string Name = "repository copy";
}
