using System.Text;

namespace ConfigLint.Core.Text;

/// <summary>
/// The text of one configuration file, as physical lines without their line terminators. Postfix
/// reads main.cf, master.cf and aliases line by line and trims a trailing CR (CRLF files work), so
/// lines here never contain '\r' or '\n'. The file is kept as the UTF-8 bytes it was read as, with
/// the offset where each line starts, and a line is decoded when it is asked for: a 1,000,000-line
/// aliases file is 53 MB of bytes, and as a million strings it was three times that (issue 13).
/// </summary>
public sealed class SourceText
{
    /// <summary>Invalid UTF-8 becomes U+FFFD; Postfix itself does not care about encodings, and the bytes it sees are still reported at the right line.</summary>
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly byte[] utf8;

    /// <summary>Where each line starts in <see cref="utf8"/>, and one more entry: where the line after the last would start.</summary>
    private readonly int[] lineStarts;

    private SourceText(string path, byte[] utf8)
    {
        Path = path;
        this.utf8 = utf8;
        lineStarts = LineStarts(utf8);
        // A list that decodes each line when it is read and keeps none.
        Lines = new ReadOnlyView<string>(() => LineCount, i => LineText(i + 1));
    }

    /// <summary>The path as it is shown to the user (relative to the analysis root when there is one).</summary>
    public string Path { get; }

    /// <summary>How many physical lines the file has.</summary>
    public int LineCount => lineStarts.Length - 1;

    /// <summary>Physical lines; index 0 is line 1. Each is decoded when it is read.</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>Line <paramref name="line"/> (1-based) decoded, or the empty string past either end.</summary>
    public string LineText(int line) => line >= 1 && line <= LineCount ? Utf8.GetString(LineBytes(line)) : string.Empty;

    /// <summary>
    /// How many characters <see cref="LineText"/> gives for line <paramref name="line"/>, without making the
    /// string: a span to the end of a line is asked for at every logical line of a file.
    /// </summary>
    public int LineLength(int line) => line >= 1 && line <= LineCount ? Utf8.GetCharCount(LineBytes(line)) : 0;

    /// <summary>The whole file as the bytes it was read as; <see cref="LineStart"/> says where a line begins in them.</summary>
    public ReadOnlySpan<byte> Bytes => utf8;

    /// <summary>Where line <paramref name="line"/> (1-based, at most <see cref="LineCount"/>) begins in <see cref="Bytes"/>.</summary>
    public int LineStart(int line) => lineStarts[line - 1];

    /// <summary>Line <paramref name="line"/> (1-based) as the bytes of the file, without its terminator (empty past either end).</summary>
    public ReadOnlySpan<byte> LineBytes(int line)
    {
        if (line < 1 || line > LineCount)
        {
            return [];
        }

        var start = lineStarts[line - 1];
        var end = lineStarts[line];

        // The '\n' that ends every line but perhaps the last, then one '\r' before it (Postfix trims a CR at the end of a line).
        if (end > start && utf8[end - 1] == (byte)'\n')
        {
            end--;
        }

        if (end > start && utf8[end - 1] == (byte)'\r')
        {
            end--;
        }

        return utf8.AsSpan(start, end - start);
    }

    public static SourceText FromString(string path, string text) => new(path, Utf8.GetBytes(text));

    /// <summary>
    /// Reads a file through <see cref="InputFile"/>, never throwing for the reasons a user's file can
    /// be bad: missing, a directory, a FIFO or device, a link out of <paramref name="root"/>, too
    /// large, unreadable, binary. Those come back as a <see cref="Diagnostic"/> and a null text
    /// (a missing file only when <paramref name="reportMissing"/>). Invalid UTF-8 is decoded with
    /// replacement characters (Postfix itself does not care about encodings; the bytes it sees are
    /// still reported at the right line).
    /// </summary>
    public static SourceText? Load(string fullPath, string displayPath, ICollection<Diagnostic> diagnostics, string? root = null, bool reportMissing = true)
    {
        var content = InputFile.Read(fullPath, InputFile.MaxConfigBytes, root);
        if (content.Bytes is not { } bytes)
        {
            if (content.Refusal != FileRefusal.Missing || reportMissing)
            {
                diagnostics.Add(new Diagnostic(content.Refusal == FileRefusal.TooLarge ? DiagnosticKind.AnalysisLimit : DiagnosticKind.UnreadableFile, Span.FileStart(displayPath), $"'{displayPath}' {content.Reason}."));
            }

            return null;
        }

        var nul = Array.IndexOf(bytes, (byte)0);
        if (nul >= 0)
        {
            var line = 1;
            for (var i = 0; i < nul; i++)
            {
                if (bytes[i] == (byte)'\n')
                {
                    line++;
                }
            }

            diagnostics.Add(new Diagnostic(DiagnosticKind.UnreadableFile, new Span(displayPath, line, 1, line, 1), $"'{displayPath}' is not a text file (NUL byte on line {line}); Postfix cannot read it as configuration."));
            return null;
        }

        return new SourceText(displayPath, bytes);
    }

    private static int[] LineStarts(byte[] bytes)
    {
        // Counted first, so the array is made once at its size (a million lines, 4 MB).
        var count = bytes.AsSpan().Count((byte)'\n');
        var trailing = bytes.Length > 0 && bytes[^1] != (byte)'\n';
        var starts = new int[count + (trailing ? 1 : 0) + 1];
        var n = 1;
        var at = 0;
        while (at < bytes.Length && bytes.AsSpan(at).IndexOf((byte)'\n') is var i and >= 0)
        {
            at += i + 1;
            starts[n++] = at;
        }

        starts[^1] = bytes.Length;
        return starts;
    }
}
