namespace ConfigLint.Core.Catalogue;

/// <summary>How a deprecated parameter's value carries over to the parameter Postfix's advice names.</summary>
public enum ReplacementKind
{
    /// <summary>
    /// A plain rename: the replacement's built-in default is the deprecated name's value
    /// (<c>virtual_alias_maps = $virtual_maps</c>, <c>postscreen_denylist_action =
    /// ${postscreen_blacklist_action?{$postscreen_blacklist_action}:{ignore}}</c> in 3.11), so the same value
    /// under the new name means the same.
    /// </summary>
    SameValue,

    /// <summary>
    /// <c>X_use_tls = yes</c>: with <c>X_tls_security_level</c> empty, the daemon turns TLS on as <c>may</c>
    /// (smtpd/smtpd.c, smtp/smtp_tls_policy.c, postscreen/postscreen_smtpd.c, tlsproxy/tlsproxy.c);
    /// <c>no</c> is what an empty level means anyway.
    /// </summary>
    TlsUse,

    /// <summary>
    /// <c>X_enforce_tls = yes</c>: with the level empty, the daemon requires TLS. A server uses
    /// <c>encrypt</c>; the SMTP and LMTP clients use <c>verify</c> when <c>X_tls_enforce_peername</c> is yes
    /// (its default) and <c>encrypt</c> otherwise (smtp/smtp_tls_policy.c global_tls_level()).
    /// </summary>
    TlsEnforce,
}

/// <summary>
/// A deprecated parameter whose value can be moved to the one Postfix's advice names without changing
/// what Postfix does. Names whose replacement has another syntax (<c>smtp_tls_per_site</c> →
/// <c>smtp_tls_policy_maps</c> takes other actions), another unit (<c>postscreen_dnsbl_ttl</c> → a bare
/// number would count hours in <c>postscreen_dnsbl_max_ttl</c>), a wider effect
/// (<c>disable_dns_lookups</c> also governs LMTP), or whose replacement does not default to it
/// (3.11's <c>smtpd_client_event_limit_exceptions = ${smtpd_client_connection_limit_exceptions:$mynetworks}</c>
/// is empty once the old name is set) are not listed: they get Postfix's advice, no fix.
/// </summary>
/// <param name="Deprecated">The deprecated name.</param>
/// <param name="Replacement">The parameter to write instead.</param>
/// <param name="Kind">How the value carries over.</param>
/// <param name="PeernameParameter">For a client's <see cref="ReplacementKind.TlsEnforce"/>: the <c>X_tls_enforce_peername</c> that picks verify or encrypt.</param>
public sealed record ParameterReplacement(string Deprecated, string Replacement, ReplacementKind Kind, string? PeernameParameter = null)
{
    /// <summary>
    /// The value to write for <see cref="Replacement"/> given the deprecated parameter's expanded
    /// <paramref name="value"/>, or null when the setting only says what an empty replacement means anyway
    /// (<c>smtpd_use_tls = no</c>) and can simply go. <paramref name="peernameEnforced"/> is the effective
    /// <see cref="PeernameParameter"/> (true when it is yes).
    /// </summary>
    public string? ValueFor(string value, bool peernameEnforced)
    {
        ArgumentNullException.ThrowIfNull(value);
        var yes = value.Trim().Equals("yes", StringComparison.OrdinalIgnoreCase);
        return Kind switch
        {
            ReplacementKind.TlsUse => yes ? "may" : null,
            ReplacementKind.TlsEnforce => !yes ? null : PeernameParameter is not null && peernameEnforced ? "verify" : "encrypt",
            _ => value,
        };
    }
}

/// <summary>The deprecated parameters of the 3.9 – 3.11 tables (postconf_unused.c) that have a faithful replacement.</summary>
public static class ParameterReplacements
{
    private static readonly Dictionary<string, ParameterReplacement> ByName = new ParameterReplacement[]
    {
        new("smtpd_use_tls", "smtpd_tls_security_level", ReplacementKind.TlsUse),
        new("smtpd_enforce_tls", "smtpd_tls_security_level", ReplacementKind.TlsEnforce),
        new("postscreen_use_tls", "postscreen_tls_security_level", ReplacementKind.TlsUse),
        new("postscreen_enforce_tls", "postscreen_tls_security_level", ReplacementKind.TlsEnforce),
        new("tlsproxy_use_tls", "tlsproxy_tls_security_level", ReplacementKind.TlsUse),
        new("tlsproxy_enforce_tls", "tlsproxy_tls_security_level", ReplacementKind.TlsEnforce),
        new("smtp_use_tls", "smtp_tls_security_level", ReplacementKind.TlsUse),
        new("smtp_enforce_tls", "smtp_tls_security_level", ReplacementKind.TlsEnforce, "smtp_tls_enforce_peername"),
        new("lmtp_use_tls", "lmtp_tls_security_level", ReplacementKind.TlsUse),
        new("lmtp_enforce_tls", "lmtp_tls_security_level", ReplacementKind.TlsEnforce, "lmtp_tls_enforce_peername"),
        new("authorized_verp_clients", "smtpd_authorized_verp_clients", ReplacementKind.SameValue),
        new("fallback_relay", "smtp_fallback_relay", ReplacementKind.SameValue),
        new("lmtp_per_record_deadline", "lmtp_per_request_deadline", ReplacementKind.SameValue),
        new("smtp_per_record_deadline", "smtp_per_request_deadline", ReplacementKind.SameValue),
        new("smtpd_per_record_deadline", "smtpd_per_request_deadline", ReplacementKind.SameValue),
        new("postscreen_blacklist_action", "postscreen_denylist_action", ReplacementKind.SameValue),
        new("postscreen_dnsbl_whitelist_threshold", "postscreen_dnsbl_allowlist_threshold", ReplacementKind.SameValue),
        new("postscreen_whitelist_interfaces", "postscreen_allowlist_interfaces", ReplacementKind.SameValue),
        new("tlsproxy_client_level", "tlsproxy_client_security_level", ReplacementKind.SameValue),
        new("tlsproxy_client_policy", "tlsproxy_client_policy_maps", ReplacementKind.SameValue),
        new("virtual_maps", "virtual_alias_maps", ReplacementKind.SameValue),
    }.ToDictionary(r => r.Deprecated, StringComparer.Ordinal);

    /// <summary>The replacement of a deprecated name, or null when it has none that keeps Postfix's behaviour.</summary>
    public static ParameterReplacement? For(string deprecated)
    {
        ArgumentNullException.ThrowIfNull(deprecated);
        return ByName.GetValueOrDefault(deprecated);
    }

    /// <summary>Every listed replacement (tests check each against the release catalogues).</summary>
    public static IReadOnlyCollection<ParameterReplacement> All => ByName.Values;
}
