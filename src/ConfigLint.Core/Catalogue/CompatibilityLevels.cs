using System.Diagnostics.CodeAnalysis;

namespace ConfigLint.Core.Catalogue;

/// <summary>How a release reads the <c>compatibility_level</c> value.</summary>
public enum CompatibilityLevelSyntax
{
    /// <summary>
    /// Postfix 3.4 and 3.5: an integer, read with the CONFIG_INT_TABLE of mail_params.c (no bounds).
    /// A value that starts with a digit and contains a dot is first cut to its atoi() ("3.6" is 3), "to
    /// allow rollback from Postfix &gt;= 3.6, and to allow configuration sharing with Postfix &gt;= 3.6"
    /// (mail_params.c mail_params_init()); anything else that is not a whole C int is fatal:
    /// "bad numerical configuration: compatibility_level = VALUE".
    /// </summary>
    Integer,

    /// <summary>
    /// Postfix 3.6 and later: <c>major[.minor[.patch]]</c>, compared component by component
    /// (compat_level.c); anything else is fatal: "malformed compatibility level syntax".
    /// </summary>
    Version,
}

/// <summary>
/// Postfix <c>compatibility_level</c> values (POSTFIX-SEMANTICS.md §4). A release changes defaults at a
/// few levels only (<see cref="PostfixRelease.KnownCompatibilityLevels"/>: 3.4 and 3.5 know 0, 1, 2; 3.6
/// to 3.10 add 3.6; 3.11 adds 3.11). A value is compared as a version, so every valid value acts like the
/// highest known level that it is not below: with 3.7, <c>3.5</c> acts like 2, <c>1.5</c> like 1, and
/// <c>3.7</c>, <c>3.11</c> or <c>9999</c> like 3.6.
/// <para>
/// A level above the release's newest is accepted without any warning and simply gets the newest
/// defaults. compat_level.c rejects only malformed syntax; mail_params.c check_legacy_defaults() and
/// postfix.c only ask whether the level is below a known one ("Postfix is using backwards-compatible
/// default settings" is logged when it is below LAST_COMPAT_LEVEL, 3.6 in 3.7, 3.11 in 3.11); every level
/// expression of a default is <c>${{$compatibility_level} &lt;level {N} ? ...}</c>. 3.4 and 3.5 do the same
/// with CUR_COMPAT_LEVEL 2 (postfix.c) and cut <c>3.11</c> to 3 on purpose (see
/// <see cref="CompatibilityLevelSyntax.Integer"/>). So <c>compatibility_level = 3.11</c> on Postfix 3.7
/// behaves as 3.6 and nothing tells the administrator that the 3.11 defaults
/// (<c>smtp_tls_security_level = may</c>, RELEASE_NOTES-3.11) are not in effect: see
/// <see cref="IsAboveNewest(string?, PostfixRelease)"/>.
/// </para>
/// </summary>
public static class CompatibilityLevels
{
    /// <summary>The level when main.cf does not set compatibility_level (§4: "The implicit default is 0").</summary>
    public const string Default = "0";

    // Postfix's compat_level.c packs major.minor.patch into one long: 10 bits each for minor and patch.
    // Measured with postconf 3.7.11: 3.1023 and 3.5.1023 are valid, 3.1024 and 3.5.1024 are
    // "malformed compatibility level syntax"; the largest valid major is 2^43 - 1 (8796093022207).
    private const long MaxMajor = (1L << 43) - 1;
    private const long MaxMinorOrPatch = (1L << 10) - 1;

    /// <summary>Whether Postfix 3.6 or later accepts <paramref name="text"/> as a compatibility level.</summary>
    public static bool IsValid(string? text) => TryParse(text, out _);

    /// <summary>Whether <paramref name="release"/> accepts <paramref name="text"/> as a compatibility level.</summary>
    public static bool IsValid(string? text, PostfixRelease release) => TryNormalize(text, release, out _);

