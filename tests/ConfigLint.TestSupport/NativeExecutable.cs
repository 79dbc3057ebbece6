namespace ConfigLint.TestSupport;

/// <summary>Whether a file is a native executable: ELF's magic (the native configlint; a package's command).</summary>
public static class NativeExecutable
{
    private static readonly byte[] ElfMagic = [0x7f, (byte)'E', (byte)'L', (byte)'F'];

    /// <summary>True when <paramref name="stream"/> starts with ELF's four magic bytes.</summary>
    public static bool IsElf(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var magic = new byte[ElfMagic.Length];
        return stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false) == magic.Length && magic.AsSpan().SequenceEqual(ElfMagic);
    }

    /// <summary>True when the file at <paramref name="path"/> starts with ELF's four magic bytes.</summary>
    public static bool IsElf(string path)
    {
        using var stream = File.OpenRead(path);
        return IsElf(stream);
    }
}
