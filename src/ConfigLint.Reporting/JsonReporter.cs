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

        var findings = input.Findings;
        var docs = input.Rules.ToDictionary(r => r.Id, r => SarifReporter.DocsBaseUri + SarifReporter.EncodeSegments(r.DocPath), StringComparer.Ordinal);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOutput.WriterOptions))
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
            foreach (var finding in findings)
            {
                WriteFinding(json, finding, input, docs.GetValueOrDefault(finding.RuleId));
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
            }

            json.WriteEndArray();

            json.WriteStartArray("errors");
            foreach (var error in input.Errors)
            {
                json.WriteStringValue(error);
            }

            json.WriteEndArray();

            var active = findings.Where(f => f.Suppression is null).ToList();
            json.WriteStartObject("summary");
            json.WriteNumber("error", active.Count(f => f.Severity == Severity.Error));
            json.WriteNumber("warning", active.Count(f => f.Severity == Severity.Warning));
            json.WriteNumber("note", active.Count(f => f.Severity == Severity.Note));
            json.WriteNumber("suppressed", findings.Count - active.Count);
            if (input.Unlisted > 0)
            {
                // Only when the report limit left findings out, so other reports keep their shape.
                json.WriteNumber("unlisted", input.Unlisted);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        JsonOutput.CopyTo(buffer, output);
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

    public static void CopyTo(MemoryStream buffer, TextWriter output)
    {
        output.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        output.WriteLine();
    }
}
