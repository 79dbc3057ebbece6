using ConfigLint.Core.Findings;
using System.Text.Encodings.Web;
using System.Text.Json;
using ConfigLint.Core.Engine;
using ConfigLint.Core.Text;

namespace ConfigLint.Reporting;

/// <summary>
/// A plain JSON document for scripts. Unlike the other formats it always lists suppressed findings
/// (with <c>suppressed</c> set), so a script can see everything; <c>summary</c> counts only the
/// findings that are not suppressed, plus how many are.
/// </summary>
public sealed class JsonReporter : IReporter
{
    public string Format => "json";

    public void Write(ReportInput input, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);

        var tally = new FindingTally();
        var docs = input.Rules.ToDictionary(r => r.Id, r => SarifReporter.DocsBaseUri + SarifReporter.EncodeSegments(r.DocPath), StringComparer.Ordinal);
        using var sink = new TextWriterStream(output);
        using (var json = new Utf8JsonWriter(sink, JsonOutput.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("version", input.ToolVersion);
            if (input.Target is { } target)
            {
                json.WriteString("target", $"Postfix {target}");
            }

            json.WriteNumber("configurations", input.Configurations);
            json.WriteBoolean("complete", input.Errors.Count == 0);
            json.WriteStartArray("findings");
            foreach (var finding in ReportFindings.Visible(input, includeSuppressed: true, tally))
            {
                WriteFinding(json, finding, input, docs.GetValueOrDefault(finding.RuleId));
                JsonOutput.FlushIfFull(json);
            }

            json.WriteEndArray();

            json.WriteStartArray("notes");
            foreach (var note in input.Notes)
            {
                json.WriteStartObject();
                json.WriteString("level", note.Level.ToName());
                json.WriteString("message", note.Message);
                if (note.File is { } file)
                {
                    json.WriteString("file", file);
                }
                else
                {
                    json.WriteNull("file");
                }

                json.WriteEndObject();
                JsonOutput.FlushIfFull(json);
            }

            json.WriteEndArray();

            json.WriteStartArray("errors");
            foreach (var error in input.Errors)
            {
                json.WriteStringValue(error);
                JsonOutput.FlushIfFull(json);
            }

            json.WriteEndArray();

            json.WriteStartObject("summary");
            json.WriteNumber("error", tally.Errors);
            json.WriteNumber("warning", tally.Warnings);
            json.WriteNumber("note", tally.Notes);
            json.WriteNumber("suppressed", tally.Suppressed);
            if (input.Unlisted > 0)
            {
                // Only when the report limit left findings out, so other reports keep their shape.
                json.WriteNumber("unlisted", input.Unlisted);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        output.WriteLine();
    }

    private static void WriteFinding(Utf8JsonWriter json, Finding finding, ReportInput input, string? docs)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", finding.RuleId);
        json.WriteString("ruleName", finding.RuleName);
        if (docs is not null)
        {
            json.WriteString("docs", docs);
        }

        json.WriteString("severity", finding.Severity.ToName());
        json.WriteString("message", finding.Message);
        WriteSpan(json, finding.Span);

        json.WriteStartArray("related");
        foreach (var related in finding.Related)
        {
            json.WriteStartObject();
            WriteSpan(json, related.Span);
            json.WriteString("message", related.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        if (finding.Fix is { } fix)
        {
            json.WriteStartObject("fix");
            json.WriteString("description", fix.Description);
            json.WriteStartArray("replacements");
            foreach (var replacement in fix.Replacements)
            {
                json.WriteStartObject();
                WriteSpan(json, replacement.Span);
                json.WriteString("text", replacement.NewText);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("fix");
        }

        json.WriteString("fingerprint", ReportFindings.FingerprintOf(finding, input));

        if (finding.Suppression is { } suppression)
        {
            json.WriteStartObject("suppressed");
            json.WriteString("kind", SarifReporter.SuppressionKind(suppression));
            json.WriteString("justification", suppression.Justification);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("suppressed");
        }

        json.WriteEndObject();
    }

    private static void WriteSpan(Utf8JsonWriter json, Span span)
    {
        json.WriteString("file", span.File);
        json.WriteNumber("line", span.StartLine);
        json.WriteNumber("column", span.StartColumn);
        json.WriteNumber("endLine", span.EndLine);
        json.WriteNumber("endColumn", span.EndColumn);
    }
}

/// <summary>How json and SARIF are written: indented, UTF-8, non-ASCII kept readable.</summary>
internal static class JsonOutput
{
    // The relaxed encoder only stops escaping HTML-sensitive and non-ASCII characters; that is safe
    // because these documents are files, never embedded in HTML. Quotes and controls are still escaped.
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,

        // The same bytes on every OS, so golden files and fingerprints of the output compare.
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>How much a writer may hold before it is flushed to the output.</summary>
    private const int FlushBytes = 1 << 16;

    /// <summary>
    /// Hands what the writer holds to the output once it is more than 64 KiB: a report is written
    /// as it is made, not built whole in memory first (a SARIF log of 10,000 configurations is tens
    /// of megabytes, and as bytes and then one string it was three times that; issue 13).
    /// </summary>
    public static void FlushIfFull(Utf8JsonWriter json)
    {
        if (json.BytesPending >= FlushBytes)
        {
            json.Flush();
        }
    }
}

/// <summary>A write-only stream that decodes the UTF-8 written to it onto a <see cref="TextWriter"/>, piece by piece.</summary>
internal sealed class TextWriterStream(TextWriter output) : Stream
{
    // A sequence split between two writes is kept by the decoder until its end arrives.
    private readonly System.Text.Decoder decoder = new System.Text.UTF8Encoding(false).GetDecoder();
    private readonly char[] chars = new char[4096];

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            decoder.Convert(buffer, chars, flush: false, out var bytesUsed, out var charsUsed, out _);
            output.Write(chars, 0, charsUsed);
            buffer = buffer[bytesUsed..];
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <summary>Nothing to do: what is decoded is already written; the output's owner flushes it.</summary>
    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