    /// <summary>
    /// Maps any valid level to the one of <see cref="PostfixRelease.KnownCompatibilityLevels"/> whose defaults
    /// it gets. With 3.7: "3.5" → "2", "1.5" → "1", "3.06" → "3.6", "3.7" / "3.11" / "9999" → "3.6"; with 3.11,
    /// "3.11" is its own level; with 3.5, "3.6" → "2" (cut to 3). False for what the release rejects (and then
    /// refuses to start, see <see cref="DescribeMalformed"/>): with 3.6 and later "abc", "-1", "", "3.",
    /// "1.2.3.4", "3.1024"; with 3.4 and 3.5 "abc", "", ".5", "1e3", a number beyond a C int.
    /// </summary>
    /// <param name="text">The value as it stands in main.cf (already trimmed by the main.cf reader).</param>
    /// <param name="release">The target release.</param>
    /// <param name="level">One of the release's known levels.</param>
    public static bool TryNormalize(string? text, PostfixRelease release, [NotNullWhen(true)] out string? level)
    {
        ArgumentNullException.ThrowIfNull(release);
        level = null;
        var known = release.KnownCompatibilityLevels;
        if (release.CompatibilityLevelSyntax == CompatibilityLevelSyntax.Integer)
        {
            if (!TryParseInteger(text, out var number))
            {
                return false;
            }

            level = known.Last(l => long.Parse(l, System.Globalization.CultureInfo.InvariantCulture) <= number || l == Default);
            return true;
        }

        if (!TryParse(text, out var version))
        {
            return false;
        }

        level = known.Last(l => Compare(version, ParseKnown(l)) >= 0 || l == Default);
        return true;
    }

    /// <summary>
    /// Whether <paramref name="text"/> is a valid level above the newest that <paramref name="release"/> knows
    /// ("3.11" or "3.7" for 3.7, "3.6" for 3.5): Postfix accepts it silently and applies its newest defaults
    /// (see the class remarks). False for a malformed level and for a known one ("3.6.0" for 3.7).
    /// "3.7" on 3.7 means the same as 3.6; <see cref="IsNewerThanRelease"/> tells the two cases apart.
    /// </summary>
    public static bool IsAboveNewest(string? text, PostfixRelease release)
    {
        ArgumentNullException.ThrowIfNull(release);
        var newest = release.NewestCompatibilityLevel;
        if (release.CompatibilityLevelSyntax == CompatibilityLevelSyntax.Integer)
        {
            return TryParseInteger(text, out var number) && number > long.Parse(newest, System.Globalization.CultureInfo.InvariantCulture);
        }

        return TryParse(text, out var version) && Compare(version, ParseKnown(newest)) > 0;
    }

    /// <summary>
    /// Whether <paramref name="text"/> is a valid level that names a later Postfix than <paramref name="release"/>
    /// itself ("3.11" for 3.7, "3.6" for 3.5, but not "3.7" for 3.7), compared as versions with the release
    /// series. Since 3.6 "the compatibility level will be the Postfix version that introduced the last
    /// incompatible change" (RELEASE_NOTES-3.6), so such a level asks for defaults this release does not have.
    /// </summary>
    public static bool IsNewerThanRelease(string? text, PostfixRelease release)
    {
        ArgumentNullException.ThrowIfNull(release);
        return IsValid(text, release) && TryParse(text, out var version) && Compare(version, ParseKnown(release.Series)) > 0;
    }

    /// <summary>
    /// What Postfix says when <paramref name="release"/> rejects <paramref name="text"/>: "Malformed compatibility
    /// level syntax: "abc"" (3.6 and later, then "macro processing error") or "bad numerical configuration:
    /// compatibility_level = abc" (3.4, 3.5).
    /// </summary>
    public static string DescribeMalformed(string text, PostfixRelease release)
    {
        ArgumentNullException.ThrowIfNull(release);
        return release.CompatibilityLevelSyntax == CompatibilityLevelSyntax.Integer
            ? $"Bad numerical configuration: compatibility_level = {text}"
            : $"Malformed compatibility level syntax: \"{text}\"";
    }

    /// <summary>
    /// Compares two levels as Postfix's <c>&lt;level</c> operators do (§2): numerically component by
    /// component, a missing component counting as 0, so "3.10" &gt; "3.9", "3.06" == "3.6" == "3.6.0".
    /// Returns a negative number, zero or a positive number.
    /// </summary>
    /// <exception cref="FormatException">Either value is not a valid level (Postfix: "malformed compatibility level syntax").</exception>
    public static int CompareLevels(string a, string b)
    {
        if (!TryParse(a, out var left))
        {
            throw new FormatException($"malformed compatibility level syntax: \"{a}\"");
        }

        if (!TryParse(b, out var right))
        {
            throw new FormatException($"malformed compatibility level syntax: \"{b}\"");
        }

        return Compare(left, right);
    }

