using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace ConfigLint.Core.Text;

/// <summary>Why <see cref="InputFile"/> did not return a file's bytes.</summary>
public enum FileRefusal
{
    /// <summary>The bytes were read.</summary>
    None,

    /// <summary>There is no such file.</summary>
    Missing,

    /// <summary>It is a directory.</summary>
    Directory,

    /// <summary>A named pipe, socket or device: opening or reading it may block forever or never end.</summary>
    NotRegular,

    /// <summary>A symbolic link (of the file or a directory on its path) leads outside the analysed root.</summary>
    OutsideRoot,

    /// <summary>Larger than the limit for its kind of file.</summary>
    TooLarge,

    /// <summary>The system refused to open or read it (permissions, I/O error).</summary>
    Unreadable,
}

/// <summary>What <see cref="InputFile.Read"/> found: the bytes, or why there are none.</summary>
public sealed record FileContent(byte[]? Bytes, FileRefusal Refusal, string Detail = "")
{
    /// <summary>The reason, as the end of a sentence that starts with the file's name ("is a directory").</summary>
    public string Reason => Refusal switch
    {
        FileRefusal.None => "was read",
        FileRefusal.Missing => "does not exist",
        FileRefusal.Directory => "is a directory, expected a file",
        FileRefusal.NotRegular => "is not a regular file (a named pipe, socket or device); ConfigLint does not open it",
        FileRefusal.OutsideRoot => "is a symbolic link, or lies under one, that leads outside the analysed directory; ConfigLint does not follow it",
        FileRefusal.TooLarge => $"is larger than {Detail}; ConfigLint does not read files that large",
        _ => $"cannot be read: {Detail}",
    };

    /// <summary>The bytes decoded as text (UTF-8 unless a byte-order mark says otherwise), as <see cref="File.ReadAllText(string)"/> would.</summary>
    public string Text()
    {
        using var reader = new StreamReader(new MemoryStream(Bytes ?? []), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }
}

/// <summary>
/// The one gate every file ConfigLint reads goes through: main.cf, master.cf, aliases,
/// <c>/file/name</c> pattern files, <c>.configlint.yml</c>, <c>--config</c>, <c>--baseline</c> and
/// rule manifests (issue 14). It
/// <list type="bullet">
/// <item>resolves every symbolic link on the path and refuses a file that ends up outside the
/// analysed root, so <c>main.cf -&gt; /etc/shadow</c> in a pull request cannot leak the runner's
/// files into a SARIF log or CI annotations;</item>
/// <item>opens with <c>O_NONBLOCK</c> and asks <c>fstat</c> on the open handle what it is, so a FIFO
/// never blocks the open and a FIFO, socket or device (<c>/dev/zero</c>) is never read; the
/// question goes to the runtime's own fstat, which exists on every glibc (also before 2.33, where
/// libc has no <c>stat</c> symbol) and on musl;</item>
/// <item>reads at most the size limit of its kind of file.</item>
/// </list>
/// </summary>
public static partial class InputFile
{
    /// <summary>main.cf, master.cf, aliases and pattern files (a 1,000,000-line aliases file is 33 MB).</summary>
    public const long MaxConfigBytes = 64L << 20;

    /// <summary><c>.configlint.yml</c> and rule manifests.</summary>
    public const long MaxSettingsBytes = 1L << 20;

    /// <summary>Baselines (one entry per accepted finding).</summary>
    public const long MaxBaselineBytes = 64L << 20;

    private const int FileTypeMask = 0xF000;
    private const int RegularType = 0x8000;
    private const int DirectoryType = 0x4000;

    /// <summary>
    /// Reads a file: at most <paramref name="maxBytes"/>, only a regular file, and, when
    /// <paramref name="root"/> is given, only when every link on the way stays inside it.
    /// Never throws for the reasons a user's file can be bad.
    /// </summary>
    public static FileContent Read(string path, long maxBytes, string? root = null) => Read(path, maxBytes, root, int.MaxValue);

