namespace ConfigLint.Core.Model.Smtpd;

/// <summary>What a restriction does to a client that smtpd has not authenticated and that shows no certificate.</summary>
public enum RestrictionEffect
{
    /// <summary><c>permit</c>: OK, the rest of the list is ignored.</summary>
    Permit,

    /// <summary><c>reject</c>, <c>defer</c>: refused.</summary>
    Reject,

    /// <summary><c>defer_if_permit</c>: a later permit becomes 450 (smtpd_check_rcpt()).</summary>
    DeferIfPermit,

    /// <summary><c>defer_if_reject</c>: a later reject becomes 450; still refused.</summary>
    DeferIfReject,

    /// <summary><c>warn_if_reject</c>: the next restriction logs instead of rejecting.</summary>
    WarnIfReject,

    /// <summary><c>permit_mynetworks</c>: OK for a client whose address matches mynetworks.</summary>
    PermitMynetworks,

    /// <summary><c>reject_unauth_destination</c>, <c>defer_unauth_destination</c>: refused for a recipient domain that is not local, virtual or in relay_domains.</summary>
    RejectUnauthDestination,

    /// <summary><c>check_relay_domains</c> (gone in 3.9): OK for local and relay domains or a client named in relay_domains, else refused.</summary>
    CheckRelayDomains,

    /// <summary><c>check_client_access</c>: a table keyed by the client's name and address.</summary>
    ClientTable,

    /// <summary><c>check_reverse_client_hostname_access</c>: a client table that may not say OK (forbid_allowlist(): 451 4.3.5).</summary>
    ReverseClientTable,

    /// <summary><c>check_helo_access</c>, <c>check_sender_access</c>, <c>check_recipient_access</c>, <c>check_etrn_access</c>: a table keyed by what the client sends.</summary>
    ClientChosenTable,

    /// <summary><c>check_client_{a,mx,ns}_access</c> and the reverse-hostname forms: a table keyed by DNS records of the client's name.</summary>
    ClientDnsTable,

    /// <summary><c>check_{helo,sender,recipient}_{a,mx,ns}_access</c>: a table keyed by DNS records of a name the client sends.</summary>
    ClientChosenDnsTable,

    /// <summary><c>check_policy_service</c>: an external program decides.</summary>
    PolicyService,

    /// <summary><c>reject_plaintext_session</c>: refused unless the session uses TLS.</summary>
    RejectPlaintextSession,

    /// <summary><c>permit_sasl_authenticated</c>, <c>check_sasl_access</c>: only for a client that logged in.</summary>
    NeedsLogin,

    /// <summary><c>check_ccert_access</c>: a table keyed by the client certificate's fingerprint.</summary>
    NeedsCertificate,

    /// <summary><c>permit_tls_all_clientcerts</c>: OK for every client certificate that verifies against smtpd_tls_CAfile / smtpd_tls_CApath.</summary>
    PermitTrustedCertificate,

    /// <summary><c>permit_tls_clientcerts</c>: OK for a client certificate whose fingerprint relay_clientcerts lists.</summary>
    PermitListedCertificate,

    /// <summary><c>permit_naked_ip_address</c> (before 3.9): OK for a client whose HELO name is a bare IP address.</summary>
    PermitNakedIpHelo,

    /// <summary><c>permit_dnswl_client</c>, <c>permit_rhswl_client</c>: OK for a client a DNS allow list names.</summary>
    PermitDnsAllowListed,

    /// <summary><c>permit_mx_backup</c>: OK for a recipient domain whose MX records name this host.</summary>
    PermitMxBackup,

    /// <summary>
    /// DNS lists, DNS-dependent name checks and syntax checks of what the client sends
    /// (<c>reject_rbl_client</c>, <c>reject_unknown_sender_domain</c>, <c>reject_non_fqdn_helo_hostname</c>,
    /// …): a client can pass them by sending well-formed, resolvable names from an unlisted address.
    /// </summary>
    Passable,

    /// <summary><c>permit_auth_destination</c>: OK only for a recipient this server may accept.</summary>
    PermitsAcceptableRecipient,

    /// <summary><c>sleep</c>, <c>reject_unauth_pipelining</c>, <c>reject_multi_recipient_bounce</c>: no verdict on relaying.</summary>
    Neutral,
}

