using System.IO.Compression;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using ConfigLint.TestSupport;
using Xunit.Abstractions;

namespace ConfigLint.Cli.Tests.Integration;

/// <summary>
/// The documented local install (README.md "install-local"), run in a snapshot of the
/// repository: <c>dotnet pack</c> makes one ReadyToRun tool package, <c>dotnet tool install</c>
/// installs it, and the installed <c>configlint</c> runs.
/// </summary>
[SystemTest]
[Collection(RepoCopyCollection.Name)]
public sealed class PackagingTests(RepoCopy repo, ITestOutputHelper output)
{
    private ProcessResult Run(string file, IEnumerable<string> args, string cwd)
    {
        var r = ProcessRunner.Run(file, args, TimeSpan.FromMinutes(10), cwd, repo.Environment(Path.Combine(repo.Root, "pre-commit-home")));
        output.WriteLine($"$ {file} {string.Join(' ', args)}\nexit {r.ExitCode}\n{r.Stdout}{r.Stderr}");
        return r;
    }

    [Fact]
    public void The_documented_local_install_produces_a_working_readytorun_tool()
    {
        var dotnet = ProcessRunner.FindExecutable("dotnet").ShouldNotBeNull();
        var tools = Path.Combine(repo.Root, "tools");
        var commands = DocSnippets.Commands("install-local");
        commands.Count.ShouldBe(3);

        // 1. dotnet pack src/ConfigLint.Cli -c Release -o ./artifacts
        var pack = commands[0].Split(' ');
        pack[0].ShouldBe("dotnet");
        Run(dotnet, pack[1..], repo.Path).ExitCode.ShouldBe(0);
        var package = Directory.GetFiles(Path.Combine(repo.Path, "artifacts"), "*.nupkg").ShouldHaveSingleItem("exactly one package: pre-commit tool-installs every package it finds");
        Path.GetFileName(package).ShouldBe($"ConfigLint.{CliApp.Version}.nupkg");

        using (var zip = ZipFile.OpenRead(package))
        {
            var nuspec = XDocument.Load(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
            nuspec.Descendants().Single(e => e.Name.LocalName == "packageType").Attribute("name")!.Value.ShouldBe("DotnetTool");
            zip.Entries.ShouldContain(e => e.Name == "DotnetToolSettings.xml");
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

        // 2. dotnet tool install --global --add-source ./artifacts ConfigLint (into a tool path here, not the machine).
        var install = commands[1].Replace("--global", $"--tool-path {tools}", StringComparison.Ordinal).Split(' ');
        install[0].ShouldBe("dotnet");
        Run(dotnet, install[1..], repo.Path).ExitCode.ShouldBe(0);

        // 3. configlint --version
        commands[2].ShouldBe("configlint --version");
        var version = Run(Path.Combine(tools, "configlint"), ["--version"], repo.Path);
        version.ExitCode.ShouldBe(0);
        version.Stdout.Trim().ShouldBe($"configlint {CliApp.Version}");

        // And the installed tool does the job: the open relay fails, with the rule's text.
        var etc = Path.Combine(repo.Root, "etc");
        Directory.CreateDirectory(etc);
        File.WriteAllText(Path.Combine(etc, "main.cf"), Configs.OpenRelayMainCf);
        File.WriteAllText(Path.Combine(etc, "master.cf"), Configs.DebianMasterCf);
        var check = Run(Path.Combine(tools, "configlint"), ["check", "etc"], repo.Root);
        check.ExitCode.ShouldBe(1);
        check.Stdout.ShouldContain("PF101 [open-relay-risk]");
    }
}
