using System.Diagnostics;
using System.Runtime.Versioning;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Tests.Text;

/// <summary>
/// The one gate for every file ConfigLint reads (issue 14): only regular files, opened without
/// blocking, within a size limit, and never through a symbolic link out of the analysed root.
/// Each read that must not block runs with a deadline, so a regression fails instead of hanging.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class InputFileTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private readonly string root = Directory.CreateTempSubdirectory("configlint-gate-").FullName;
    private readonly string outside = Directory.CreateTempSubdirectory("configlint-outside-").FullName;

    public void Dispose()
    {
        Directory.Delete(root, recursive: true);
        Directory.Delete(outside, recursive: true);
    }

    private string Write(string dir, string name, string text)
    {
        var path = Path.Combine(dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        mkfifo.ExitCode.ShouldBe(0);
    }

    private static FileContent ReadWithDeadline(string path, long max = InputFile.MaxConfigBytes, string? boundary = null)
    {
        var task = Task.Run(() => InputFile.Read(path, max, boundary));
        task.Wait(Deadline).ShouldBeTrue($"reading {path} did not return within {Deadline.TotalSeconds} s");
        return task.Result;
    }

    [Fact]
    public void A_regular_file_is_read_whole()
    {
        var path = Write(root, "main.cf", "myhostname = mx\n");

        var content = ReadWithDeadline(path, boundary: root);

        content.Refusal.ShouldBe(FileRefusal.None);
        content.Text().ShouldBe("myhostname = mx\n");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(65_535)]
    [InlineData(65_536)]
    [InlineData(65_537)]
    [InlineData(300_000)]
    public void Files_either_side_of_the_one_read_size_are_read_byte_for_byte(int size)
    {
        // Up to 64 KiB a file is read with one call into room for a byte more; above, to its end as before.
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        var path = Path.Combine(root, "aliases");
        File.WriteAllBytes(path, bytes);

        var content = ReadWithDeadline(path, boundary: root);

        content.Refusal.ShouldBe(FileRefusal.None);
        content.Bytes.ShouldNotBeNull().Length.ShouldBe(size);
        content.Bytes.AsSpan().SequenceEqual(bytes).ShouldBeTrue();
    }

    [Fact]
    public void A_fifo_is_refused_without_blocking()
    {
        var path = Path.Combine(root, "main.cf");
        MakeFifo(path);

        ReadWithDeadline(path).Refusal.ShouldBe(FileRefusal.NotRegular);
    }

    [Fact]
    public void A_character_device_is_refused()
    {
        ReadWithDeadline("/dev/zero").Refusal.ShouldBe(FileRefusal.NotRegular);
        ReadWithDeadline("/dev/null").Refusal.ShouldBe(FileRefusal.NotRegular);
    }

    [Fact]
    public void A_link_to_a_device_inside_no_root_is_still_refused()
    {
        var link = Path.Combine(root, "main.cf");
        File.CreateSymbolicLink(link, "/dev/zero");

        ReadWithDeadline(link).Refusal.ShouldBe(FileRefusal.NotRegular);
        ReadWithDeadline(link, boundary: root).Refusal.ShouldBe(FileRefusal.OutsideRoot);
    }

    [Fact]
    public void A_directory_and_a_missing_file_are_told_apart()
    {
        ReadWithDeadline(root).Refusal.ShouldBe(FileRefusal.Directory);
        ReadWithDeadline(Path.Combine(root, "nothing")).Refusal.ShouldBe(FileRefusal.Missing);
        ReadWithDeadline(Path.Combine(root, "no-dir", "nothing")).Refusal.ShouldBe(FileRefusal.Missing);
    }

    [Fact]
    public void A_file_over_the_limit_is_refused_without_reading_it_whole()
    {
        var path = Write(root, "big", new string('x', 5000));

        var content = ReadWithDeadline(path, max: 4096);

        content.Refusal.ShouldBe(FileRefusal.TooLarge);
        content.Reason.ShouldContain("larger than 4096 bytes");
        ReadWithDeadline(path, max: 5000).Bytes!.Length.ShouldBe(5000);
    }

    [Fact]
    public void A_file_the_system_cannot_read_is_unreadable()
    {
        // Reading /proc/self/mem from offset 0 fails with EIO whoever the user is, root included.
        var content = ReadWithDeadline("/proc/self/mem");

        content.Refusal.ShouldBeOneOf(FileRefusal.Unreadable, FileRefusal.NotRegular);
    }

    [Fact]
    public void A_link_out_of_the_root_is_refused_and_one_inside_it_is_followed()
    {
        var secret = Write(outside, "secret", "root:x:0:0\n");
        var inside = Write(root, "real/main.cf", "ok\n");
        File.CreateSymbolicLink(Path.Combine(root, "leak.cf"), secret);
        File.CreateSymbolicLink(Path.Combine(root, "ok.cf"), "real/main.cf");

        ReadWithDeadline(Path.Combine(root, "leak.cf"), boundary: root).Refusal.ShouldBe(FileRefusal.OutsideRoot);
        ReadWithDeadline(Path.Combine(root, "ok.cf"), boundary: root).Text().ShouldBe("ok\n");
        ReadWithDeadline(inside, boundary: root).Refusal.ShouldBe(FileRefusal.None);
    }

    [Fact]
    public void A_linked_directory_out_of_the_root_is_refused()
    {
        Write(outside, "hosts", "127.0.0.1 localhost\n");
        Directory.CreateSymbolicLink(Path.Combine(root, "etc"), outside);

        ReadWithDeadline(Path.Combine(root, "etc", "hosts"), boundary: root).Refusal.ShouldBe(FileRefusal.OutsideRoot);
    }

    [Fact]
    public void A_relative_link_that_climbs_out_through_a_linked_directory_is_refused()
    {
        Write(outside, "x/secret", "s\n");
        Directory.CreateSymbolicLink(Path.Combine(root, "up"), Path.Combine(outside, "x"));
        File.CreateSymbolicLink(Path.Combine(root, "main.cf"), "up/../x/secret");

        InputFile.RealPath(Path.Combine(root, "main.cf")).ShouldBe(Path.Combine(InputFile.RealPath(outside), "x", "secret"));
        ReadWithDeadline(Path.Combine(root, "main.cf"), boundary: root).Refusal.ShouldBe(FileRefusal.OutsideRoot);
    }

    [Fact]
    public void Real_paths_are_the_same_when_each_path_is_resolved_once_for_a_run()
    {
        Write(root, "real/main.cf", "x\n");
        Write(outside, "x/secret", "s\n");
        Directory.CreateSymbolicLink(Path.Combine(root, "linked"), Path.Combine(root, "real"));
        Directory.CreateSymbolicLink(Path.Combine(root, "up"), Path.Combine(outside, "x"));
        File.CreateSymbolicLink(Path.Combine(root, "real", "alias.cf"), "../up/../x/secret");
        File.CreateSymbolicLink(Path.Combine(root, "a"), "b");
        File.CreateSymbolicLink(Path.Combine(root, "b"), "a");
        string[] paths =
        [
            Path.Combine(root, "real", "main.cf"), Path.Combine(root, "linked", "main.cf"), Path.Combine(root, "linked", "alias.cf"),
            Path.Combine(root, "linked", "missing", "..", "main.cf"), Path.Combine(root, "up", "secret"), Path.Combine(root, "a"),
            Path.Combine(root, "linked") + "/", root, "/",
        ];
        var alone = paths.Select(InputFile.RealPath).ToList();

        using (InputFile.RememberRealPaths())
        {
            // Twice: the second time every directory is remembered.
            paths.Select(InputFile.RealPath).ShouldBe(alone);
            paths.Select(InputFile.RealPath).ShouldBe(alone);
        }

        alone[1].ShouldBe(Path.Combine(InputFile.RealPath(root), "real", "main.cf"));
        alone[2].ShouldBe(Path.Combine(InputFile.RealPath(outside), "x", "secret"));
    }

    [Fact]
    public void A_directory_said_to_be_no_link_resolves_to_its_real_path_through_its_parent()
    {
        // real/sub reached through a linked parent: what the walk says of sub (its parent's listing shows
        // no link there) must give the same real path as resolving it, and nothing outside a run's scope.
        Write(root, "real/sub/main.cf", "x\n");
        Directory.CreateSymbolicLink(Path.Combine(root, "linked"), Path.Combine(root, "real"));
        var sub = Path.Combine(root, "linked", "sub");
        var expected = Path.Combine(InputFile.RealPath(root), "real", "sub", "main.cf");

        InputFile.RememberNoLinkAt(sub);
        InputFile.RealPath(Path.Combine(sub, "main.cf")).ShouldBe(expected);

        using (InputFile.RememberRealPaths())
        {
            InputFile.RememberNoLinkAt(sub);
            InputFile.RealPath(sub).ShouldBe(Path.GetDirectoryName(expected));
            InputFile.RealPath(Path.Combine(sub, "main.cf")).ShouldBe(expected);
            ReadWithDeadline(Path.Combine(sub, "main.cf"), boundary: root).Refusal.ShouldBe(FileRefusal.None);
        }
    }

    public static TheoryData<string, string> PathsAndRoots()
    {
        var data = new TheoryData<string, string>();
        string[] roots = ["/", "//", "/a", "/a/", "/a//", "/a/b", "/a/b/", ""];
        string[] paths = ["/", "", "/a", "/a/", "/ab", "/a/b", "/a/bc", "/a/b/c", "/b", "a", "/a/b/", "//a"];
        foreach (var r in roots)
        {
            foreach (var p in paths)
            {
                data.Add(p, r);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PathsAndRoots))]
    public void Inside_says_what_the_prefix_with_a_separator_says(string path, string root)
    {
        // The comparison as it was written with strings (root trimmed of its separators, then "root/").
        var r = root.Length > 1 ? root.TrimEnd('/') : root;
        var expected = path == r || path.StartsWith(r.EndsWith('/') ? r : r + "/", StringComparison.Ordinal);

        InputFile.IsInside(path, root).ShouldBe(expected);
    }

    [Fact]
    public void A_circle_of_links_does_not_loop()
    {
        File.CreateSymbolicLink(Path.Combine(root, "a"), "b");
        File.CreateSymbolicLink(Path.Combine(root, "b"), "a");

        var content = ReadWithDeadline(Path.Combine(root, "a"), boundary: root);

        content.Refusal.ShouldNotBe(FileRefusal.None);
    }

    [Fact]
    public void Writing_is_refused_into_a_fifo_a_device_a_directory_and_through_a_link_out_of_the_root()
    {
        var fifo = Path.Combine(root, "out.sarif");
        MakeFifo(fifo);
        File.CreateSymbolicLink(Path.Combine(root, "linked.sarif"), Path.Combine(outside, "target"));

        InputFile.WriteProblem(fifo).ShouldNotBeNull();
        InputFile.WriteProblem("/dev/zero").ShouldNotBeNull();
        InputFile.WriteProblem("/dev/null").ShouldNotBeNull();
        InputFile.WriteProblem(root).ShouldNotBeNull();
        InputFile.WriteProblem(Path.Combine(root, "linked.sarif"), root)!.ShouldContain("outside");
        InputFile.WriteProblem(Path.Combine(root, "new.sarif"), root).ShouldBeNull();
        InputFile.WriteProblem(Write(root, "old.sarif", "{}"), root).ShouldBeNull();
    }
}

/// <summary>
/// Issue 14, item 8: the regular-file test must work on every glibc and on musl. libc exports
/// stat, lstat and fstat as symbols only since glibc 2.33, so the gate may call none of them; it
/// asks the open handle through the runtime's own shim instead.
/// </summary>
public sealed class InputFilePortabilityTests
{
    [Fact]
    public void The_gate_calls_no_libc_stat_symbol()
    {
        var entryPoints = typeof(InputFile).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.DeclaredOnly))
            .Select(m => m.GetCustomAttributes(typeof(System.Runtime.InteropServices.DllImportAttribute), false).OfType<System.Runtime.InteropServices.DllImportAttribute>().FirstOrDefault() is { } import
                ? (Library: import.Value, EntryPoint: import.EntryPoint ?? string.Empty)
                : default)
            .Where(x => x.Library is not null)
            .ToList();

        entryPoints.ShouldContain(("libc", "open"));
        entryPoints.ShouldContain(("libSystem.Native", "SystemNative_FStat"));
        entryPoints.Select(x => x.EntryPoint).ShouldAllBe(e => !e.Contains("stat", StringComparison.Ordinal) || e == "SystemNative_FStat");
    }
}
