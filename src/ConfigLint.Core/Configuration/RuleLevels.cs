using ConfigLint.Core.Engine;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Configuration;

/// <summary>Turns a <c>.configlint.yml</c> into the <see cref="RuleSelection"/> the analyzer runs with.</summary>
public static class RuleLevels
{
    /// <summary>
    /// The level of every rule: its default (off for an opt-in rule), then each profile in order, then <c>rules:</c> (an ID
    /// beats a name, a name beats a category, as in <see cref="RuleSelection"/>). Keys of
    /// <c>rules:</c> that name no rule, name or category are an error at their line, so a typo
    /// never leaves a rule silently on.
    /// </summary>
    public static RuleSelection Resolve(IReadOnlyCollection<RuleDescriptor> rules, ConfigLintSettings settings)
    {
        var problems = UnknownSelectors(rules, settings);
        if (problems.Count > 0)
        {
            throw ConfigurationException.Combine(problems);
        }

        var levels = new Dictionary<string, Severity>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            // An opt-in rule starts off; a profile or rules: entry that names it gives it its level.
            var level = rule.EnabledByDefault ? rule.DefaultSeverity : Severity.None;
            foreach (var profile in settings.Profiles.Select(Profiles.Find).OfType<Profile>())
            {
                foreach (var (selector, profileLevel) in profile.Levels)
                {
                    if (Profile.Matches(selector, rule))
                    {
                        level = profileLevel;
                    }
                }
            }

            var byId = settings.Rules.LastOrDefault(s => MatchesId(s.Selector, rule));
            var byName = settings.Rules.LastOrDefault(s => s.Selector == rule.Name);
            var byCategory = settings.Rules.LastOrDefault(s => s.Selector == rule.Category);
            if ((byId ?? byName ?? byCategory) is { } chosen)
            {
                level = chosen.Level;
            }

            levels[rule.Id] = level;
        }

        return new RuleSelection(levels);
    }

    /// <summary>Every key of <c>rules:</c> that names no rule ID, name or category, with a suggestion where one is close.</summary>
    public static List<ConfigurationException> UnknownSelectors(IReadOnlyCollection<RuleDescriptor> rules, ConfigLintSettings settings)
    {
        var problems = new List<ConfigurationException>();
        var categories = rules.Select(r => r.Category).Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var setting in settings.Rules)
        {
            if (!rules.Any(r => MatchesId(setting.Selector, r) || setting.Selector == r.Name || setting.Selector == r.Category))
            {
                var hint = NearestName.Hint(setting.Selector, rules.Select(r => r.Id).Concat(rules.Select(r => r.Name)).Concat(categories));
                problems.Add(new ConfigurationException(settings.DisplayPath, setting.Line,
                    $"rules: '{setting.Selector}' is not a rule ID, rule name or category{hint} (categories: {string.Join(", ", categories)}; 'configlint rules list' shows every rule)"));
            }
        }

        return problems;
    }

    private static bool MatchesId(string selector, RuleDescriptor rule) =>
        string.Equals(selector, rule.Id, StringComparison.OrdinalIgnoreCase);
}
