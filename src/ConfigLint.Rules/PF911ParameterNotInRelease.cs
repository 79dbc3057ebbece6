using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Model;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF911: a main.cf or <c>-o</c> name the target release does not know but a newer release does
/// (<see cref="PostfixReleases.FirstKnowingAfter"/>): the target's postconf warns "unused parameter" and its
/// programs never read it, so the feature is not there.
/// </summary>
[Rule("PF911")]
public sealed class PF911ParameterNotInRelease : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        foreach (var setting in ParameterSettings.All(config))
        {
            if (ParameterSettings.Kind(config, setting) != ParameterNameKind.Unused
                || config.Release.TryGetDeprecation(setting.Name, out _)
                || PostfixReleases.FirstKnowingAfter(config.Release, setting.Name) is not { } first)
            {
                continue;
            }

            context.Report(
                setting.NameSpan,
                context.Format(
                    ("name", setting.Name),
                    ("needs", first.Series),
                    ("where", setting.Where),
                    ("release", config.Release.Series),
                    ("setting", setting.PostconfText)),
                key: $"{setting.Service?.Key}|{setting.Name}");
        }
    }
}
