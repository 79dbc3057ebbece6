using ConfigLint.Core.Parsing;

namespace ConfigLint.Core.Model.Tls;

/// <summary>
/// What one smtp(8) client service does about TLS and SASL toward the servers it delivers to, from the
/// values it sees (<c>-o</c> overrides of its master.cf entry, main.cf, the release's defaults at the
/// effective compatibility level):
/// <list type="bullet">
/// <item>A non-empty <c>smtp_tls_security_level</c> is the default level for every destination that
/// <c>smtp_tls_policy_maps</c> does not name (none, may, encrypt, fingerprint, dane, dane-only, verify,
/// secure; anything else stops smtp: "Invalid TLS level"). An empty one leaves it to the old
/// <c>smtp_enforce_tls</c> (encrypt, or verify with <c>smtp_tls_enforce_peername</c>) and
/// <c>smtp_use_tls</c> (may) (smtp.c pre_init(), smtp_tls_policy.c global_tls_level()). Before
/// compatibility level 3.11 the default is empty, from 3.11 on <c>may</c> (postconf -d of each release).</item>
/// <item>SASL mechanisms are chosen with <c>smtp_sasl_security_options</c> on a session without TLS,
/// with <c>smtp_sasl_tls_security_options</c> on a TLS session (smtp_sasl_proto.c smtp_sasl_helo_login()).</item>
/// <item>With <c>smtp_tls_wrappermode = yes</c> and a level below encrypt the client does not connect
/// at all ("smtp_tls_wrappermode requires smtp_tls_security_level = encrypt (or stronger)", smtp_connect.c).</item>
/// </list>
/// </summary>
public sealed class SmtpClientTls
{
    internal SmtpClientTls(ParameterValues values, MasterService? service)
    {
        Service = service;
        EffectiveValue Get(string name) => values.Get(name, service);

        LevelValue = Get("smtp_tls_security_level");
        var level = LevelValue.Value.Trim();
        var enforce = Get("smtp_enforce_tls");
        var useTls = Get("smtp_use_tls");
        if (level.Length > 0)
        {
            LevelCause = LevelValue;
            if (TlsLevels.TryParse(level, out var parsed))
            {
                Level = parsed;
            }
            else
            {
                IsLevelInvalid = true;
            }
        }
        else if (ValueOrigin.IsYes(enforce))
        {
            Level = ValueOrigin.IsYes(Get("smtp_tls_enforce_peername")) ? TlsLevel.Verify : TlsLevel.Encrypt;
            LevelCause = enforce;
        }
        else
        {
            Level = ValueOrigin.IsYes(useTls) ? TlsLevel.May : TlsLevel.None;
            LevelCause = ValueOrigin.IsYes(useTls) ? useTls : LevelValue;
        }

        PolicyMaps = Get("smtp_tls_policy_maps");
        WrapperMode = ValueOrigin.IsYes(Get("smtp_tls_wrappermode"));
        SaslEnableValue = Get("smtp_sasl_auth_enable");
        SaslEnabled = ValueOrigin.IsYes(SaslEnableValue);
        SaslOptions = new SaslSecurityOptions(Get("smtp_sasl_security_options"));
        SaslTlsOptions = new SaslSecurityOptions(Get("smtp_sasl_tls_security_options"));
    }

    /// <summary>The smtp service (null: main.cf's settings alone).</summary>
    public MasterService? Service { get; }

    /// <summary><c>smtp_tls_security_level</c> as this service sees it.</summary>
    public EffectiveValue LevelValue { get; }

    /// <summary>The default level for destinations the policy table does not name; null when it is invalid (smtp stops).</summary>
    public TlsLevel? Level { get; }

    public bool IsLevelInvalid { get; }

    /// <summary>The value that decides <see cref="Level"/>: the level if set, else <c>smtp_enforce_tls</c> or <c>smtp_use_tls</c> when yes, else the (empty) level.</summary>
    public EffectiveValue? LevelCause { get; }

    /// <summary><c>smtp_tls_policy_maps</c>: per-destination levels ConfigLint does not read.</summary>
    public EffectiveValue PolicyMaps { get; }

    public bool HasPolicyMaps => PolicyMaps.Value.Trim().Length > 0;

    /// <summary><c>smtp_tls_wrappermode = yes</c>: TLS on connect (port 465).</summary>
    public bool WrapperMode { get; }

    public EffectiveValue SaslEnableValue { get; }

    /// <summary><c>smtp_sasl_auth_enable = yes</c>: the client logs in where <c>smtp_sasl_password_maps</c> has credentials.</summary>
    public bool SaslEnabled { get; }

    /// <summary><c>smtp_sasl_security_options</c>: the mechanisms the client may use on a session without TLS.</summary>
    public SaslSecurityOptions SaslOptions { get; }

    /// <summary><c>smtp_sasl_tls_security_options</c>: the mechanisms it may use on a TLS session.</summary>
    public SaslSecurityOptions SaslTlsOptions { get; }
}
