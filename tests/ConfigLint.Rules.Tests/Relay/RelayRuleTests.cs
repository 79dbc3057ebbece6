using ConfigLint.Core.Engine;
using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules.Tests.Relay;

/// <summary>The relay and access rules on the cases issue 11 names, checked through the rules themselves.</summary>
public sealed class RelayRuleTests
{
    private const string Head = "compatibility_level = 3.6\ninet_interfaces = all\nmynetworks = 127.0.0.0/8\n";
    private const string Master = "smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n";

    private static List<Finding> Check(string mainCf, string master = Master, string? series = null)
    {
        var release = series is null ? null : ConfigLint.Core.Catalogue.PostfixReleases.Get(series);
        return Analyzer.Run(PostfixConfig.FromText(Head + mainCf, master, release: release), BuiltInRules.Rules);
    }

    [Fact]
    public void The_issue_s_example_with_permit_before_the_default_deny_stops_smtpd_and_without_permit_does_not()
    {
        var bad = Check("smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, permit, reject_unauth_destination\n");
        var finding = bad.Single(f => f.RuleId == "PF102");
        finding.Span.StartColumn.ShouldBe(74, "at the permit where has_required() stops");
        finding.Message.ShouldContain("specify at least one working instance of: reject_unauth_destination");
        finding.Message.ShouldContain("smtp/inet and submission/inet", Case.Sensitive, "one finding for both services that share the cause");

        var good = Check("smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination\n");
        good.ShouldNotContain(f => f.RuleId == "PF102");
    }

    [Fact]
    public void A_finding_shared_by_services_of_different_pipelines_names_them_in_master_cf_order()
    {
        // smtp and 2525 share one pipeline, submission has its own (it overrides a list): the rule
        // looks through each pipeline once, and the finding still names the services as master.cf lists them.
        var findings = Check(
            "smtpd_client_restrictions = permit, reject_unknown_client_hostname\n",
            "smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n  -o smtpd_helo_restrictions=permit_mynetworks\n2525 inet n - y - - smtpd\n");

        var finding = findings.Single(f => f.RuleId == "PF103");
        finding.Message.ShouldContain("smtp/inet, submission/inet and 2525/inet", Case.Sensitive);
        finding.Related.Select(r => r.Message.Split(' ')[0]).Where(w => w.Contains('/')).ShouldBe(["smtp/inet", "submission/inet", "2525/inet"], "the listeners, in master.cf order");
    }

    [Fact]
    public void A_default_deny_in_the_recipient_list_is_enough()
    {
        Check("smtpd_relay_restrictions = permit_mynetworks, permit\nsmtpd_recipient_restrictions = reject_unauth_destination\n")
            .ShouldNotContain(f => f.RuleId == "PF102");
    }

    [Fact]
    public void Only_the_service_whose_override_lacks_the_deny_is_named()
    {
        var findings = Check(string.Empty, "smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n  -o smtpd_relay_restrictions=permit_sasl_authenticated\n");
        findings.Single(f => f.RuleId == "PF102").Message.ShouldStartWith("submission/inet:");
    }

    [Theory]
    [InlineData("3.7", Severity.Warning)]
    [InlineData("3.9", Severity.Error)]
    public void Check_relay_domains_is_deprecated_before_3_9_and_removed_from_it(string series, Severity severity)
    {
        Check("smtpd_relay_restrictions = permit_mynetworks, check_relay_domains\n", series: series)
            .Single(f => f.RuleId == "PF107").Severity.ShouldBe(severity);
    }

    [Fact]
    public void An_unknown_word_after_permit_is_reported_as_ignored_not_as_unknown()
    {
        var findings = Check("smtpd_client_restrictions = permit, permit_mynetwork\n");
        findings.ShouldContain(f => f.RuleId == "PF103");
        findings.ShouldNotContain(f => f.RuleId == "PF106");
    }

    [Fact]
    public void A_client_table_that_trusts_the_world_before_the_default_deny_is_an_open_relay()
    {
        // FromText has no tree to read the table from: the table is an unknown and nothing is claimed.
        Check("smtpd_relay_restrictions = check_client_access cidr:/etc/postfix/relay_clients, reject_unauth_destination\n")
            .ShouldNotContain(f => f.RuleId == "PF101");
    }
}
