using ConfigLint.Core.Findings;
using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Model;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// PF909: compatibility_level is missing or below the newest level the target release knows. Postfix then keeps
/// the backwards-compatible defaults of the older level and says so on every start ("Postfix is using
/// backwards-compatible default settings", postfix/postfix.c). The message lists, level by level, the defaults
/// that would change for this main.cf (only those it does not set itself), from the release's catalogue.
/// </summary>
[Rule("PF909")]
public sealed class PF909CompatibilityLevelOutdated : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        var setting = config.CompatibilityLevelSetting;
        if (config.Main is not { } main || setting.IsMalformed || setting.Value.Expanded.Failed)
        {
            return;
        }

        var release = config.Release;
        var current = setting.Level;
        var newest = release.NewestCompatibilityLevel;
        if (CompatibilityLevels.CompareLevels(current, newest) >= 0)
        {
            return;
        }

        var levels = release.KnownCompatibilityLevels.Where(l => CompatibilityLevels.CompareLevels(l, current) > 0).ToList();
        var changes = new List<string>();
        var previous = current;
        foreach (var level in levels)
        {
            var changed = LevelDefaults.Changes(release, previous, level)
                .Where(c => config.Lookup(c.Name)?.Provenance is not (MainCfProvenance or MasterOverrideProvenance))
                .Select(c => $"{c.Name} {Shown(c.Before)} → {Shown(c.After)}")
                .ToList();
            if (changed.Count > 0)
            {
                changes.Add($"at {level}: {string.Join(", ", changed)}");
            }

            previous = level;
        }

        var (where, span) = setting.Definition is { } definition
            ? ($"compatibility_level = {setting.Value.Value}", definition.ValueSpan)
            : setting.Value.Provenance is HostProvenance
                ? ($"main.cf sets no compatibility_level (default_compatibility_level in .configlint.yml says {setting.Value.Value})", TopOf(main))
                : ("main.cf sets no compatibility_level, so it is 0", TopOf(main));
        context.Report(
            span,
            context.Format(
                ("where", where),
                ("level", current),
                ("newest", newest),
                ("release", release.Series),
                ("changes", changes.Count > 0
                    ? $"; raising it changes these defaults: {string.Join("; ", changes)}"
                    : "; main.cf sets every default that changes above it, so raising it changes nothing here")),
            fix: FixFor(main, setting, newest, changes),
            key: $"{current}");
    }

    /// <summary>
    /// compatibility_level = the newest level: the value replaced, or a line added at the top of
    /// main.cf. Unsafe: the defaults listed change (the description repeats them, so the diff says
    /// what it does). Not offered when main.cf starts with a byte-order mark, which would then
    /// start the second line's name instead.
    /// </summary>
    private static Fix? FixFor(Core.Parsing.MainCfDocument main, CompatibilityLevelSetting setting, string newest, List<string> changes)
    {
        var what = changes.Count > 0 ? $"; these defaults change: {string.Join("; ", changes)}" : "; no default that main.cf leaves unset changes";
        if (setting.Definition is { } definition)
        {
            return new Fix($"Set compatibility_level = {newest}{what}", [new Replacement(definition.ValueSpan, newest)]);
        }

        return main.Source.LineText(1).StartsWith('\uFEFF')
            ? null
            : new Fix($"Add compatibility_level = {newest} at the top of main.cf{what}", [new Replacement(new Span(main.Source.Path, 1, 1, 1, 1), $"compatibility_level = {newest}\n")]);
    }

    private static string Shown(string value) => value.Trim().Length == 0 ? "(empty)" : value.Trim();

    private static Span TopOf(Core.Parsing.MainCfDocument main) => Span.Line(main.Source.Path, 1, main.Source.LineLength(1));
}