    /// <summary>
    /// <see cref="Read(string, long, string?)"/>, but only the first <paramref name="head"/> bytes
    /// come back: the gates and the size limit are the same, and a file that is only looked into
    /// (is it a template?) is not read whole (a 53 MB aliases file was, once more than needed).
    /// </summary>
    public static FileContent ReadHead(string path, long maxBytes, int head, string? root = null) => Read(path, maxBytes, root, head);

    private static FileContent Read(string path, long maxBytes, string? root, int head)
    {
        string full;
        try
        {
            full = Path.GetFullPath(path);
            if (root is not null && overlay.Value is null && ReadWithoutLinkAtEnd(full, root, maxBytes, head) is { } read)
            {
                return read;
            }

            if (root is not null && !IsInside(RealPath(full), RealPath(root)))
            {
                return new FileContent(null, FileRefusal.OutsideRoot);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return new FileContent(null, FileRefusal.Unreadable, e.Message);
        }

        if (overlay.Value is { } pending && pending.TryGetValue(full, out var edited))
        {
            // configlint fix: the file as the fixes so far have left it (the disk is only written at the end).
            return edited.LongLength > maxBytes
                ? new FileContent(null, FileRefusal.TooLarge, $"{maxBytes:N0} bytes")
                : new FileContent(edited, FileRefusal.None);
        }

        return OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD()
            ? ReadUnix(full, maxBytes, head)
            : ReadManaged(full, maxBytes, head);
    }

    private static readonly AsyncLocal<IReadOnlyDictionary<string, byte[]>?> overlay = new();

    /// <summary>
    /// Reads through <paramref name="edited"/> (full path → bytes) instead of the disk until the
    /// returned scope ends, on this flow of execution only: <c>configlint fix</c> lints its own
    /// repairs before anything is written. Every other check of the gate (links out of the root,
    /// what kind of file it is, as the disk has it) still applies to the real path first.
    /// </summary>
    public static IDisposable Overlay(IReadOnlyDictionary<string, byte[]> edited)
    {
        var previous = overlay.Value;
        overlay.Value = edited;
        return new OverlayScope(previous);
    }

    private sealed class OverlayScope(IReadOnlyDictionary<string, byte[]>? previous) : IDisposable
    {
        public void Dispose() => overlay.Value = previous;
    }

    /// <summary>
    /// Why a report cannot be written to <paramref name="path"/>, or null when it can: an existing
    /// target must be a regular file (a FIFO would block the write, a device swallow it), and, with
    /// <paramref name="root"/>, a link must not lead outside it.
    /// </summary>
    public static string? WriteProblem(string path, string? root = null)
    {
        try
        {
            var full = Path.GetFullPath(path);
            if (System.IO.Directory.Exists(full))
            {
                return "is a directory";
            }

            if (root is not null && !IsInside(RealPath(full), RealPath(root)))
            {
                return "is a symbolic link, or lies under one, that leads outside the analysed directory; ConfigLint does not write through it";
            }

            var info = new FileInfo(full);
            if (!info.Exists && info.LinkTarget is null)
            {
                return null;
            }

            if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD())
            {
                // Open for writing without blocking (a FIFO without a reader fails with ENXIO, one with a
                // reader opens) and ask the handle what it is; nothing is written or truncated here.
                var fd = Open(full, OpenFlags.WriteOnly);
                if (fd < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    return errno == Errno.NoDeviceOrAddress ? "is not a regular file (a named pipe, socket or device)" : null;
                }

                using var handle = new SafeFileHandle(fd, ownsHandle: true);
                return TypeOf(handle) is { } type && type != RegularType ? "is not a regular file (a named pipe, socket or device)" : null;
            }

            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or lies under it (both full, '/'-separated paths).</summary>
    public static bool IsInside(string path, string root)
    {
        // Compared in place: every read through the gate asks, and a string made per call (root + "/") was
        // 2 % of a fleet walk's reading threads.
        var r = root.Length > 1 ? root.AsSpan().TrimEnd(Path.DirectorySeparatorChar) : root.AsSpan();
        var p = path.AsSpan();
        if (r.IsEmpty)
        {
            // A root of separators alone ("//") is the file system's root.
            return p.IsEmpty || p[0] == Path.DirectorySeparatorChar;
        }

        if (!p.StartsWith(r, StringComparison.Ordinal))
        {
            return false;
        }

        return p.Length == r.Length || r[^1] == Path.DirectorySeparatorChar || p[r.Length] == Path.DirectorySeparatorChar;
    }

    /// <summary>
    /// A full path with every symbolic link on it resolved (realpath(3)), following at most 40
    /// links; the parts that do not exist are kept as written. When a link cannot be read the path
    /// is returned with what was resolved so far.
    /// </summary>
    public static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var known = realPaths.Value;
        if (known is not null && known.TryGetValue(full, out var resolved))
        {
            // Asked before: without taking the path apart again (two strings a call).
            return resolved;
        }

        if (known is not null && Path.GetDirectoryName(full) is { } directory && Path.GetFileName(full) is { Length: > 0 } name)
        {
            // The directory as resolved before (its own parent the same way), then the last part: a
            // link there is resolved from the start, as below, so the answer is the same.
            var next = Path.Combine(known.TryGetValue(directory, out var realDirectory) ? realDirectory : RealPath(directory), name);
            var real = LinkTargetOf(next) is null ? next : Resolve(full);
            known.Remember(full, real);
            return real;
        }

        return Resolve(full);
    }

    private static readonly AsyncLocal<RealPathMemo?> realPaths = new();

    /// <summary>
    /// Tells <see cref="RealPath"/>, for the rest of the run's scope (<see cref="RememberRealPaths"/>), that the
    /// last part of <paramref name="directory"/> is no symbolic link: its parent's listing said so (the
    /// entry's type comes with getdents(2)). Its real path is then its parent's with its name, without a
    /// readlink(2) of its own; a fleet's walk and its checks each asked one for every configuration's
    /// directory. Nothing is remembered outside such a scope.
    /// </summary>
    public static void RememberNoLinkAt(string directory)
    {
        if (realPaths.Value is not { } known || known.TryGetValue(directory, out _)
            || Path.GetDirectoryName(directory) is not { } parent || Path.GetFileName(directory) is not { Length: > 0 } name)
        {
            return;
        }

        known.Remember(directory, Path.Combine(RealPath(parent), name));
    }

    /// <summary>
    /// Resolved paths, a window of them: a fleet's files and directories are each asked about a few
    /// times, close together. (ConcurrentDictionary.Count takes every lock, so the size is counted apart.)
    /// The window is small: its paths outlive the young collections and were let go in the old
    /// generation all at once, which with 4,096 of them kept a 10,000-configuration run at 35 gen 1 and
    /// 12 gen 2 collections and 7 MiB above its 1,000-configuration peak (with 256: 7 to 10 and 2 to 4,
    /// and 3 % more readlink calls; issue 13). It is two windows, the current one and the one before: a
    /// window emptied at once forgot the files the report was about to ask for (it takes a configuration's
    /// files up to 32 configurations after a worker read them), and the report thread asked readlink(2)
    /// again for a third of them.
    /// </summary>
    private sealed class RealPathMemo
    {
        private const int Max = 256;
        private readonly Lock turn = new();
        private int count;
        private volatile System.Collections.Concurrent.ConcurrentDictionary<string, string> current = new(StringComparer.Ordinal);
        private volatile System.Collections.Concurrent.ConcurrentDictionary<string, string> previous = new(StringComparer.Ordinal);

        public bool TryGetValue(string path, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out string real) =>
            current.TryGetValue(path, out real) || previous.TryGetValue(path, out real);

        public void Remember(string path, string real)
        {
            if (Interlocked.Increment(ref count) > Max)
            {
                lock (turn)
                {
                    if (Volatile.Read(ref count) > Max)
                    {
                        previous = current;
                        current = new(StringComparer.Ordinal);
                        Volatile.Write(ref count, 1);
                    }
                }
            }

            current[path] = real;
        }
    }

    /// <summary>
    /// Until the returned scope ends, on this flow of execution, <see cref="RealPath"/> resolves each
    /// path and directory once: a check of 10,000 configurations read every file through the gate two
    /// or three times, each time with one readlink(2) per part of its path and of the root's. Links that
    /// change while the scope is open are not seen, so a scope is one run.
    /// </summary>
    public static IDisposable RememberRealPaths()
    {
        var previous = realPaths.Value;
        realPaths.Value = new RealPathMemo();
        return new RealPathsScope(previous);
    }

    private sealed class RealPathsScope(RealPathMemo? previous) : IDisposable
    {
        public void Dispose() => realPaths.Value = previous;
    }

    /// <summary>Where the symbolic link <paramref name="path"/> points, or null when it is none (or cannot be read: readlink(2)).</summary>
    internal static string? LinkTargetOf(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Resolve(string full)
    {
        var root = Path.GetPathRoot(full) ?? "/";
        var pending = new LinkedList<string>(full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries));
        var result = root;
        var hops = 0;
        while (pending.First is { } first)
        {
            var part = first.Value;
            pending.RemoveFirst();
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                result = Path.GetDirectoryName(result) ?? root;
                continue;
            }

            var next = Path.Combine(result, part);
            var target = LinkTargetOf(next);
            if (target is null || ++hops > 40)
            {
                result = next;
                continue;
            }

            // Resolve the target in place of the link: its own parts may be links too.
            if (Path.IsPathRooted(target))
            {
                result = Path.GetPathRoot(target) ?? root;
            }

            foreach (var t in target.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse())
            {
                pending.AddFirst(t);
            }
        }

        return result;
    }