/// <summary>What a restriction looks at, so it can act only where smtpd has it (a recipient is known only at RCPT TO).</summary>
public enum RestrictionSubject
{
    Any,
    Client,
    Helo,
    Sender,
    Recipient,
    Etrn,
}

/// <summary>The word a restriction takes after it.</summary>
public enum RestrictionArgument
{
    None,

    /// <summary><c>type:table</c> (<c>check_*_access</c>).</summary>
    Table,

    /// <summary>A DNS list domain (<c>reject_rbl_client zen.example</c>).</summary>
    Domain,

    /// <summary><c>transport:server</c> (<c>check_policy_service</c>).</summary>
    Server,

    /// <summary>Seconds (<c>sleep</c>).</summary>
    Number,
}

public sealed record RestrictionInfo(RestrictionEffect Effect, RestrictionSubject Subject, RestrictionArgument Argument);

/// <summary>
/// What the restrictions smtpd knows do, as generic_checks() in src/smtpd/smtpd_check.c dispatches
/// them (names compare case-insensitively; anything else that is not a restriction class is
/// "unknown smtpd restriction" and answers 451 4.3.5 at run time). Which names a release knows,
/// and which it has deprecated or removed, is data read from each release's source
/// (<see cref="RestrictionReleases"/>); a test keeps the two name sets equal.
/// </summary>
public static class RestrictionVocabulary
{
    private static readonly Dictionary<string, RestrictionInfo> Known = Build();

    public static RestrictionInfo? Find(string name) => Known.GetValueOrDefault(name);

    /// <summary>Every name the vocabulary describes.</summary>
    public static IReadOnlyCollection<string> Names => Known.Keys;

