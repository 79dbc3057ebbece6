using ConfigLint.Core.Model;

namespace ConfigLint.Core.Tests.Model;

/// <summary>
/// Debian 12's postfix package (3.7.11, the Postfix the live tests run) against release 3.7 of the
/// catalogue (the upstream 3.7.22 build, tests/data/postfix/versions/3.7): the same 831 names, and the
/// same raw defaults except these, and only these. Four are installation paths Debian's build sets
/// (html_directory, manpage_directory, readme_directory, shlib_directory), two are the version
/// (mail_version, mail_release_date), four are upstream changes between 3.7.11 and 3.7.22
/// (milter_default_action "tempfail" became "shutdown"; smtp_tls_dane_insecure_mx_policy became "dane";
/// the tlsproxy_client_* fallbacks to their legacy names were rewritten with ${name?{...}:{...}}).
/// The live tests give the model these as host facts, so it expands what the installed postconf expands;
/// a stale entry (one that no longer differs, or that the package no longer has) fails them.
/// </summary>
internal static class DebianInstallation
{
    public static IReadOnlyDictionary<string, string> RawDefaults { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["html_directory"] = "/usr/share/doc/postfix/html",
        ["mail_release_date"] = "20240304",
        ["mail_version"] = "3.7.11",
        ["manpage_directory"] = "/usr/share/man",
        ["milter_default_action"] = "tempfail",
        ["readme_directory"] = "/usr/share/doc/postfix",
        ["shlib_directory"] = "/usr/lib/postfix",
        ["smtp_tls_dane_insecure_mx_policy"] = "${{$smtp_tls_security_level} == {dane} ? {dane} : {may}}",
        ["tlsproxy_client_policy_maps"] = "${tlsproxy_client_policy:$smtp_tls_policy_maps}",
        ["tlsproxy_client_security_level"] = "${tlsproxy_client_level:$smtp_tls_security_level}",
    };

    /// <summary><paramref name="host"/> plus the Debian raw defaults above.</summary>
    public static HostFacts With(HostFacts host)
    {
        var values = new Dictionary<string, string>(host.Values, StringComparer.Ordinal);
        foreach (var (name, value) in RawDefaults)
        {
            values[name] = value;
        }

        return new HostFacts(values);
    }
}
