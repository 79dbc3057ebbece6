using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Model;
using ConfigLint.Core.Model.Tls;

namespace ConfigLint.Core.Tests.Model;

/// <summary>The TLS and SASL facts of smtpd and smtp services, against smtpd.c, smtp.c and tls_misc.c.</summary>
public sealed class TlsModelTests
{
    private const string Master = "smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\nsmtp unix - - y - - smtp\nrelay unix - - y - - smtp\n  -o smtp_tls_security_level=encrypt\n";

    private static PostfixConfig Config(string mainCf, string master = Master, string release = "3.11") =>
        PostfixConfig.FromText("compatibility_level = 3.6\n" + mainCf, master, release: PostfixReleases.Get(release));

    private static SmtpdTls Smtpd(PostfixConfig config, string name) =>
        config.Smtpd(config.Master!.Services.Single(s => s.Name == name && s.RunsSmtpd)).Tls;

    [Fact]
    public void The_default_is_no_tls_and_no_auth()
    {
        var tls = Smtpd(Config(string.Empty), "smtp");
        tls.Level.ShouldBe(TlsLevel.None);
        tls.UsesTls.ShouldBeFalse();
        tls.AnnouncesStartTls.ShouldBeFalse();
        tls.SaslEnabled.ShouldBeFalse();
        tls.AuthBeforeTls.ShouldBeFalse();
        tls.SaslOptions.ExcludesAnonymous.ShouldBeTrue("smtpd_sasl_security_options defaults to noanonymous");
        tls.SaslTlsOptions.ExcludesAnonymous.ShouldBeTrue("smtpd_sasl_tls_security_options defaults to $smtpd_sasl_security_options");
        tls.LevelCause!.Name.ShouldBe("smtpd_tls_security_level");
    }

    [Fact]
    public void A_service_override_decides_the_level_and_encrypt_implies_auth_only()
    {
        var config = Config("smtpd_tls_security_level = may\nsmtpd_tls_chain_files = /etc/postfix/tls/mail.pem\nsmtpd_sasl_auth_enable = yes\n");
        var smtp = Smtpd(config, "smtp");
        smtp.Level.ShouldBe(TlsLevel.May);
        smtp.Works.ShouldBeTrue();
        smtp.AuthBeforeTls.ShouldBeTrue("smtpd_tls_auth_only = no and TLS optional");
        var submission = Smtpd(config, "submission");
        submission.IsEnforced.ShouldBeTrue();
        submission.AuthOnly.ShouldBeTrue("smtpd.c: var_smtpd_tls_auth_only |= var_smtpd_enforce_tls");
        submission.AuthBeforeTls.ShouldBeFalse();
        submission.LevelCause!.Provenance.ShouldBeOfType<MasterOverrideProvenance>();
        submission.ProtocolsParameter.ShouldBe("smtpd_tls_mandatory_protocols");
        smtp.ProtocolsParameter.ShouldBe("smtpd_tls_protocols");
    }

    [Fact]
    public void Inbound_tls_without_a_built_pipeline_is_made_afresh_and_agrees_with_the_pipeline()
    {
        var config = Config("smtpd_tls_security_level = may\nsmtpd_tls_chain_files = /etc/postfix/tls/mail.pem\n");
        var submission = config.Master!.Services.Single(s => s.Name == "submission" && s.RunsSmtpd);

        // Not kept (a master.cf of 100,000 services must not keep 100,000 of them): two calls, two objects.
        var fresh = config.InboundTls(submission);
        config.InboundTls(submission).ShouldNotBeSameAs(fresh);
        fresh.Level.ShouldBe(TlsLevel.Encrypt, "the -o of submission");

        // Once the pipeline is built, its facts are the ones returned.
        var built = config.Smtpd(submission).Tls;
        config.InboundTls(submission).ShouldBeSameAs(built);
        (built.Level, built.Works, built.ProtocolsParameter).ShouldBe((fresh.Level, fresh.Works, fresh.ProtocolsParameter));
        config.InboundTls(null).Level.ShouldBe(TlsLevel.May);
    }

    [Theory]
    [InlineData("smtpd_tls_wrappermode = yes\nsmtpd_tls_security_level = none", "Encrypt", true)]
    [InlineData("smtpd_use_tls = yes", "May", false)]
    [InlineData("smtpd_enforce_tls = yes", "Encrypt", false)]
    [InlineData("smtpd_enforce_tls = yes\nsmtpd_tls_security_level = may", "May", false)]
    [InlineData("smtpd_tls_security_level = VERIFY", "Encrypt", false)]
    [InlineData("smtpd_tls_security_level = fingerprint", "Encrypt", false)]
    public void The_level_follows_wrapper_mode_then_the_level_then_the_old_booleans(string mainCf, string level, bool wrapper)
    {
        var tls = Smtpd(Config(mainCf + "\n"), "smtp");
        tls.Level.ShouldBe(Enum.Parse<TlsLevel>(level));
        tls.WrapperMode.ShouldBe(wrapper);
    }

