using System.Text;

namespace ConfigLint.Rules.Tests.Oracle;

/// <summary>
/// A seeded generator of configurations whose relay verdict is decided by the whole smtpd pipeline
/// (issue 8): client, HELO and sender restrictions, restriction classes, <c>cidr:</c> client tables in
/// the tree (with OK, REJECT, DUNNO and restriction-list results), <c>warn_if_reject</c>,
/// <c>smtpd_delay_reject</c>, <c>smtpd_helo_required</c>, relay and recipient lists, <c>-o</c>
/// overrides, and lists without a default deny (smtpd stops). Every mynetworks starts with
/// 127.0.0.0/8 and every client table answers OK for loopback: the probes connect from 127.0.0.9
/// and, with <c>smtpd_delay_reject = no</c>, are judged at connect time before XCLIENT, so they must
/// get in to claim their addresses.
/// </summary>
public static class PipelineConfigGenerator
{
    public const int DefaultSeed = 20241208;

    private static readonly (string Kind, string Elements)[] Networks =
    [
        ("world", "0.0.0.0/0"),
        ("world-v6", "[::]/0"),
        ("halves", "0.0.0.0/1 128.0.0.0/1"),
        ("typo", "172.0.0.0/8"),
        ("wide-private", "10.0.0.0/8 192.168.0.0/16"),
        ("narrow", "192.168.10.0/24"),
    ];

    /// <summary>smtpd_client_restrictions; "safe" ones let the loopback probe source in at connect time.</summary>
    private static readonly (string Name, string Value, bool Safe)[] ClientLists =
    [
        ("none", string.Empty, true),
        ("mynetworks-then-reject", "permit_mynetworks, reject", true),
        ("login-only", "permit_sasl_authenticated, reject", false),
        ("warn-if-reject", "permit_sasl_authenticated, warn_if_reject reject", true),
        ("class", "client_class", false),
        ("class", "client_class", false),
        ("cidr", "check_client_access cidr:/etc/postfix/client_access", true),
        ("cidr-shorthand", "cidr:/etc/postfix/client_access", true),
        ("unauth-destination", "reject_unauth_destination", true),
        ("reject", "reject", false),
    ];

    private static readonly (string Name, string Value)[] ClientClasses =
    [
        ("class-login", "permit_sasl_authenticated, reject"),
        ("class-mynetworks", "permit_mynetworks, reject"),
        ("class-nested", "inner_class"),
    ];

    /// <summary>The lines after "127.0.0.0/8 OK" in client_access.</summary>
    private static readonly (string Name, string Lines)[] ClientTables =
    [
        ("table-private-reject", "10.0.0.0/8 REJECT\n172.16.0.0/12 REJECT\n192.168.0.0/16 REJECT\n"),
        ("table-low-half-reject", "0.0.0.0/1 REJECT\n"),
        ("table-one-host-reject", "8.8.8.0/24 554 no thanks\n"),
        ("table-all-login", "0.0.0.0/0 permit_sasl_authenticated, reject\n::/0 permit_sasl_authenticated, reject\n"),
        ("table-dunno-then-reject", "64.0.0.0/2 DUNNO\n0.0.0.0/0 REJECT\n::/0 REJECT\n"),
        ("table-ok-some", "200.0.0.0/8 OK\n130.0.0.0/8 REJECT\n"),
        ("table-defer-if-permit", "172.0.0.0/8 DEFER_IF_PERMIT\n"),
    ];

    private static readonly (string Name, string Value)[] HeloLists =
    [
        ("none", string.Empty),
        ("login-only", "permit_sasl_authenticated, reject"),
        ("mynetworks-then-reject", "permit_mynetworks, reject"),
        ("non-fqdn", "reject_non_fqdn_helo_hostname, reject_invalid_helo_hostname"),
    ];

    private static readonly (string Name, string Value)[] SenderLists =
    [
        ("none", string.Empty),
        ("non-fqdn", "reject_non_fqdn_sender"),
        ("mynetworks-then-reject", "permit_mynetworks, reject"),
        ("sender-table", "check_sender_access texthash:/etc/postfix/sender_access"),
        ("defer-if-permit", "defer_if_permit"),
        ("reject", "reject"),
    ];

    private static readonly (string Name, string? Value)[] RelayLists =
    [
        ("default", null),
        ("mynetworks-first", "permit_mynetworks, reject_unauth_destination"),
        ("login-only", "permit_sasl_authenticated, reject_unauth_destination"),
        ("class", "relay_class"),
        ("warned-deny", "permit_mynetworks, warn_if_reject reject_unauth_destination, reject"),
        ("no-deny", "permit_mynetworks, permit_sasl_authenticated"),
        ("empty", string.Empty),
    ];

    private static readonly (string Name, string Value)[] RecipientLists =
    [
        ("none", string.Empty),
        ("mynetworks-first", "permit_mynetworks, reject_unauth_destination"),
        ("deny", "reject_unauth_destination"),
        ("login-first", "permit_sasl_authenticated, reject_unauth_destination"),
    ];

