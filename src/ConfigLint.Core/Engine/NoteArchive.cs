using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;
using ConfigLint.Core.Findings;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Engine;

/// <summary>
/// The notes of a streamed run's configurations, kept as bytes until the end of the run, where every
/// format writes them (<see cref="FindingStream"/>). A note kept as its objects (the record, its two
/// strings, each configuration's list) took about 0.4 KB, which for 10,000 configurations was 4 MiB of
/// the peak that was meant to stay flat (issue 13); as UTF-8 in 64 KiB chunks it takes about a quarter
/// of that. The notes come back exactly as they were put in: a text that is not valid UTF-16 (a lone
/// surrogate) is kept as UTF-16. Each note's file keeps with it the path the repository holds it at, or
/// that it was not read (reporters ask both when they write the notes): kept as a dictionary beside the
/// archive, those were another 0.1 KB a configuration (the file of its "no aliases" note, twice).
/// </summary>
internal sealed class NoteArchive
{
    private const int ChunkSize = 1 << 16;
    private const byte Absent = 0, Utf8Text = 1, Utf16Text = 2, SameAsFile = 3;

    private readonly List<byte[]> chunks = [];
    private readonly long[] start;
    private readonly int[] count;
    private long length;

    /// <param name="configurations">How many configurations the run has; notes are kept by their index.</param>
    public NoteArchive(int configurations)
    {
        start = new long[configurations];
        count = new int[configurations];
    }

    /// <summary>
    /// Keeps the notes of the configuration at <paramref name="index"/> (once per index).
    /// <paramref name="repositoryPathOf"/>: where the repository holds a note's file, or null for a file
    /// that was not read.
    /// </summary>
    public void Keep(int index, IReadOnlyList<ToolNote> notes, Func<string, string?> repositoryPathOf)
    {
        start[index] = length;
        count[index] = notes.Count;
        foreach (var note in notes)
        {
            Write([(byte)note.Level]);
            Write(note.Message);
            Write(note.File);
            if (note.File is { } file && repositoryPathOf(file) is { } repositoryPath)
            {
                if (repositoryPath == file)
                {
                    Write([SameAsFile]);
                }
                else
                {
                    Write(repositoryPath);
                }
            }
            else
            {
                Write([Absent]);
            }
        }
    }

    /// <summary>Every note kept, in the order of the configurations' indexes, each configuration's in the order it gave them.</summary>
    public IEnumerable<KeptNote> All()
    {
        for (var index = 0; index < start.Length; index++)
        {
            var at = start[index];
            for (var i = 0; i < count[index]; i++)
            {
                var level = (Severity)Read(ref at, 1)[0];
                var message = ReadText(ref at)!;
                var file = ReadText(ref at);
                var repositoryPath = ReadText(ref at, sameAs: file);
                yield return new KeptNote(new ToolNote(level, message, file), repositoryPath);
            }
        }
    }

    private void Write(string? text)
    {
        if (text is null)
        {
            Write([Absent]);
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(Encoding.UTF8.GetMaxByteCount(text.Length), text.Length * 2));
        try
        {
            // Without replacing: a lone surrogate makes the text invalid, and it is then kept as UTF-16.
            var utf8 = Utf8.FromUtf16(text, buffer, out _, out var written, replaceInvalidSequences: false) == OperationStatus.Done;
            if (!utf8)
            {
                // The chars as they are (an encoder would replace the lone surrogate).
                var chars = MemoryMarshal.AsBytes(text.AsSpan());
                chars.CopyTo(buffer);
                written = chars.Length;
            }

            Span<byte> header = stackalloc byte[5];
            header[0] = utf8 ? Utf8Text : Utf16Text;
            BitConverter.TryWriteBytes(header[1..], written);
            Write(header);
            Write(buffer.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length > 0)
        {
            var within = (int)(length % ChunkSize);
            if (within == 0 && length / ChunkSize == chunks.Count)
            {
                chunks.Add(new byte[ChunkSize]);
            }

            var part = Math.Min(bytes.Length, ChunkSize - within);
            bytes[..part].CopyTo(chunks[(int)(length / ChunkSize)].AsSpan(within));
            bytes = bytes[part..];
            length += part;
        }
    }

    private string? ReadText(ref long at, string? sameAs = null)
    {
        var kind = Read(ref at, 1)[0];
        if (kind is Absent or SameAsFile)
        {
            return kind == SameAsFile ? sameAs : null;
        }

        var size = BitConverter.ToInt32(Read(ref at, 4));
        var bytes = Read(ref at, size);
        return kind == Utf8Text ? Encoding.UTF8.GetString(bytes) : new string(MemoryMarshal.Cast<byte, char>(bytes));
    }

    private byte[] Read(ref long at, int size)
    {
        var bytes = new byte[size];
        var done = 0;
        while (done < size)
        {
            var within = (int)(at % ChunkSize);
            var part = Math.Min(size - done, ChunkSize - within);
            chunks[(int)(at / ChunkSize)].AsSpan(within, part).CopyTo(bytes.AsSpan(done));
            done += part;
            at += part;
        }

        return bytes;
    }
}

/// <summary>A note as it was kept, with where the repository holds its file (null: no file, or a file that was not read).</summary>
internal sealed record KeptNote(ToolNote Note, string? RepositoryPath);