    [Theory]
    [InlineData("dane")]
    [InlineData("dane-only")]
    [InlineData("halfdane")]
    [InlineData("mandatory")]
    public void Smtpd_stops_on_a_level_it_does_not_have(string level)
    {
        var tls = Smtpd(Config($"smtpd_tls_security_level = {level}\n"), "smtp");
        tls.IsLevelInvalid.ShouldBeTrue();
        tls.Level.ShouldBeNull();
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("smtpd_tls_cert_file = /etc/postfix/cert.pem", true)]
    [InlineData("smtpd_tls_chain_files = /etc/postfix/chain.pem", true)]
    [InlineData("smtpd_tls_eccert_file = /etc/postfix/ec.pem", true)]
    [InlineData("smtpd_tls_cert_file = none", true)]
    [InlineData("smtpd_tls_cert_file = none\nsmtpd_tls_ask_ccert = yes", false)]
    public void Tls_works_with_a_certificate_or_anonymous_ciphers(string mainCf, bool works)
    {
        var tls = Smtpd(Config("smtpd_tls_security_level = may\n" + mainCf + "\n"), "smtp");
        tls.UsesTls.ShouldBeTrue();
        tls.AnnouncesStartTls.ShouldBeTrue("STARTTLS is announced whether or not a certificate loaded");
        tls.Works.ShouldBe(works);
    }

    [Fact]
    public void Sasl_security_options_are_case_sensitive_words()
    {
        var tls = Smtpd(Config("smtpd_sasl_security_options = NoAnonymous, noplaintext\n"), "smtp");
        tls.SaslOptions.ExcludesAnonymous.ShouldBeFalse("name_mask_opt() compares case-sensitively");
        tls.SaslOptions.ExcludesPlaintext.ShouldBeTrue();
        tls.SaslTlsOptions.ExcludesPlaintext.ShouldBeTrue("the TLS list defaults to the plain one");
        ValueOrigin.Of(tls.SaslTlsOptions.Value)!.Value.StartLine.ShouldBe(2, "the inherited text is written on line 2 of main.cf");
    }

    [Theory]
    [InlineData("3.11", ">=TLSv1", "TLSv1 TLSv1_1 TLSv1_2 TLSv1_3", false)]
    [InlineData("3.11", ">=TLSv1.2", "TLSv1_2 TLSv1_3", false)]
    [InlineData("3.11", ">=TLSv1.2, <=TLSv1.2", "TLSv1_2", false)]
    [InlineData("3.11", ">=0x0303", "TLSv1_2 TLSv1_3", false)]
    [InlineData("3.11", "!SSLv2, !SSLv3", "TLSv1 TLSv1_1 TLSv1_2 TLSv1_3", false)]
    [InlineData("3.11", "!SSLv2", "SSLv3 TLSv1 TLSv1_1 TLSv1_2 TLSv1_3", false)]
    [InlineData("3.11", "!sslv2:!SSLV3:!tlsv1", "TLSv1_1 TLSv1_2 TLSv1_3", false)]
    [InlineData("3.11", "TLSv1.2 TLSv1.3", "TLSv1_2 TLSv1_3", false)]
    [InlineData("3.11", "", "SSLv2 SSLv3 TLSv1 TLSv1_1 TLSv1_2 TLSv1_3", false)]
    [InlineData("3.11", ">=", "SSLv2 SSLv3 TLSv1 TLSv1_1 TLSv1_2 TLSv1_3", false)]
    [InlineData("3.11", "TLSv1.4", "", true)]
    [InlineData("3.11", ">=SSLv2", "", true)]
    [InlineData("3.5", ">=TLSv1.2", "", true)]
    [InlineData("3.5", "!SSLv2, !SSLv3", "TLSv1 TLSv1_1 TLSv1_2 TLSv1_3", false)]
    public void Protocol_lists_are_read_as_the_release_reads_them(string release, string value, string enabled, bool invalid)
    {
        var config = Config($"smtpd_tls_protocols = {value}\n", release: release);
        var list = TlsProtocolList.Read(config.Get("smtpd_tls_protocols"), config.Release);
        list.IsInvalid.ShouldBe(invalid);
        string.Join(" ", list.Enabled.Order()).ShouldBe(enabled);
    }

