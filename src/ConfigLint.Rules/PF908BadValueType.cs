using ConfigLint.Core.Findings;
using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF908: a boolean, integer, size or time parameter whose value Postfix cannot parse, or outside the
/// minimum and maximum Postfix enforces. Each Postfix program parses its parameters when it starts and
/// stops on the first bad one (global/mail_conf_bool.c, mail_conf_int.c, mail_conf_long.c, mail_conf_time.c;
/// <see cref="ValueParsing.FatalError"/>). A value spoiled by an inline comment or an accidental continuation
/// is reported by PF907 or PF906, where the cause is.
/// </summary>
[Rule("PF908")]
public sealed class PF908BadValueType : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        foreach (var setting in ParameterSettings.All(config))
        {
            if (ParameterSettings.ParsingOf(config, setting.Name) is not { } parsing || ParameterSettings.HasForeignText(config, setting.Entry))
            {
                continue;
            }

            var value = config.Get(setting.Name, setting.Service);
            if (value.Expanded.Failed || parsing.FatalError(setting.Name, value.Value) is not { } fatal)
            {
                continue;
            }

            var who = setting.Service is null
                ? $"Every Postfix program that reads {setting.Name}"
                : $"{setting.Service.Label} ({setting.Service.Command.Text})";
            context.Report(
                setting.Value.WholeSpan,
                context.Format(("who", who), ("fatal", fatal), ("hint", Hint(parsing, value.Value))),
                fix: FixFor(setting, parsing, value.Value),
                key: $"{setting.Service?.Key}|{setting.Name}|{value.Value}");
        }
    }

    /// <summary>
    /// The value Postfix would have accepted for what was evidently meant: <c>true</c>/<c>on</c> → yes,
    /// <c>false</c>/<c>off</c> → no (mail_conf_bool.c accepts only yes and no, any case), and
    /// <c>50M</c> → 52428800. Unsafe: the setting starts to apply, so behaviour changes. Only for a
    /// value written as one word (<see cref="ParameterSetting.Value"/> is exactly it), not one built
    /// from <c>$name</c>.
    /// </summary>
    private static Fix? FixFor(ParameterSetting setting, ValueParsing parsing, string value)
    {
        var written = setting.Value.Text.Trim();
        if (written != value.Trim() || written.Contains('$', StringComparison.Ordinal) || written.Length == 0)
        {
            return null;
        }

        var meant = parsing.Kind == ParsedValueKind.Bool
            ? written.ToLowerInvariant() switch
            {
                "true" or "on" or "1" or "enable" or "enabled" or "y" => "yes",
                "false" or "off" or "0" or "disable" or "disabled" or "n" => "no",
                _ => null,
            }
            : UnitFree(written);
        return meant is null ? null : new Fix($"Write {setting.Name} = {meant}", [new Replacement(setting.Value.WholeSpan, meant)]);
    }

    private static string? UnitFree(string written) =>
        written.Length > 1 && char.IsAsciiDigit(written[0]) && Multiplier(written[^1]) is { } m
            && long.TryParse(written[..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            && n <= long.MaxValue / m
            ? (n * m).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : null;

    private static string Hint(ValueParsing parsing, string value)
    {
        var trimmed = value.Trim();
        return parsing.Kind switch
        {
            ParsedValueKind.Bool => "; a boolean is yes or no",
            ParsedValueKind.Time => "; a time is a number with an optional unit s, m, h, d or w",
            _ when trimmed.Length > 1 && char.IsAsciiDigit(trimmed[0]) && Multiplier(trimmed[^1]) is { } m
                && long.TryParse(trimmed[..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
                && n <= long.MaxValue / m
                => $"; Postfix takes plain numbers without units: write {n * m}",
            _ when parsing.Minimum is not null || parsing.Maximum is not null => string.Empty,
            _ => "; Postfix takes a plain whole number",
        };
    }

    private static long? Multiplier(char unit) => char.ToUpperInvariant(unit) switch
    {
        'K' => 1024L,
        'M' => 1024L * 1024,
        'G' => 1024L * 1024 * 1024,
        _ => null,
    };
}