    /// <summary>
    /// A file of the root read without asking readlink(2) whether its last part is a link: its directory
    /// is resolved (<see cref="RealPath"/>, remembered within a run) and lies inside the root, and the
    /// open itself refuses to follow a link there (O_NOFOLLOW, ELOOP), so what is opened is the directory's
    /// real path and the name. Null when that cannot be said: the directory resolves outside the root (a
    /// link at the end might lead back in), the last part is a link, or this system's O_NOFOLLOW is not
    /// known here; the caller then resolves the whole path as before. A fleet's configuration read four
    /// files through the gate, each with a readlink of its own.
    /// </summary>
    private static FileContent? ReadWithoutLinkAtEnd(string full, string root, long maxBytes, int head)
    {
        if (NoFollowFlag() is not { } noFollow || Path.GetDirectoryName(full) is not { } directory || Path.GetFileName(full) is not { Length: > 0 } name)
        {
            return null;
        }

        var direct = Path.Combine(RealPath(directory), name);
        if (!IsInside(direct, RealPath(root)))
        {
            return null;
        }

        var content = ReadUnix(direct, maxBytes, head, noFollow);
        if (ReferenceEquals(content, LinkAtEnd))
        {
            return null;
        }

        // What RealPath would answer for it (the last part is no link; a missing one is kept as written).
        realPaths.Value?.Remember(full, direct);
        return content;
    }

