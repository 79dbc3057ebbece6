using ConfigLint.Cli.Tests.Integration;
using ConfigLint.TestSupport;

namespace ConfigLint.Cli.Tests;

/// <summary>The check the packaging and pre-commit tests make of a native configlint (<see cref="NativeExecutable"/>).</summary>
public sealed class NativeExecutableTests : IDisposable
{
    private readonly TempTree tree = new("configlint-elf-");

    public void Dispose() => tree.Dispose();

    [Fact]
    public void Only_a_file_that_starts_with_elf_magic_is_native()
    {
        tree.Write("elf", "\u007fELF and the rest");
        tree.Write("script", "#!/bin/sh\necho hello\n");
        tree.Write("short", "\u007fEL");
        NativeExecutable.IsElf(tree["elf"]).ShouldBeTrue();
        NativeExecutable.IsElf(tree["script"]).ShouldBeFalse();
        NativeExecutable.IsElf(tree["short"]).ShouldBeFalse("three bytes are not the magic");
        NativeExecutable.IsElf(typeof(NativeExecutable).Assembly.Location).ShouldBeFalse("an assembly is a PE file, run by dotnet");
    }
}
