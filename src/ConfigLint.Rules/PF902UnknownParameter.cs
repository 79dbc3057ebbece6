using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// PF902: a main.cf name that nothing uses. postconf knows built-in and legacy names, the service-defined
/// names of the master.cf services, and user-defined names that a <c>$name</c> or a restriction class uses
/// (postconf_user.c); for every other name "postconf -n" warns "unused parameter" and no program reads it.
/// Deprecated names (PF903) and names of a newer release (PF911) have their own rules.
/// </summary>
[Rule("PF902")]
public sealed class PF902UnknownParameter : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        foreach (var setting in ParameterSettings.InMain(config))
        {
            if (ParameterSettings.Kind(config, setting) != ParameterNameKind.Unused)
            {
                continue;
            }

            var entry = setting.Entry!;
            if (entry.StartsWithByteOrderMark)
            {
                var meant = entry.NameWithoutByteOrderMark;
                var bom = new Span(setting.NameSpan.File, setting.NameSpan.StartLine, 1, setting.NameSpan.StartLine, 2);
                context.Report(
                    setting.NameSpan,
                    context.Format(
                        ("name", ParameterSettings.Display(setting.Name)),
                        ("release", config.Release.Series),
                        ("why", $" (the file starts with a UTF-8 byte-order mark, which Postfix keeps as part of the name, so {meant} is not set)"),
                        ("setting", setting.PostconfText),
                        ("hint", " (remove the byte-order mark)")),
                    fix: new Fix($"Remove the UTF-8 byte-order mark before {meant}", [new Replacement(bom, string.Empty)]),
                    key: setting.Name);
                continue;
            }

            if (ParameterSettings.IsDeprecatedOrNewer(config, setting.Name))
            {
                continue;
            }

            var older = PostfixReleases.LastKnowingBefore(config.Release, setting.Name);
            var hint = ParameterSettings.DidYouMean(config, setting.Name);
            if (config.MasterIsStock && older is null && hint.Length == 0)
            {
                // The master.cf deployed with this main.cf is not in the tree: a user-defined name that is no
                // typo of a Postfix parameter may well be what one of its -o values refers to.
                continue;
            }

            context.Report(
                setting.NameSpan,
                context.Format(
                    ("name", setting.Name),
                    ("release", config.Release.Series),
                    ("why", older is null ? string.Empty : $" (Postfix {older.Series} and older knew it)"),
                    ("setting", setting.PostconfText),
                    ("hint", hint)),
                key: setting.Name);
        }
    }
}
