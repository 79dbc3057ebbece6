using ConfigLint.Core.Text;

namespace ConfigLint.Core.Model.Smtpd;

/// <summary>
/// Which certificates an smtpd trusts for <c>permit_tls_all_clientcerts</c>: those that verify
/// against <c>smtpd_tls_CAfile</c> and <c>smtpd_tls_CApath</c>, plus the system's default CAs with
/// <c>tls_append_default_CA = yes</c> (postconf(5); tls_set_ca_certificate_info() in
/// src/tls/tls_certkey.c). With neither file, directory nor the default, no certificate is trusted.
/// </summary>
public sealed record ClientCertificateTrust(string? CaFile, Span? CaFileSpan, string? CaPath, Span? CaPathSpan, bool AppendsDefault, Span? AppendSpan)
{
    /// <summary>
    /// The operating systems' bundles of publicly trusted CAs (Debian/Ubuntu, RHEL/Fedora,
    /// SUSE, Alpine, the BSDs, macOS): a certificate any domain owner can get verifies against them.
    /// </summary>
    public static readonly IReadOnlyList<string> PublicStores =
    [
        "/etc/ssl/certs/ca-certificates.crt",
        "/etc/ssl/certs",
        "/etc/pki/tls/certs/ca-bundle.crt",
        "/etc/pki/tls/certs",
        "/etc/pki/tls/cert.pem",
        "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
        "/etc/pki/ca-trust/extracted/pem",
        "/etc/ssl/ca-bundle.pem",
        "/etc/ssl/cert.pem",
        "/etc/ssl/certs/ca-bundle.crt",
        "/usr/local/share/certs/ca-root-nss.crt",
        "/usr/share/ssl/certs/ca-bundle.crt",
        "/etc/ca-certificates/extracted/tls-ca-bundle.pem",
    ];

    /// <summary>True when a file or directory is one of <see cref="PublicStores"/>.</summary>
    public static bool IsPublicStore(string? path) =>
        !string.IsNullOrWhiteSpace(path) && PublicStores.Contains(path.Trim().TrimEnd('/'), StringComparer.Ordinal);

    /// <summary>Some CA is configured, so some certificate can verify.</summary>
    public bool TrustsAny => !string.IsNullOrWhiteSpace(CaFile) || !string.IsNullOrWhiteSpace(CaPath) || AppendsDefault;

    /// <summary>Any holder of a publicly trusted certificate verifies: the CA file or directory is a public bundle, or the defaults are appended.</summary>
    public bool TrustsPublicCas => IsPublicStore(CaFile) || IsPublicStore(CaPath) || AppendsDefault;

    /// <summary>Where that trust is written (the public CA file or directory, else tls_append_default_CA), or null.</summary>
    public (Span Span, string Text)? PublicCause =>
        IsPublicStore(CaFile) && CaFileSpan is { } f ? (f, $"smtpd_tls_CAfile = {CaFile!.Trim()}")
        : IsPublicStore(CaPath) && CaPathSpan is { } p ? (p, $"smtpd_tls_CApath = {CaPath!.Trim()}")
        : AppendsDefault && AppendSpan is { } a ? (a, "tls_append_default_CA = yes")
        : null;
}
