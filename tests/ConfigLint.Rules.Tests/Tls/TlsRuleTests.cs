using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Engine;
using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;

namespace ConfigLint.Rules.Tests.Tls;

/// <summary>Per-service semantics of the TLS and SASL rules that the samples do not spell out one by one.</summary>
public sealed class TlsRuleTests
{
    private const string Tls = "smtpd_tls_security_level = may\nsmtpd_tls_chain_files = /etc/postfix/tls/mail.pem\nsmtp_tls_security_level = may\n";

    private static List<Finding> Run(string ruleId, string mainCf, string? master = null, string release = "3.11") =>
        Analyzer.Run(
            PostfixConfig.FromText(mainCf, master, assumeStockMasterCf: true, release: PostfixReleases.Get(release)),
            BuiltInRules.Rules.Where(r => r.Descriptor.Id == ruleId));

    [Fact]
    public void Behind_postscreen_the_pass_service_decides_whether_starttls_is_offered()
    {
        const string master = "smtp inet n - y - 1 postscreen\nsmtpd pass - - y - - smtpd\n";
        Run("PF407", "compatibility_level = 3.11\ninet_interfaces = all\n", master).ShouldHaveSingleItem().Message.ShouldStartWith("smtp/inet (0.0.0.0:smtp)");
        Run("PF407", "compatibility_level = 3.11\ninet_interfaces = all\n", master + "  -o smtpd_tls_security_level=may\n  -o smtpd_tls_chain_files=/etc/postfix/tls/mail.pem\n").ShouldBeEmpty();
    }

    [Fact]
    public void One_cause_in_main_cf_is_one_finding_that_names_every_service_it_reaches()
    {
        const string master = "smtp inet n - y - - smtpd\n2525 inet n - y - - smtpd\n127.0.0.1:10025 inet n - n - - smtpd\n";
        var finding = Run("PF406", "compatibility_level = 3.11\nsmtpd_tls_security_level = may\n", master).ShouldHaveSingleItem();
        finding.Span.StartLine.ShouldBe(2);
        finding.Message.ShouldContain("smtp/inet (0.0.0.0:smtp), 2525/inet (0.0.0.0:2525) and 127.0.0.1:10025/inet (127.0.0.1:10025)");
        finding.Related.Count.ShouldBe(3);
        finding.Severity.ShouldBe(Core.Text.Severity.Warning, "TLS is optional there: STARTTLS fails, mail goes on in clear");
    }

    [Fact]
    public void A_service_with_its_own_certificate_is_left_out()
    {
        const string master = "smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd -o smtpd_tls_security_level=encrypt -o smtpd_tls_chain_files=/etc/postfix/tls/sub.pem\n";
        var finding = Run("PF406", "compatibility_level = 3.11\nsmtpd_tls_security_level = may\n", master).ShouldHaveSingleItem();
        finding.Message.ShouldStartWith("smtp/inet (0.0.0.0:smtp) turns");
    }

    [Theory]
    [InlineData("relayhost = [127.0.0.1]:10025", 0)]
    [InlineData("relayhost = [::1]:10025", 0)]
    [InlineData("relayhost = [smtp.example.net]:587", 1)]
    [InlineData("default_transport = smtp:[smtp.example.net]", 1)]
    [InlineData("", 1)]
    public void Outbound_tls_off_is_not_reported_when_everything_goes_to_loopback(string route, int expected)
    {
        Run("PF408", $"compatibility_level = 3.6\n{route}\n").Count.ShouldBe(expected);
    }

    [Fact]
    public void Outbound_tls_off_names_the_default_a_higher_compatibility_level_brings_only_where_there_is_one()
    {
        // Postfix 3.11 raised the default to may at compatibility_level 3.11 (postconf -d per level in
        // shared/postfix/versions); 3.10 has no level that does.
        Run("PF408", "compatibility_level = 3.6\n").ShouldHaveSingleItem().Message
            .ShouldEndWith(" With compatibility_level = 3.11 the default is smtp_tls_security_level = may.");
        Run("PF408", "compatibility_level = 3.6\n", release: "3.10").ShouldHaveSingleItem().Message
            .ShouldNotContain("With compatibility_level");
        Run("PF408", "compatibility_level = 3.6\nsmtp_tls_security_level = none\n").ShouldHaveSingleItem().Message
            .ShouldNotContain("With compatibility_level", customMessage: "a level written in main.cf is not a default that a compatibility level changes");
    }

