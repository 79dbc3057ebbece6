using System.Net;
using ConfigLint.Core.Model;
using ConfigLint.Core.Model.Smtpd;

namespace ConfigLint.Core.Tests.Model;

/// <summary>What the smtpd pipeline model does with a client, against smtpd_check.c's rules.</summary>
public sealed class SmtpdPipelineTests
{
    private const string Master = "smtp inet n - y - - smtpd\n";

    private static SmtpdPipeline Pipeline(string mainCf, string master = Master)
    {
        var config = PostfixConfig.FromText("compatibility_level = 3.6\ninet_interfaces = all\nmynetworks = 0.0.0.0/0\n" + mainCf, master);
        return config.Smtpd(config.Master!.Services[0]);
    }

    private static RelayOutcome Walk(SmtpdPipeline pipeline, bool inMynetworks = true) =>
        pipeline.Walk(new SmtpClient(AddressSet.Of(IPNetwork.Parse("0.0.0.0/0")), inMynetworks)).ShouldHaveSingleItem();

    [Fact]
    public void The_default_relay_restrictions_let_mynetworks_relay_and_refuse_strangers()
    {
        var p = Pipeline(string.Empty);
        var mine = Walk(p);
        mine.Decision.ShouldBe(RelayDecision.Relays);
        mine.PermittedBy(SmtpdStage.Relay)!.Name.ShouldBe("permit_mynetworks");
        var stranger = Walk(p, inMynetworks: false);
        stranger.Decision.ShouldBe(RelayDecision.Refused);
        stranger.RefusedAt!.Stage.ShouldBe(SmtpdStage.Relay);
        stranger.RefusedAt.DecidedBy!.Name.ShouldBe("defer_unauth_destination");
    }

    [Theory]
    [InlineData("smtpd_tls_security_level = may\n", true, false)]
    [InlineData("smtpd_tls_security_level = encrypt\n", true, true)]
    [InlineData("smtpd_tls_security_level = verify\n", true, true)]
    [InlineData("smtpd_tls_security_level = none\nsmtpd_enforce_tls = yes\n", false, false)]
    [InlineData("smtpd_tls_security_level =\nsmtpd_enforce_tls = yes\n", true, true)]
    [InlineData("smtpd_tls_security_level =\nsmtpd_use_tls = yes\n", true, false)]
    [InlineData("smtpd_tls_security_level = none\nsmtpd_tls_wrappermode = yes\n", true, true)]
    [InlineData("smtpd_tls_security_level = none\n", false, false)]
    public void Tls_is_offered_and_enforced_as_smtpd_reads_the_level(string mainCf, bool offers, bool requires)
    {
        var p = Pipeline(mainCf);
        p.OffersTls.ShouldBe(offers);
        p.RequiresTls.ShouldBe(requires);
    }

    [Theory]
    [InlineData("may", "no", "yes", false)]
    [InlineData("encrypt", "no", "yes", true)]
    [InlineData("may", "yes", "no", true)]
    public void Smtpd_asks_for_a_certificate_only_with_ask_ccert_or_with_req_ccert_and_enforced_tls(string level, string ask, string req, bool asks)
    {
        Pipeline($"smtpd_tls_security_level = {level}\nsmtpd_tls_ask_ccert = {ask}\nsmtpd_tls_req_ccert = {req}\n").AsksForCertificate.ShouldBe(asks);
    }

    [Fact]
    public void A_permit_in_an_early_stage_does_not_skip_the_later_ones()
    {
        var p = Pipeline("smtpd_client_restrictions = permit_mynetworks, reject\nsmtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination\n");
        var o = Walk(p);
        o.Decision.ShouldBe(RelayDecision.Refused);
        o.Stages.Single(s => s.Stage == SmtpdStage.Client).Decision.ShouldBe(StageDecision.Permit);
        o.RefusedAt!.Stage.ShouldBe(SmtpdStage.Relay);
    }

    [Fact]
    public void A_client_stage_that_requires_a_login_refuses_mynetworks()
    {
        var o = Walk(Pipeline(string.Empty, Master + "  -o smtpd_client_restrictions=permit_sasl_authenticated,reject\n"));
        o.Decision.ShouldBe(RelayDecision.Refused);
        o.RefusedAt!.Stage.ShouldBe(SmtpdStage.Client);
        o.RefusedAt.DecidedBy!.Name.ShouldBe("reject");
    }

    [Theory]
    [InlineData("no", RelayDecision.Relays)]
    [InlineData("yes", RelayDecision.Refused)]
    public void Helo_restrictions_only_count_when_helo_is_required(string required, RelayDecision expected)
    {
        Walk(Pipeline($"smtpd_helo_required = {required}\nsmtpd_helo_restrictions = reject\n")).Decision.ShouldBe(expected);
    }

    [Theory]
    [InlineData("yes", RelayDecision.Refused)]
    [InlineData("no", RelayDecision.Relays)]
    public void A_recipient_restriction_in_the_client_stage_needs_delayed_rejects(string delay, RelayDecision expected)
    {
        Walk(Pipeline($"smtpd_delay_reject = {delay}\nsmtpd_client_restrictions = reject_unauth_destination\n")).Decision.ShouldBe(expected);
    }