    /// <summary>
    /// O_NOFOLLOW where its number is certain: Linux on x86-64 (0400000). Other architectures number it
    /// differently (arm64: 0100000, where 0400000 is O_LARGEFILE and would follow the link), so they take
    /// the readlink path rather than a guess that could let a link out of the root.
    /// </summary>
    private static int? NoFollowFlag() =>
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 0x20000 : null;

    /// <summary>What <see cref="ReadUnix"/> answers when O_NOFOLLOW met a link (never returned to a caller of the gate).</summary>
    private static readonly FileContent LinkAtEnd = new(null, FileRefusal.Unreadable, "a symbolic link");

    private static FileContent ReadUnix(string full, long maxBytes, int head, int extraFlags = 0)
    {
        int fd;
        try
        {
            fd = Open(full, OpenFlags.ReadOnly, extraFlags);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return extraFlags != 0 ? LinkAtEnd : ReadManaged(full, maxBytes, head);
        }

        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (extraFlags != 0 && errno == Errno.TooManyLinks)
            {
                return LinkAtEnd;
            }

            return errno switch
            {
                Errno.NoEntry or Errno.NotDirectory => new FileContent(null, FileRefusal.Missing),
                Errno.NoDeviceOrAddress => new FileContent(null, FileRefusal.NotRegular),
                _ => new FileContent(null, FileRefusal.Unreadable, Marshal.GetPInvokeErrorMessage(errno)),
            };
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        var status = StatusOf(handle);
        if (status?.Type == DirectoryType)
        {
            return new FileContent(null, FileRefusal.Directory);
        }

        if (status is not { Type: RegularType } regular)
        {
            // Anything else, or a runtime that cannot say: never read (a device may never end).
            return new FileContent(null, FileRefusal.NotRegular);
        }

        return ReadHandle(handle, maxBytes, head, regular.Size);
    }

