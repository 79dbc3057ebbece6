using System.Globalization;
using System.Text;

namespace ConfigLint.Benchmarks;

/// <summary>
/// The inputs of the benchmarks: Debian's stock configuration from tests/data (the main.cf that
/// Debian's postinst writes for an "Internet Site" and the shipped master.cf), and generated
/// inputs of a known size. Generated text is deterministic, so runs compare.
/// </summary>
public static class BenchData
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    /// <summary>The repository root: the nearest ancestor of the binaries (or of the current directory) holding ConfigLint.sln.</summary>
    public static string Root => RootLazy.Value;

    private static string DebianDir => Path.Combine(Root, "tests", "data", "postfix", "debian-shipped");

    /// <summary>Debian's main.cf for an Internet Site (tests/data/postfix/debian-shipped/main.cf.internet-site-example).</summary>
    public static string DebianMainCf => File.ReadAllText(Path.Combine(DebianDir, "main.cf.internet-site-example"));

    /// <summary>Debian's shipped master.cf.</summary>
    public static string DebianMasterCf => File.ReadAllText(Path.Combine(DebianDir, "master.cf"));

    /// <summary>
    /// Debian's master.cf with its commented submission (587) and submissions (465) services and
    /// their -o lines switched on, as many sites run it: three smtpd services, two of them with
    /// restriction lists of their own.
    /// </summary>
    public static string ServicesMasterCf => string.Join('\n', DebianMasterCf.Split('\n').Select(line =>
        line.StartsWith("#submission", StringComparison.Ordinal) || line.StartsWith("#  -o ", StringComparison.Ordinal) ? line[1..] : line));

    /// <summary>
    /// Debian's main.cf plus what the rule families look at: a mynetworks of a few networks,
    /// relay and recipient restrictions, virtual domains, SASL, TLS for the client, a banner.
    /// </summary>
    public static string RepresentativeMainCf => DebianMainCf + """

        mynetworks = 127.0.0.0/8 [::1]/128 192.0.2.0/24 198.51.100.0/24 10.0.0.0/8
        relay_domains = example.net, example.com
        virtual_alias_domains = example.info
        virtual_alias_maps = hash:/etc/postfix/virtual
        smtpd_recipient_restrictions = permit_mynetworks, permit_sasl_authenticated,
            reject_unauth_destination, reject_unknown_recipient_domain,
            check_client_access cidr:/etc/postfix/client.cidr
        smtpd_helo_required = yes
        disable_vrfy_command = yes
        smtpd_sasl_auth_enable = yes
        smtpd_sasl_type = dovecot
        smtpd_sasl_path = private/auth
        smtp_tls_security_level = dane
        smtp_dns_support_level = dnssec
        smtpd_tls_mandatory_protocols = >=TLSv1.2
        message_size_limit = 52428800

        """;

    /// <summary>Aliases in /etc/aliases style: the required names, then one alias per line.</summary>
    public static string RepresentativeAliases => Aliases(200);

    /// <summary>
    /// An aliases file of <paramref name="lines"/> lines: postmaster and root first, then alias
    /// i → one local user and one remote address, every 50th a two-line list (continuation) and
    /// every 1000th a command, as real alias files mix them.
    /// </summary>
    public static string Aliases(int lines)
    {
        var text = new StringBuilder(lines * 48);
        text.Append("# generated aliases\npostmaster: root\nroot: admin\nmailer-daemon: postmaster\n");
        for (var i = 4; i < lines;)
        {
            if (i % 1000 == 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"pipe{i}: \"|/usr/local/bin/handler {i}\"\n");
                i++;
            }
            else if (i % 50 == 0 && i + 1 < lines)
            {
                text.Append(CultureInfo.InvariantCulture, $"list{i}: user{i}, user{i + 1},\n    owner{i}@example.org\nowner-list{i}: user{i}\n");
                i += 3;
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"alias{i}: user{i}, user{i}@mail{i % 97}.example.net\n");
                i++;
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// A large main.cf: Debian's stock text, then <paramref name="parameters"/> settings of
    /// user-defined names (each a value referring to the one before), a few known lists with
    /// continuation lines, and a comment every tenth line.
    /// </summary>
    public static string LargeMainCf(int parameters)
    {
        var text = new StringBuilder(DebianMainCf, parameters * 64);
        text.Append('\n');
        for (var i = 0; i < parameters; i++)
        {
            if (i % 10 == 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"# block {i / 10}\n");
            }

            if (i % 100 == 99)
            {
                text.Append(CultureInfo.InvariantCulture, $"list_{i} = 10.{i / 256 % 256}.{i % 256}.0/24,\n    192.0.2.{i % 256}/32\n    $param_{i - 1}\n");
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"param_{i} = value{i} ${{param_{(i == 0 ? 0 : i - 1)}?x}} $myhostname\n");
            }
        }

        return text.ToString();
    }

    /// <summary>A main.cf whose mynetworks has <paramref name="elements"/> networks, one per continuation line.</summary>
    public static string MynetworksMainCf(int elements)
    {
        var text = new StringBuilder(DebianMainCf);
        text.Append("\nmynetworks = 127.0.0.0/8,\n");
        for (var i = 0; i < elements; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"    10.{i / 65536}.{i / 256 % 256}.{i % 256}/32,\n");
        }

        text.Append("    [::1]/128\n");
        return text.ToString();
    }

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ConfigLint.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException($"ConfigLint.sln not found above {AppContext.BaseDirectory} or {Directory.GetCurrentDirectory()}.");
    }
}
