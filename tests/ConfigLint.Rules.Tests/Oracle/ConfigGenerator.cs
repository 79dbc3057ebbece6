using System.Text;

namespace ConfigLint.Rules.Tests.Oracle;

/// <summary>A generated configuration: main.cf, master.cf and any table files, by file name.</summary>
public sealed record GeneratedConfig(string Name, string Description, IReadOnlyDictionary<string, string> Files)
{
    /// <summary>Writes the files into <paramref name="directory"/> (created), back-dated against Postfix's cool-down re-reads.</summary>
    public void WriteTo(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var (name, text) in Files)
        {
            var path = Path.Combine(directory, name);
            File.WriteAllText(path, text);
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-1));
        }
    }
}

/// <summary>
/// A seeded, deterministic generator of Postfix configurations for the oracle agreement test. It
/// combines the dimensions of issue 4:
/// <list type="bullet">
/// <item><c>inet_interfaces</c>: all, loopback-only, 127.0.0.1, or unset (default all);</item>
/// <item><c>mynetworks</c>: narrow, wide private, world, split halves, the 172.0.0.0/8 typo, unset
/// (left to <c>mynetworks_style</c>, by level or explicitly subnet/class/host), written inline,
/// via <c>$name</c> or via <c>/file/name</c>, optionally with an unbracketed IPv6 network before
/// or after the other elements;</item>
/// <item>relay restrictions: default, permit_mynetworks first, SASL only, default-deny first
/// (at level 0 in <c>smtpd_recipient_restrictions</c>, as Postfix &lt; 2.10 configurations do);</item>
/// <item>master.cf: no override, <c>-o mynetworks</c>, <c>-o smtpd_relay_restrictions</c>, an extra
/// smtpd on a bare port with its own overrides, explicit service addresses
/// (192.0.2.25:2525 documentation, 11.22.33.25:2525 public, 0.0.0.0:2526, 127.0.0.1:2527,
/// [2001:db8::25]:2528);</item>
/// <item><c>compatibility_level</c>: 0 (unset or written), 1, 2, 3.6.</item>
/// </list>
/// Public elements are always wide (≥ /8, see <see cref="ProbePlan"/> for why), narrow elements
/// stay away from every probe address.
/// </summary>
public static class ConfigGenerator
{
    public const int DefaultSeed = 20240404;

    private static readonly string[] Interfaces = ["all", "loopback-only", "127.0.0.1", ""];

    private static readonly string[] Levels = ["0", "1", "2", "3.6"];

    /// <summary>mynetworks element sets by kind (elements only; how they are written is chosen separately).</summary>
    private static readonly (string Kind, string[] Elements)[] Networks =
    [
        ("narrow", ["127.0.0.0/8", "[::1]/128"]),
        ("narrow", ["127.0.0.0/8", "192.168.10.0/24"]),
        ("narrow", ["127.0.0.1/32", "192.0.2.0/24", "[2001:db8:1::]/48"]),
        ("wide-private", ["127.0.0.0/8", "10.0.0.0/8"]),
        ("wide-private", ["192.168.0.0/16"]),
        ("wide-private", ["127.0.0.0/8", "172.16.0.0/12"]),
        ("wide-private", ["[::1]/128", "[fd00::]/8"]),
        ("wide-private", ["100.64.0.0/10"]),
        ("world", ["0.0.0.0/0"]),
        ("world", ["127.0.0.0/8", "[::]/0"]),
        ("world", ["0.0.0.0/0", "[::]/0"]),
        ("halves", ["0.0.0.0/1", "128.0.0.0/1"]),
        ("halves", ["127.0.0.0/8", "0.0.0.0/1", "128.0.0.0/1"]),
        ("typo", ["127.0.0.0/8", "172.0.0.0/8"]),
    ];

    private static readonly string[] Styles = ["", "", "", "subnet", "class", "host"];

    private static readonly (string Name, string? Value)[] Restrictions =
    [
        ("default", null),
        ("mynetworks-first", "permit_mynetworks, reject_unauth_destination"),
        ("sasl-only", "permit_sasl_authenticated, reject_unauth_destination"),
        ("deny-first", "reject_unauth_destination, permit_mynetworks"),
        ("sasl-then-mynetworks", "permit_sasl_authenticated, permit_mynetworks, defer_unauth_destination"),
        ("empty", ""),
    ];

