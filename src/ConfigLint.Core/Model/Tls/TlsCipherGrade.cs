using ConfigLint.Core.Catalogue;

namespace ConfigLint.Core.Model.Tls;

/// <summary>The cipher grades of <c>*_tls_ciphers</c> and <c>*_tls_mandatory_ciphers</c> (tls_misc.c tls_cipher_grade_table).</summary>
public enum TlsCipherGrade
{
    High,
    Medium,
    Low,
    Export,
    Null,
}

/// <summary>Reading cipher grades as the target release does.</summary>
public static class TlsCipherGrades
{
    /// <summary>tls_cipher_grade(): high, medium, low, export or null, in any case; anything else is no grade.</summary>
    public static bool TryParse(string text, out TlsCipherGrade grade)
    {
        foreach (var g in Enum.GetValues<TlsCipherGrade>())
        {
            if (string.Equals(text, g.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                grade = g;
                return true;
            }
        }

        grade = TlsCipherGrade.Medium;
        return false;
    }

    /// <summary>The grade's name as written in main.cf ("export").</summary>
    public static string Name(this TlsCipherGrade grade) => grade.ToString().ToLowerInvariant();

    /// <summary>The parameter that holds the OpenSSL cipher list of a grade (<c>tls_low_cipherlist</c>).</summary>
    public static string CipherListParameter(this TlsCipherGrade grade) => $"tls_{grade.Name()}_cipherlist";

    /// <summary>
    /// Whether the release still has the grade as a grade of its own: Postfix 3.8 reads "low" and "export"
    /// as "medium" ([Incompat 20230304], tls_misc.c) and ships their cipher lists empty. Read from the
    /// release's own defaults: a grade whose <c>tls_&lt;grade&gt;_cipherlist</c> default is empty is not one.
    /// </summary>
    public static bool IsOwnGrade(this TlsCipherGrade grade, PostfixRelease release)
    {
        ArgumentNullException.ThrowIfNull(release);
        return !string.IsNullOrWhiteSpace(release.Parameters.RawDefault(grade.CipherListParameter()));
    }

    /// <summary>
    /// True for a grade that asks OpenSSL for weak ciphers with the target release: "null" (no encryption
    /// at all, tls_null_cipherlist = eNULL…), and "low" or "export" where the release still has them
    /// (their lists add LOW, EXPORT and RC4 ciphers).
    /// </summary>
    public static bool IsWeak(this TlsCipherGrade grade, PostfixRelease release) =>
        grade == TlsCipherGrade.Null || (grade is TlsCipherGrade.Low or TlsCipherGrade.Export && grade.IsOwnGrade(release));
}
