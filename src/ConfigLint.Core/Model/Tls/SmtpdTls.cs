using ConfigLint.Core.Parsing;

namespace ConfigLint.Core.Model.Tls;

/// <summary>
/// What one smtpd service does about TLS and SASL, as smtpd.c decides it at start-up from the values this
/// service sees (<c>-o</c> overrides, main.cf, the release's defaults). Postfix 3.4 – 3.11 agree on all of it:
/// <list type="bullet">
/// <item><c>smtpd_tls_wrappermode = yes</c> ignores the level and enforces TLS; otherwise a non-empty
/// <c>smtpd_tls_security_level</c> decides (none, may, encrypt; fingerprint, verify and secure are read as
/// encrypt with a warning; anything else stops smtpd: "Invalid TLS level"); an empty one leaves it to the
/// old <c>smtpd_enforce_tls</c> and <c>smtpd_use_tls</c>.</item>
/// <item>Enforced TLS implies <c>smtpd_tls_auth_only</c>: AUTH is only announced after STARTTLS.</item>
/// <item>With TLS on, STARTTLS is announced in EHLO whether or not a certificate loaded; without a server
/// certificate (<c>smtpd_tls_chain_files</c>, <c>smtpd_tls_cert_file</c>, <c>_eccert_</c>, <c>_dcert_</c>)
/// smtpd logs "No server certs available. TLS won't be enabled" and answers STARTTLS with 454, and
/// drops wrapper-mode connections. <c>smtpd_tls_cert_file = none</c> asks for anonymous ciphers only,
/// which works without a certificate unless client certificates are asked for.</item>
/// <item>Before TLS, SASL mechanisms are filtered by <c>smtpd_sasl_security_options</c>; after STARTTLS
/// and in wrapper mode by <c>smtpd_sasl_tls_security_options</c>.</item>
/// <item>The protocol list is <c>smtpd_tls_mandatory_protocols</c> where TLS is enforced, else
/// <c>smtpd_tls_protocols</c>.</item>
/// </list>
/// (smtpd.c pre_jail_init(), smtpd_proto(), ehlo_cmd(), starttls_cmd()).
/// </summary>
public sealed class SmtpdTls
{
    internal SmtpdTls(ParameterValues values, MasterService? service)
    {
        Service = service;
        EffectiveValue Get(string name) => values.Get(name, service);

        LevelValue = Get("smtpd_tls_security_level");
        WrapperModeValue = Get("smtpd_tls_wrappermode");
        WrapperMode = ValueOrigin.IsYes(WrapperModeValue);
        var level = LevelValue.Value.Trim();
        var enforce = Get("smtpd_enforce_tls");
        var useTls = Get("smtpd_use_tls");
        if (WrapperMode)
        {
            Level = TlsLevel.Encrypt;
            LevelCause = WrapperModeValue;
        }
        else if (level.Length > 0)
        {
            LevelCause = LevelValue;
            if (!TlsLevels.TryParse(level, out var parsed) || parsed is TlsLevel.Dane or TlsLevel.DaneOnly)
            {
                IsLevelInvalid = true;
            }
            else
            {
                Level = parsed == TlsLevel.None ? TlsLevel.None : parsed == TlsLevel.May ? TlsLevel.May : TlsLevel.Encrypt;
            }
        }
        else if (ValueOrigin.IsYes(enforce))
        {
            Level = TlsLevel.Encrypt;
            LevelCause = enforce;
        }
        else
        {
            Level = ValueOrigin.IsYes(useTls) ? TlsLevel.May : TlsLevel.None;
            LevelCause = ValueOrigin.IsYes(useTls) ? useTls : LevelValue;
        }

        AuthOnlyValue = Get("smtpd_tls_auth_only");
        AuthOnly = ValueOrigin.IsYes(AuthOnlyValue) || IsEnforced;
        var certFile = Get("smtpd_tls_cert_file").Value.Trim();
        AnonymousOnly = certFile.Equals("none", StringComparison.OrdinalIgnoreCase);
        HasServerCertificate = (certFile.Length > 0 && !AnonymousOnly)
            || Get("smtpd_tls_eccert_file").Value.Trim().Length > 0
            || Get("smtpd_tls_dcert_file").Value.Trim().Length > 0
            || Get("smtpd_tls_chain_files").Value.Trim().Length > 0;
        AsksClientCertificate = ValueOrigin.IsYes(Get("smtpd_tls_ask_ccert")) || (IsEnforced && ValueOrigin.IsYes(Get("smtpd_tls_req_ccert")));
        SaslEnableValue = Get("smtpd_sasl_auth_enable");
        SaslEnabled = ValueOrigin.IsYes(SaslEnableValue);
        SaslOptions = new SaslSecurityOptions(Get("smtpd_sasl_security_options"));
        SaslTlsOptions = new SaslSecurityOptions(Get("smtpd_sasl_tls_security_options"));
        ProtocolsParameter = IsEnforced ? "smtpd_tls_mandatory_protocols" : "smtpd_tls_protocols";
        Protocols = TlsProtocolList.Read(Get(ProtocolsParameter), values.Release);
    }

