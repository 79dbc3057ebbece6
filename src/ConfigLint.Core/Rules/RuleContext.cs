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

    public RuleDescriptor Rule { get; }

    public Severity Severity { get; }

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
                : Config.Main is { } main ? Span.Line(main.Source.Path, 1, main.Source.LineText(1).Length)
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
    public string Format(params (string Key, string Value)[] values)
    {
        var text = Rule.Message;
        foreach (var (k, v) in values)
        {
            text = text.Replace("{" + k + "}", Excerpt.Of(v, MaxValueInMessage), StringComparison.Ordinal);
        }

        return text;
    }
}
