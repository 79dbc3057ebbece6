using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Model;

namespace ConfigLint.Core.Tests.Catalogue;

/// <summary>The Postfix facts the parameter hygiene rules rely on, checked against the release catalogues.</summary>
public sealed class HygieneCatalogueTests
{
    public static TheoryData<string> Replacements() => new(ParameterReplacements.All.Select(r => r.Deprecated));

    [Theory]
    [MemberData(nameof(Replacements))]
    public void Every_replacement_is_the_one_postfix_advises_and_exists_where_the_name_is_deprecated(string deprecated)
    {
        var replacement = ParameterReplacements.For(deprecated)!;
        var releases = PostfixReleases.All.Where(r => r.TryGetDeprecation(deprecated, out _)).ToList();

        releases.ShouldNotBeEmpty();
        foreach (var release in releases)
        {
            release.TryGetDeprecation(deprecated, out var deprecation);
            deprecation!.Advice.ShouldContain(replacement.Replacement, customMessage: $"{release.Series}: {deprecated}");
            release.Parameters.IsBuiltin(replacement.Replacement).ShouldBeTrue($"{release.Series}: {replacement.Replacement}");
            if (replacement.Kind == ReplacementKind.SameValue)
            {
                // The replacement defaults to the deprecated name's value, so moving the value keeps the behaviour.
                var raw = release.Parameters.RawDefault(replacement.Replacement)!;
                (raw == $"${deprecated}" || raw.StartsWith($"${{{deprecated}?{{${deprecated}}}:", StringComparison.Ordinal))
                    .ShouldBeTrue($"{release.Series}: {replacement.Replacement} = {raw}");
            }

            if (replacement.PeernameParameter is { } peername)
            {
                release.Parameters.RawDefault(peername).ShouldBe("yes");
            }
        }
    }

    [Theory]
    [InlineData("smtpd_use_tls", "yes", false, "may")]
    [InlineData("smtpd_use_tls", "no", false, null)]
    [InlineData("smtpd_enforce_tls", "YES", false, "encrypt")]
    [InlineData("smtp_enforce_tls", "yes", true, "verify")]
    [InlineData("smtp_enforce_tls", "yes", false, "encrypt")]
    [InlineData("virtual_maps", "hash:/etc/postfix/virtual", false, "hash:/etc/postfix/virtual")]
    public void The_new_value_follows_what_the_daemon_does_with_the_old_one(string deprecated, string value, bool peername, string? expected) =>
        ParameterReplacements.For(deprecated)!.ValueFor(value, peername).ShouldBe(expected);

    [Fact]
    public void Names_whose_replacement_reads_them_differently_get_no_replacement()
    {
        ParameterReplacements.For("smtp_tls_per_site").ShouldBeNull();
        ParameterReplacements.For("postscreen_dnsbl_ttl").ShouldBeNull();
        ParameterReplacements.For("disable_dns_lookups").ShouldBeNull();
        ParameterReplacements.For("smtpd_client_connection_limit_exceptions").ShouldBeNull();
        PostfixReleases.Get("3.11").Parameters.RawDefault("smtpd_client_event_limit_exceptions").ShouldBe("${smtpd_client_connection_limit_exceptions:$mynetworks}");
    }

    [Fact]
    public void Daemons_demand_what_their_main_functions_say()
    {
        var r37 = PostfixReleases.Get("3.7");
        DaemonRequirements.For("qmgr", r37).ShouldBe([DaemonRequirement.ProcessLimitOne]);
        DaemonRequirements.For("cleanup", r37).ShouldBe([DaemonRequirement.ProcessLimitZero]);
        DaemonRequirements.For("local", r37).ShouldBe([DaemonRequirement.Privileged]);
        DaemonRequirements.For("smtpd", r37).ShouldBeEmpty();
        DaemonRequirements.For("nbdb_reindexd", r37).ShouldBeEmpty();
        DaemonRequirements.For("nbdb_reindexd", PostfixReleases.Get("3.11")).ShouldBe([DaemonRequirement.Privileged, DaemonRequirement.ProcessLimitOne]);
    }

    [Fact]
    public void The_stock_master_cf_meets_every_daemon_requirement()
    {
        foreach (var release in PostfixReleases.All)
        {
            var config = PostfixConfig.FromText("compatibility_level = 0\n", assumeStockMasterCf: true, release: release);
            foreach (var service in config.Master!.Services)
            {
                foreach (var requirement in DaemonRequirements.For(service.Command.Text, release))
                {
                    var ok = requirement switch
                    {
                        DaemonRequirement.ProcessLimitOne => service.ProcessLimit.Text == "1",
                        DaemonRequirement.ProcessLimitZero => service.ProcessLimit.Text == "0",
                        _ => service.Unprivileged.Text == "n",
                    };
                    ok.ShouldBeTrue($"{release.Series}: {service.Key} {requirement}");
                }
            }
        }
    }

    [Fact]
    public void Database_client_parameters_include_the_domain_and_the_legacy_sql_names()
    {
        DatabaseClientParameters.IsParameter("ldap", "server_host").ShouldBeTrue();
        DatabaseClientParameters.IsParameter("ldap", "domain").ShouldBeTrue();
        DatabaseClientParameters.IsParameter("mysql", "select_field").ShouldBeTrue();
        DatabaseClientParameters.IsParameter("ldap", "select_field").ShouldBeFalse();
        DatabaseClientParameters.Types(PostfixReleases.Get("3.8")).ShouldNotContain("mongodb");
        DatabaseClientParameters.Types(PostfixReleases.Get("3.9")).ShouldContain("mongodb");
    }

    [Theory]
    [InlineData("3.11", "relay_domains", "1", "$mydestination")]
    [InlineData("3.11", "relay_domains", "2", "")]
    [InlineData("3.11", "smtp_tls_security_level", "3.6", "")]
    [InlineData("3.11", "smtp_tls_security_level", "3.11", "may")]
    [InlineData("3.7", "smtp_tls_security_level", "3.6", "")]
    [InlineData("3.7", "smtpd_relay_restrictions", "1", "permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination")]
    public void A_level_default_is_the_text_the_level_picks(string release, string name, string level, string text) =>
        LevelDefaults.TextAt(PostfixReleases.Get(release), name, level).ShouldBe(text);

    [Theory]
    [InlineData("3.11", "3.6", "3.11", "smtp_tls_security_level")]
    [InlineData("3.11", "1", "2", "relay_domains")]
    [InlineData("3.7", "3.6", "3.6")]
    [InlineData("3.4", "0", "2")]
    public void The_defaults_that_change_between_two_levels_are_those_whose_text_differs(string series, string from, string to, params string[] some)
    {
        var release = PostfixReleases.Get(series);
        var changes = LevelDefaults.Changes(release, from, to);

        // Every level-dependent default, in catalogue order, compared one by one.
        changes.ShouldBe(release.Parameters.LevelDependent
            .Select(p => new LevelChange(p.Name, LevelDefaults.TextAt(release, p.Name, from), LevelDefaults.TextAt(release, p.Name, to)))
            .Where(c => c.Before != c.After));
        changes.Select(c => c.Name).ShouldBeSubsetOf(release.Parameters.LevelDependent.Select(p => p.Name));
        foreach (var name in some)
        {
            changes.ShouldContain(c => c.Name == name);
        }

        if (from == to)
        {
            changes.ShouldBeEmpty();
        }
    }
}
