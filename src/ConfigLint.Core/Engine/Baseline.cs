using ConfigLint.Core.Findings;
using ConfigLint.Core.Text;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ConfigLint.Core.Engine;

/// <summary>A baseline file that cannot be read, with where it is wrong (exit code 2).</summary>
public sealed class BaselineException(string file, int line, string message) : Exception($"{file}:{line}: {message}")
{
    public string File { get; } = file;

    public int Line { get; } = line;
}

/// <summary>One accepted finding in a baseline. Only <see cref="Fingerprint"/> is matched; the rest is for people reading the file.</summary>
public sealed record BaselineEntry(string Fingerprint, string RuleId, string File, string Message);

/// <summary>
/// Findings accepted as they are on the day a team adopts ConfigLint (<c>--write-baseline</c>), so
/// later runs (<c>--baseline</c>) report only new ones. Findings are matched by the same
/// line-free fingerprint as SARIF <c>partialFingerprints["configlint/v1"]</c>, so a baseline
/// survives lines being inserted or moved. Each entry accepts one finding: if the same
/// fingerprint occurs more often than the baseline recorded, the extra ones are new.
/// </summary>
public sealed class Baseline
{
    /// <summary>The format version written to and expected in the file.</summary>
    public const int FormatVersion = 1;

    /// <summary><see cref="Suppression.Kind"/> of a baselined finding (SARIF <c>external</c>).</summary>
    public const string Kind = "external";

    private Baseline(IReadOnlyList<BaselineEntry> entries) => Entries = entries;

    public IReadOnlyList<BaselineEntry> Entries { get; }

    /// <summary>A baseline holding every finding not already suppressed.</summary>
    public static Baseline From(IEnumerable<Finding> findings, Func<Finding, string> fingerprint) =>
        new(findings
            .Where(f => f.Suppression is null)
            .Select(f => new BaselineEntry(fingerprint(f), f.RuleId, f.Span.File, f.Message))
            .OrderBy(e => e.File, StringComparer.Ordinal)
            .ThenBy(e => e.RuleId, StringComparer.Ordinal)
            .ThenBy(e => e.Fingerprint, StringComparer.Ordinal)
            .ToList());

    /// <summary>
    /// Marks every finding the baseline accepts as suppressed (kind <see cref="Kind"/>) and counts
    /// the entries that matched nothing (fixed since the baseline was written).
    /// </summary>
    public (List<Finding> Findings, int Stale) Apply(IEnumerable<Finding> findings, Func<Finding, string> fingerprint, string displayPath)
    {
        var remaining = Entries.GroupBy(e => e.Fingerprint, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var result = new List<Finding>();
        foreach (var f in findings)
        {
            if (f.Suppression is null && remaining.TryGetValue(fingerprint(f), out var left) && left > 0)
            {
                remaining[fingerprint(f)] = left - 1;
                result.Add(f with { Suppression = new Suppression(Kind, $"accepted in the baseline {displayPath}", null) });
            }
            else
            {
                result.Add(f);
            }
        }

        return (result, remaining.Values.Sum());
    }

    /// <summary>The JSON text of the baseline (stable order, UTF-8, ends with a newline).</summary>
    public string ToJson(string toolVersion)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("version", FormatVersion);
            json.WriteString("tool", "configlint");
            json.WriteString("toolVersion", toolVersion);
            json.WriteString("fingerprint", "configlint/v1");
            json.WriteStartArray("findings");
            foreach (var e in Entries)
            {
                json.WriteStartObject();
                json.WriteString("fingerprint", e.Fingerprint);
                json.WriteString("ruleId", e.RuleId);
                json.WriteString("file", e.File);
                json.WriteString("message", e.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Reads a baseline file through <see cref="InputFile"/>. Throws <see cref="BaselineException"/> naming the file and line.</summary>
    public static Baseline Load(string fullPath, string displayPath, string? boundary = null)
    {
        var content = InputFile.Read(fullPath, InputFile.MaxBaselineBytes, boundary);
        return content.Bytes is null
            ? throw new BaselineException(displayPath, 1, $"the baseline {content.Reason}")
            : Parse(content.Text(), displayPath);
    }

    public static Baseline Parse(string text, string displayPath)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new BaselineException(displayPath, (int)(e.LineNumber ?? 0) + 1, $"not valid JSON: {e.Message}");
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number)
            {
                throw new BaselineException(displayPath, 1, "not a ConfigLint baseline (no \"version\"); write one with --write-baseline");
            }

            if (!version.TryGetInt32(out var number) || number != FormatVersion)
            {
                throw new BaselineException(displayPath, 1, $"baseline format version {Excerpt.Of(version.GetRawText())} is not supported (expected {FormatVersion}); write a new one with --write-baseline");
            }

            if (!root.TryGetProperty("findings", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw new BaselineException(displayPath, 1, "the baseline has no \"findings\" array");
            }

            var entries = new List<BaselineEntry>();
            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("fingerprint", out var fp) || fp.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(fp.GetString()))
                {
                    throw new BaselineException(displayPath, 1, $"findings[{index}] has no \"fingerprint\" string");
                }

                entries.Add(new BaselineEntry(fp.GetString()!, Text(item, "ruleId"), Text(item, "file"), Text(item, "message")));
                index++;
            }

            return new Baseline(entries);
        }
    }

    private static string Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : string.Empty;
}
