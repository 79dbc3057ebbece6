using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF912 (opt-in note): a main.cf line that sets a built-in parameter to exactly its default at the effective
/// compatibility level, as written (<c>myorigin = $myhostname</c>) or once expanded. Defaults Postfix computes
/// from the host (myhostname, mynetworks ...) are only compared as written text, never by value.
/// </summary>
[Rule("PF912")]
public sealed class PF912RedundantDefault : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        foreach (var setting in ParameterSettings.InMain(config))
        {
            if (setting.Name == "compatibility_level"
                || ParameterSettings.Kind(config, setting) != ParameterNameKind.Builtin
                || !config.Catalogue.TryGet(setting.Name, out var info)
                || ParameterSettings.HasForeignText(config, setting.Entry))
            {
                continue;
            }

            var written = setting.Value.Text;
            var sameText = !info.HostDependent && written == info.RawDefault;
            var value = config.Get(setting.Name);
            var sameValue = !sameText && !value.Expanded.Failed && !config.Catalogue.DependsOnHost(setting.Name)
                && value.Value == config.DefaultAt(setting.Name, config.CompatibilityLevel).Value;
            if (!sameText && !sameValue)
            {
                continue;
            }

            context.Report(
                setting.NameSpan,
                context.Format(
                    ("name", setting.Name),
                    ("value", written),
                    ("release", config.Release.Series),
                    ("level", config.CompatibilityLevel)),
                fix: new Fix($"Delete {setting.Name}, which repeats the default", [setting.Deletion(config)]),
                key: setting.Name);
        }
    }
}