    private static (long Major, long Minor, long Patch) ParseKnown(string level) =>
        TryParse(level, out var version) ? version : throw new InvalidDataException($"release.tsv: bad compatibility level \"{level}\".");

    private static int Compare((long Major, long Minor, long Patch) x, (long Major, long Minor, long Patch) y)
    {
        var c = x.Major.CompareTo(y.Major);
        if (c != 0)
        {
            return c;
        }

        c = x.Minor.CompareTo(y.Minor);
        return c != 0 ? c : x.Patch.CompareTo(y.Patch);
    }

    /// <summary>
    /// The value Postfix 3.4 / 3.5 daemons use (mail_params.c mail_params_init(), mail_conf_int.c): a value
    /// that starts with a digit and holds a dot becomes atoi(value) (glibc: strtol clamped to LONG_MAX, then
    /// cut to an int); otherwise strtol(value, 10) must take the whole value (leading blanks and a sign
    /// allowed) and fit a C int. No bounds: "-1" is valid and acts like 0.
    /// </summary>
    private static bool TryParseInteger(string? text, out long value)
    {
        value = 0;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (char.IsAsciiDigit(text[0]) && text.Contains('.', StringComparison.Ordinal))
        {
            long digits = 0;
            for (var i = 0; i < text.Length && char.IsAsciiDigit(text[i]); i++)
            {
                var digit = text[i] - '0';
                digits = digits > (long.MaxValue - digit) / 10 ? long.MaxValue : (digits * 10) + digit;
            }

            value = unchecked((int)digits);
            return true;
        }

        var position = 0;
        while (position < text.Length && text[position] is ' ' or '\t' or '\n' or '\v' or '\f' or '\r')
        {
            position++;
        }

        var negative = false;
        if (position < text.Length && text[position] is '+' or '-')
        {
            negative = text[position] == '-';
            position++;
        }

        var start = position;
        long magnitude = 0;
        while (position < text.Length && char.IsAsciiDigit(text[position]))
        {
            magnitude = magnitude > int.MaxValue ? magnitude : (magnitude * 10) + (text[position] - '0');
            position++;
        }

        if (position == start || position != text.Length)
        {
            return false;
        }

        value = negative ? -magnitude : magnitude;
        return value is >= int.MinValue and <= int.MaxValue;
    }

    /// <summary>
    /// Parses "major[.minor[.patch]]" the way compat_level_from_string() does: each component is read
    /// with strtol(..., 10), so leading blanks and a sign are accepted ("+3", "-0" and "3. 6" are valid,
    /// all checked with postconf 3.7.11), at least one digit is required, a component must be followed by
    /// "." or the end, and negative or too-large values are malformed.
    /// </summary>
    private static bool TryParse(string? text, out (long Major, long Minor, long Patch) version)
    {
        version = default;
        if (text is null)
        {
            return false;
        }

        Span<long> parts = stackalloc long[3];
        var position = 0;
        for (var index = 0; index < 3; index++)
        {
            var limit = index == 0 ? MaxMajor : MaxMinorOrPatch;
            if (!TryParseComponent(text, ref position, limit, out parts[index]))
            {
                return false;
            }

            if (position == text.Length)
            {
                version = (parts[0], parts[1], parts[2]);
                return true;
            }

            // Only '.' may follow a component, and nothing may follow the patch level.
            if (text[position] != '.' || index == 2)
            {
                return false;
            }

            position++;
        }

        return false;
    }

    private static bool TryParseComponent(string text, ref int position, long limit, out long value)
    {
        value = 0;
        var i = position;
        while (i < text.Length && text[i] is ' ' or '\t' or '\n' or '\v' or '\f' or '\r')
        {
            i++;
        }

        var negative = false;
        if (i < text.Length && text[i] is '+' or '-')
        {
            negative = text[i] == '-';
            i++;
        }

        var digitsStart = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            // Past the limit the exact value no longer matters (and must not overflow).
            value = value > limit ? value : (value * 10) + (text[i] - '0');
            i++;
        }

        if (i == digitsStart || value > limit || (negative && value != 0))
        {
            return false;
        }

        position = i;
        return true;
    }
}
