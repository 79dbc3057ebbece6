namespace ConfigLint.Core.Catalogue;

/// <summary>
/// The configuration parameters of Postfix's database clients (ldap_table(5), mysql_table(5), pgsql_table(5),
/// sqlite_table(5), memcache_table(5), mongodb_table(5)), as postconf lists them (postconf/extract_cfg.sh
/// -d [-s] over global/dict_TYPE.c: every cfg_get_str/int/bool() name, plus "domain", plus the legacy SQL
/// query names). They matter for a legacy reference <c>ldap:name</c> (no path): postconf then knows the
/// main.cf parameters <c>name_SUFFIX</c> (postconf_dbms.c). Taken from Postfix 3.11.6; 3.4 – 3.10 have the
/// same lists minus a few later additions (key_digest, charset, idle_interval, retry_interval, encoding), and
/// mongodb is new in 3.9.
/// </summary>
public static class DatabaseClientParameters
{
    private static readonly Dictionary<string, HashSet<string>> ByType = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["ldap"] = ["bind", "bind_dn", "bind_pw", "cache", "cache_expiry", "cache_size", "chase_referrals", "debuglevel", "dereference", "domain", "expansion_limit", "leaf_result_attribute", "query_filter", "recursion_limit", "result_attribute", "result_filter", "result_format", "sasl_authz_id", "sasl_mechs", "sasl_minssf", "sasl_realm", "scope", "search_base", "server_host", "server_port", "size_limit", "special_result_attribute", "start_tls", "terminal_result_attribute", "timeout", "tls_ca_cert_dir", "tls_ca_cert_file", "tls_cert", "tls_cipher_suite", "tls_key", "tls_random_file", "tls_require_cert", "version"],
        ["memcache"] = ["backup", "data_size_limit", "domain", "flags", "key_digest", "key_format", "line_size_limit", "max_try", "memcache", "retry_pause", "timeout", "ttl"],
        ["mysql"] = ["additional_conditions", "charset", "dbname", "domain", "expansion_limit", "hosts", "idle_interval", "option_file", "option_group", "password", "query", "require_result_set", "result_format", "retry_interval", "select_field", "table", "tls_CAfile", "tls_CApath", "tls_cert_file", "tls_ciphers", "tls_key_file", "tls_verify_cert", "user", "where_field"],
        ["pgsql"] = ["additional_conditions", "dbname", "domain", "encoding", "expansion_limit", "hosts", "idle_interval", "password", "query", "result_format", "retry_interval", "select_field", "select_function", "table", "user", "where_field"],
        ["sqlite"] = ["additional_conditions", "dbpath", "domain", "expansion_limit", "query", "result_format", "select_field", "table", "where_field"],
        ["mongodb"] = ["collection", "dbname", "domain", "expansion_limit", "projection", "query_filter", "result_attribute", "result_format", "uri"],
    }.ToDictionary(kv => kv.Key, kv => kv.Value.ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>The database types whose <c>type:name</c> references make <c>name_SUFFIX</c> known in <paramref name="release"/>.</summary>
    public static IEnumerable<string> Types(PostfixRelease release)
    {
        ArgumentNullException.ThrowIfNull(release);
        return ByType.Keys.Where(t => t != "mongodb" || release.CompareTo(PostfixReleases.Get("3.9")) >= 0);
    }

    /// <summary>Whether <paramref name="suffix"/> is a client parameter of database type <paramref name="type"/>.</summary>
    public static bool IsParameter(string type, string suffix)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(suffix);
        return ByType.TryGetValue(type, out var names) && names.Contains(suffix);
    }
}
