using ConfigLint.TestSupport;

namespace ConfigLint.Cli.Tests.Integration;

/// <summary>
/// Builds the native configlint once for <see cref="NativeBuildTests"/>, as README.md's install-native
/// snippet does: <c>bash scripts/build-native.sh</c> in the repository, into artifacts/native/bin (ignored
/// by git, like the copy of the sources it builds from; a second build is incremental).
/// </summary>
public sealed class NativeBuild
{
    public NativeBuild()
    {
        var command = DocSnippets.Commands("install-native")[0].Split(' ');
        // The first build compiles everything ahead of time: a minute or two on 2 cores, more under load.
        // Without a toolchain the tests are skipped (or fail under CI), so nothing is built for them.
        Build = Prerequisites.NativeToolchainProblem is { } problem
            ? new ProcessResult(1, string.Empty, $"not built: {problem}", TimedOut: false)
            : ProcessRunner.Run(command[0], command[1..], TimeSpan.FromMinutes(20), RepoPaths.Root);
        Executable = Path.Combine(RepoPaths.Root, "artifacts", "native", "bin", "configlint");
    }

    public ProcessResult Build { get; }

    public string Executable { get; }
}

/// <summary>
/// Issue 13: the native configlint (NativeAOT: no JIT, no reflection over types it does not name) must
/// print, byte for byte, what the JIT-compiled tool prints, so that nothing the ahead-of-time compiler
/// left out (a rule class, a manifest key, a serializer) changes a verdict. The JIT side runs in-process.
/// </summary>
[SystemTest]
public sealed class NativeBuildTests(NativeBuild native) : IClassFixture<NativeBuild>
{
    private CliResult Native(params string[] args)
    {
        native.Build.ExitCode.ShouldBe(0, $"scripts/build-native.sh failed:\n{native.Build.Stdout}\n{native.Build.Stderr}");
        var run = ProcessRunner.Run(native.Executable, args, TimeSpan.FromMinutes(2), RepoPaths.Root);
        run.TimedOut.ShouldBeFalse();
        return new CliResult(run.ExitCode, run.Stdout, run.Stderr);
    }

    [RequiresNativeToolchainFact]
    public void The_documented_build_prints_where_the_executable_is()
    {
        DocSnippets.Commands("install-native").ShouldBe([
            "bash scripts/build-native.sh",
            "install -D artifacts/native/bin/configlint ~/.local/bin/configlint",
            "configlint --version",
        ]);
        native.Build.ExitCode.ShouldBe(0, native.Build.Stderr);
        native.Build.Stdout.TrimEnd().Split('\n')[^1].ShouldBe(native.Executable);
        File.Exists(Path.Combine(Path.GetDirectoryName(native.Executable)!, "configlint.dll")).ShouldBeFalse("a native build, not a managed one");
        Native("--version").Stdout.ShouldStartWith("configlint ");
    }

    [RequiresNativeToolchainTheory]
    [InlineData("check", "samples", "--format", "text")]
    [InlineData("check", "samples", "--format", "json")]
    [InlineData("check", "samples", "--format", "sarif")]
    [InlineData("check", "samples", "--format", "github")]
    [InlineData("check", "tests/data/corpus", "--format", "json")]
    [InlineData("check", "samples/custom-rules", "--rules", "samples/custom-rules/rules", "--format", "json")]
    [InlineData("fix", "samples", "--diff", "--unsafe-fixes")]
    [InlineData("rules", "list", "--format", "json", "--rules", "samples/custom-rules/rules")]
    [InlineData("rules", "list", "--format", "markdown")]
    [InlineData("rules", "explain", "open-relay-risk")]
    [InlineData("effective", "samples/scenarios/office-mx")]
    [InlineData("--version")]
    [InlineData("check", "samples", "--format", "yaml")]
    [InlineData("check", "samples", "--rules", "samples/custom-rules/ACME001")]
    [InlineData("check", "no/such/dir")]
    public void Prints_what_the_JIT_compiled_tool_prints(params string[] args)
    {
        var expected = Cli.Run(RepoPaths.Root, args);
        var actual = Native(args);

        actual.Stdout.ShouldBe(expected.Stdout);
        actual.Stderr.ShouldBe(expected.Stderr);
        actual.ExitCode.ShouldBe(expected.ExitCode);
        (expected.Stdout.Length + expected.Stderr.Length).ShouldBeGreaterThan(0);
    }
}
