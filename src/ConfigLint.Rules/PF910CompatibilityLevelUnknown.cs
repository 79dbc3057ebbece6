using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Model;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF910: compatibility_level names a later Postfix than the target (3.11 with target 3.7). The target
/// accepts any well-formed level without a word and applies the defaults of the newest level it knows
/// (compat_level.c rejects only bad syntax; every default compares with <c>&lt;level</c>), so the defaults
/// the administrator asked for are not in effect. The message names those that differ, computed with the
/// catalogue of the release the level names.
/// </summary>
[Rule("PF910")]
public sealed class PF910CompatibilityLevelUnknown : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        var setting = config.CompatibilityLevelSetting;
        if (!setting.NamesNewerRelease || setting.Definition is not { } definition)
        {
            return;
        }

        var value = setting.Value.Value.Trim();
        var release = config.Release;
        var named = PostfixReleases.All.LastOrDefault(r => r.CompareTo(release) > 0 && CompatibilityLevels.CompareLevels(r.Series, value) <= 0);
        var missing = new List<string>();
        if (named is not null && CompatibilityLevels.TryNormalize(value, named, out var namedLevel))
        {
            foreach (var parameter in named.Parameters.LevelDependent)
            {
                if (config.Lookup(parameter.Name)?.Provenance is MainCfProvenance or MasterOverrideProvenance || !release.Parameters.IsKnown(parameter.Name))
                {
                    continue;
                }

                var wanted = LevelDefaults.TextAt(named, parameter.Name, namedLevel).Trim();
                var actual = LevelDefaults.TextAt(release, parameter.Name, config.CompatibilityLevel).Trim();
                if (wanted != actual)
                {
                    missing.Add($"{parameter.Name} stays {(actual.Length == 0 ? "empty" : actual)} instead of {(wanted.Length == 0 ? "empty" : wanted)}");
                }
            }
        }

        context.Report(
            definition.ValueSpan,
            context.Format(
                ("value", value),
                ("release", release.Series),
                ("newest", release.NewestCompatibilityLevel),
                ("missing", missing.Count > 0
                    ? $": {string.Join(", ", missing)}{(named is null ? string.Empty : $" (the Postfix {named.Series} defaults at {value})")}"
                    : string.Empty)),
            key: value);
    }
}