    [Theory]
    [InlineData("[smtp.example.net]:587", 1)]
    [InlineData("[smtp.example.net]:465", 0)]
    [InlineData("[127.0.0.1]:10025", 0)]
    public void Relayhost_credentials_are_judged_where_they_can_leave_in_clear(string relayhost, int expected)
    {
        Run("PF413", $"compatibility_level = 3.11\nrelayhost = {relayhost}\nsmtp_sasl_auth_enable = yes\nsmtp_sasl_security_options = noanonymous\n").Count.ShouldBe(expected);
    }

    [Fact]
    public void A_tls_policy_table_is_named_as_what_configlint_cannot_read()
    {
        Run("PF413", "compatibility_level = 3.11\nrelayhost = [smtp.example.net]:587\nsmtp_sasl_auth_enable = yes\nsmtp_sasl_security_options = noanonymous\nsmtp_tls_policy_maps = hash:/etc/postfix/tls_policy\n")
            .ShouldHaveSingleItem().Message.ShouldContain("Unless smtp_tls_policy_maps gives the relayhost encrypt or higher");
    }

    [Fact]
    public void Mandatory_tls_is_fine_toward_a_relayhost_and_not_toward_every_mx()
    {
        Run("PF409", "compatibility_level = 3.11\nsmtp_tls_security_level = verify\n").ShouldHaveSingleItem();
        Run("PF409", "compatibility_level = 3.11\nsmtp_tls_security_level = verify\nrelayhost = [smtp.example.net]:587\n").ShouldBeEmpty();
        Run("PF409", "compatibility_level = 3.11\nsmtp_tls_security_level = dane\n").ShouldBeEmpty();
    }

    [Fact]
    public void A_list_other_lists_inherit_is_reported_once_where_it_is_written()
    {
        // tlsproxy_tls_protocols defaults to $smtpd_tls_protocols: one cause, one finding.
        var finding = Run("PF410", "compatibility_level = 3.11\n" + Tls + "smtpd_tls_protocols = !SSLv2\n").ShouldHaveSingleItem();
        finding.Span.StartLine.ShouldBe(5);
        finding.Message.ShouldContain("allows SSLv3");
    }

    [Fact]
    public void On_postfix_3_4_every_public_smtpd_is_one_finding_and_an_upgrade()
    {
        const string master = "smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n127.0.0.1:10025 inet n - n - - smtpd\n";
        var finding = Run("PF504", "compatibility_level = 2\ninet_interfaces = all\n", master, release: "3.4").ShouldHaveSingleItem();
        finding.Message.ShouldContain("smtp/inet (0.0.0.0:smtp) and submission/inet (0.0.0.0:submission)");
        finding.Message.ShouldContain("Postfix 3.4 cannot be protected by its configuration: upgrade");
        Run("PF504", "compatibility_level = 2\ninet_interfaces = all\nsmtpd_forbid_bare_newline = normalize\n", master, release: "3.5").ShouldBeEmpty();
        Run("PF504", "compatibility_level = 2\ninet_interfaces = all\n", master, release: "3.9").ShouldBeEmpty();
    }

    [Fact]
    public void Auth_before_tls_is_an_error_where_there_is_no_tls_at_all_and_a_warning_where_it_is_optional()
    {
        Run("PF401", "compatibility_level = 3.11\nsmtpd_sasl_auth_enable = yes\n").ShouldHaveSingleItem().Severity.ShouldBe(Core.Text.Severity.Error);
        Run("PF401", "compatibility_level = 3.11\nsmtpd_sasl_auth_enable = yes\n" + Tls).ShouldHaveSingleItem().Severity.ShouldBe(Core.Text.Severity.Warning);
        Run("PF401", "compatibility_level = 3.11\nsmtpd_sasl_auth_enable = yes\nsmtpd_tls_auth_only = yes\n" + Tls).ShouldBeEmpty();
        Run("PF401", "compatibility_level = 3.11\nsmtpd_sasl_auth_enable = yes\nsmtpd_sasl_security_options = noanonymous, noplaintext\n").ShouldBeEmpty();
    }

    [Fact]
    public void Master_cf_alone_says_nothing_about_what_main_cf_may_set()
    {
        var config = PostfixConfig.FromText(null, "submission inet n - y - - smtpd -o smtpd_tls_security_level=encrypt -o smtpd_sasl_auth_enable=yes\n");
        foreach (var id in new[] { "PF401", "PF403", "PF406", "PF407", "PF408", "PF414", "PF504" })
        {
            Analyzer.Run(config, BuiltInRules.Rules.Where(r => r.Descriptor.Id == id)).ShouldBeEmpty(id);
        }
    }
}
