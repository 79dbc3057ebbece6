using ConfigLint.Core.Findings;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ConfigLint.Core.Engine;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Reporting;

/// <summary>
/// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers, written with System.Text.Json.
/// Every property GitHub marks required or recommended is present (see SARIF-VALIDATION.md §3.1);
/// the output passes the OASIS schema and the SARIF multitool with GitHub's ingestion rules.
/// </summary>
public sealed class SarifReporter : IReporter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
    public const string ToolName = "ConfigLint";
    public const string InformationUri = "https://github.com/configlint/configlint";
    public const string DocsBaseUri = "https://github.com/configlint/configlint/blob/main/";
    public const string SourceRootId = "%SRCROOT%";
    public const string LineHashKey = "primaryLocationLineHash";

    /// <summary>GitHub's limits (SARIF-VALIDATION.md §3.1): longer descriptions are rejected, more tags are dropped.</summary>
    private const int MaxDescriptionLength = 1024;
    private const int MaxTags = 20;

    private readonly bool _includeSuppressed;

    /// <param name="includeSuppressed">
    /// GitHub ignores SARIF <c>suppressions</c> and shows suppressed results as open alerts, so by
    /// default they are left out; when true they are written with <c>suppressions</c>, and every
    /// other result gets an empty <c>suppressions</c> array ("known not to be suppressed").
    /// </param>
    public SarifReporter(bool includeSuppressed = false) => _includeSuppressed = includeSuppressed;

    private Func<string, string> repositoryPath = path => path;

    public string Format => "sarif";

    public void Write(ReportInput input, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);

        var findings = ReportFindings.Visible(input, _includeSuppressed);
        repositoryPath = input.RepositoryPath;

        // Findings the caller made without their rules (tests) get a stand-in rule; the engine's come
        // from rules in force, so a stream is not read ahead for them.
        var rules = RuleTable(input.Rules, input.Findings is IReadOnlyCollection<Finding> made ? made.Where(f => _includeSuppressed || f.Suppression is null) : []);
        var ruleIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rules.Count; i++)
        {
            ruleIndex[rules[i].Id] = i;
        }

        // The hashes of the last file asked about: a file's findings come one after the other, and a
        // streamed run has only that file's lines at hand.
        (string File, IReadOnlyList<string>? Hashes)? lineHashes = null;
        IReadOnlyList<string>? LineHashes(string file)
        {
            if (lineHashes is not { } known || known.File != file)
            {
                var lines = input.SourceLines(file);
                lineHashes = known = (file, lines is null ? null : PrimaryLocationLineHash.ComputeFromLines(lines));
            }

            return known.Hashes;
        }

        using var sink = new TextWriterStream(output);
        using (var json = new Utf8JsonWriter(sink, JsonOutput.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("$schema", SchemaUri);
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();

            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", ToolName);
            json.WriteString("semanticVersion", input.ToolVersion);
            json.WriteString("informationUri", InformationUri);
            json.WriteStartArray("rules");
            foreach (var rule in rules)
            {
                WriteRule(json, rule);
                JsonOutput.FlushIfFull(json);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartObject("automationDetails");
            json.WriteString("id", AutomationId(input.Category));
            json.WriteEndObject();

            if (input.SourceRootUri is { Length: > 0 } root)
            {
                json.WriteStartObject("originalUriBaseIds");
                json.WriteStartObject(SourceRootId);

                // The multitool (SARIF1004) rejects a base URI that does not end with '/'.
                json.WriteString("uri", root.EndsWith('/') ? root : root + "/");
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteString("columnKind", "utf16CodeUnits");

            json.WriteStartArray("results");
            foreach (var finding in findings)
            {
                WriteResult(json, finding, ruleIndex[finding.RuleId], input, LineHashes(finding.Span.File));
                JsonOutput.FlushIfFull(json);
            }

            json.WriteEndArray();

            WriteInvocation(json, input);
            if (input.Target is { } target)
            {
                json.WriteStartObject("properties");
                json.WriteString("postfixVersion", target);
                json.WriteNumber("configurations", input.Configurations);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.WriteLine();
    }

    /// <summary>
    /// The run's own notes (assumed stock master.cf, skipped templates, rules not evaluated) and
    /// input errors as <c>toolExecutionNotifications</c>; <c>executionSuccessful</c> is false when
    /// an input error left something unchecked.
    /// </summary>
    private void WriteInvocation(Utf8JsonWriter json, ReportInput input)
    {
        json.WriteStartArray("invocations");
        json.WriteStartObject();
        json.WriteBoolean("executionSuccessful", input.Errors.Count == 0);
        if (input.Notes.Count + input.Errors.Count > 0)
        {
            json.WriteStartArray("toolExecutionNotifications");
            foreach (var error in input.Errors)
            {
                json.WriteStartObject();
                json.WriteString("level", "error");
                WriteMessage(json, "message", MessageText(error));
                json.WriteEndObject();
                JsonOutput.FlushIfFull(json);
            }

            foreach (var note in input.Notes)
            {
                json.WriteStartObject();
                json.WriteString("level", Level(note.Level));
                WriteMessage(json, "message", MessageText(note.Message));
                if (note.File is { } file && input.HasSource(file))
                {
                    json.WriteStartArray("locations");
                    json.WriteStartObject();
                    WritePhysicalLocation(json, file, new Region(1, 1, 1, 1));
                    json.WriteEndObject();
                    json.WriteEndArray();
                }

                json.WriteEndObject();

                // A run over a fleet has a note for each configuration, tens of thousands of them.
                JsonOutput.FlushIfFull(json);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.WriteEndArray();
    }

    /// <summary>
    /// <c>automationDetails.id</c>: GitHub takes everything before the last '/' as the analysis
    /// category, so a user's <c>--category</c> gets a trailing '/' (an empty run ID).
    /// </summary>
    public static string AutomationId(string? category) =>
        string.IsNullOrWhiteSpace(category) ? "configlint/"
        : category.EndsWith('/') ? category
        : category + "/";

    /// <summary>
    /// A display path as a SARIF <c>artifactLocation.uri</c>: relative paths stay relative (and get
    /// <c>uriBaseId</c>), with forward slashes and each segment percent-encoded.
    /// </summary>
    public static string ArtifactUri(string path, out bool isRelative)
    {
        ArgumentNullException.ThrowIfNull(path);

        var normalized = path.Replace('\\', '/');
        var drive = normalized.Length >= 3 && char.IsAsciiLetter(normalized[0]) && normalized[1] == ':' && normalized[2] == '/';
        isRelative = !drive && !normalized.StartsWith('/');
        if (isRelative)
        {
            while (normalized.StartsWith("./", StringComparison.Ordinal))
            {
                normalized = normalized[2..];
            }

            return EncodeSegments(normalized);
        }

        // A file outside the analysis root has no relative form: GitHub shows it on no file, but it stays valid SARIF.
        return drive
            ? "file:///" + normalized[..2] + EncodeSegments(normalized[2..])
            : "file://" + EncodeSegments(normalized);
    }

    /// <summary>SARIF <c>suppression.kind</c> from <see cref="Suppression.Kind"/>: comments in the file are in source, a baseline is external.</summary>
    public static string SuppressionKind(Suppression suppression)
    {
        ArgumentNullException.ThrowIfNull(suppression);
        return suppression.Kind.Trim().ToLowerInvariant() switch
        {
            "insource" or "in-source" or "inline" or "comment" => "inSource",
            _ => "external",
        };
    }

    /// <summary>The multitool (SARIF2001) wants messages to be sentences ending with a period.</summary>
    public static string EnsurePeriod(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var trimmed = message.TrimEnd();
        return trimmed.Length == 0 ? "(no message)." : trimmed.EndsWith('.') ? trimmed : trimmed + ".";
    }

    /// <summary>
    /// A plain message as SARIF <c>message.text</c>. SARIF reads <c>[text](target)</c> in it as a
    /// link (§3.11.6), which a quoted Postfix value such as <c>[::1](smtp)</c> could look like, so
    /// brackets are escaped when such a sequence occurs; elsewhere they stay as they are.
    /// </summary>
    public static string MessageText(string message)
    {
        var sentence = EnsurePeriod(message);
        return sentence.Contains("](", StringComparison.Ordinal)
            ? sentence.Replace("[", "\\[", StringComparison.Ordinal).Replace("]", "\\]", StringComparison.Ordinal)
            : sentence;
    }

    public static string EncodeSegments(string path) =>
        string.Join('/', path.Split('/').Select(Uri.EscapeDataString));

    /// <summary>
    /// Every rule that ran, by ID, plus a stand-in for any rule a finding names that is not among
    /// them (so every <c>ruleIndex</c> is in range even if the engine and the rule list disagree).
    /// </summary>
    private static List<RuleDescriptor> RuleTable(IReadOnlyList<RuleDescriptor> rules, IEnumerable<Finding> findings)
    {
        var table = rules
            .GroupBy(r => r.Id, StringComparer.Ordinal)
            .Select(g => g.First())
            .OrderBy(r => r.Id, StringComparer.Ordinal)
            .ToList();
        var known = table.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var finding in findings.OrderBy(f => f.RuleId, StringComparer.Ordinal))
        {
            if (known.Add(finding.RuleId))
            {
                table.Add(StandIn(finding));
            }
        }

        return table;
    }

    private static RuleDescriptor StandIn(Finding finding)
    {
        var title = finding.RuleName.Replace('-', ' ');
        return new RuleDescriptor
        {
            Id = finding.RuleId,
            Name = finding.RuleName,
            Title = title.Length > 0 ? char.ToUpperInvariant(title[0]) + title[1..] : finding.RuleId,
            Category = "unknown",
            DefaultSeverity = finding.Severity,
            Message = finding.Message,
            Summary = $"Reported by {finding.RuleId} ({finding.RuleName}).",
            Rationale = string.Empty,
            Remediation = string.Empty,
        };
    }

    private static void WriteRule(Utf8JsonWriter json, RuleDescriptor rule)
    {
        json.WriteStartObject();
        json.WriteString("id", rule.Id);
        json.WriteString("name", rule.PascalName);
        WriteMessage(json, "shortDescription", Limit(rule.Title));
        WriteMessage(json, "fullDescription", Limit(rule.Summary));
        json.WriteStartObject("help");
        json.WriteString("text", HelpText(rule));
        json.WriteString("markdown", HelpMarkdown(rule));
        json.WriteEndObject();
        json.WriteString("helpUri", DocsBaseUri + EncodeSegments(rule.DocPath));
        json.WriteStartObject("defaultConfiguration");
        json.WriteString("level", Level(rule.DefaultSeverity));
        if (!rule.EnabledByDefault)
        {
            json.WriteBoolean("enabled", false);
        }

        json.WriteEndObject();

        json.WriteStartObject("properties");
        json.WriteStartArray("tags");
        foreach (var tag in Tags(rule))
        {
            json.WriteStringValue(tag);
        }

        json.WriteEndArray();
        json.WriteString("precision", rule.Precision);
        if (rule.SecuritySeverity is { Length: > 0 } securitySeverity)
        {
            json.WriteString("security-severity", securitySeverity);
        }
        else
        {
            json.WriteString("problem.severity", ProblemSeverity(rule.DefaultSeverity));
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>
    /// The rule's tags and its category; a rule with a security-severity also gets <c>security</c>,
    /// without which GitHub does not treat the score as a security alert.
    /// </summary>
    private static IEnumerable<string> Tags(RuleDescriptor rule)
    {
        var tags = new List<string>(rule.Tags) { rule.Category };
        if (rule.SecuritySeverity is { Length: > 0 })
        {
            tags.Add("security");
        }

        return tags
            .Where(t => !string.IsNullOrWhiteSpace(t))
            .Select(t => t.Trim())
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(MaxTags);
    }

    private static string HelpText(RuleDescriptor rule)
    {
        var text = new StringBuilder(rule.Summary.Trim());
        foreach (var (heading, body) in Sections(rule))
        {
            text.Append("\n\n").Append(heading).Append(":\n").Append(body);
        }

        if (rule.References.Count > 0)
        {
            text.Append("\n\nReferences:");
            foreach (var reference in rule.References)
            {
                text.Append("\n- ").Append(reference);
            }
        }

        return text.ToString();
    }

    private static string HelpMarkdown(RuleDescriptor rule)
    {
        var text = new StringBuilder(rule.Summary.Trim());
        foreach (var (heading, body) in Sections(rule))
        {
            text.Append("\n\n## ").Append(heading).Append("\n\n").Append(body);
        }

        if (rule.References.Count > 0)
        {
            text.Append("\n\n## References\n");
            foreach (var reference in rule.References)
            {
                text.Append("\n- ").Append(reference.StartsWith("http", StringComparison.OrdinalIgnoreCase) ? $"<{reference}>" : reference);
            }
        }

        text.Append(CultureInfo.InvariantCulture, $"\n\nRule `{rule.Id}` (`{rule.Name}`), category `{rule.Category}`.");
        return text.ToString();
    }

    private static IEnumerable<(string Heading, string Body)> Sections(RuleDescriptor rule)
    {
        (string, string)[] sections =
        [
            ("Rationale", rule.Rationale),
            ("Remediation", rule.Remediation),
            ("Exceptions", rule.Exceptions),
        ];
        return sections.Where(s => !string.IsNullOrWhiteSpace(s.Item2)).Select(s => (s.Item1, s.Item2.Trim()));
    }

    private void WriteResult(
        Utf8JsonWriter json,
        Finding finding,
        int ruleIndex,
        ReportInput input,
        IReadOnlyList<string>? lineHashes)
    {
        var sourceLines = input.SourceLines;
        json.WriteStartObject();
        json.WriteString("ruleId", finding.RuleId);
        json.WriteNumber("ruleIndex", ruleIndex);
        json.WriteString("level", Level(finding.Severity));
        WriteMessage(json, "message", MessageText(finding.Message));

        var region = ResultRegion(finding.Span, sourceLines);
        json.WriteStartArray("locations");
        json.WriteStartObject();
        WritePhysicalLocation(json, finding.Span.File, region);
        json.WriteEndObject();
        json.WriteEndArray();

        if (finding.Related.Count > 0)
        {
            json.WriteStartArray("relatedLocations");
            var id = 1;
            foreach (var related in finding.Related)
            {
                json.WriteStartObject();
                json.WriteNumber("id", id++);
                WritePhysicalLocation(json, related.Span.File, ResultRegion(related.Span, sourceLines));
                WriteMessage(json, "message", MessageText(related.Message));
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteStartObject("partialFingerprints");
        if (lineHashes is not null && region.StartLine <= lineHashes.Count)
        {
            json.WriteString(LineHashKey, lineHashes[region.StartLine - 1]);
        }

        json.WriteString(FindingFingerprint.SarifKey, ReportFindings.FingerprintOf(finding, input));
        json.WriteEndObject();

        if (finding.Fix is { } fix)
        {
            WriteFix(json, fix);
        }

        if (finding.Suppression is { } suppression)
        {
            json.WriteStartArray("suppressions");
            json.WriteStartObject();
            json.WriteString("kind", SuppressionKind(suppression));
            json.WriteString("status", "accepted");
            if (suppression.Justification.Length > 0)
            {
                json.WriteString("justification", suppression.Justification);
            }

            if (suppression.Location is { } where)
            {
                json.WriteStartObject("location");
                WritePhysicalLocation(json, where.File, ClampRegion(where));
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndArray();
        }
        else if (_includeSuppressed)
        {
            json.WriteStartArray("suppressions");
            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private void WriteFix(Utf8JsonWriter json, Fix fix)
    {
        json.WriteStartArray("fixes");
        json.WriteStartObject();
        WriteMessage(json, "description", MessageText(fix.Description));
        json.WriteStartArray("artifactChanges");
        foreach (var file in fix.Replacements.GroupBy(r => r.Span.File, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            WriteArtifactLocation(json, file.Key);
            json.WriteStartArray("replacements");
            foreach (var replacement in file.OrderBy(r => r.Span.StartLine).ThenBy(r => r.Span.StartColumn))
            {
                json.WriteStartObject();

                // An empty deleted region is an insertion point, so it is written as it is.
                WriteRegion(json, "deletedRegion", ClampRegion(replacement.Span));
                json.WriteStartObject("insertedContent");
                json.WriteString("text", replacement.NewText);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private void WritePhysicalLocation(Utf8JsonWriter json, string file, Region region)
    {
        json.WriteStartObject("physicalLocation");
        WriteArtifactLocation(json, file);
        WriteRegion(json, "region", region);
        json.WriteEndObject();
    }

    private void WriteArtifactLocation(Utf8JsonWriter json, string file)
    {
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", ArtifactUri(repositoryPath(file), out var isRelative));
        if (isRelative)
        {
            json.WriteString("uriBaseId", SourceRootId);
        }

        json.WriteEndObject();
    }

    private static void WriteRegion(Utf8JsonWriter json, string name, Region region)
    {
        json.WriteStartObject(name);
        json.WriteNumber("startLine", region.StartLine);
        json.WriteNumber("startColumn", region.StartColumn);
        json.WriteNumber("endLine", region.EndLine);
        json.WriteNumber("endColumn", region.EndColumn);
        json.WriteEndObject();
    }

    private static void WriteMessage(Utf8JsonWriter json, string name, string text)
    {
        json.WriteStartObject(name);
        json.WriteString("text", text);
        json.WriteEndObject();
    }

    /// <summary>A region SARIF accepts: 1-based, and never ending before it starts.</summary>
    private static Region ClampRegion(Span span)
    {
        var startLine = Math.Max(1, span.StartLine);
        var startColumn = Math.Max(1, span.StartColumn);
        var endLine = Math.Max(startLine, span.EndLine);
        var endColumn = endLine == startLine ? Math.Max(startColumn, span.EndColumn) : Math.Max(1, span.EndColumn);
        return new Region(startLine, startColumn, endLine, endColumn);
    }

    /// <summary>
    /// The region of a result or related location. Both validators accept an empty region, but
    /// viewers then highlight nothing, so one that sits on a character of a non-empty line is
    /// widened to that character (the one the text format puts its caret under).
    /// </summary>
    private static Region ResultRegion(Span span, Func<string, IReadOnlyList<string>?> sourceLines)
    {
        var region = ClampRegion(span);
        if (region.StartLine == region.EndLine && region.StartColumn == region.EndColumn
            && sourceLines(span.File) is { } lines
            && SpanText.LineAt(lines, region.StartLine) is { } line
            && region.StartColumn <= line.Length)
        {
            return region with { EndColumn = region.StartColumn + 1 };
        }

        return region;
    }

    private static string Level(Severity severity) => severity.ToName();

    private static string ProblemSeverity(Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        _ => "recommendation",
    };

    private static string Limit(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length <= MaxDescriptionLength ? trimmed : trimmed[..(MaxDescriptionLength - 1)] + "\u2026";
    }

    private readonly record struct Region(int StartLine, int StartColumn, int EndLine, int EndColumn);
}