    /// <summary>The service (null: main.cf's settings alone).</summary>
    public MasterService? Service { get; }

    /// <summary><c>smtpd_tls_security_level</c> as this service sees it.</summary>
    public EffectiveValue LevelValue { get; }

    /// <summary>
    /// The level smtpd runs with: none, may or encrypt (wrapper mode is encrypt). Null when the level is
    /// invalid and smtpd stops (<see cref="IsLevelInvalid"/>).
    /// </summary>
    public TlsLevel? Level { get; }

    /// <summary>smtpd stops on every connection: "Invalid TLS level" (also dane and dane-only, which only the client knows).</summary>
    public bool IsLevelInvalid { get; }

    /// <summary>
    /// The value that decides <see cref="Level"/>: <c>smtpd_tls_wrappermode</c> when it is yes, else a
    /// non-empty <c>smtpd_tls_security_level</c>, else <c>smtpd_enforce_tls</c> or <c>smtpd_use_tls</c>
    /// when yes, else <c>smtpd_tls_security_level</c> (empty).
    /// </summary>
    public EffectiveValue? LevelCause { get; }

    public EffectiveValue WrapperModeValue { get; }

    /// <summary>TLS starts on connect, before the 220 greeting (port 465, "smtps").</summary>
    public bool WrapperMode { get; }

    /// <summary>TLS is on: STARTTLS is announced, or the service is in wrapper mode.</summary>
    public bool UsesTls => Level is TlsLevel.May or TlsLevel.Encrypt;

    /// <summary>Every command but EHLO, HELO, STARTTLS, NOOP, QUIT gets "530 5.7.0 Must issue a STARTTLS command first" until TLS is on (or wrapper mode).</summary>
    public bool IsEnforced => Level == TlsLevel.Encrypt;

    /// <summary>EHLO lists STARTTLS (TLS on, not wrapper mode), whether or not a certificate loaded.</summary>
    public bool AnnouncesStartTls => UsesTls && !WrapperMode;

    /// <summary>One of smtpd_tls_chain_files, smtpd_tls_cert_file (not "none"), smtpd_tls_eccert_file, smtpd_tls_dcert_file is set.</summary>
    public bool HasServerCertificate { get; }

    /// <summary><c>smtpd_tls_cert_file = none</c>: anonymous ciphers only, no certificate needed.</summary>
    public bool AnonymousOnly { get; }

    /// <summary>smtpd asks for client certificates, which needs a server certificate.</summary>
    public bool AsksClientCertificate { get; }

    /// <summary>
    /// TLS is on and smtpd can start it: a server certificate is configured, or anonymous ciphers suffice.
    /// When false with <see cref="UsesTls"/>, smtpd logs "No server certs available. TLS won't be enabled".
    /// </summary>
    public bool Works => UsesTls && (HasServerCertificate || (AnonymousOnly && !AsksClientCertificate));

    public EffectiveValue AuthOnlyValue { get; }

    /// <summary>AUTH only after TLS: <c>smtpd_tls_auth_only = yes</c>, or TLS enforced (also wrapper mode).</summary>
    public bool AuthOnly { get; }

    public EffectiveValue SaslEnableValue { get; }

    /// <summary><c>smtpd_sasl_auth_enable = yes</c>.</summary>
    public bool SaslEnabled { get; }

    /// <summary>AUTH is offered to a client that has not started TLS.</summary>
    public bool AuthBeforeTls => SaslEnabled && !AuthOnly;

    /// <summary><c>smtpd_sasl_security_options</c>: the mechanisms offered without TLS.</summary>
    public SaslSecurityOptions SaslOptions { get; }

    /// <summary><c>smtpd_sasl_tls_security_options</c>: the mechanisms offered after STARTTLS and in wrapper mode.</summary>
    public SaslSecurityOptions SaslTlsOptions { get; }

    /// <summary>The protocol list that applies: <c>smtpd_tls_mandatory_protocols</c> when TLS is enforced, else <c>smtpd_tls_protocols</c>.</summary>
    public string ProtocolsParameter { get; }

    /// <summary><see cref="ProtocolsParameter"/> as the target release reads it.</summary>
    public TlsProtocolList Protocols { get; }
}
