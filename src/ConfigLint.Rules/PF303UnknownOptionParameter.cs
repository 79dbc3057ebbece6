using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Model;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF303: a master.cf <c>-o name=value</c> whose name nothing uses in that service's name space (postconf_user.c:
/// built-in, legacy, service-defined, or user-defined and used by a <c>$name</c> or a restriction class).
/// postconf warns "unused parameter" and the daemon stores a value nothing reads.
/// </summary>
[Rule("PF303")]
public sealed class PF303UnknownOptionParameter : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        foreach (var setting in ParameterSettings.InMaster(config))
        {
            if (ParameterSettings.Kind(config, setting) != ParameterNameKind.Unused || ParameterSettings.IsDeprecatedOrNewer(config, setting.Name))
            {
                continue;
            }

            var older = PostfixReleases.LastKnowingBefore(config.Release, setting.Name);
            context.Report(
                setting.NameSpan,
                context.Format(
                    ("name", setting.Name),
                    ("service", setting.Service!.Label),
                    ("release", config.Release.Series),
                    ("why", older is null ? string.Empty : $" (Postfix {older.Series} and older knew it)"),
                    ("setting", setting.PostconfText),
                    ("hint", ParameterSettings.DidYouMean(config, setting.Name))),
                key: $"{setting.Service.Key}|{setting.Name}");
        }
    }
}