    private static Dictionary<string, RestrictionInfo> Build()
    {
        var d = new Dictionary<string, RestrictionInfo>(StringComparer.OrdinalIgnoreCase);
        void Add(RestrictionEffect effect, RestrictionSubject subject, RestrictionArgument argument, params string[] names)
        {
            foreach (var n in names)
            {
                d[n] = new RestrictionInfo(effect, subject, argument);
            }
        }

        const RestrictionArgument none = RestrictionArgument.None;
        const RestrictionArgument table = RestrictionArgument.Table;
        const RestrictionArgument domain = RestrictionArgument.Domain;

        // Generic.
        Add(RestrictionEffect.Permit, RestrictionSubject.Any, none, "permit");
        Add(RestrictionEffect.Reject, RestrictionSubject.Any, none, "reject", "defer");
        Add(RestrictionEffect.DeferIfPermit, RestrictionSubject.Any, none, "defer_if_permit");
        Add(RestrictionEffect.DeferIfReject, RestrictionSubject.Any, none, "defer_if_reject");
        Add(RestrictionEffect.WarnIfReject, RestrictionSubject.Any, none, "warn_if_reject");
        Add(RestrictionEffect.Neutral, RestrictionSubject.Any, none, "reject_unauth_pipelining");
        Add(RestrictionEffect.Neutral, RestrictionSubject.Any, RestrictionArgument.Number, "sleep");
        Add(RestrictionEffect.PolicyService, RestrictionSubject.Any, RestrictionArgument.Server, "check_policy_service");
        Add(RestrictionEffect.RejectPlaintextSession, RestrictionSubject.Any, none, "reject_plaintext_session");

        // Client.
        Add(RestrictionEffect.PermitMynetworks, RestrictionSubject.Client, none, "permit_mynetworks");
        Add(RestrictionEffect.Passable, RestrictionSubject.Client, none,
            "reject_unknown_client_hostname", "reject_unknown_client", "reject_unknown_reverse_client_hostname",
            "permit_inet_interfaces", "reject_maps_rbl");
        Add(RestrictionEffect.Passable, RestrictionSubject.Client, domain,
            "reject_rbl_client", "reject_rbl", "reject_rhsbl_client", "reject_rhsbl_reverse_client");
        Add(RestrictionEffect.PermitDnsAllowListed, RestrictionSubject.Client, domain, "permit_dnswl_client", "permit_rhswl_client");
        Add(RestrictionEffect.ClientTable, RestrictionSubject.Client, table, "check_client_access");
        Add(RestrictionEffect.ReverseClientTable, RestrictionSubject.Client, table, "check_reverse_client_hostname_access");
        Add(RestrictionEffect.ClientDnsTable, RestrictionSubject.Client, table,
            "check_client_ns_access", "check_client_mx_access", "check_client_a_access",
            "check_reverse_client_hostname_ns_access", "check_reverse_client_hostname_mx_access", "check_reverse_client_hostname_a_access");
        Add(RestrictionEffect.NeedsCertificate, RestrictionSubject.Client, table, "check_ccert_access");
        Add(RestrictionEffect.PermitListedCertificate, RestrictionSubject.Client, none, "permit_tls_clientcerts");
        Add(RestrictionEffect.PermitTrustedCertificate, RestrictionSubject.Client, none, "permit_tls_all_clientcerts");
        Add(RestrictionEffect.NeedsLogin, RestrictionSubject.Client, table, "check_sasl_access");
        Add(RestrictionEffect.NeedsLogin, RestrictionSubject.Client, none, "permit_sasl_authenticated");

        // HELO.
        Add(RestrictionEffect.ClientChosenTable, RestrictionSubject.Helo, table, "check_helo_access");
        Add(RestrictionEffect.ClientChosenDnsTable, RestrictionSubject.Helo, table, "check_helo_ns_access", "check_helo_mx_access", "check_helo_a_access");
        Add(RestrictionEffect.Passable, RestrictionSubject.Helo, none,
            "reject_invalid_helo_hostname", "reject_invalid_hostname", "reject_unknown_helo_hostname", "reject_unknown_hostname",
            "reject_non_fqdn_helo_hostname", "reject_non_fqdn_hostname");
        Add(RestrictionEffect.PermitNakedIpHelo, RestrictionSubject.Helo, none, "permit_naked_ip_address");
        Add(RestrictionEffect.Passable, RestrictionSubject.Helo, domain, "reject_rhsbl_helo");

        // Sender.
        Add(RestrictionEffect.ClientChosenTable, RestrictionSubject.Sender, table, "check_sender_access");
        Add(RestrictionEffect.ClientChosenDnsTable, RestrictionSubject.Sender, table, "check_sender_ns_access", "check_sender_mx_access", "check_sender_a_access");
        Add(RestrictionEffect.Passable, RestrictionSubject.Sender, none,
            "reject_unknown_address", "reject_unknown_sender_domain", "reject_unverified_sender", "reject_non_fqdn_sender",
            "reject_authenticated_sender_login_mismatch", "reject_known_sender_login_mismatch", "reject_unauthenticated_sender_login_mismatch",
            "reject_sender_login_mismatch", "reject_unlisted_sender");
        Add(RestrictionEffect.Passable, RestrictionSubject.Sender, domain, "reject_rhsbl_sender");

        // Recipient.
        Add(RestrictionEffect.ClientChosenTable, RestrictionSubject.Recipient, table, "check_recipient_access");
        Add(RestrictionEffect.ClientChosenDnsTable, RestrictionSubject.Recipient, table, "check_recipient_ns_access", "check_recipient_mx_access", "check_recipient_a_access");
        Add(RestrictionEffect.PermitsAcceptableRecipient, RestrictionSubject.Recipient, none, "permit_auth_destination");
        Add(RestrictionEffect.PermitMxBackup, RestrictionSubject.Recipient, none, "permit_mx_backup");
        Add(RestrictionEffect.RejectUnauthDestination, RestrictionSubject.Recipient, none, "reject_unauth_destination", "defer_unauth_destination");
        Add(RestrictionEffect.CheckRelayDomains, RestrictionSubject.Recipient, none, "check_relay_domains");
        Add(RestrictionEffect.Passable, RestrictionSubject.Recipient, none,
            "reject_unknown_recipient_domain", "reject_non_fqdn_recipient", "check_recipient_maps", "reject_unlisted_recipient",
            "reject_multi_recipient_bounce", "reject_unverified_recipient");
        Add(RestrictionEffect.Passable, RestrictionSubject.Recipient, domain, "reject_rhsbl_recipient");

        // ETRN.
        Add(RestrictionEffect.ClientChosenTable, RestrictionSubject.Etrn, table, "check_etrn_access");
        return d;
    }
}
