using ConfigLint.TestSupport;
using Xunit.Abstractions;

namespace ConfigLint.Cli.Tests.Integration;

/// <summary>Needs git, the .NET SDK and pre-commit (Debian: apt-get install pre-commit; scripts/test.sh installs it).</summary>
public sealed class RequiresPreCommitFactAttribute : FactAttribute
{
    public RequiresPreCommitFactAttribute()
    {
        if (!Prerequisites.IsCI && PreCommitTests.Problem() is { } problem)
        {
            Skip = $"{problem}; '{Prerequisites.TestCommand}' installs pre-commit. Under CI=true this test fails instead.";
        }
    }
}

/// <summary>
/// The real pre-commit with this repository's <c>.pre-commit-hooks.yaml</c>: the <c>configlint</c>
/// hook (language: dotnet) is built from a snapshot of this repository by pre-commit itself, exactly
/// as a user's pre-commit would build it from GitHub. Each pre-commit build is a Release
/// <c>dotnet pack</c>, so these tests take a few minutes on a busy machine.
/// </summary>
[SystemTest]
[Collection(RepoCopyCollection.Name)]
public sealed class PreCommitTests(RepoCopy repo, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan PreCommitTimeout = TimeSpan.FromMinutes(10);

    private readonly TempTree user = new("configlint-user-");

    public void Dispose() => user.Dispose();

    public static string? Problem()
    {
        foreach (var tool in new[] { "pre-commit", "git", "dotnet" })
        {
            if (ProcessRunner.FindExecutable(tool) is null)
            {
                return $"'{tool}' not found";
            }
        }

        return null;
    }

    private static string BadMainCf => "compatibility_level = 3.11\ninet_interfaces = all\nmynetworks = 0.0.0.0/0\n" + Configs.TlsMainCf;

    private static string GoodMainCf => "compatibility_level = 3.11\ninet_interfaces = all\nmynetworks = 127.0.0.0/8 [::1]/128\n" + Configs.TlsMainCf;

    private ProcessResult PreCommit(string cwd, params string[] args)
    {
        if (Problem() is { } problem)
        {
            throw new InvalidOperationException($"This test needs pre-commit, git and dotnet ({problem}); run the tests with '{Prerequisites.TestCommand}' as root (it installs Debian's pre-commit).");
        }

        var r = ProcessRunner.Run(ProcessRunner.FindExecutable("pre-commit")!, args, PreCommitTimeout, cwd, repo.Environment(user["pre-commit-home"]));
        output.WriteLine($"$ pre-commit {string.Join(' ', args)}\nexit {r.ExitCode}\n{r.Stdout}{r.Stderr}");
        return r;
    }

    private ProcessResult Git(string cwd, params string[] args)
    {
        var r = repo.Git(cwd, args);
        output.WriteLine($"$ git {string.Join(' ', args)}\nexit {r.ExitCode}\n{r.Stdout}{r.Stderr}");
        return r;
    }

    /// <summary>A user's repository holding a Postfix configuration: Debian's shipped master.cf next to a main.cf.</summary>
    private string UserRepository(string name, string mainCf)
    {
        var dir = user[name];
        Directory.CreateDirectory(dir);
        Git(dir, "init", "-q").ExitCode.ShouldBe(0);
        user.Write($"{name}/etc/postfix/main.cf", mainCf);
        user.Write($"{name}/etc/postfix/master.cf", Configs.DebianMasterCf);
        Git(dir, "add", "-A").ExitCode.ShouldBe(0);
        return dir;
    }

    [RequiresPreCommitFact]
    public void Try_repo_fails_the_hook_on_a_bad_sample()
    {
        var dir = UserRepository("bad", BadMainCf);
        var r = PreCommit(dir, "try-repo", repo.Path, "configlint", "--files", "etc/postfix/main.cf", "etc/postfix/master.cf");
        r.ExitCode.ShouldBe(1, r.Stdout + r.Stderr);
        r.Stdout.ShouldContain("configlint (Postfix configuration)");
        r.Stdout.ShouldContain("Failed");
        r.Stdout.ShouldContain("etc/postfix/main.cf:3:14: error PF101 [open-relay-risk]");
    }

    [RequiresPreCommitFact]
    public void The_fix_hook_repairs_the_file_and_fails_so_the_change_is_reviewed()
    {
        var dir = UserRepository("fixable", "compatibility_level = 3.11\ninet_interfaces = all\n# the LAN\nmynetworks = 127.0.0.0/8 ::1/128\n");
        var r = PreCommit(dir, "try-repo", repo.Path, "configlint-fix", "--files", "etc/postfix/main.cf", "etc/postfix/master.cf");

        r.ExitCode.ShouldBe(1, r.Stdout + r.Stderr);
        r.Stdout.ShouldContain("configlint fix (safe repairs of Postfix configuration)");
        r.Stdout.ShouldContain("files were modified by this hook");
        File.ReadAllText(Path.Combine(dir, "etc", "postfix", "main.cf"))
            .ShouldBe("compatibility_level = 3.11\ninet_interfaces = all\n# the LAN\nmynetworks = 127.0.0.0/8 [::1]/128\n");

        // Repaired: the hook now passes.
        Git(dir, "add", "-A").ExitCode.ShouldBe(0);
        PreCommit(dir, "try-repo", repo.Path, "configlint-fix", "--files", "etc/postfix/main.cf", "etc/postfix/master.cf").ExitCode.ShouldBe(0);
    }

    [RequiresPreCommitFact]
    public void Try_repo_passes_the_hook_on_a_good_sample()
    {
        var dir = UserRepository("good", GoodMainCf);
        var r = PreCommit(dir, "try-repo", repo.Path, "configlint", "--files", "etc/postfix/main.cf", "etc/postfix/master.cf");
        r.ExitCode.ShouldBe(0, r.Stdout + r.Stderr);
        r.Stdout.ShouldContain("Passed");
        r.Stdout.ShouldNotContain("PF101");
    }

    [RequiresPreCommitFact]
    public void The_documented_hook_blocks_a_commit_that_opens_the_relay()
    {
        // README.md, as a user would copy it; only the repository URL points at the snapshot.
        var config = DocSnippets.Get("pre-commit-config").Replace("https://github.com/configlint/configlint", repo.Path, StringComparison.Ordinal);
        config.ShouldContain($"rev: {repo.Tag}");
        var dir = UserRepository("mail", "compatibility_level = 3.11\ninet_interfaces = all\n" + Configs.TlsMainCf);
        user.Write("mail/.pre-commit-config.yaml", config);
        Git(dir, "add", "-A").ExitCode.ShouldBe(0);

        var install = PreCommit(dir, "install");
        install.ExitCode.ShouldBe(0);
        DocSnippets.Commands("pre-commit-install")[0].ShouldBe("pre-commit install");

        var first = Git(dir, "commit", "-m", "Postfix as shipped by Debian, listening on all interfaces");
        first.ExitCode.ShouldBe(0, "the hook must pass a clean configuration");
        (first.Stdout + first.Stderr).ShouldContain("Passed");

        File.AppendAllText(Path.Combine(dir, "etc", "postfix", "main.cf"), "mynetworks = 0.0.0.0/0\n");
        Git(dir, "add", "etc/postfix/main.cf").ExitCode.ShouldBe(0);
        var second = Git(dir, "commit", "-m", "Let the office relay");
        second.ExitCode.ShouldNotBe(0, "the hook must block the open relay");
        (second.Stdout + second.Stderr).ShouldContain("etc/postfix/main.cf:6:14: error PF101 [open-relay-risk]");
        Git(dir, "rev-list", "--count", "HEAD").Stdout.Trim().ShouldBe("1", "the commit must not have been made");

        // A reasoned suppression lets the same change through.
        File.WriteAllText(Path.Combine(dir, "etc", "postfix", "main.cf"), "compatibility_level = 3.11\ninet_interfaces = all\n# configlint: disable=PF101 -- test lab behind a firewall\nmynetworks = 0.0.0.0/0\n" + Configs.TlsMainCf);
        Git(dir, "add", "etc/postfix/main.cf").ExitCode.ShouldBe(0);
        Git(dir, "commit", "-m", "Let the lab relay").ExitCode.ShouldBe(0);

        // Issue 8: a commit that stages only master.cf is judged with its whole configuration. The
        // broad mynetworks in main.cf is harmless while main.cf's relay list denies first; a master.cf
        // override that lets mynetworks relay on port 25 opens it, and the finding is in main.cf.
        File.WriteAllText(Path.Combine(dir, "etc", "postfix", "main.cf"), "compatibility_level = 3.11\ninet_interfaces = all\nmynetworks = 0.0.0.0/0\nsmtpd_relay_restrictions = reject_unauth_destination\n" + Configs.TlsMainCf);
        Git(dir, "add", "etc/postfix/main.cf").ExitCode.ShouldBe(0);
        Git(dir, "commit", "-m", "Deny relaying in main.cf").ExitCode.ShouldBe(0, "main.cf alone denies relaying");
        var master = File.ReadAllText(Path.Combine(dir, "etc", "postfix", "master.cf"));
        var smtp = master.Split('\n').First(l => l.StartsWith("smtp ", StringComparison.Ordinal) && l.Contains(" smtpd", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(dir, "etc", "postfix", "master.cf"), master.Replace(smtp + "\n", smtp + "\n  -o smtpd_relay_restrictions=permit_mynetworks,reject\n", StringComparison.Ordinal));
        Git(dir, "add", "etc/postfix/master.cf").ExitCode.ShouldBe(0);
        var third = Git(dir, "commit", "-m", "Let mynetworks relay on port 25");
        third.ExitCode.ShouldNotBe(0, "the hook must judge the staged master.cf with main.cf");
        (third.Stdout + third.Stderr).ShouldContain("etc/postfix/main.cf:3:14: error PF101 [open-relay-risk]");
        Git(dir, "rev-list", "--count", "HEAD").Stdout.Trim().ShouldBe("3", "the commit must not have been made");

        // What pre-commit built and runs: the native configlint where the toolchain is (issue 13). A
        // ReadyToRun tool runs through an apphost shim (also ELF), so the installed tool's settings
        // decide. git runs the hook with the home RepoCopy gives git (the snapshot's pre-commit-home).
        var installed = Directory.GetFiles(Path.Combine(repo.Root, "pre-commit-home"), "DotnetToolSettings.xml", SearchOption.AllDirectories)
            .Where(f => f.Contains($"{Path.DirectorySeparatorChar}.store{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        installed.ShouldNotBeEmpty("pre-commit must have tool-installed configlint");
        foreach (var settings in installed)
        {
            var runner = System.Xml.Linq.XDocument.Load(settings).Descendants("Command").Single().Attribute("Runner")!.Value;
            (runner == "executable").ShouldBe(Prerequisites.PacksNativeTool, $"{settings} says Runner={runner}: the hook runs the native configlint exactly where a C toolchain is");
            if (runner == "executable")
            {
                NativeExecutable.IsElf(Path.Combine(Path.GetDirectoryName(settings)!, "configlint")).ShouldBeTrue("the tool's command must be a native executable");
            }
        }

        (Prerequisites.IsCI && !Prerequisites.PacksNativeTool).ShouldBeFalse("CI must have gcc, objcopy and /usr/include/stdio.h (scripts/test.sh installs gcc, binutils and libc6-dev)");
    }
}
