namespace ConfigLint.Core.Model.Tls;

/// <summary>
/// The TLS security levels Postfix knows, in its own order (tls.h <c>TLS_LEV_*</c>; the names of
/// tls_level.c). smtpd(8) accepts none, may and encrypt, and reads fingerprint, verify and secure as
/// encrypt with a warning; smtp(8) accepts them all.
/// </summary>
public enum TlsLevel
{
    None,
    May,
    Encrypt,
    Fingerprint,
    Dane,
    DaneOnly,
    Verify,
    Secure,
}

/// <summary>Reading TLS level names as Postfix does.</summary>
public static class TlsLevels
{
    private static readonly (string Name, TlsLevel Level)[] Names =
    [
        ("none", TlsLevel.None),
        ("may", TlsLevel.May),
        ("encrypt", TlsLevel.Encrypt),
        ("fingerprint", TlsLevel.Fingerprint),
        ("dane", TlsLevel.Dane),
        ("dane-only", TlsLevel.DaneOnly),
        ("verify", TlsLevel.Verify),
        ("secure", TlsLevel.Secure),
    ];

    /// <summary>
    /// tls_level_lookup(): the name, compared without regard to case (name_code() without
    /// NAME_CODE_FLAG_STRICT_CASE); "halfdane" is an output-only name and invalid here. False for
    /// anything else, which smtpd and smtp refuse with "Invalid TLS level".
    /// </summary>
    public static bool TryParse(string text, out TlsLevel level)
    {
        foreach (var (name, value) in Names)
        {
            if (string.Equals(text, name, StringComparison.OrdinalIgnoreCase))
            {
                level = value;
                return true;
            }
        }

        level = TlsLevel.None;
        return false;
    }

    /// <summary>The name Postfix writes for a level.</summary>
    public static string Name(this TlsLevel level) => Names.First(n => n.Level == level).Name;

    /// <summary>
    /// True for the levels at which the SMTP client refuses to deliver without TLS (TLS_README "Mandatory
    /// TLS encryption" and up): encrypt, fingerprint, dane-only, verify and secure. dane is opportunistic
    /// where the destination publishes no usable TLSA records (smtp_tls_policy.c dane_init()), so it is not.
    /// </summary>
    public static bool IsMandatory(this TlsLevel level) =>
        level is TlsLevel.Encrypt or TlsLevel.Fingerprint or TlsLevel.DaneOnly or TlsLevel.Verify or TlsLevel.Secure;
}