    /// <summary>The size up to which a file is read with one call and copied once (a copy of a large file would double its peak).</summary>
    private const int OneReadLimit = 64 * 1024;

    /// <summary>
    /// Reads an open regular file. <paramref name="knownSize"/>: the size fstat gave, and the file is
    /// then read with pread(2) straight through the runtime's shim; without it, through RandomAccess,
    /// which asks fstat(2) and lseek(2) again for every file (eight of a fleet configuration's 60 system
    /// calls: discovery looks into main.cf and master.cf, and the model reads them).
    /// </summary>
    private static FileContent ReadHandle(SafeFileHandle handle, long maxBytes, int head, long? knownSize = null)
    {
        int ReadAt(Span<byte> into, long offset)
        {
            if (knownSize is null)
            {
                return RandomAccess.Read(handle, into, offset);
            }

            var read = PRead(handle, ref MemoryMarshal.GetReference(into), into.Length, offset);
            return read >= 0 ? read : throw new IOException(Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()));
        }

        try
        {
            var length = knownSize ?? RandomAccess.GetLength(handle);
            if (length > maxBytes)
            {
                return new FileContent(null, FileRefusal.TooLarge, Size(maxBytes));
            }

            if (length > head)
            {
                var part = new byte[head];
                var got = 0;
                while (got < head && ReadAt(part.AsSpan(got), got) is var read and > 0)
                {
                    got += read;
                }

                return new FileContent(got == head ? part : part[..got], FileRefusal.None);
            }

            if (head == int.MaxValue && knownSize is not null && length is > 0 and <= OneReadLimit)
            {
                // A small file in one pread(2): with room for a byte more than fstat said, a read that
                // stops at that size has met the end, without a second call to find it (two of a fleet
                // configuration's system calls). Anything else (it grew, or the read came short) is read
                // again below as any file is.
                var room = new byte[length + 1];
                if (ReadAt(room, 0) == length)
                {
                    return new FileContent(room[..(int)length], FileRefusal.None);
                }
            }

            // Read to the end, but never past the limit: a file that grows while it is read is cut
            // off and refused like one that was too large to begin with.
            // The size fstat gives (a 300-byte main.cf took a 4 KiB buffer and a copy: 15 KB for every
            // directory of a fleet's discovery); 4 KiB for a file that says it is empty (procfs).
            var buffer = new byte[length > 0 ? length : 4096];
            Span<byte> probe = stackalloc byte[1];
            long total = 0;
            while (true)
            {
                if (total == buffer.Length && total == length && (head < int.MaxValue || ReadAt(probe, total) == 0))
                {
                    // Exactly the size fstat gave: the buffer is the content, not doubled to find the end
                    // and then copied (a 53 MB aliases file cost 212 MB that way; issue 13). A look into the
                    // head of a file (is it a template?) takes what fstat said was there without asking
                    // whether more came since: two system calls a configuration in a fleet's discovery.
                    break;
                }

                if (total == buffer.Length)
                {
                    if (buffer.Length > maxBytes)
                    {
                        return new FileContent(null, FileRefusal.TooLarge, Size(maxBytes));
                    }

                    Array.Resize(ref buffer, (int)Math.Min(maxBytes + 1, buffer.Length * 2L));
                }

                var read = ReadAt(buffer.AsSpan((int)total), total);
                if (read == 0)
                {
                    break;
                }

                total += read;
            }

            if (total > maxBytes)
            {
                return new FileContent(null, FileRefusal.TooLarge, Size(maxBytes));
            }

            return new FileContent(total == buffer.Length ? buffer : buffer[..(int)total], FileRefusal.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return new FileContent(null, FileRefusal.Unreadable, e.Message);
        }
    }

