using System.Text;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Reporting;

/// <summary>
/// Renders what admins read about the rules: the doc pages (rules/&lt;category&gt;/&lt;ID&gt;.md and
/// the index), <c>configlint rules list</c> and <c>configlint rules explain</c>. Pages are built
/// from the manifests and the samples, and the output they show is ConfigLint's own, produced by
/// the engine and the text reporter when the page is generated, so docs never drift from the
/// rules (the test that compares them prints <see cref="RegenerateCommand"/>). It lives here,
/// not with the rules, because it needs the engine and a reporter.
/// </summary>
public static class RuleDocs
{
    public const string RegenerateCommand = "dotnet run --project src/ConfigLint.Cli -- rules docs .";

    private static string Header => $"<!-- Generated from the rule manifests and samples; do not edit. Regenerate: {RegenerateCommand} -->";

    /// <summary>The published doc page of a built-in rule; null for a custom rule, which has none.</summary>
    public static string? DocUrl(LoadedRule rule) =>
        rule.BuiltIn ? SarifReporter.DocsBaseUri + SarifReporter.EncodeSegments(rule.Descriptor.DocPath) : null;

    public static string Index(IEnumerable<RuleDescriptor> rules)
    {
        var sb = new StringBuilder();
        sb.AppendLine(Header).AppendLine();
        sb.AppendLine("# ConfigLint rules").AppendLine();
        sb.AppendLine("| ID | name | severity | category | title |");
        sb.AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var r in rules.OrderBy(r => r.Id, StringComparer.Ordinal))
        {
            sb.AppendLine($"| [{r.Id}]({r.Category}/{r.Id}.md) | `{r.Name}` | {Level(r)} | {r.Category} | {r.Title} |");
        }

