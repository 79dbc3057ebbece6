using System.Text.RegularExpressions;
using ConfigLint.Core.Model;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Rules;

/// <summary>
/// The typed primitives of a declarative <c>check:</c> block: one parameter, one condition, for
/// main.cf or for every smtpd service. Anything that nests or crosses files is a coded rule.
/// </summary>
public sealed class DeclarativeCheck : IRuleLogic
{
    private readonly string parameter;
    private readonly bool perService;
    private readonly Func<EffectiveValue, bool> condition;
    private readonly string describe;

    private DeclarativeCheck(string parameter, bool perService, Func<EffectiveValue, bool> condition, string describe)
    {
        this.parameter = parameter;
        this.perService = perService;
        this.condition = condition;
        this.describe = describe;
    }

    public static DeclarativeCheck Create(CheckManifest c, string source, int line)
    {
        if (string.IsNullOrWhiteSpace(c.Parameter))
        {
            throw new RuleManifestException(source, line, "check: needs 'parameter'");
        }

        var scope = c.Scope?.Trim() ?? "main";
        if (scope is not ("main" or "services"))
        {
            throw new RuleManifestException(source, line, $"check: scope '{scope}' must be 'main' or 'services'");
        }

        var conditions = new List<(Func<EffectiveValue, bool> Test, string Text)>();
        if (c.EqualTo is { } eq)
        {
            conditions.Add((v => v.Value.Trim() == eq, $"is '{eq}'"));
        }

        if (c.NotEquals is { } ne)
        {
            conditions.Add((v => v.Value.Trim() != ne, $"is not '{ne}'"));
        }

        if (c.OneOf is { } oneOf)
        {
            conditions.Add((v => oneOf.Contains(v.Value.Trim()), $"is one of {string.Join(", ", oneOf)}"));
        }

        if (c.NotOneOf is { } notOneOf)
        {
            conditions.Add((v => !notOneOf.Contains(v.Value.Trim()), $"is none of {string.Join(", ", notOneOf)}"));
        }

        if (c.Matches is { } pattern)
        {
            var regex = Compile(pattern, source, line);
            conditions.Add((v => Matches(regex, v, pattern, c.Parameter ?? string.Empty, source, line), $"matches /{pattern}/"));
        }

        if (c.ListContains is { } contains)
        {
            conditions.Add((v => ListItems.Split(v.Value).Any(i => string.Equals(i.Text, contains, StringComparison.OrdinalIgnoreCase)), $"contains '{contains}'"));
        }

        if (c.ListLacks is { } lacks)
        {
            conditions.Add((v => !ListItems.Split(v.Value).Any(i => string.Equals(i.Text, lacks, StringComparison.OrdinalIgnoreCase)), $"lacks '{lacks}'"));
        }

        if (c.IsSet is { } isSet)
        {
            conditions.Add((v => isSet ? !v.IsDefault && v.IsDefined : v.IsDefault || !v.IsDefined, isSet ? "is set" : "is left at its default"));
        }

        if (conditions.Count != 1)
        {
            throw new RuleManifestException(source, line, $"check: needs exactly one condition (equals, not_equals, one_of, not_one_of, matches, list_contains, list_lacks, is_set); found {conditions.Count}");
        }

        return new DeclarativeCheck(c.Parameter.Trim(), scope == "services", conditions[0].Test, conditions[0].Text);
    }

    public void Check(RuleContext context)
    {
        var config = context.Config;
        var services = perService && config.Master is not null
            ? config.SmtpServers.Select(s => s.Answering).Distinct().Cast<Parsing.MasterService?>().ToList()
            : [null];
        var reported = new HashSet<Span>();
        foreach (var service in services)
        {
            var value = config.Get(parameter, service);
            if (!condition(value))
            {
                continue;
            }

            // A finding about a value left at its default points at the top of main.cf: the place
            // where the line would be added (there is no better real line).
            var span = value.Provenance?.Span ?? TopOfMainCf(config);
            if (span is null || !reported.Add(span.Value))
            {
                continue;
            }

            var where = service is null ? string.Empty : $" for {service.Key}";
            context.Report(span.Value, context.Format(("parameter", parameter), ("value", Excerpt.Of(value.Value)), ("service", service?.Key ?? "main.cf"), ("condition", describe)), key: $"{parameter}{where}");
        }
    }

    /// <summary>
    /// A user's pattern, matched in time linear in the value (RegexOptions.NonBacktracking): a
    /// pattern that needs backtracking (a backreference, a lookaround, an atomic group, a
    /// conditional) can take exponential time on a hostile value, and whether it beats a timeout
    /// depends on how busy the machine is, so the same input could pass one run and fail the next.
    /// Such a pattern is refused when the manifest is loaded, at its file and line (exit code 2).
    /// </summary>
    private static Regex Compile(string pattern, string source, int line)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, MatchTimeout);
        }
        catch (NotSupportedException)
        {
            throw new RuleManifestException(source, line,
                $"check: matches /{Excerpt.Of(pattern)}/ needs backtracking (a backreference, lookaround, atomic group or conditional), which can take exponential time; ConfigLint matches patterns in linear time only: write it without");
        }
        catch (ArgumentException e)
        {
            throw new RuleManifestException(source, line, $"check: matches is not a valid regular expression: {e.Message}");
        }
    }

    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>A match that takes too long (linear, so only on an enormous value) is the rule's fault, reported at its manifest (exit code 2), never an unhandled exception.</summary>
    private static bool Matches(Regex regex, EffectiveValue value, string pattern, string parameter, string source, int line)
    {
        try
        {
            return regex.IsMatch(value.Value);
        }
        catch (RegexMatchTimeoutException)
        {
            var where = value.Provenance?.Span is { } span ? $" (written at {span})" : string.Empty;
            throw new RuleManifestException(source, line,
                $"check: matches /{Excerpt.Of(pattern)}/ took longer than {MatchTimeout.TotalSeconds:0} s on the value of {parameter}{where}; write a pattern without nested repetition");
        }
    }

    private static Span? TopOfMainCf(PostfixConfig config) =>
        config.Main is { } main && main.Source.Lines.Count > 0 ? Span.Line(main.Source.Path, 1, main.Source.Lines[0].Length) : null;
}
