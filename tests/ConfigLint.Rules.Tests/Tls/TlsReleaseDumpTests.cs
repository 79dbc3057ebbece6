using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Engine;
using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.TestSupport;

namespace ConfigLint.Rules.Tests.Tls;

/// <summary>
/// What the running Postfix 3.7 of the oracle cannot show (other releases' defaults, the 3.11 level, the
/// smtp client's side) is checked against the postconf dumps of every release (tests/data/postfix/versions):
/// for each release and each compatibility level it was dumped at, the rule's verdict on a configuration
/// that leaves the parameter to its default must follow from the value postconf printed.
/// </summary>
public sealed class TlsReleaseDumpTests
{
    private const string Master = "smtp      inet  n       -       y       -       -       smtpd\nsubmission inet n       -       y       -       -       smtpd\n  -o smtpd_tls_security_level=encrypt\nsmtp      unix  -       -       y       -       -       smtp\n";

    /// <summary>Every (release, level) postconf -x was dumped at.</summary>
    public static TheoryData<string, string> ReleaseLevels()
    {
        var data = new TheoryData<string, string>();
        foreach (var dir in Directory.GetDirectories(Path.Combine(RepoPaths.Data, "postfix", "versions")).Order(StringComparer.Ordinal))
        {
            foreach (var file in Directory.GetFiles(dir, "postconf-x-compat-*.txt").Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(dir), Path.GetFileNameWithoutExtension(file)["postconf-x-compat-".Length..]);
            }
        }

        return data;
    }

    private static Dictionary<string, string> Dump(string series, string file)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(RepoPaths.Data, "postfix", "versions", series, file)))
        {
            var eq = line.IndexOf(" = ", StringComparison.Ordinal);
            if (eq > 0)
            {
                values[line[..eq]] = line[(eq + 3)..];
            }
            else if (line.EndsWith(" =", StringComparison.Ordinal))
            {
                values[line[..^2]] = string.Empty;
            }
        }

        return values;
    }

    private static List<Finding> Run(string ruleId, string series, string mainCf, string master = Master) =>
        Analyzer.Run(
            PostfixConfig.FromText(mainCf, master, release: PostfixReleases.Get(series)),
            BuiltInRules.Rules.Where(r => r.Descriptor.Id == ruleId));

    [Fact]
    public void Every_release_has_dumps()
    {
        ReleaseLevels().Count.ShouldBeGreaterThanOrEqualTo(8 * 3);
    }

    [Theory]
    [MemberData(nameof(ReleaseLevels))]
    public void Outbound_tls_off_follows_the_dumped_smtp_tls_security_level(string series, string level)
    {
        var dumped = Dump(series, $"postconf-x-compat-{level}.txt")["smtp_tls_security_level"];
        var findings = Run("PF408", series, $"compatibility_level = {level}\n");
        findings.Count.ShouldBe(dumped is "" or "none" ? 1 : 0, $"Postfix {series} at level {level}: smtp_tls_security_level = '{dumped}'");
    }

    [Theory]
    [MemberData(nameof(ReleaseLevels))]
    public void Smtp_smuggling_follows_the_dumped_smtpd_forbid_bare_newline(string series, string level)
    {
        var defaults = Dump(series, "postconf-d.txt");
        var findings = Run("PF504", series, $"compatibility_level = {level}\n", "smtp      inet  n       -       y       -       -       smtpd\n");
        var expected = !defaults.TryGetValue("smtpd_forbid_bare_newline", out var value) || value == "no";
        findings.Count.ShouldBe(expected ? 1 : 0, $"Postfix {series}: smtpd_forbid_bare_newline = {value ?? "(unknown)"}");
        if (value is null)
        {
            findings.Single().Message.ShouldContain("upgrade");
        }
    }

    [Theory]
    [MemberData(nameof(ReleaseLevels))]
    public void Md5_fingerprints_follow_the_dumped_digest_where_client_certificates_are_matched(string series, string level)
    {
        var dumped = Dump(series, $"postconf-x-compat-{level}.txt")["smtpd_tls_fingerprint_digest"];
        var findings = Run("PF412", series,
            $"compatibility_level = {level}\nrelay_clientcerts = hash:/etc/postfix/relay_clientcerts\nsmtpd_relay_restrictions = permit_tls_clientcerts, reject_unauth_destination\n");
        findings.Count(f => f.Message.StartsWith("smtpd_tls_fingerprint_digest", StringComparison.Ordinal))
            .ShouldBe(dumped == "md5" ? 1 : 0, $"Postfix {series} at level {level}: smtpd_tls_fingerprint_digest = {dumped}");
    }

    [Theory]
    [MemberData(nameof(ReleaseLevels))]
    public void Submission_protocols_follow_the_dumped_mandatory_protocols(string series, string level)
    {
        var dumped = Dump(series, $"postconf-x-compat-{level}.txt")["smtpd_tls_mandatory_protocols"];

        // Both defaults Postfix has shipped leave TLS 1.0 on: "!SSLv2, !SSLv3" (3.4, 3.5), ">=TLSv1" (3.6 on).
        dumped.ShouldBeOneOf("!SSLv2, !SSLv3", ">=TLSv1");
        var findings = Run("PF410", series, $"compatibility_level = {level}\nsmtpd_tls_chain_files = /etc/postfix/tls/mail.pem\n");
        findings.ShouldHaveSingleItem().Message.ShouldContain($"'{dumped}'");
    }

    [Theory]
    [MemberData(nameof(ReleaseLevels))]
    public void Weak_cipher_grades_follow_the_dumped_cipher_lists(string series, string level)
    {
        var dump = Dump(series, $"postconf-x-compat-{level}.txt");
        foreach (var grade in new[] { "low", "export", "null" })
        {
            var list = dump[$"tls_{grade}_cipherlist"];
            var findings = Run("PF411", series, $"compatibility_level = {level}\nsmtp_tls_ciphers = {grade}\n");
            var weak = list.Contains("LOW", StringComparison.Ordinal) || list.Contains("EXPORT", StringComparison.Ordinal) || list.Contains("eNULL", StringComparison.Ordinal);
            findings.Count.ShouldBe(weak ? 1 : 0, $"Postfix {series}: tls_{grade}_cipherlist = '{list}'");
        }
    }
}
