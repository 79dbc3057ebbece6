using System.Text;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// Renders rule documentation from the manifests and the samples, so docs never drift from the
/// rules (the test that compares them prints the regenerate command).
/// </summary>
public static class RuleDocs
{
    public const string RegenerateCommand = "dotnet run --project src/ConfigLint.Cli -- rules docs .";

    private static string Header => $"<!-- Generated from the rule manifests and samples; do not edit. Regenerate: {RegenerateCommand} -->";

    public static string Index(IEnumerable<RuleDescriptor> rules)
    {
        var sb = new StringBuilder();
        sb.AppendLine(Header).AppendLine();
        sb.AppendLine("# ConfigLint rules").AppendLine();
        sb.AppendLine("| ID | name | severity | category | title |");
        sb.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var r in rules.OrderBy(r => r.Id, StringComparer.Ordinal))
        {
            sb.AppendLine($"| [{r.Id}]({r.Category}/{r.Id}.md) | `{r.Name}` | {r.DefaultSeverity.ToName()} | {r.Category} | {r.Title} |");
        }

        return sb.ToString();
    }

    /// <summary>The text of <c>configlint rules list</c>: aligned columns under a header.</summary>
    public static string Table(IReadOnlyList<RuleDescriptor> rules)
    {
        string[] header = ["ID", "SEVERITY", "CATEGORY", "NAME", "TITLE"];
        var rows = rules.Select(r => new[] { r.Id, r.DefaultSeverity.ToName(), r.Category, r.Name, r.Title }).ToList();
        var widths = Enumerable.Range(0, header.Length - 1).Select(i => rows.Select(row => row[i].Length).Append(header[i].Length).Max()).ToArray();
        var sb = new StringBuilder();
        foreach (var row in rows.Prepend(header))
        {
            for (var i = 0; i < widths.Length; i++)
            {
                sb.Append(row[i].PadRight(widths[i] + 2));
            }

            sb.Append(row[^1]).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>The text of <c>configlint rules explain</c>, ending with the rule's doc URL.</summary>
    public static string Explain(RuleDescriptor r, RuleManifest m, string docUrl)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{r.Id} [{r.Name}] {r.Title}");
        sb.AppendLine($"severity: {r.DefaultSeverity.ToName()}, category: {r.Category}, precision: {r.Precision}");
        sb.AppendLine();
        Section(sb, "What it finds", r.Summary, plain: true);
        Section(sb, "Why it matters", r.Rationale, plain: true);
        Section(sb, "How to fix it", r.Remediation, plain: true);
        Section(sb, "When it is acceptable", r.Exceptions, plain: true);
        if (m.Thresholds is { Count: > 0 } t)
        {
            sb.AppendLine("Thresholds:");
            foreach (var (k, v) in t)
            {
                sb.AppendLine($"  {k}: {v}");
            }

            sb.AppendLine();
        }

        sb.AppendLine($"Docs: {docUrl}");
        return sb.ToString();
    }

    /// <summary>The doc page of one rule, with its bad and good samples.</summary>
    public static string Page(RuleDescriptor r, RuleManifest m, string samplesRoot)
    {
        var sb = new StringBuilder();
        sb.AppendLine(Header).AppendLine();
        sb.AppendLine($"# {r.Id} {r.Name}").AppendLine();
        sb.AppendLine($"**{r.Title}**").AppendLine();
        sb.AppendLine($"| severity | category | precision | tags | since |");
        sb.AppendLine($"| --- | --- | --- | --- | --- |");
        sb.AppendLine($"| {r.DefaultSeverity.ToName()} | {r.Category} | {r.Precision} | {string.Join(", ", r.Tags)} | {r.Since} |").AppendLine();
        Section(sb, "## What it finds", r.Summary, plain: false);
        Section(sb, "## Why it matters", r.Rationale, plain: false);
        Section(sb, "## How to fix it", r.Remediation, plain: false);
        Section(sb, "## When it is acceptable", r.Exceptions, plain: false);
        if (m.Thresholds is { Count: > 0 } t)
        {
            sb.AppendLine("## Thresholds").AppendLine();
            foreach (var (k, v) in t)
            {
                sb.AppendLine($"- **{k}**: {v}");
            }

            sb.AppendLine();
        }

        var dir = Path.Combine(samplesRoot, r.Id);
        if (Directory.Exists(dir))
        {
            foreach (var kind in new[] { "bad", "good" })
            {
                var cases = Directory.GetDirectories(dir, kind + "*").Order(StringComparer.Ordinal).ToList();
                if (cases.Count == 0)
                {
                    continue;
                }

                sb.AppendLine(kind == "bad" ? "## Examples that are reported" : "## Examples that are fine").AppendLine();
                foreach (var c in cases)
                {
                    sb.AppendLine($"### `samples/{r.Id}/{Path.GetFileName(c)}`").AppendLine();
                    foreach (var file in Directory.GetFiles(c, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                    {
                        var rel = Path.GetRelativePath(c, file).Replace('\\', '/');
                        if (rel == "README.md")
                        {
                            continue;
                        }

                        var bytes = File.ReadAllBytes(file);
                        if (Array.IndexOf(bytes, (byte)0) >= 0 || bytes.Length > 4000)
                        {
                            sb.AppendLine($"`{rel}`: (binary or large file, see the sample)").AppendLine();
                            continue;
                        }

                        sb.AppendLine($"`{rel}`:").AppendLine();
                        sb.AppendLine("```");
                        sb.Append(Encoding.UTF8.GetString(bytes).Replace("\r", string.Empty, StringComparison.Ordinal).TrimEnd('\n')).AppendLine();
                        sb.AppendLine("```").AppendLine();
                    }
                }
            }
        }

        if (r.References.Count > 0)
        {
            sb.AppendLine("## References").AppendLine();
            foreach (var reference in r.References)
            {
                sb.AppendLine($"- <{reference}>");
            }

            sb.AppendLine();
        }

        return sb.ToString().TrimEnd('\n') + "\n";
    }

    /// <summary>Every generated file: repository-relative path → content.</summary>
    public static SortedDictionary<string, string> All(string repoRoot)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var samples = Path.Combine(repoRoot, "samples");
        foreach (var rule in BuiltInRules.Rules)
        {
            files[rule.Descriptor.DocPath] = Page(rule.Descriptor, rule.Manifest, samples);
        }

        files["rules/README.md"] = Index(BuiltInRules.Rules.Select(r => r.Descriptor));
        return files;
    }

    private static void Section(StringBuilder sb, string heading, string text, bool plain)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        sb.AppendLine(plain ? heading + ":" : heading);
        if (!plain)
        {
            sb.AppendLine();
        }

        sb.AppendLine(plain ? "  " + text.Trim().Replace("\n", "\n  ", StringComparison.Ordinal) : text.Trim());
        sb.AppendLine();
    }
}
