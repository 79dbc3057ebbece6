namespace ConfigLint.Core.Catalogue;

/// <summary>
/// One entry of a release's deprecation table (postconf_unused.c, Postfix 3.9 and later): postconf -n
/// and postfix check warn about it with Postfix's own <see cref="Advice"/>.
/// </summary>
/// <param name="Name">The deprecated parameter.</param>
/// <param name="Advice">What Postfix says to do instead, verbatim: <c>specify "smtpd_tls_security_level"</c>.</param>
/// <param name="Removed">
/// True when the release no longer knows the name at all (neither built-in nor referenced by a built-in
/// default): postconf then says "has been removed". A renamed parameter whose replacement still defaults
/// to it (<c>virtual_alias_maps = $virtual_maps</c>) is known, so it "will be removed", even in 3.11.
/// A main.cf that itself refers to the name with <c>$name</c> makes it known too.
/// </param>
public sealed record ParameterDeprecation(string Name, string Advice, bool Removed)
{
    /// <summary>
    /// The warning postconf prints without its <c>/etc/postfix/main.cf: </c> prefix
    /// (postconf_unused.c pcf_flag_unused_parameters(); note the quotes only in the first form):
    /// <c>support for parameter "NAME" will be removed; instead, ADVICE</c> or
    /// <c>support for parameter NAME has been removed; instead, ADVICE</c>.
    /// </summary>
    public string PostconfWarning => Removed
        ? $"support for parameter {Name} has been removed; instead, {Advice}"
        : $"support for parameter \"{Name}\" will be removed; instead, {Advice}";
}
