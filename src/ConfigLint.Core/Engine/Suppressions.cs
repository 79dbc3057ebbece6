using System.Text.RegularExpressions;
using ConfigLint.Core.Model;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Engine;

/// <summary><c>disable=</c> covers the entry below the comment; <c>disable-file=</c> the whole file.</summary>
public enum SuppressionScope
{
    Entry,
    File,
}

/// <summary>One rule named in a directive, with where it is written (findings about the directive point there).</summary>
public sealed record SuppressionKey(string Text, Span Span);

/// <summary>
/// One <c># configlint: disable=…</c> or <c># configlint: disable-file=…</c> comment line.
/// </summary>
/// <param name="Scope">Entry or file.</param>
/// <param name="Keys">The rule IDs or names it lists.</param>
/// <param name="Reason">The text after <c>--</c>; null or empty when the user gave none.</param>
/// <param name="Span">The directive's text on its line (from the '#').</param>
/// <param name="TargetFirstLine">First line of the entry it covers (<see cref="SuppressionScope.Entry"/> only); null when no entry follows directly.</param>
/// <param name="TargetLastLine">Last line of that entry (continuation lines included).</param>
/// <param name="Problem">Why the comment cannot work as written (unknown action, no rule list); null when it is well formed.</param>
public sealed record SuppressionDirective(
    SuppressionScope Scope,
    IReadOnlyList<SuppressionKey> Keys,
    string? Reason,
    Span Span,
    int? TargetFirstLine,
    int? TargetLastLine,
    string? Problem)
{
    public bool HasReason => !string.IsNullOrWhiteSpace(Reason);

    /// <summary>The directive as the user wrote it, for messages.</summary>
    public string Text { get; init; } = string.Empty;

    public bool Covers(Finding finding) =>
        finding.Span.File == Span.File && (Scope == SuppressionScope.File
            || (TargetFirstLine is { } first && TargetLastLine is { } last && finding.Span.StartLine >= first && finding.Span.StartLine <= last));
}

/// <summary>A directive, or one key of it, that suppresses nothing (reported by the unused-suppression rule).</summary>
public sealed record UnusedSuppression(SuppressionDirective Directive, Span Span, string Detail);

/// <summary>What applying the inline suppressions found: the directives, and those that did nothing.</summary>
public sealed record SuppressionAudit(IReadOnlyList<SuppressionDirective> Directives, IReadOnlyList<UnusedSuppression> Unused);

/// <summary>
/// A rule about the suppressions themselves, which can only judge once every other rule has run
/// (the unused-suppression rule). The analyzer calls <see cref="Audit"/> after applying the
/// suppressions; its <see cref="IRuleLogic.Check"/> does nothing.
/// </summary>
public interface ISuppressionAuditRule : IRuleLogic
{
    void Audit(RuleContext context, SuppressionAudit audit);
}

/// <summary>
/// Inline suppressions. Postfix has only whole-line comments, so a directive is a comment line:
/// <c># configlint: disable=PF101,PF203 -- reason</c> directly above a main.cf parameter, a
/// master.cf service or an aliases entry (other comment lines may sit between them, a blank line
/// may not) covers findings that start anywhere in that entry, continuation lines included;
/// <c># configlint: disable-file=PF101 -- reason</c> anywhere covers the whole file. Rules are
/// named by ID or name. Findings of the rules about suppressions (<see cref="ReasonRuleId"/>,
/// <see cref="UnusedRuleId"/>) cannot be suppressed inline, so a directive cannot hide its own problems.
/// </summary>
public static partial class InlineSuppressions
{
    /// <summary>The rule that reports a suppression without a reason.</summary>
    public const string ReasonRuleId = "PF010";

    /// <summary>The rule that reports a suppression that suppresses nothing.</summary>
    public const string UnusedRuleId = "PF011";

    /// <summary><see cref="Suppression.Kind"/> of an inline suppression (SARIF <c>inSource</c>).</summary>
    public const string Kind = "inSource";

