using System.Diagnostics.CodeAnalysis;

namespace ConfigLint.Core.Catalogue;

/// <summary>
/// Postfix <c>compatibility_level</c> values (POSTFIX-SEMANTICS.md §4). In 3.7 only four levels change
/// any default: 0, 1, 2 and 3.6. A value is compared as a version, so every valid value acts like the
/// highest of those four that it is not below: <c>3.5</c> acts like 2, <c>1.5</c> like 1, <c>3.7</c>,
/// <c>4</c> or <c>9999</c> like 3.6, with no warning.
/// </summary>
public static class CompatibilityLevels
{
    /// <summary>The level when main.cf does not set compatibility_level (§4: "The implicit default is 0").</summary>
    public const string Default = "0";

    /// <summary>The highest level with an effect in 3.7.</summary>
    public const string Latest = "3.6";

    // Postfix's compat_level.c packs major.minor.patch into one long: 10 bits each for minor and patch.
    // Measured with postconf 3.7.11: 3.1023 and 3.5.1023 are valid, 3.1024 and 3.5.1024 are
    // "malformed compatibility level syntax"; the largest valid major is 2^43 - 1 (8796093022207).
    private const long MaxMajor = (1L << 43) - 1;
    private const long MaxMinorOrPatch = (1L << 10) - 1;

    private static readonly (long Major, long Minor, long Patch)[] Thresholds =
    [
        (3, 6, 0),
        (2, 0, 0),
        (1, 0, 0),
    ];

    /// <summary>The levels whose defaults differ in Postfix 3.7, lowest first: "0", "1", "2", "3.6".</summary>
    public static IReadOnlyList<string> Effective { get; } = ["0", "1", "2", "3.6"];

    /// <summary>Whether Postfix accepts <paramref name="text"/> as a compatibility level.</summary>
    public static bool IsValid(string? text) => TryParse(text, out _);

    /// <summary>
    /// Maps any valid level to the one of <see cref="Effective"/> whose defaults it gets ("3.5" → "2",
    /// "1.5" → "1", "3.06" → "3.6", "3.7" / "4" / "9999" → "3.6"). False for what Postfix rejects with
    /// "malformed compatibility level syntax" (and then dies with "macro processing error"): "abc",
    /// "-1", "", "3.", "1.2.3.4", "3.1024".
    /// </summary>
    /// <param name="text">The value as it stands in main.cf (already trimmed by the main.cf reader).</param>
    /// <param name="level">One of <see cref="Effective"/>.</param>
    public static bool TryNormalize(string? text, [NotNullWhen(true)] out string? level)
    {
        if (!TryParse(text, out var version))
        {
            level = null;
            return false;
        }

        level = Compare(version, Thresholds[0]) >= 0 ? "3.6"
            : Compare(version, Thresholds[1]) >= 0 ? "2"
            : Compare(version, Thresholds[2]) >= 0 ? "1"
            : "0";
        return true;
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