        return sb.ToString();
    }

    /// <summary>The default severity, with "(off)" for an opt-in rule.</summary>
    private static string Level(RuleDescriptor r) => r.EnabledByDefault ? r.DefaultSeverity.ToName() : $"{r.DefaultSeverity.ToName()} (off)";

    /// <summary>The text of <c>configlint rules list</c>: aligned columns under a header.</summary>
    public static string Table(IReadOnlyList<RuleDescriptor> rules)
    {
        string[] header = ["ID", "SEVERITY", "CATEGORY", "NAME", "TITLE"];
        var rows = rules.Select(r => new[] { r.Id, Level(r), r.Category, r.Name, r.Title }).ToList();
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

    private static string FixLine(FixSafety safety) => safety == FixSafety.Safe
        ? "Fix: safe. `configlint fix` applies it; it changes nothing Postfix does beyond the finding itself."
        : "Fix: unsafe. `configlint fix --unsafe-fixes` applies it; check the diff first, it changes what Postfix does.";

    /// <summary>How to turn on an opt-in rule, and which built-in profiles do.</summary>
    private static string OptIn(RuleDescriptor r)
    {
        var profiles = ConfigLint.Core.Configuration.Profiles.All
            .Where(p => p.Levels.Any(l => ConfigLint.Core.Configuration.Profile.Matches(l.Selector, r) && l.Level != Severity.None))
            .Select(p => p.Name).ToList();
        return $"Off by default: turn it on with `rules: {{ {r.Id}: {r.DefaultSeverity.ToName()} }}` in .configlint.yml"
            + (profiles.Count > 0 ? $", or with the profile{(profiles.Count > 1 ? "s" : string.Empty)} {string.Join(", ", profiles)}." : ".");
    }

    /// <summary>
    /// The text of <c>configlint rules explain</c>. A built-in rule's ends with the URL of its doc
    /// page (examples and ConfigLint's output for them); a custom rule's with the manifest it
    /// came from, since it has no page.
    /// </summary>
    public static string Explain(LoadedRule rule)
    {
        var (r, m) = (rule.Descriptor, rule.Manifest);
        var sb = new StringBuilder();
        sb.AppendLine($"{r.Id} [{r.Name}] {r.Title}");
        sb.AppendLine($"severity: {r.DefaultSeverity.ToName()}, category: {r.Category}, precision: {r.Precision}");
        if (!r.EnabledByDefault)
        {
            sb.AppendLine(OptIn(r));
        }

        if (r.FixSafety is { } explainFix)
        {
            sb.AppendLine(FixLine(explainFix));
        }

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

        sb.AppendLine(DocUrl(rule) is { } url ? $"Examples and docs: {url}" : $"Defined in: {rule.Source}");
        return sb.ToString();
    }

    /// <summary>
    /// The doc page of one rule: the manifest's prose, then its examples. Each bad sample with a
    /// fixed twin (<c>bad-X</c> and <c>good-X</c>) is an example: the bad files, ConfigLint's
    /// output for them, and the fixed files. The other samples follow, bad ones with their output.
    /// </summary>
    /// <param name="rule">The rule of the page.</param>
    /// <param name="rules">Every rule in force when the samples are checked (the output shows what all of them report).</param>
    /// <param name="samplesRoot">The samples directory of the repository.</param>
    public static string Page(LoadedRule rule, IReadOnlyList<LoadedRule> rules, string samplesRoot)
    {
        var (r, m) = (rule.Descriptor, rule.Manifest);
        var sb = new StringBuilder();
        sb.AppendLine(Header).AppendLine();
        sb.AppendLine($"# {r.Id} {r.Name}").AppendLine();
        sb.AppendLine($"**{r.Title}**").AppendLine();
        sb.AppendLine($"| severity | category | precision | tags | since |");
        sb.AppendLine($"| --- | --- | --- | --- | --- |");
        sb.AppendLine($"| {r.DefaultSeverity.ToName()} | {r.Category} | {r.Precision} | {string.Join(", ", r.Tags)} | {r.Since} |").AppendLine();
        if (!r.EnabledByDefault)
        {
            sb.AppendLine(OptIn(r)).AppendLine();
        }

        if (r.FixSafety is { } pageFix)
        {
            sb.AppendLine(FixLine(pageFix)).AppendLine();
        }
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

        var samples = RuleSample.Of(samplesRoot, r.Id);
        var examples = Examples(samples);
        var paired = examples.SelectMany(e => new[] { e.Bad.Name, e.Fixed.Name }).ToHashSet(StringComparer.Ordinal);
        if (examples.Count > 0)
        {
            sb.AppendLine(examples.Count == 1 ? "## Example" : "## Examples").AppendLine();
            foreach (var (bad, fixedVersion) in examples)
            {
                if (examples.Count > 1)
                {
                    sb.AppendLine($"### `{bad.Case}`").AppendLine();
                }

                sb.AppendLine("This configuration is reported:").AppendLine();
                Files(sb, bad.Files);
                Output(sb, bad, rules);
                sb.AppendLine("Fixed, nothing is reported:").AppendLine();
                FixedFiles(sb, bad, fixedVersion);
            }
        }

        var moreBad = samples.Where(s => s.IsBad && !paired.Contains(s.Name)).ToList();
        if (moreBad.Count > 0)
        {
            sb.AppendLine(examples.Count > 0 ? "## More configurations that are reported" : "## Configurations that are reported").AppendLine();
            foreach (var sample in moreBad)
            {
                sb.AppendLine($"### `{sample.Case}`").AppendLine();
                Files(sb, sample.Files);
                Output(sb, sample, rules);
            }
        }

        var moreGood = samples.Where(s => !s.IsBad && !paired.Contains(s.Name)).ToList();
        if (moreGood.Count > 0)
        {
            sb.AppendLine(examples.Count > 0 ? "## More configurations that are fine" : "## Configurations that are fine").AppendLine();
            foreach (var sample in moreGood)
            {
                sb.AppendLine($"### `{sample.Case}`").AppendLine();
                Files(sb, sample.Files);
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

    /// <summary>The bad samples that have a fixed twin (<c>bad-X</c> and <c>good-X</c>), in name order.</summary>
    public static IReadOnlyList<(RuleSample Bad, RuleSample Fixed)> Examples(IReadOnlyList<RuleSample> samples)
    {
        var good = samples.Where(s => !s.IsBad).ToDictionary(s => s.Case, StringComparer.Ordinal);
        return samples.Where(s => s.IsBad && good.ContainsKey(s.Case)).Select(s => (s, good[s.Case])).ToList();
    }

    /// <summary>Every generated file: repository-relative path → content.</summary>
    /// <param name="repoRoot">The repository (its samples are read).</param>
    /// <param name="rules">The built-in rules.</param>
    public static SortedDictionary<string, string> All(string repoRoot, IReadOnlyList<LoadedRule> rules)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var samples = Path.Combine(repoRoot, "samples");
        foreach (var rule in rules)
        {
            files[rule.Descriptor.DocPath] = Page(rule, rules, samples);
        }

        files["rules/README.md"] = Index(rules.Select(r => r.Descriptor));
        return files;
    }

    private static void Files(StringBuilder sb, IReadOnlyList<SampleFile> files)
    {
        foreach (var file in files)
        {
            ShowFile(sb, file);
        }
    }

    private static void ShowFile(StringBuilder sb, SampleFile file)
    {
        if (file.Text is not { } text)
        {
            sb.AppendLine(Array.IndexOf(file.Bytes, (byte)0) >= 0
                ? $"`{file.Name}`: not a text file (it holds a NUL byte), so it is not shown."
                : $"`{file.Name}`: {file.Bytes.Length} bytes, too long to show.").AppendLine();
            return;
        }

        sb.AppendLine($"`{file.Name}`:").AppendLine();
        sb.AppendLine(Fence(text));
        sb.Append(text).AppendLine();
        sb.AppendLine(Fence(text)).AppendLine();
    }

    /// <summary>The fixed files; a file the fix leaves alone is named, not repeated, so the change stands out.</summary>
    private static void FixedFiles(StringBuilder sb, RuleSample bad, RuleSample fixedVersion)
    {
        var unchanged = new List<string>();
        foreach (var file in fixedVersion.Files)
        {
            if (bad.Files.FirstOrDefault(f => f.Name == file.Name) is { } before && before.SameContentAs(file))
            {
                unchanged.Add(file.Name);
            }
            else
            {
                ShowFile(sb, file);
            }
        }

        var removed = bad.Files.Select(f => f.Name).Except(fixedVersion.Files.Select(f => f.Name), StringComparer.Ordinal).ToList();
        if (unchanged.Count > 0)
        {
            sb.AppendLine($"{Names(unchanged)} {(unchanged.Count == 1 ? "is" : "are")} unchanged.").AppendLine();
        }

        if (removed.Count > 0)
        {
            sb.AppendLine($"{Names(removed)} {(removed.Count == 1 ? "is" : "are")} removed.").AppendLine();
        }
    }

    private static void Output(StringBuilder sb, RuleSample sample, IReadOnlyList<LoadedRule> rules)
    {
        var output = sample.Output(rules);
        sb.AppendLine("ConfigLint reports (`configlint check` in that directory):").AppendLine();
        sb.AppendLine(Fence(output) + "text");
        sb.AppendLine(output);
        sb.AppendLine(Fence(output)).AppendLine();
    }

    private static string Names(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"`{n}`"));

    /// <summary>A code fence longer than any run of backticks in the text, so a sample cannot close it.</summary>
    private static string Fence(string text)
    {
        var longest = 0;
        var run = 0;
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return new string('`', Math.Max(3, longest + 1));
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
