namespace ConfigLint.Core.Model.Tls;

/// <summary>
/// A SASL security options list (<c>smtpd_sasl_security_options</c>, <c>smtp_sasl_security_options</c>
/// and their <c>_tls_</c> variants): the properties a mechanism must have to be offered or used.
/// Postfix reads the words with name_mask_opt() without NAME_MASK_ANY_CASE, so they are
/// case-sensitive: <c>NoPlaintext</c> is not <c>noplaintext</c> (xsasl_cyrus_security.c,
/// xsasl_dovecot_server.c).
/// </summary>
public sealed class SaslSecurityOptions
{
    public SaslSecurityOptions(EffectiveValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        List = ListItems.Of(value);
    }

    /// <summary>The list with each word's span.</summary>
    public ParameterList List { get; }

    public EffectiveValue Value => List.Value;

    /// <summary><c>noplaintext</c>: no mechanism that sends the password itself (PLAIN, LOGIN).</summary>
    public bool ExcludesPlaintext => Has("noplaintext");

    /// <summary><c>noanonymous</c>: no mechanism that logs in without a password (ANONYMOUS).</summary>
    public bool ExcludesAnonymous => Has("noanonymous");

    public bool Has(string word) => List.Items.Any(i => string.Equals(i.Text, word, StringComparison.Ordinal));
}