    [Fact]
    public void Warn_if_reject_turns_the_next_reject_and_a_whole_class_into_a_log_line()
    {
        Walk(Pipeline("smtpd_client_restrictions = warn_if_reject reject\n")).Decision.ShouldBe(RelayDecision.Relays);
        Walk(Pipeline("smtpd_restriction_classes = strict\nstrict = permit_sasl_authenticated, reject\nsmtpd_client_restrictions = warn_if_reject strict\n")).Decision.ShouldBe(RelayDecision.Relays);
        Walk(Pipeline("smtpd_client_restrictions = warn_if_reject permit_sasl_authenticated, reject\n")).Decision.ShouldBe(RelayDecision.Refused);
    }

    [Fact]
    public void A_class_answers_with_its_own_restriction()
    {
        var o = Walk(Pipeline("smtpd_restriction_classes = trusted\ntrusted = permit_mynetworks, reject\nsmtpd_relay_restrictions = trusted\n"));
        o.Decision.ShouldBe(RelayDecision.Relays);
        o.PermittedBy(SmtpdStage.Relay)!.Name.ShouldBe("permit_mynetworks");
    }

    [Fact]
    public void Defer_if_permit_turns_an_acceptance_into_450()
    {
        Walk(Pipeline("smtpd_sender_restrictions = defer_if_permit\n")).Decision.ShouldBe(RelayDecision.Deferred);
    }

    [Fact]
    public void An_unknown_restriction_is_a_server_configuration_error()
    {
        var o = Walk(Pipeline("smtpd_client_restrictions = permit_mynetwork\n"));
        o.Decision.ShouldBe(RelayDecision.Refused);
        o.RefusedAt!.DecidedBy!.IsUnknown.ShouldBeTrue();
    }

    [Fact]
    public void A_policy_service_and_an_unreadable_table_are_named_unknowns()
    {
        var o = Walk(Pipeline("smtpd_client_restrictions = check_policy_service unix:private/policy, check_client_access hash:/etc/postfix/client_access\n"));
        o.Decision.ShouldBe(RelayDecision.Relays);
        o.Unknowns.Select(u => u.Text).ShouldBe(["check_policy_service unix:private/policy", "check_client_access hash:/etc/postfix/client_access"]);
    }

    [Theory]
    [InlineData("smtpd_relay_restrictions = permit_mynetworks, permit\nsmtpd_recipient_restrictions =\n", true)]
    [InlineData("smtpd_relay_restrictions = permit_mynetworks, permit, reject_unauth_destination\n", true)]
    [InlineData("smtpd_relay_restrictions = permit_mynetworks, warn_if_reject reject_unauth_destination\n", true)]
    [InlineData("smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n", false)]
    [InlineData("smtpd_relay_restrictions =\nsmtpd_recipient_restrictions = permit_mynetworks, reject\n", false)]
    [InlineData("smtpd_restriction_classes = deny\ndeny = reject_unauth_destination\nsmtpd_relay_restrictions = permit_mynetworks, deny\n", false)]
    [InlineData("smtpd_restriction_classes = deny\ndeny = permit, reject_unauth_destination\nsmtpd_relay_restrictions = permit_mynetworks, deny\n", true)]
    [InlineData("smtpd_restriction_classes = missing\n", true)]
    public void Smtpd_stops_without_a_working_default_deny_or_with_an_undefined_class(string mainCf, bool stops)
    {
        var p = Pipeline(mainCf);
        (p.StartupFailure is not null).ShouldBe(stops);
        if (stops)
        {
            Walk(p).Decision.ShouldBe(RelayDecision.SmtpdDies);
        }
    }

    [Fact]
    public void Address_sets_split_and_rejoin_as_cidr_networks()
    {
        var world = AddressSet.Of(IPNetwork.Parse("0.0.0.0/0"));
        var rest = world.Except(IPNetwork.Parse("10.0.0.0/8"));
        rest.ToNetworks().Select(n => n.ToString()).ShouldBe(
        [
            "0.0.0.0/5", "8.0.0.0/7", "11.0.0.0/8", "12.0.0.0/6", "16.0.0.0/4", "32.0.0.0/3", "64.0.0.0/2", "128.0.0.0/1",
        ]);
        rest.Union(AddressSet.Of(IPNetwork.Parse("10.0.0.0/8"))).SetEquals(world).ShouldBeTrue();
        world.Intersect(IPNetwork.Parse("192.168.0.0/16")).ToNetworks().ShouldBe([IPNetwork.Parse("192.168.0.0/16")]);
        AddressSet.Everything.ToNetworks().Select(n => n.ToString()).ShouldBe(["0.0.0.0/0", "::/0"]);
        AddressSet.Of(IPNetwork.Parse("::/0")).Except(IPNetwork.Parse("::/1")).ToNetworks().ShouldBe([IPNetwork.Parse("8000::/1")]);
    }
}