    // "# configlint:" starts a directive; everything after it is checked, so a typo is reported
    // (as a suppression that suppresses nothing) instead of being a silent no-op.
    [GeneratedRegex(@"^\s*#\s*configlint\s*:(?<rest>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex DirectiveStart();

    [GeneratedRegex(@"^\s*(?<action>[A-Za-z-]+)\s*=\s*(?<keys>[^\s,](?:[^-]|-(?!-))*?)\s*(?:--\s*(?<reason>.*?))?\s*$")]
    private static partial Regex DirectiveBody();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    private static partial Regex KeyPattern();

    /// <summary>Every directive in the main.cf, master.cf and aliases of a configuration.</summary>
    public static List<SuppressionDirective> Collect(PostfixConfig config)
    {
        var all = new List<SuppressionDirective>();
        if (config.Main is { } main)
        {
            all.AddRange(Parse(main.Source, main.Entries.Select(e => (e.FirstLine, e.LastLine))));
        }

        if (config.Master is { } master)
        {
            all.AddRange(Parse(master.Source, master.Services.Select(s => (s.FirstLine, s.LastLine))));
        }

        if (config.Aliases is { } aliases)
        {
            all.AddRange(Parse(aliases.Source, aliases.Entries.Select(e => (e.FirstLine, e.LastLine))));
        }

        return all;
    }

    /// <summary>The directives of one file, given where its entries start and end.</summary>
    public static List<SuppressionDirective> Parse(SourceText source, IEnumerable<(int FirstLine, int LastLine)> entries)
    {
        var result = new List<SuppressionDirective>();
        Dictionary<int, int>? entryByFirstLine = null;
        for (var n = 1; n <= source.Lines.Count; n++)
        {
            var line = source.Lines[n - 1];

            // Cheap test first: files can have a million lines and almost none is a directive.
            if (line.IndexOf("configlint", StringComparison.OrdinalIgnoreCase) < 0)
            {
                continue;
            }

            var start = DirectiveStart().Match(line);
            if (!start.Success)
            {
                continue;
            }

            var hash = line.IndexOf('#', StringComparison.Ordinal);
            var span = new Span(source.Path, n, hash + 1, n, line.TrimEnd().Length + 1);
            var rest = start.Groups["rest"];
            var body = DirectiveBody().Match(rest.Value);
            if (!body.Success)
            {
                result.Add(new SuppressionDirective(SuppressionScope.Entry, [], null, span, null, null,
                    "is not a directive ConfigLint understands; write '# configlint: disable=ID[,ID…] -- reason' or '# configlint: disable-file=ID[,ID…] -- reason'")
                { Text = line.Trim() });
                continue;
            }

            var action = body.Groups["action"].Value.ToLowerInvariant();
            var scope = action switch
            {
                "disable" => SuppressionScope.Entry,
                "disable-file" => SuppressionScope.File,
                _ => (SuppressionScope?)null,
            };

            var keys = new List<SuppressionKey>();
            string? problem = scope is null ? $"has the unknown action '{body.Groups["action"].Value}'; use disable= or disable-file=" : null;
            var keysGroup = body.Groups["keys"];
            var offset = rest.Index + keysGroup.Index;
            foreach (var part in keysGroup.Value.Split(','))
            {
                var trimmed = part.Trim();
                var column = offset + part.IndexOf(trimmed, StringComparison.Ordinal) + 1;
                offset += part.Length + 1;
                if (trimmed.Length == 0)
                {
                    continue;
                }

                if (!KeyPattern().IsMatch(trimmed))
                {
                    problem ??= $"names '{trimmed}', which is not a rule ID or name; separate rules with commas and put the reason after ' -- '";
                    continue;
                }

                keys.Add(new SuppressionKey(trimmed, new Span(source.Path, n, column, n, column + trimmed.Length)));
            }

            if (keys.Count == 0)
            {
                problem ??= "names no rule";
            }

            int? targetFirst = null;
            int? targetLast = null;
            if (scope == SuppressionScope.Entry)
            {
                // The entry must start on the first line after this comment block: other comment
                // lines may come between, a blank line (or a continuation line) may not.
                var next = n + 1;
                while (next <= source.Lines.Count && LogicalLine.IsComment(source.Lines[next - 1]))
                {
                    next++;
                }

                entryByFirstLine ??= EntriesByFirstLine(entries);
                if (entryByFirstLine.TryGetValue(next, out var last))
                {
                    targetFirst = next;
                    targetLast = last;
                }
            }

            var reason = body.Groups["reason"].Success ? body.Groups["reason"].Value.Trim() : null;
            result.Add(new SuppressionDirective(scope ?? SuppressionScope.Entry, keys, reason, span, targetFirst, targetLast, problem) { Text = line.Trim() });
        }

        return result;
    }

    /// <summary>
    /// Marks the findings the directives cover (<see cref="Finding.Suppression"/> of kind
    /// <see cref="Kind"/>, the reason as justification) and works out which directives, or which of
    /// their keys, suppressed nothing. A key naming a rule that did not run (switched off) is not
    /// reported: nothing can be known about it.
    /// </summary>
    public static (List<Finding> Findings, SuppressionAudit Audit) Apply(
        IReadOnlyList<SuppressionDirective> directives,
        IReadOnlyList<Finding> findings,
        IReadOnlyCollection<RuleDescriptor> knownRules,
        IReadOnlyCollection<RuleDescriptor> rulesThatRan)
    {
        if (directives.Count == 0)
        {
            return (findings.ToList(), new SuppressionAudit(directives, []));
        }

        var used = new HashSet<SuppressionKey>();
        var result = new List<Finding>(findings.Count);
        foreach (var finding in findings)
        {
            if (finding.Suppression is not null || finding.RuleId is ReasonRuleId or UnusedRuleId)
            {
                result.Add(finding);
                continue;
            }

            Finding marked = finding;
            foreach (var directive in directives)
            {
                if (directive.Problem is not null || !directive.Covers(finding))
                {
                    continue;
                }

                var key = directive.Keys.FirstOrDefault(k => Names(k.Text, finding.RuleId, finding.RuleName));
                if (key is null)
                {
                    continue;
                }

                used.Add(key);
                if (marked.Suppression is null)
                {
                    marked = finding with { Suppression = new Suppression(Kind, directive.Reason ?? string.Empty, directive.Span) };
                }
            }

            result.Add(marked);
        }

        var unused = new List<UnusedSuppression>();
        foreach (var directive in directives)
        {
            if (directive.Problem is { } problem)
            {
                unused.Add(new UnusedSuppression(directive, directive.Span, $"'{directive.Text}' {problem}."));
                continue;
            }

            if (directive.Scope == SuppressionScope.Entry && directive.TargetFirstLine is null)
            {
                unused.Add(new UnusedSuppression(directive, directive.Span,
                    $"'{directive.Text}' is not directly above a main.cf parameter, master.cf service or aliases entry, so it suppresses nothing; move it to the line above the entry (no blank line between)."));
                continue;
            }

            foreach (var key in directive.Keys.Where(k => !used.Contains(k)))
            {
                var rule = knownRules.FirstOrDefault(r => Names(key.Text, r.Id, r.Name));
                var where = directive.Scope == SuppressionScope.File ? "in this file" : "on the entry below";
                if (rule is null)
                {
                    unused.Add(new UnusedSuppression(directive, key.Span, $"'{key.Text}' is not a rule ID or name, so this suppression suppresses nothing; 'configlint rules list' shows the rules."));
                }
                else if (rule.Id is ReasonRuleId or UnusedRuleId)
                {
                    unused.Add(new UnusedSuppression(directive, key.Span, $"{rule.Id} cannot be suppressed inline (a directive cannot hide its own problems); switch it off in .configlint.yml if you must."));
                }
                else if (rulesThatRan.Any(r => r.Id == rule.Id))
                {
                    unused.Add(new UnusedSuppression(directive, key.Span, $"Suppression of {rule.Id} [{rule.Name}] is unused: {rule.Id} reports nothing {where}; remove it."));
                }
            }
        }

        return (result, new SuppressionAudit(directives, unused));
    }

    private static Dictionary<int, int> EntriesByFirstLine(IEnumerable<(int FirstLine, int LastLine)> entries)
    {
        var map = new Dictionary<int, int>();
        foreach (var (first, last) in entries)
        {
            map.TryAdd(first, last);
        }

        return map;
    }

    private static bool Names(string key, string id, string name) =>
        string.Equals(key, id, StringComparison.OrdinalIgnoreCase) || string.Equals(key, name, StringComparison.OrdinalIgnoreCase);
}
