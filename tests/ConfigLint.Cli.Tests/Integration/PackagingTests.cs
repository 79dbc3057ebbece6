using System.IO.Compression;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using ConfigLint.TestSupport;
using Xunit.Abstractions;

namespace ConfigLint.Cli.Tests.Integration;

/// <summary>
/// The documented local install (README.md "install-local"), run in a snapshot of the
/// repository: <c>dotnet pack</c> makes one tool package, <c>dotnet tool install</c> installs it,
/// and the installed <c>configlint</c> runs. On Linux with a C toolchain (the machines CI and
/// pre-commit run on; scripts/test.sh installs gcc and the C library headers) the package holds
/// the native executable; with <c>ConfigLintNative=false</c> it holds ReadyToRun assemblies.
/// </summary>
[SystemTest]
[Collection(RepoCopyCollection.Name)]
public sealed class PackagingTests(RepoCopy repo, ITestOutputHelper output)
{
    private ProcessResult Run(string file, IEnumerable<string> args, string cwd, Dictionary<string, string?>? extra = null)
    {
        var environment = repo.Environment(Path.Combine(repo.Root, "pre-commit-home"));
        foreach (var (name, value) in extra ?? [])
        {
            environment[name] = value;
        }

        var r = ProcessRunner.Run(file, args, TimeSpan.FromMinutes(10), cwd, environment);
        output.WriteLine($"$ {file} {string.Join(' ', args)}\nexit {r.ExitCode}\n{r.Stdout}{r.Stderr}");
        return r;
    }

    [Fact]
    public void The_documented_local_install_produces_a_working_native_tool()
    {
        // CI's machine has the toolchain (scripts/test.sh installs it); a developer's may not,
        // and then the same commands make the ReadyToRun package, checked the same way.
        (Prerequisites.IsCI && !Prerequisites.PacksNativeTool).ShouldBeFalse("CI must have gcc, objcopy and /usr/include/stdio.h (scripts/test.sh installs gcc, binutils and libc6-dev)");
        var commands = DocSnippets.Commands("install-local");
        commands.Count.ShouldBe(3);

        // 1. dotnet pack src/ConfigLint.Cli -c Release -o ./artifacts
        var pack = commands[0].Split(' ');
        pack[0].ShouldBe("dotnet");
        pack[^1].ShouldBe("./artifacts");
        var package = Pack(pack[1..], "artifacts", environment: null);
        if (Prerequisites.PacksNativeTool)
        {
            ShouldBeNative(package);
        }
        else
        {
            ShouldBeReadyToRun(package);
        }

        // 2. dotnet tool install --global --add-source ./artifacts ConfigLint (into a tool path here, not the machine).
        var install = commands[1].Split(' ');
        install[0].ShouldBe("dotnet");
        install.ShouldContain("--global");
        var tools = Install(install[1..], "tools");

        // 3. configlint --version
        commands[2].ShouldBe("configlint --version");
        ShouldCheck(tools);
    }

    [Fact]
    public void With_ConfigLintNative_false_the_package_is_readytorun_and_works()
    {
        // As a pre-commit user would ask for it: MSBuild reads the environment as properties.
        var package = Pack(["pack", "src/ConfigLint.Cli", "-c", "Release", "-o", "./artifacts-r2r"], "artifacts-r2r",
            new() { ["ConfigLintNative"] = "false" });
        ShouldBeReadyToRun(package);
        ShouldCheck(Install(["tool", "install", "--global", "--add-source", "./artifacts-r2r", "ConfigLint"], "tools-r2r"));
    }

    private string Pack(string[] args, string outputDirectory, Dictionary<string, string?>? environment)
    {
        var dotnet = ProcessRunner.FindExecutable("dotnet").ShouldNotBeNull();
        var pack = Run(dotnet, args, repo.Path, environment);
        pack.ExitCode.ShouldBe(0);
        var package = Directory.GetFiles(Path.Combine(repo.Path, outputDirectory), "*.nupkg").ShouldHaveSingleItem("exactly one package: pre-commit tool-installs every package it finds");
        Path.GetFileName(package).ShouldBe($"ConfigLint.{CliApp.Version}.nupkg");
        return package;
    }

    /// <summary>Installs into a tool path of the test's own (for --global) and returns the command's path.</summary>
    private string Install(string[] args, string toolPath)
    {
        var dotnet = ProcessRunner.FindExecutable("dotnet").ShouldNotBeNull();
        var tools = Path.Combine(repo.Root, toolPath);
        var install = args.SelectMany(a => a == "--global" ? new[] { "--tool-path", tools } : [a]).ToArray();
        Run(dotnet, install, repo.Path).ExitCode.ShouldBe(0);
        return Path.Combine(tools, "configlint");
    }

    private void ShouldCheck(string configlint)
    {
        var version = Run(configlint, ["--version"], repo.Path);
        version.ExitCode.ShouldBe(0);
        version.Stdout.Trim().ShouldBe($"configlint {CliApp.Version}");

        // And the installed tool does the job: the open relay fails, with the rule's text.
        var etc = Path.Combine(repo.Root, "etc");
        Directory.CreateDirectory(etc);
        File.WriteAllText(Path.Combine(etc, "main.cf"), Configs.OpenRelayMainCf);
        File.WriteAllText(Path.Combine(etc, "master.cf"), Configs.DebianMasterCf);
        var check = Run(configlint, ["check", "etc"], repo.Root);
        check.ExitCode.ShouldBe(1);
        check.Stdout.ShouldContain("PF101 [open-relay-risk]");
    }

    private static (XElement Command, List<string> Entries) ToolOf(ZipArchive zip)
    {
        var nuspec = XDocument.Load(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        nuspec.Descendants().Single(e => e.Name.LocalName == "packageType").Attribute("name")!.Value.ShouldBe("DotnetTool");
        var settings = XDocument.Load(zip.Entries.Single(e => e.Name == "DotnetToolSettings.xml").Open());
        var command = settings.Descendants("Command").ShouldHaveSingleItem();
        command.Attribute("Name")!.Value.ShouldBe("configlint");
        return (command, zip.Entries.Select(e => e.FullName).ToList());
    }

    private static void ShouldBeNative(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        var (command, entries) = ToolOf(zip);
        command.Attribute("Runner")!.Value.ShouldBe("executable");
        command.Attribute("EntryPoint")!.Value.ShouldBe("configlint");
        using (var executable = zip.Entries.Single(e => e.Name == "configlint").Open())
        {
            NativeExecutable.IsElf(executable).ShouldBeTrue("the command must be a native ELF executable");
        }

        entries.ShouldNotContain(e => e.EndsWith(".dll", StringComparison.Ordinal), "a native package needs no assemblies");
        entries.ShouldNotContain(e => e.EndsWith(".pdb", StringComparison.Ordinal) || e.EndsWith(".dbg", StringComparison.Ordinal), "symbols stay out of the package");
    }

    private static void ShouldBeReadyToRun(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        var (command, _) = ToolOf(zip);
        command.Attribute("Runner")!.Value.ShouldBe("dotnet");
        command.Attribute("EntryPoint")!.Value.ShouldBe("configlint.dll");
        var core = zip.Entries.Single(e => e.Name == "ConfigLint.Core.dll");
        using var stream = new MemoryStream();
        using (var entry = core.Open())
        {
            entry.CopyTo(stream);
        }

        stream.Position = 0;
        using var pe = new PEReader(stream);
        pe.PEHeaders.CorHeader.ShouldNotBeNull().ManagedNativeHeaderDirectory.Size.ShouldBeGreaterThan(0, "the assemblies must be ReadyToRun");
    }
}
