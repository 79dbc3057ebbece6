using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF903: a parameter in the target release's deprecation table (postconf_unused.c, 3.9 and later). postconf
/// says "will be removed" for a name the release still uses and "has been removed" for one it no longer knows
/// (then the setting has no effect), each time with Postfix's own advice. Where the advice names a replacement
/// that keeps Postfix's behaviour (<see cref="ParameterReplacements"/>), the finding carries the rewrite; a
/// replacement that is already set wins, and the deprecated line then only has to go.
/// </summary>
[Rule("PF903")]
public sealed class PF903DeprecatedParameter : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        foreach (var setting in ParameterSettings.All(config))
        {
            if (!config.Release.TryGetDeprecation(setting.Name, out var deprecation))
            {
                continue;
            }

            var removed = ParameterSettings.Kind(config, setting) == ParameterNameKind.Unused;
            var warning = new ParameterDeprecation(deprecation.Name, deprecation.Advice, removed).PostconfWarning;
            var effect = removed
                ? $"Postfix {config.Release.Series} no longer reads {setting.Name}, so this setting has no effect"
                : $"Postfix {config.Release.Series} still reads it, but a later release will not";
            context.Report(
                setting.NameSpan,
                context.Format(
                    ("name", setting.Name),
                    ("where", setting.Where),
                    ("release", config.Release.Series),
                    ("warning", warning),
                    ("effect", effect)),
                fix: FixFor(config, setting),
                key: $"{setting.Service?.Key}|{setting.Name}");
        }
    }

    private static Fix? FixFor(PostfixConfig config, ParameterSetting setting)
    {
        if (ParameterReplacements.For(setting.Name) is not { } replacement)
        {
            return null;
        }

        var service = setting.Service;
        var old = setting.Name;
        var target = replacement.Replacement;
        if (replacement.Kind == ReplacementKind.SameValue)
        {
            // Another $old would lose its value; a replacement set explicitly no longer reads $old at all.
            if (config.ParameterNames.IsReferenced(old))
            {
                return null;
            }

            return config.Lookup(target, service)?.Provenance is MainCfProvenance or MasterOverrideProvenance
                ? new Fix($"Delete {old}: {target} is set, so {old} has no effect", [setting.Deletion(config)])
                : new Fix($"Rename {old} to {target}", [new(setting.WholeSpan, setting.Rewritten(target, setting.Value.Text))]);
        }

        // The legacy TLS switches count only while the security level is empty (smtpd.c, smtp_tls_policy.c, ...).
        var level = config.Get(target, service).Value.Trim();
        if (level.Length > 0)
        {
            return new Fix($"Delete {old}: {target} = {level} decides, so {old} has no effect", [setting.Deletion(config)]);
        }

        if (replacement.Kind == ReplacementKind.TlsUse
            && ParameterReplacements.All.FirstOrDefault(r => r.Replacement == target && r.Kind == ReplacementKind.TlsEnforce) is { } enforce
            && IsYes(config.Get(enforce.Deprecated, service).Value))
        {
            return new Fix($"Delete {old}: {enforce.Deprecated} = yes decides, and becomes {target}", [setting.Deletion(config)]);
        }

        var peername = replacement.PeernameParameter is { } p && IsYes(config.Get(p, service).Value);
        return replacement.ValueFor(config.Get(old, service).Value, peername) is { } value
            ? new Fix($"Replace {old} with {target} = {value}", [new(setting.WholeSpan, setting.Rewritten(target, value))])
            : new Fix($"Delete {old}: an empty {target} already means no TLS", [setting.Deletion(config)]);
    }

    private static bool IsYes(string value) => value.Trim().Equals("yes", StringComparison.OrdinalIgnoreCase);
}
