namespace ConfigLint.Core.Catalogue;

/// <summary>
/// How a Postfix program parses a parameter value when it starts: the table the parameter sits in
/// (CONFIG_INT_TABLE, CONFIG_LONG_TABLE, CONFIG_TIME_TABLE, CONFIG_BOOL_TABLE and their NINT/NBOOL
/// variants in src/global/mail_params.c and the daemons). The parse rules are the same in 3.4 – 3.11;
/// tests/data/postfix/parameter-limits.tsv says how the table was derived.
/// </summary>
public enum ParsedValueKind
{
    /// <summary>
    /// strtol(3) base 10 of the whole <c>$</c>-expanded value into a C int (global/mail_conf_int.c):
    /// an empty value, a unit (<c>50M</c>) or a number outside the int range is fatal:
    /// <c>bad numerical configuration: NAME = VALUE</c>.
    /// </summary>
    Int,

    /// <summary>The same into a C long (global/mail_conf_long.c), e.g. <c>message_size_limit</c>.</summary>
    Long,

    /// <summary>
    /// conv_time() (global/conv_time.c): a non-negative number, then an optional unit <c>s m h d w</c>
    /// (only the first character after the digits is looked at); a bare number takes
    /// <see cref="ValueParsing.TimeUnit"/>; else <c>parameter NAME: bad time value or unit: VALUE</c>.
    /// </summary>
    Time,

    /// <summary>
    /// <c>yes</c> or <c>no</c>, case-insensitive (global/mail_conf_bool.c); else
    /// <c>bad boolean configuration: NAME = VALUE</c>.
    /// </summary>
    Bool,
}

/// <summary>
/// What Postfix enforces on one integer, time or boolean parameter of one release.
/// </summary>
/// <param name="Kind">How the value is parsed.</param>
/// <param name="Minimum">
/// The lower bound Postfix checks after parsing (seconds for a time), or null for none. Violations are
/// fatal: <c>invalid NAME parameter value V &lt; MIN</c> (int, long) or <c>invalid NAME: V (min MIN)</c> (time).
/// </param>
/// <param name="Maximum">The upper bound likewise (<c>... V &gt; MAX</c>, <c>(max MAX)</c>), or null for none.</param>
/// <param name="TimeUnit">
/// For <see cref="ParsedValueKind.Time"/>: the unit of a bare number, the first letter of the expanded
/// built-in default (global/mail_conf_time.c get_def_time_unit()); null otherwise.
/// </param>
public sealed record ValueParsing(ParsedValueKind Kind, long? Minimum, long? Maximum, char? TimeUnit)
{
    /// <summary>
    /// The fatal error a Postfix program stops with when parameter <paramref name="name"/> has the
    /// <c>$</c>-expanded <paramref name="value"/>, worded as Postfix words it, or null when Postfix accepts
    /// the value. Follows global/mail_conf_int.c, mail_conf_long.c, mail_conf_nint.c, mail_conf_bool.c,
    /// mail_conf_time.c and conv_time.c (identical in 3.4 – 3.11).
    /// </summary>
    public string? FatalError(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        switch (Kind)
        {
            case ParsedValueKind.Bool:
                return value.Equals("yes", StringComparison.OrdinalIgnoreCase) || value.Equals("no", StringComparison.OrdinalIgnoreCase)
                    ? null
                    : $"bad boolean configuration: {name} = {value}";

            case ParsedValueKind.Int or ParsedValueKind.Long:
                {
                    var (number, end, overflow) = StrToL(value);
                    if (value.Length == 0 || end != value.Length || overflow
                        || (Kind == ParsedValueKind.Int && number is < int.MinValue or > int.MaxValue))
                    {
                        return $"bad numerical configuration: {name} = {value}";
                    }

                    return Minimum is { } min && number < min ? $"invalid {name} parameter value {number} < {min}"
                        : Maximum is { } max && number > max ? $"invalid {name} parameter value {number} > {max}"
                        : null;
                }

            default:
                {
                    if (!TryConvertTime(value, TimeUnit ?? 's', out var seconds))
                    {
                        return $"parameter {name}: bad time value or unit: {value}";
                    }

                    return Minimum is { } min && seconds < min ? $"invalid {name}: {seconds} (min {min})"
                        : Maximum is { } max && seconds > max ? $"invalid {name}: {seconds} (max {max})"
                        : null;
                }
        }
    }

    /// <summary>
    /// The number an integer or long parameter holds once its program has started: the value
    /// <c>strtol(3)</c> reads (global/mail_conf_int.c, mail_conf_long.c), or null when the value is not
    /// an <see cref="ParsedValueKind.Int"/> or <see cref="ParsedValueKind.Long"/> Postfix accepts (it
    /// would stop with <see cref="FatalError"/> instead).
    /// </summary>
    public long? Number(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (Kind is not (ParsedValueKind.Int or ParsedValueKind.Long) || FatalError(name, value) is not null)
        {
            return null;
        }

        return StrToL(value).Value;
    }

    /// <summary>
    /// conv_time(): strtol(3), then the character right after the digits (or <paramref name="defaultUnit"/>
    /// when there is none) must be a unit; what follows it is ignored ("10sec" is 10 seconds). No digits at
    /// all count as 0 ("s" is 0 seconds). The result must fit a C int.
    /// </summary>
    private static bool TryConvertTime(string value, char defaultUnit, out long seconds)
    {
        seconds = 0;
        var (number, end, overflow) = StrToL(value);
        if (value.Length == 0 || overflow || number is < 0 or > int.MaxValue)
        {
            return false;
        }

        long factor = (end < value.Length ? value[end] : defaultUnit) switch
        {
            'w' => 7 * 24 * 3600,
            'd' => 24 * 3600,
            'h' => 3600,
            'm' => 60,
            's' => 1,
            _ => 0,
        };

        // conv_time() accepts a unit only while the number is below INT_MAX / unit.
        if (factor == 0 || (factor > 1 && number >= int.MaxValue / factor))
        {
            return false;
        }

        seconds = number * factor;
        return true;
    }

    /// <summary>
    /// strtol(value, &amp;end, 10) of glibc: leading white space, an optional sign, digits; with no digits the
    /// value is 0 and end is 0 (the start of the string); out of the long range it is clamped with ERANGE.
    /// </summary>
    private static (long Value, int End, bool Overflow) StrToL(string value)
    {
        var i = 0;
        while (i < value.Length && value[i] is ' ' or '\t' or '\n' or '\v' or '\f' or '\r')
        {
            i++;
        }

        var negative = false;
        if (i < value.Length && value[i] is '+' or '-')
        {
            negative = value[i] == '-';
            i++;
        }

        var start = i;
        var overflow = false;
        decimal magnitude = 0;
        while (i < value.Length && char.IsAsciiDigit(value[i]))
        {
            if (!overflow)
            {
                magnitude = (magnitude * 10) + (value[i] - '0');
                overflow = magnitude > (negative ? -(decimal)long.MinValue : long.MaxValue);
            }

            i++;
        }

        if (i == start)
        {
            return (0, 0, false);
        }

        return overflow
            ? (negative ? long.MinValue : long.MaxValue, i, true)
            : ((long)(negative ? -magnitude : magnitude), i, false);
    }
}
