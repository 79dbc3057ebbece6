using ConfigLint.Core.Model.Smtpd;

namespace ConfigLint.Core.Tests.Model;

/// <summary>The restriction names per release (generated from each release's smtpd_check.c) and the vocabulary that describes them.</summary>
public sealed class RestrictionReleasesTests
{
    [Fact]
    public void The_data_covers_postfix_3_4_to_3_11()
    {
        RestrictionReleases.Series.ShouldBe(["3.4", "3.5", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11"]);
        RestrictionReleases.Newest.ShouldBe("3.11");
    }

    [Fact]
    public void The_vocabulary_describes_exactly_the_names_smtpd_knows()
    {
        RestrictionVocabulary.Names.Order(StringComparer.Ordinal).ShouldBe(RestrictionReleases.AllNames.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("3.7", "check_relay_domains", RestrictionStatus.Deprecated)]
    [InlineData("3.8", "check_relay_domains", RestrictionStatus.Deprecated)]
    [InlineData("3.9", "check_relay_domains", RestrictionStatus.Removed)]
    [InlineData("3.11", "reject_maps_rbl", RestrictionStatus.Removed)]
    [InlineData("3.11", "PERMIT_NAKED_IP_ADDRESS", RestrictionStatus.Removed)]
    [InlineData("3.8", "permit_mx_backup", RestrictionStatus.Current)]
    [InlineData("3.9", "permit_mx_backup", RestrictionStatus.Deprecated)]
    [InlineData("3.4", "reject_unknown_client", RestrictionStatus.OldName)]
    [InlineData("3.11", "reject_sender_login_mismatch", RestrictionStatus.Class)]
    [InlineData("3.11", "reject_unknown_forward_client_hostname", RestrictionStatus.Unknown)]
    [InlineData("2.11", "permit", RestrictionStatus.Unknown)]
    public void Each_release_says_what_it_does_with_a_name(string series, string name, RestrictionStatus status)
    {
        RestrictionReleases.Of(series, name).Status.ShouldBe(status);
        RestrictionReleases.Knows(series, name).ShouldBe(status != RestrictionStatus.Unknown);
    }

    [Fact]
    public void Deprecations_carry_postfix_s_own_advice()
    {
        var removed = RestrictionReleases.Of("3.9", "check_relay_domains");
        removed.Message.ShouldBe("support for restriction \"check_relay_domains\" has been removed in Postfix 3.9; instead, specify \"reject_unauth_destination\"");
        removed.Replacement.ShouldBe("reject_unauth_destination");
        RestrictionReleases.Of("3.7", "reject_invalid_hostname").Replacement.ShouldBe("reject_invalid_helo_hostname");
    }

    [Fact]
    public void The_default_denies_are_rcpt_required_in_postfix_s_order()
    {
        RestrictionReleases.RequiredDenies("3.7").ShouldBe(["reject_unauth_destination", "defer_unauth_destination", "reject", "defer", "defer_if_permit", "check_relay_domains"]);
    }

    [Theory]
    [InlineData("3.7.11", "3.7")]
    [InlineData("3.10", "3.10")]
    [InlineData("2.11.3", null)]
    [InlineData(null, null)]
    public void A_mail_version_names_its_series(string? version, string? series) =>
        RestrictionReleases.SeriesOf(version).ShouldBe(series);
}