    /// <summary>Windows: no FIFOs or devices among ordinary paths; .NET refuses directories itself.</summary>
    private static FileContent ReadManaged(string full, long maxBytes, int head)
    {
        try
        {
            if (System.IO.Directory.Exists(full))
            {
                return new FileContent(null, FileRefusal.Directory);
            }

            if (!File.Exists(full))
            {
                return new FileContent(null, FileRefusal.Missing);
            }

            using var handle = File.OpenHandle(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return ReadHandle(handle, maxBytes, head);
        }
        catch (FileNotFoundException)
        {
            return new FileContent(null, FileRefusal.Missing);
        }
        catch (DirectoryNotFoundException)
        {
            return new FileContent(null, FileRefusal.Missing);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return new FileContent(null, FileRefusal.Unreadable, e.Message);
        }
    }

    private static string Size(long bytes) => bytes % (1 << 20) == 0 ? $"{bytes >> 20} MiB" : $"{bytes} bytes";

    /// <summary>The file type bits of an open handle (S_IFREG, S_IFDIR, …), or null when the runtime cannot say.</summary>
    private static int? TypeOf(SafeFileHandle handle) => StatusOf(handle)?.Type;

    /// <summary>The file type bits and the size of an open handle, or null when the runtime cannot say.</summary>
    private static (int Type, long Size)? StatusOf(SafeFileHandle handle)
    {
        try
        {
            // The runtime's own shim (libSystem.Native, shipped with every .NET on every libc) fills
            // its FileStatus: int Flags, int Mode (S_IF* bits as POSIX numbers them), ...
            // ... uint Uid, uint Gid, long Size (pal_io.h FileStatus).
            // On the stack: every file read through the gate asks (a 256-byte array each was 1 % of a fleet's allocations).
            Span<byte> status = stackalloc byte[256];
            return FStat(handle, ref MemoryMarshal.GetReference(status)) == 0
                ? (BitConverter.ToInt32(status[4..]) & FileTypeMask, BitConverter.ToInt64(status[16..]))
                : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    private static int Open(string path, OpenFlags access, int extraFlags = 0)
    {
        var flags = (int)access | NonBlockingFlags() | extraFlags;
        return OpenNative(path, flags, 0);
    }

    /// <summary>O_NONBLOCK | O_CLOEXEC (| O_NOCTTY on Linux) as this system numbers them (every architecture .NET runs Linux on uses the generic values).</summary>
    private static int NonBlockingFlags() =>
        OperatingSystem.IsLinux() ? 0x800 | 0x80000 | 0x100
        : OperatingSystem.IsMacOS() ? 0x0004 | 0x01000000
        : 0x0004 | 0x00100000;

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int OpenNative(string path, int flags, int mode);

    [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_FStat", SetLastError = true)]
    private static partial int FStat(SafeFileHandle fd, ref byte status);

    /// <summary>pread(2) as the runtime's shim does it (pal_io.c SystemNative_PRead, which retries on EINTR): bytes read, 0 at the end, -1 with errno.</summary>
    [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_PRead", SetLastError = true)]
    private static partial int PRead(SafeFileHandle fd, ref byte buffer, int bufferSize, long fileOffset);

    private enum OpenFlags
    {
        ReadOnly = 0,
        WriteOnly = 1,
    }

    /// <summary>The errno values the gate tells apart (the same numbers on Linux, macOS and the BSDs).</summary>
    private static class Errno
    {
        public const int NoEntry = 2;
        public const int NoDeviceOrAddress = 6;
        public const int NotDirectory = 20;

        /// <summary>ELOOP as Linux numbers it (every architecture): O_NOFOLLOW met a link.</summary>
        public const int TooManyLinks = 40;
    }
}
