using System.Text;

namespace ConfigLint.Core.Text;

/// <summary>
/// The decoded text of one configuration file, split into physical lines without their line
/// terminators. Postfix reads main.cf, master.cf and aliases line by line and trims a trailing
/// CR (CRLF files work), so lines here never contain '\r' or '\n'.
/// </summary>
public sealed class SourceText
{
    private SourceText(string path, IReadOnlyList<string> lines)
    {
        Path = path;
        Lines = lines;
    }

    /// <summary>The path as it is shown to the user (relative to the analysis root when there is one).</summary>
    public string Path { get; }

    /// <summary>Physical lines; index 0 is line 1.</summary>
    public IReadOnlyList<string> Lines { get; }

    public string LineText(int line) => line >= 1 && line <= Lines.Count ? Lines[line - 1] : string.Empty;

    public static SourceText FromString(string path, string text) => new(path, SplitLines(text));

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

        var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetString(bytes);
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            // A byte-order mark is not whitespace to Postfix: it becomes part of the first name.
            // We keep it so the differential tests see what Postfix sees.
        }

        return new SourceText(displayPath, SplitLines(text));
    }

    private static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                var end = i > start && text[i - 1] == '\r' ? i - 1 : i;
                lines.Add(text.Substring(start, end - start));
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            var end = text[^1] == '\r' ? text.Length - 1 : text.Length;
            lines.Add(text.Substring(start, end - start));
        }

        return lines;
    }
}
