using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Rules;

/// <summary>
/// What a rule sees: the model, and a way to report that fills in its own ID, name and severity.
/// Every report needs a real span: a file and a line that exist (DESIGN §4).
/// </summary>
public sealed class RuleContext
{
    private readonly List<Finding> findings;

    public RuleContext(RuleDescriptor rule, Severity severity, PostfixConfig config, List<Finding> findings, SuppressionAudit? suppressions = null)
    {
        Rule = rule;
        Severity = severity;
        Config = config;
        Suppressions = suppressions ?? SuppressionAudit.None;
        this.findings = findings;
    }

    public RuleDescriptor Rule { get; private set; }

    public Severity Severity { get; private set; }

    /// <summary>
    /// The same context for the next rule of one configuration's run (<see cref="Engine.Analyzer"/>): a
    /// context a rule was made for every rule and configuration, 90 objects a configuration. A rule
    /// uses its context only while its check runs.
    /// </summary>
    internal RuleContext For(RuleDescriptor rule, Severity severity)
    {
        Rule = rule;
        Severity = severity;
        return this;
    }

    public PostfixConfig Config { get; }

    /// <summary>
    /// For rules of the <see cref="RulePhase.AfterSuppressions"/> phase: the suppression comments
    /// and which of them suppressed nothing. Empty for every other rule.
    /// </summary>
    public SuppressionAudit Suppressions { get; }

    /// <summary>Reports a finding. <paramref name="message"/> is the finished sentence (usually from <see cref="Format"/>).</summary>
    public void Report(Span span, string message, IEnumerable<RelatedLocation>? related = null, Fix? fix = null, string? key = null, Severity? severity = null)
    {
        if (string.IsNullOrEmpty(span.File) || span.StartLine < 1 || span.StartColumn < 1)
        {
            throw new InvalidOperationException($"{Rule.Id} reported a finding without a real span ({span}); every finding must point at the line that causes it.");
        }

        if (fix is not null && Rule.FixSafety is null)
        {
            throw new InvalidOperationException($"{Rule.Id} reported a fix, but its manifest does not say whether it is safe (fix: safe or fix: unsafe).");
        }

        // Locations stay in files that exist: a place in the assumed stock master.cf is no place a
        // user can open, so related ones are dropped and a primary one moves to the first real
        // related location, else to the top of main.cf (the message names the stock master.cf).
        var places = related?.Where(r => !Config.IsAssumed(r.Span)).ToList() ?? [];
        if (Config.IsAssumed(span))
        {
            span = places.Count > 0 ? places[0].Span
                : Config.Main is { } main ? Span.Line(main.Source.Path, 1, main.Source.LineLength(1))
                : throw new InvalidOperationException($"{Rule.Id} reported a finding in the assumed stock master.cf with nowhere real to point.");
        }

        findings.Add(new Finding
        {
            RuleId = Rule.Id,
            RuleName = Rule.Name,
            Severity = severity is { } s && Severity != Text.Severity.None ? Min(s, Severity) : Severity,
            Message = message,
            Span = span,
            Related = places,
            Fix = fix is null || fix.Replacements.Any(r => Config.IsAssumed(r.Span)) ? null : fix,
            LogicalKey = LogicalKeyOf(key ?? message),
        });
    }

    /// <summary>The longest logical key kept as it is; a longer one keeps its start and a hash of the whole.</summary>
    public const int MaxLogicalKey = 1000;

    /// <summary>
    /// The finding's identity across runs (its fingerprint is made from it). A key built from a 35 KB name
    /// or from the listeners of 100,000 services would be kept whole with every finding; its start and a
    /// SHA-256 of the whole tell findings apart as well.
    /// </summary>
    private string LogicalKeyOf(string key) =>
        key.Length <= MaxLogicalKey
            ? $"{Rule.Id}|{key}"
            : $"{Rule.Id}|{key.AsSpan(0, 200)}|sha256:{Sha256.HexOf(key)}";

    // A rule may report below its default (PF101's warnings); a user's re-levelling caps it.
    private Severity Min(Severity fromRule, Severity configured) => Rule.DefaultSeverity == configured ? fromRule : configured;

    /// <summary>The most a value filled into a message may add to it (a rule that forgets to shorten a 10 MB value does not echo it).</summary>
    public const int MaxValueInMessage = 1000;

    /// <summary>Fills the manifest's message template: <c>{name}</c> placeholders from <paramref name="values"/>.</summary>
    /// <remarks>
    /// One pass over the template: a value is not searched for placeholders in its turn (it is what a file
    /// says, not template), and the message is made once instead of once per key (a replacement per key
    /// was a twentieth of what a fleet's check allocated). A key given twice fills in its first value.
    /// </remarks>
    public string Format(params (string Key, string Value)[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var template = Rule.Message;
        var shown = new string[values.Length];
        var length = template.Length;
        for (var k = 0; k < values.Length; k++)
        {
            shown[k] = Excerpt.Of(values[k].Value, MaxValueInMessage);
            length += shown[k].Length;
        }

        var text = new System.Text.StringBuilder(length);
        var at = 0;
        while (at < template.Length)
        {
            var open = template.IndexOf('{', at);
            var close = open < 0 ? -1 : template.IndexOf('}', open + 1);
            if (close < 0)
            {
                break;
            }

            var key = template.AsSpan(open + 1, close - open - 1);
            var index = IndexOfKey(values, key);
            if (index < 0)
            {
                // Not a placeholder of this report: kept as written, and the search goes on after its '{'.
                text.Append(template, at, open + 1 - at);
                at = open + 1;
                continue;
            }

            text.Append(template, at, open - at).Append(shown[index]);
            at = close + 1;
        }

        return text.Append(template, at, template.Length - at).ToString();
    }

    private static int IndexOfKey((string Key, string Value)[] values, ReadOnlySpan<char> key)
    {
        for (var k = 0; k < values.Length; k++)
        {
            if (key.SequenceEqual(values[k].Key))
            {
                return k;
            }
        }

        return -1;
    }
}