    private static readonly string[] MasterVariants =
    [
        "none", "none", "o-mynetworks", "o-relay", "extra-port", "addr-doc", "addr-doc-o", "addr-public", "addr-public-o", "addr-wildcard", "addr-loopback-o", "addr-v6",
    ];

    public static List<GeneratedConfig> Generate(int count, int seed = DefaultSeed)
    {
        var rng = new Random(seed);
        var result = new List<GeneratedConfig>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var attempt = 0; result.Count < count && attempt < count * 20; attempt++)
        {
            var config = One(rng, attempt, result.Count + 1);
            var key = string.Join("\0", config.Files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + "\0" + f.Value));
            if (seen.Add(key))
            {
                result.Add(config);
            }
        }

        return result;
    }

    private static T Pick<T>(Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    private static GeneratedConfig One(Random rng, int attempt, int number)
    {
        // Levels and interfaces cycle so every combination of the two is well represented;
        // everything else is drawn.
        var level = Levels[attempt % Levels.Length];
        var interfaces = Interfaces[(attempt / Levels.Length) % Interfaces.Length];
        var restriction = Pick(rng, Restrictions);
        var master = Pick(rng, MasterVariants);
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var main = new StringBuilder();
        var described = new List<string>();

        main.AppendLine("myhostname = mx.example.test");
        main.AppendLine("mydestination = $myhostname, localhost");
        main.AppendLine("alias_maps =");
        if (level != "0" || rng.Next(2) == 0)
        {
            main.AppendLine($"compatibility_level = {level}");
        }

        described.Add($"level {level}");
        if (interfaces.Length > 0)
        {
            main.AppendLine($"inet_interfaces = {interfaces}");
        }

        described.Add($"inet_interfaces {(interfaces.Length > 0 ? interfaces : "(default)")}");

        // mynetworks: explicit (3 in 4) or left to mynetworks_style.
        string? mynetworksValue = null;
        if (rng.Next(4) > 0)
        {
            var (kind, elements) = Pick(rng, Networks);
            var list = elements.ToList();
            var v6 = rng.Next(6) switch
            {
                0 => "after",
                1 => "before",
                2 when rng.Next(3) == 0 => "fatal",
                _ => "none",
            };
            switch (v6)
            {
                case "after":
                    list.Add("2001:db8::/32");
                    break;
                case "before":
                    list.Insert(0, "2001:db8::/32");
                    break;
                case "fatal":
                    list.Add("::1/128");
                    break;
            }

            var how = rng.Next(4) switch { 0 => "name", 1 => "file", _ => "inline" };
            switch (how)
            {
                case "name":
                    main.AppendLine($"office_networks = {string.Join(" ", list)}");
                    mynetworksValue = "127.0.0.0/8 $office_networks";
                    break;
                case "file":
                    files["network_table"] = "# trusted networks\n" + string.Join("\n", list) + "\n";
                    mynetworksValue = "127.0.0.0/8 /etc/postfix/network_table";
                    break;
                default:
                    mynetworksValue = string.Join(rng.Next(2) == 0 ? " " : ", ", list);
                    break;
            }

            described.Add($"mynetworks {kind}{(v6 != "none" ? $" + unbracketed IPv6 {v6}" : string.Empty)} via {how}");
        }
        else
        {
            var style = Pick(rng, Styles);
            if (style.Length > 0)
            {
                main.AppendLine($"mynetworks_style = {style}");
            }

            described.Add($"mynetworks unset, style {(style.Length > 0 ? style : "(default)")}");
        }

        if (mynetworksValue is not null)
        {
            main.AppendLine($"mynetworks = {mynetworksValue}");
        }

        // Relay restrictions. Level 0 has no default smtpd_relay_restrictions: configurations
        // from before Postfix 2.10 put the relay policy into smtpd_recipient_restrictions.
        if (level == "0")
        {
            if (rng.Next(12) == 0)
            {
                described.Add("level 0 without any restrictions (smtpd refuses to run)");
            }
            else
            {
                main.AppendLine($"smtpd_recipient_restrictions = {(string.IsNullOrEmpty(restriction.Value) ? "permit_mynetworks, reject_unauth_destination" : restriction.Value)}");
                described.Add($"recipient restrictions {restriction.Name}");
                if (rng.Next(5) == 0)
                {
                    var relay = Pick(rng, Restrictions.Where(r => !string.IsNullOrEmpty(r.Value)).ToList());
                    main.AppendLine($"smtpd_relay_restrictions = {relay.Value}");
                    described.Add($"relay restrictions {relay.Name}");
                }
            }
        }
        else
        {
            if (restriction.Value is not null)
            {
                main.AppendLine($"smtpd_relay_restrictions = {restriction.Value}".TrimEnd());
            }

            described.Add($"relay restrictions {restriction.Name}");
            if (restriction.Value == string.Empty)
            {
                // An empty smtpd_relay_restrictions hands the relay decision back to
                // smtpd_recipient_restrictions, which must then refuse unauthorised relaying.
                var recipient = rng.Next(2) == 0 ? "permit_mynetworks, reject_unauth_destination" : "reject_unauth_destination";
                main.AppendLine($"smtpd_recipient_restrictions = {recipient}");
                described.Add($"recipient restrictions '{recipient}'");
            }
            else if (rng.Next(6) == 0)
            {
                var recipient = rng.Next(2) == 0 ? "reject_unauth_destination" : "permit_mynetworks, reject_unauth_destination";
                main.AppendLine($"smtpd_recipient_restrictions = {recipient}");
                described.Add($"recipient restrictions '{recipient}'");
            }
        }

        // master.cf.
        var chroot = rng.Next(2) == 0 ? "n" : "-";
        var o = new StringBuilder();
        string Entry(string service, string options = "") => $"{service,-10} inet  n       -       {chroot}       -       -       smtpd{options}\n";
        string OverrideNetworks()
        {
            var (kind, elements) = Pick(rng, Networks);
            var list = elements.ToList();
            var v6 = rng.Next(8) switch { 0 => "before", 1 => "after", _ => "none" };
            if (v6 == "before")
            {
                list.Insert(0, "2001:db8::/32");
            }
            else if (v6 == "after")
            {
                list.Add("2001:db8::/32");
            }

            described.Add($"-o mynetworks {kind}{(v6 != "none" ? $" + unbracketed IPv6 {v6}" : string.Empty)}");
            return $" -o mynetworks={string.Join(",", list)}";
        }

        string OverrideRelay()
        {
            var r = Pick(rng, Restrictions.Where(x => !string.IsNullOrEmpty(x.Value)).ToList());
            described.Add($"-o relay restrictions {r.Name}");
            return $"\n  -o smtpd_relay_restrictions={r.Value!.Replace(" ", string.Empty, StringComparison.Ordinal)}";
        }

        switch (master)
        {
            case "o-mynetworks":
                o.Append(Entry("smtp", OverrideNetworks()));
                break;
            case "o-relay":
                o.Append(Entry("smtp", OverrideRelay()));
                break;
            case "extra-port":
                o.Append(Entry("smtp"));
                o.Append(Entry("2525", OverrideNetworks() + OverrideRelay()));
                break;
            case "addr-doc":
                o.Append(Entry("smtp"));
                o.Append(Entry("192.0.2.25:2525"));
                break;
            case "addr-doc-o":
                o.Append(Entry("smtp"));
                o.Append(Entry("192.0.2.25:2525", OverrideNetworks() + OverrideRelay()));
                break;
            case "addr-public":
                // 11.22.33.25 (OracleRunner.PublicStandIn): a public address of this host.
                o.Append(Entry("smtp"));
                o.Append(Entry("11.22.33.25:2525"));
                break;
            case "addr-public-o":
                o.Append(Entry("smtp"));
                o.Append(Entry("11.22.33.25:2525", rng.Next(2) == 0 ? OverrideNetworks() : OverrideRelay()));
                break;
            case "addr-wildcard":
                o.Append(Entry("smtp"));
                o.Append(Entry("0.0.0.0:2526", rng.Next(2) == 0 ? OverrideNetworks() : string.Empty));
                break;
            case "addr-loopback-o":
                o.Append(Entry("smtp"));
                o.Append(Entry("127.0.0.1:2527", OverrideNetworks() + OverrideRelay()));
                break;
            case "addr-v6":
                o.Append(Entry("smtp"));
                o.Append(Entry("[2001:db8::25]:2528"));
                break;
            default:
                o.Append(Entry("smtp"));
                break;
        }

        described.Add($"master.cf {master}");
        o.Append("pickup    unix  n       -       n       60      1       pickup\n");
        o.Append("cleanup   unix  n       -       n       -       0       cleanup\n");
        o.Append("qmgr      unix  n       -       n       300     1       qmgr\n");
        files["main.cf"] = main.ToString();
        files["master.cf"] = o.ToString();
        return new GeneratedConfig($"generated-{number:000}", string.Join(", ", described), files);
    }
}
