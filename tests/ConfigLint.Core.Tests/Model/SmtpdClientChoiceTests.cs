using System.Net;
using ConfigLint.Core.Model;
using ConfigLint.Core.Model.Smtpd;
using ConfigLint.Core.Model.Tables;

namespace ConfigLint.Core.Tests.Model;

/// <summary>What a client gets that picks its HELO name, sender and recipient, or has a certificate or DNS to show (smtpd_check.c).</summary>
public sealed class SmtpdClientChoiceTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("configlint-choice-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private SmtpdPipeline Pipeline(string mainCf, params (string Name, string Text)[] files)
    {
        foreach (var (name, text) in files)
        {
            File.WriteAllText(Path.Combine(dir, name), text);
        }

        File.WriteAllText(Path.Combine(dir, "main.cf"), "compatibility_level = 3.6\ninet_interfaces = all\nmynetworks = 127.0.0.0/8\n" + mainCf);
        File.WriteAllText(Path.Combine(dir, "master.cf"), "smtp inet n - y - - smtpd\n");
        var config = PostfixConfig.Load(dir);
        return config.Smtpd(config.Master!.Services[0]);
    }

    private static List<RelayOutcome> Relaying(SmtpdPipeline p, SmtpClient client) =>
        p.Walk(client).Where(o => o.Relays).ToList();

    private static SmtpClient Chooser => SmtpClient.Stranger with { ChoosesKeys = true };

    [Fact]
    public void A_sender_table_ok_before_the_default_deny_relays_for_a_client_that_sends_that_sender()
    {
        var p = Pipeline("smtpd_relay_restrictions = permit_mynetworks, check_sender_access hash:/etc/postfix/senders, reject_unauth_destination\n",
            ("senders", "friend@partner.example OK\nspammer@example.com REJECT\n"));
        Relaying(p, SmtpClient.Stranger).ShouldBeEmpty("an ordinary sender is refused");
        var relay = Relaying(p, Chooser).ShouldHaveSingleItem();
        relay.Choice.Sender.ShouldBe("friend@partner.example");
        var stage = relay.Stages.Single(s => s.Stage == SmtpdStage.Relay);
        stage.DecidedBy!.Name.ShouldBe("check_sender_access");
        stage.Entry!.Key.ShouldBe("friend@partner.example");
    }

    [Fact]
    public void A_sender_table_after_the_default_deny_lets_nobody_relay()
    {
        var p = Pipeline("smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination, check_sender_access texthash:/etc/postfix/senders\n",
            ("senders", "friend@partner.example OK\n"));
        Relaying(p, Chooser).ShouldBeEmpty();
    }

    [Fact]
    public void A_helo_table_ok_relays_only_for_a_client_that_sends_helo()
    {
        var p = Pipeline("smtpd_recipient_restrictions = check_helo_access texthash:/etc/postfix/helo, reject_unauth_destination\nsmtpd_relay_restrictions =\n",
            ("helo", "trusted.example OK\n"));
        Relaying(p, Chooser).Select(o => o.Choice.Helo).ShouldBe(["trusted.example"]);
    }

    [Fact]
    public void A_recipient_key_that_names_a_domain_is_no_relay_for_any_destination_but_a_local_part_key_is()
    {
        var domain = Pipeline("smtpd_relay_restrictions = check_recipient_access texthash:/etc/postfix/r, reject_unauth_destination\n", ("r", "partner.example OK\n"));
        Relaying(domain, Chooser).ShouldBeEmpty();
        var local = Pipeline("smtpd_relay_restrictions = check_recipient_access texthash:/etc/postfix/r, reject_unauth_destination\n", ("r", "postmaster@ OK\n"));
        Relaying(local, Chooser).Single().Choice.Recipient.ShouldBe("postmaster@example.org");
    }

    [Fact]
    public void A_catch_all_regexp_ok_relays_for_every_sender()
    {
        var p = Pipeline("smtpd_relay_restrictions = check_sender_access regexp:/etc/postfix/r, reject_unauth_destination\n", ("r", "/./ OK\n"));
        Relaying(p, SmtpClient.Stranger).ShouldHaveSingleItem().Stages.Single(s => s.Stage == SmtpdStage.Relay).Entry!.Key.ShouldBe("/./");
    }

    [Fact]
    public void An_unprovable_regexp_is_an_unknown()
    {
        var p = Pipeline("smtpd_relay_restrictions = check_sender_access pcre:/etc/postfix/r, reject_unauth_destination\n", ("r", "/^[a-z]+@x\\.example$/ OK\n"));
        var o = p.Walk(Chooser).ShouldHaveSingleItem();
        o.Relays.ShouldBeFalse();
        o.Unknowns.Single().Text.ShouldBe("check_sender_access pcre:/etc/postfix/r");
    }

    [Fact]
    public void A_sender_table_in_the_sender_stage_can_refuse_what_the_relay_stage_permits()
    {
        var p = Pipeline("smtpd_sender_restrictions = check_sender_access texthash:/etc/postfix/block\nsmtpd_relay_restrictions = check_sender_access texthash:/etc/postfix/allow, reject_unauth_destination\n",
            ("block", "partner.example REJECT\n"), ("allow", "partner.example OK\n"));
        Relaying(p, Chooser).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("3.8", true)]
    [InlineData("3.9", false)]
    public void Permit_naked_ip_address_relays_for_a_bare_address_as_helo_until_3_9(string series, bool relays)
    {
        var p = Pipeline("smtpd_relay_restrictions = permit_naked_ip_address, reject_unauth_destination\n");
        var config = PostfixConfig.Load(dir, release: ConfigLint.Core.Catalogue.PostfixReleases.Get(series));
        p = config.Smtpd(config.Master!.Services[0]);
        p.Series.ShouldBe(series);
        Relaying(p, Chooser).Any().ShouldBe(relays);
        if (!relays)
        {
            p.Walk(Chooser).ShouldAllBe(o => o.Decision == RelayDecision.Refused);
        }
    }

    [Fact]
    public void Check_relay_domains_answers_451_from_3_9_on_and_still_counts_as_a_default_deny()
    {
        File.WriteAllText(Path.Combine(dir, "main.cf"), "compatibility_level = 3.6\nsmtpd_relay_restrictions = permit_mynetworks, check_relay_domains\n");
        File.WriteAllText(Path.Combine(dir, "master.cf"), "smtp inet n - y - - smtpd\n");
        var config = PostfixConfig.Load(dir);
        var p = config.Smtpd(config.Master!.Services[0]);
        p.StartupFailure.ShouldBeNull();
        p.Walk(SmtpClient.Stranger).Single().RefusedAt!.DecidedBy!.Name.ShouldBe("check_relay_domains");
    }

    [Fact]
    public void Permit_mx_backup_relays_for_a_domain_that_names_this_host_as_mx_unless_the_networks_are_set()
    {
        var open = Pipeline("smtpd_relay_restrictions = permit_mx_backup, reject_unauth_destination\n");
        Relaying(open, SmtpClient.Stranger).ShouldBeEmpty();
        Relaying(open, SmtpClient.Stranger with { PublishesMx = true }).ShouldHaveSingleItem();
        var limited = Pipeline("smtpd_relay_restrictions = permit_mx_backup, reject_unauth_destination\npermit_mx_backup_networks = 192.0.2.0/24\n");
        Relaying(limited, SmtpClient.Stranger with { PublishesMx = true }).ShouldBeEmpty();
    }

    [Fact]
    public void Permit_tls_all_clientcerts_needs_tls_a_requested_certificate_and_a_ca()
    {
        const string relay = "smtpd_relay_restrictions = permit_tls_all_clientcerts, reject_unauth_destination\nsmtpd_tls_security_level = may\n";
        var asked = Pipeline(relay + "smtpd_tls_ask_ccert = yes\nsmtpd_tls_CAfile = /etc/ssl/certs/ca-certificates.crt\n");
        Relaying(asked, SmtpClient.Stranger with { HasTrustedCertificate = true }).ShouldHaveSingleItem();
        asked.CertificateTrust.TrustsPublicCas.ShouldBeTrue();
        var notAsked = Pipeline(relay + "smtpd_tls_ask_ccert = no\nsmtpd_tls_CAfile = /etc/ssl/certs/ca-certificates.crt\n");
        Relaying(notAsked, SmtpClient.Stranger with { HasTrustedCertificate = true }).ShouldBeEmpty();
        var noCa = Pipeline(relay + "smtpd_tls_ask_ccert = yes\n");
        Relaying(noCa, SmtpClient.Stranger with { HasTrustedCertificate = true }).ShouldBeEmpty();
        var ownCa = Pipeline(relay + "smtpd_tls_ask_ccert = yes\nsmtpd_tls_CAfile = /etc/postfix/clients-ca.pem\n");
        ownCa.CertificateTrust.TrustsPublicCas.ShouldBeFalse();
    }

    [Fact]
    public void A_reverse_client_hostname_table_may_not_say_ok()
    {
        var p = Pipeline("smtpd_relay_restrictions = check_reverse_client_hostname_access cidr:/etc/postfix/c, reject_unauth_destination\n", ("c", "0.0.0.0/0 OK\n"));
        p.Walk(SmtpClient.Stranger).Where(o => o.Addresses.ToNetworks().Any(n => n.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork))
            .ShouldAllBe(o => o.Decision == RelayDecision.Refused);
    }

    [Fact]
    public void A_client_table_ok_relays_for_the_addresses_it_covers()
    {
        var p = Pipeline("smtpd_relay_restrictions = check_client_access cidr:/etc/postfix/c, reject_unauth_destination\n", ("c", "10.0.0.0/8 OK\n"));
        var relay = Relaying(p, SmtpClient.Stranger).ShouldHaveSingleItem();
        relay.Addresses.ToNetworks().ShouldBe([IPNetwork.Parse("10.0.0.0/8")]);
        relay.Stages.Single(s => s.Stage == SmtpdStage.Relay).Entry!.Result.Action.ShouldBe(AccessAction.Ok);
    }

    [Fact]
    public void Restrictions_after_permit_or_an_unwarned_reject_are_ignored()
    {
        var p = Pipeline("smtpd_client_restrictions = permit_mynetworks, reject, check_client_access cidr:/etc/postfix/c\nsmtpd_helo_restrictions = warn_if_reject reject, permit, reject_non_fqdn_helo_hostname\n");
        var client = p[SmtpdStage.Client].Ignored()!;
        client.Terminal.Name.ShouldBe("reject");
        client.Ignored.Select(r => r.Text).ShouldBe(["check_client_access cidr:/etc/postfix/c"]);
        var helo = p[SmtpdStage.Helo].Ignored()!;
        helo.Terminal.Name.ShouldBe("permit");
        p[SmtpdStage.Relay].Ignored().ShouldBeNull();
    }

    [Fact]
    public void An_unlisted_class_definition_is_found_for_the_unknown_word()
    {
        var p = Pipeline("strict = permit_sasl_authenticated, reject\nsmtpd_client_restrictions = strict\n");
        var word = p[SmtpdStage.Client].Items.Single();
        word.IsUnknown.ShouldBeTrue();
        word.UnlistedDefinition!.Value.StartLine.ShouldBe(4);
    }
}