    [Theory]
    [InlineData("3.7", "low", true)]
    [InlineData("3.7", "EXPORT", true)]
    [InlineData("3.7", "null", true)]
    [InlineData("3.7", "medium", false)]
    [InlineData("3.8", "low", false)]
    [InlineData("3.11", "export", false)]
    [InlineData("3.11", "null", true)]
    public void Weak_cipher_grades_follow_what_the_release_still_has(string release, string grade, bool weak)
    {
        TlsCipherGrades.TryParse(grade, out var parsed).ShouldBeTrue();
        parsed.IsWeak(PostfixReleases.Get(release)).ShouldBe(weak);
    }

    [Theory]
    [InlineData("3.11", "3.6", TlsLevel.None)]
    [InlineData("3.11", "3.11", TlsLevel.May)]
    [InlineData("3.7", "3.11", TlsLevel.None)]
    public void The_client_level_defaults_by_release_and_compatibility_level(string release, string level, TlsLevel expected)
    {
        var config = PostfixConfig.FromText($"compatibility_level = {level}\n", Master, release: PostfixReleases.Get(release));
        config.OutboundTls(config.SmtpClientServices.First()).Level.ShouldBe(expected);
    }

    [Fact]
    public void Client_services_read_their_own_overrides_and_the_old_booleans()
    {
        var config = Config("smtp_enforce_tls = yes\nsmtp_tls_enforce_peername = yes\nsmtp_sasl_auth_enable = yes\n");
        var smtp = config.OutboundTls(config.SmtpClientServices.Single(s => s.Name == "smtp"));
        smtp.Level.ShouldBe(TlsLevel.Verify);
        smtp.SaslEnabled.ShouldBeTrue();
        smtp.SaslOptions.ExcludesPlaintext.ShouldBeTrue("smtp_sasl_security_options defaults to noplaintext, noanonymous");
        config.OutboundTls(config.SmtpClientServices.Single(s => s.Name == "relay")).Level.ShouldBe(TlsLevel.Encrypt);
        TlsLevel.Verify.IsMandatory().ShouldBeTrue();
        TlsLevel.Dane.IsMandatory().ShouldBeFalse();
    }

    [Theory]
    [InlineData("relayhost = [smtp.example.net]:587", "smtp.example.net", true, 587, false)]
    [InlineData("relayhost = smtp.example.net", "smtp.example.net", false, null, false)]
    [InlineData("relayhost = [127.0.0.1]:10025", "127.0.0.1", true, 10025, true)]
    [InlineData("relayhost = [ipv6:::1]:25", "ipv6:::1", true, 25, true)]
    [InlineData("default_transport = smtp:[relay.example.org]:submission", "relay.example.org", true, 587, false)]
    public void The_next_hop_comes_from_default_transport_else_relayhost(string mainCf, string host, bool bracketed, int? port, bool loopback)
    {
        var route = Config(mainCf + "\n").Outbound;
        var hop = route.NextHops.ShouldHaveSingleItem();
        hop.Host.ShouldBe(host);
        hop.Bracketed.ShouldBe(bracketed);
        hop.PortNumber.ShouldBe(port);
        hop.IsLoopback.ShouldBe(loopback);
        route.IsDirect.ShouldBeFalse();
        route.DefaultService!.Name.ShouldBe("smtp");
        hop.Span.ShouldNotBeNull().StartLine.ShouldBe(2);
    }

    [Fact]
    public void Without_a_relayhost_mail_goes_direct()
    {
        var route = Config(string.Empty).Outbound;
        route.IsDirect.ShouldBeTrue();
        route.DefaultTransport.ShouldBe("smtp");
    }

    [Fact]
    public void Public_listeners_exclude_loopback_and_private_addresses_unless_behind_nat()
    {
        var master = "127.0.0.1:25 inet n - y - - smtpd\n10.0.0.5:25 inet n - y - - smtpd\n192.0.2.25:25 inet n - y - - smtpd\n0.0.0.0:2525 inet n - y - - smtpd\n";
        var config = Config(string.Empty, master);
        config.SmtpServers.Select(s => s.PublicOn(25, config.Network) is not null).ShouldBe([false, false, true, false]);
        config.SmtpServers.Select(s => s.ExposedOn(25) is not null).ShouldBe([false, true, true, false]);
        var nat = new NetworkHints(true, []);
        config.SmtpServers.Select(s => s.PublicOn(25, nat) is not null).ShouldBe([false, true, true, false]);
    }
}