    public static List<GeneratedConfig> Generate(int count, int seed = DefaultSeed)
    {
        var rng = new Random(seed);
        var result = new List<GeneratedConfig>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var attempt = 0; result.Count < count && attempt < count * 20; attempt++)
        {
            var config = One(rng, result.Count + 1);
            var key = string.Join("\0", config.Files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + "\0" + f.Value));
            if (seen.Add(key))
            {
                result.Add(config);
            }
        }

        return result;
    }

    private static T Pick<T>(Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    private static GeneratedConfig One(Random rng, int number)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var main = new StringBuilder();
        var described = new List<string>();
        main.AppendLine("myhostname = mx.example.test");
        main.AppendLine("mydestination = $myhostname, localhost");
        main.AppendLine("alias_maps =");
        var level = rng.Next(3) == 0 ? "2" : "3.6";
        main.AppendLine($"compatibility_level = {level}");
        main.AppendLine("inet_interfaces = all");
        var (kind, elements) = Pick(rng, Networks);
        main.AppendLine($"mynetworks = 127.0.0.0/8 [::1]/128 {elements}");
        described.Add($"level {level}, mynetworks {kind}");

        var delayReject = rng.Next(3) != 0;
        if (!delayReject)
        {
            main.AppendLine("smtpd_delay_reject = no");
        }

        described.Add($"delay_reject {(delayReject ? "yes" : "no")}");
        var heloRequired = rng.Next(2) == 0;
        if (heloRequired)
        {
            main.AppendLine("smtpd_helo_required = yes");
        }

        described.Add($"helo required {(heloRequired ? "yes" : "no")}");
        var classes = new List<string>();

        var client = Pick(rng, ClientLists.Where(c => delayReject || c.Safe).ToList());
        described.Add($"client {client.Name}");
        if (client.Value.Length > 0)
        {
            main.AppendLine($"smtpd_client_restrictions = {client.Value}");
        }

        if (client.Name == "class")
        {
            var c = Pick(rng, ClientClasses);
            classes.Add("client_class");
            described.Add($"client {c.Name}");
            main.AppendLine($"client_class = {c.Value}");
            if (c.Name == "class-nested")
            {
                classes.Add("inner_class");
                main.AppendLine("inner_class = permit_sasl_authenticated, reject");
            }
        }

        if (client.Name.StartsWith("cidr", StringComparison.Ordinal))
        {
            var t = Pick(rng, ClientTables);
            described.Add($"client {t.Name}");
            files["client_access"] = "# client addresses\n127.0.0.0/8 OK\n" + t.Lines;
        }

        var helo = Pick(rng, HeloLists);
        described.Add($"helo {helo.Name}");
        if (helo.Value.Length > 0)
        {
            main.AppendLine($"smtpd_helo_restrictions = {helo.Value}");
        }

        var sender = Pick(rng, SenderLists);
        described.Add($"sender {sender.Name}");
        if (sender.Value.Length > 0)
        {
            main.AppendLine($"smtpd_sender_restrictions = {sender.Value}");
        }

        if (sender.Name == "sender-table")
        {
            files["sender_access"] = "# senders\nspammer@example.com REJECT\nexample.biz REJECT\n";
        }

        var relay = Pick(rng, RelayLists);
        described.Add($"relay {relay.Name}");
        if (relay.Value is not null)
        {
            main.AppendLine($"smtpd_relay_restrictions = {relay.Value}".TrimEnd());
        }

        if (relay.Name == "class")
        {
            classes.Add("relay_class");
            main.AppendLine("relay_class = permit_mynetworks, reject_unauth_destination");
        }

        // An empty or deny-less relay list hands the default deny to the recipient list (or, one
        // time in four, leaves smtpd without one: it stops on every connection).
        var recipient = relay.Name is "empty" or "no-deny" && rng.Next(4) > 0
            ? Pick(rng, RecipientLists.Where(r => r.Name != "none").ToList())
            : Pick(rng, RecipientLists);
        described.Add($"recipient {recipient.Name}");
        if (recipient.Value.Length > 0)
        {
            main.AppendLine($"smtpd_recipient_restrictions = {recipient.Value}");
        }

        if (rng.Next(12) == 0)
        {
            classes.Add("undefined_class");
            described.Add("undefined class");
        }

        if (classes.Count > 0)
        {
            main.AppendLine($"smtpd_restriction_classes = {string.Join(", ", classes)}");
        }

        var master = new StringBuilder();
        master.Append("smtp      inet  n       -       n       -       -       smtpd\n");
        switch (rng.Next(4))
        {
            case 0 when delayReject:
                // The issue's case: a second public smtpd that requires a login at the client stage.
                master.Append("2525      inet  n       -       n       -       -       smtpd\n  -o smtpd_client_restrictions=permit_sasl_authenticated,reject\n");
                described.Add("master.cf 2525 login-only");
                break;
            case 1:
                master.Append("2525      inet  n       -       n       -       -       smtpd\n  -o smtpd_relay_restrictions=permit_mynetworks,reject_unauth_destination\n  -o smtpd_client_restrictions=\n");
                described.Add("master.cf 2525 overrides");
                break;
            default:
                described.Add("master.cf smtp only");
                break;
        }

        master.Append("pickup    unix  n       -       n       60      1       pickup\n");
        master.Append("cleanup   unix  n       -       n       -       0       cleanup\n");
        master.Append("qmgr      unix  n       -       n       300     1       qmgr\n");
        files["main.cf"] = main.ToString();
        files["master.cf"] = master.ToString();
        return new GeneratedConfig($"pipeline-{number:000}", string.Join(", ", described), files);
    }
}
