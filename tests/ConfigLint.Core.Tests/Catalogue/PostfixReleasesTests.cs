using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Model;

namespace ConfigLint.Core.Tests.Catalogue;

public sealed class PostfixReleasesTests
{
    public static TheoryData<string> AllSeries() => new(ReleaseData.Series);

    [Fact]
    public void The_eight_releases_from_3_4_to_3_11_are_embedded_oldest_first()
    {
        PostfixReleases.All.Select(r => r.Series).ShouldBe(["3.4", "3.5", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11"]);
        PostfixReleases.All.Select(r => r.Series).ShouldBe(ReleaseData.Series);
        PostfixReleases.Newest.Series.ShouldBe("3.11");
    }

    [Theory]
    [MemberData(nameof(AllSeries))]
    public void A_release_names_the_build_its_facts_come_from(string series)
    {
        var release = PostfixReleases.Get(series);
        var version = File.ReadAllLines(ReleaseData.File(series, "version.txt"));

        version.ShouldContain($"mail_version = {release.MailVersion}");
        version.ShouldContain($"source_tag = {release.SourceTag}");
        release.MailVersion.ShouldStartWith(series + ".");
        release.Parameters.RawDefault("mail_version").ShouldBe(release.MailVersion);
    }

    [Fact]
    public void Release_3_7_is_the_upstream_3_7_22_build_and_3_11_the_default_target()
    {
        PostfixReleases.Get("3.7").MailVersion.ShouldBe("3.7.22");
        PostfixReleases.Get("3.7").ShouldBeSameAs(PostfixReleases.Get("3.7.11"));
        PostfixReleases.Newest.MailVersion.ShouldBe("3.11.6");
        PostfixConfig.FromText(string.Empty).Release.ShouldBeSameAs(PostfixReleases.Newest);
    }

    [Theory]
    [InlineData("3.4", new[] { "0", "1", "2" })]
    [InlineData("3.5", new[] { "0", "1", "2" })]
    [InlineData("3.6", new[] { "0", "1", "2", "3.6" })]
    [InlineData("3.7", new[] { "0", "1", "2", "3.6" })]
    [InlineData("3.8", new[] { "0", "1", "2", "3.6" })]
    [InlineData("3.9", new[] { "0", "1", "2", "3.6" })]
    [InlineData("3.10", new[] { "0", "1", "2", "3.6" })]
    [InlineData("3.11", new[] { "0", "1", "2", "3.6", "3.11" })]
    public void Each_release_knows_the_compatibility_levels_it_has_dumps_for(string series, string[] levels)
    {
        var release = PostfixReleases.Get(series);

        release.KnownCompatibilityLevels.ShouldBe(levels);
        ReleaseData.DumpedLevels(series).ShouldBe(levels);
        release.NewestCompatibilityLevel.ShouldBe(levels[^1]);
        release.CompatibilityLevelSyntax.ShouldBe(series is "3.4" or "3.5" ? CompatibilityLevelSyntax.Integer : CompatibilityLevelSyntax.Version);
    }

    [Theory]
    [InlineData("3.8", "3.8")]
    [InlineData("3.8.4", "3.8")]
    [InlineData("3.7.11", "3.7")]
    [InlineData("3.10", "3.10")]
    [InlineData("3.10.0", "3.10")]
    [InlineData("3.4.29", "3.4")]
    [InlineData("3.11.99", "3.11")]
    public void A_series_or_any_of_its_patch_versions_finds_the_release(string version, string series)
    {
        PostfixReleases.TryGet(version, out var release).ShouldBeTrue();
        release.Series.ShouldBe(series);
        PostfixReleases.Get(version).ShouldBeSameAs(release);
    }

    [Theory]
    [InlineData("3.3")]
    [InlineData("3.12")]
    [InlineData("4.0")]
    [InlineData("3")]
    [InlineData("3.")]
    [InlineData("3.8.4.1")]
    [InlineData("v3.8")]
    [InlineData("3.8-rc1")]
    [InlineData(" 3.8")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_not_a_release(string? version)
    {
        PostfixReleases.TryGet(version, out var release).ShouldBeFalse();
        release.ShouldBeNull();
    }

    [Fact]
    public void Asking_for_an_unknown_release_names_the_known_ones()
    {
        Should.Throw<ArgumentException>(() => PostfixReleases.Get("3.12"))
            .Message.ShouldContain("known releases: 3.4, 3.5, 3.6, 3.7, 3.8, 3.9, 3.10, 3.11");
    }

    [Fact]
    public void Releases_compare_as_versions()
    {
        PostfixReleases.Get("3.9").CompareTo(PostfixReleases.Get("3.10")).ShouldBeLessThan(0);
        PostfixReleases.Get("3.11").CompareTo(PostfixReleases.Get("3.4")).ShouldBeGreaterThan(0);
        PostfixReleases.All.Order().ShouldBe(PostfixReleases.All);
    }

    [Theory]
    [InlineData("mynetworks", "3.4")]
    [InlineData("smtpd_forbid_unauth_pipelining", "3.5")]
    [InlineData("postscreen_allowlist_interfaces", "3.6")]
    [InlineData("use_srv_lookup", "3.8")]
    [InlineData("tls_required_enable", "3.10")]
    [InlineData("requiretls_enable", "3.11")]
    [InlineData("virtual_maps", "3.4")]
    [InlineData("postscreen_whitelist_interfaces", "3.4")]
    public void The_first_release_knowing_a_name_is_where_it_appears(string name, string series)
    {
        PostfixReleases.FirstKnowing(name)!.Series.ShouldBe(series);
    }

    [Theory]
    [InlineData("3.7", "tls_required_enable", "3.10")]
    [InlineData("3.7", "requiretls_enable", "3.11")]
    [InlineData("3.4", "smtpd_forbid_unauth_pipelining", "3.5")]
    [InlineData("3.11", "requiretls_enable", null)]
    [InlineData("3.7", "mynetworks", "3.8")]
    [InlineData("3.11", "tls_legacy_public_key_fingerprints", null)]
    public void The_first_newer_release_knowing_a_name_is_what_needs_postfix_x_y_names(string target, string name, string? first)
    {
        PostfixReleases.FirstKnowingAfter(PostfixReleases.Get(target), name)?.Series.ShouldBe(first);
    }

    [Fact]
    public void The_last_older_release_knowing_a_name_is_where_it_was_dropped()
    {
        PostfixReleases.LastKnowingBefore(PostfixReleases.Get("3.11"), "tls_legacy_public_key_fingerprints")!.Series.ShouldBe("3.10");
        PostfixReleases.LastKnowingBefore(PostfixReleases.Get("3.4"), "mynetworks").ShouldBeNull();
        PostfixReleases.LastKnowingBefore(PostfixReleases.Get("3.11"), "requiretls_enable").ShouldBeNull();
    }

    [Theory]
    [InlineData("3.12", "3.11")]
    [InlineData("4.0", "3.11")]
    [InlineData("3.3", "3.4")]
    [InlineData("2.11", "3.4")]
    [InlineData("v3.8", "3.8")]
    [InlineData("3,7", "3.7")]
    [InlineData(" 3.9 ", "3.9")]
    [InlineData("3.77", "3.11")]
    [InlineData("abc", null)]
    [InlineData("", null)]
    public void A_mistyped_version_suggests_the_nearest_release(string typed, string? nearest)
    {
        PostfixReleases.Nearest(typed)?.Series.ShouldBe(nearest);
    }

    [Fact]
    public void A_name_no_release_knows_has_no_first_release()
    {
        PostfixReleases.FirstKnowing("mynetwork").ShouldBeNull();
        PostfixReleases.Knowing("mynetwork").ShouldBeEmpty();
    }

    [Fact]
    public void A_renamed_parameter_stays_known_as_a_legacy_name_and_a_dropped_one_does_not()
    {
        // postscreen_whitelist_interfaces became postscreen_allowlist_interfaces in 3.6, whose default refers
        // to the old name; tls_legacy_public_key_fingerprints is gone from 3.11 altogether.
        PostfixReleases.Knowing("postscreen_whitelist_interfaces").Count.ShouldBe(8);
        PostfixReleases.Get("3.5").Parameters.IsBuiltin("postscreen_whitelist_interfaces").ShouldBeTrue();
        PostfixReleases.Get("3.6").Parameters.IsLegacy("postscreen_whitelist_interfaces").ShouldBeTrue();
        PostfixReleases.Knowing("tls_legacy_public_key_fingerprints").Select(r => r.Series)
            .ShouldBe(["3.4", "3.5", "3.6", "3.7", "3.8", "3.9", "3.10"]);
    }

    [Theory]
    [MemberData(nameof(AllSeries))]
    public void Every_builtin_parameter_of_a_release_is_in_its_catalogue_with_the_raw_default_postconf_prints(string series)
    {
        var catalogue = PostfixReleases.Get(series).Parameters;
        var dump = ReleaseData.ReadDump(series, "postconf-d-builtin-only.txt");
        var names = File.ReadAllLines(ReleaseData.File(series, "names.txt"));

        catalogue.All.Select(p => p.Name).ShouldBe(names, ignoreOrder: true);
        catalogue.All.Count.ShouldBe(dump.Count);
        foreach (var (name, expected) in dump)
        {
            catalogue.RawDefault(name).ShouldBe(expected, $"{series}: default of {name}");
        }
    }

    [Theory]
    [InlineData("3.4", 811)]
    [InlineData("3.5", 819)]
    [InlineData("3.6", 826)]
    [InlineData("3.7", 831)]
    [InlineData("3.8", 837)]
    [InlineData("3.9", 845)]
    [InlineData("3.10", 857)]
    [InlineData("3.11", 873)]
    public void Each_release_has_as_many_builtin_parameters_as_its_postconf(string series, int count)
    {
        PostfixReleases.Get(series).Parameters.All.Count.ShouldBe(count);
    }

    [Theory]
    [MemberData(nameof(AllSeries))]
    public void Every_service_defined_parameter_postconf_lists_for_the_stock_master_cf_is_recognised(string series)
    {
        var catalogue = PostfixReleases.Get(series).Parameters;
        var services = StockServices(series);
        var extra = ReleaseData.ReadDump(series, "postconf-d.txt").Where(d => !catalogue.IsBuiltin(d.Name)).ToList();

        extra.ShouldNotBeEmpty();
        foreach (var (name, rawDefault) in extra)
        {
            catalogue.TryGetServiceDefined(name, services, out var parameter).ShouldBeTrue($"{series}: {name}");
            parameter.Family.RawDefault.ShouldBe(rawDefault, $"{series}: {name}");
        }
    }

    [Theory]
    [MemberData(nameof(AllSeries))]
    public void The_stock_main_cf_and_master_cf_are_the_releases_own_byte_for_byte(string series)
    {
        var release = PostfixReleases.Get(series);

        release.StockMainCf.Text.ShouldBe(File.ReadAllText(ReleaseData.File(series, "main.cf")));
        release.StockMasterCf.Text.ShouldBe(File.ReadAllText(ReleaseData.File(series, "master.cf")));
        release.StockMasterCf.Text.ShouldContain("smtp      inet  n       -       n       -       -       smtpd");
        release.StockMasterCf.DisplayName.ShouldBe($"<stock master.cf of Postfix {series}>");
    }

    [Theory]
    [InlineData("3.4", 0)]
    [InlineData("3.5", 0)]
    [InlineData("3.6", 0)]
    [InlineData("3.7", 0)]
    [InlineData("3.8", 0)]
    [InlineData("3.9", 18)]
    [InlineData("3.10", 18)]
    [InlineData("3.11", 35)]
    public void The_deprecation_table_is_postfixs_own_with_its_advice(string series, int count)
    {
        var release = PostfixReleases.Get(series);
        var data = File.ReadAllLines(ReleaseData.File(series, "deprecated.tsv")).Where(l => l.Length > 0).Select(l => l.Split('\t')).ToList();

        release.Deprecations.Count.ShouldBe(count);
        release.Deprecations.Select(d => (d.Name, d.Advice)).ShouldBe(data.Select(f => (f[0], f[1])));
        release.TryGetDeprecation("smtpd_use_tls", out var useTls).ShouldBe(count > 0);
        if (count > 0)
        {
            useTls!.Advice.ShouldBe("specify \"smtpd_tls_security_level\"");
        }
    }

    [Theory]
    [MemberData(nameof(AllSeries))]
    public void A_deprecated_name_has_been_removed_exactly_when_the_release_no_longer_knows_it(string series)
    {
        var release = PostfixReleases.Get(series);

        foreach (var deprecation in release.Deprecations)
        {
            deprecation.Removed.ShouldBe(!release.Parameters.IsKnown(deprecation.Name), $"{series}: {deprecation.Name}");
        }
    }

    [Fact]
    public void Postfix_3_11_still_knows_every_name_it_deprecates_so_none_has_been_removed()
    {
        // postconf_unused.c says "has been removed" only for a name that is not in its parameter table.
        // The 13 renamed parameters 3.11 deprecates (virtual_maps, fallback_relay, ...) are no built-ins, but
        // their replacements still default to them (virtual_alias_maps = $virtual_maps), so they are known.
        var release = PostfixReleases.Get("3.11");
        var notBuiltin = release.Deprecations.Where(d => !release.Parameters.IsBuiltin(d.Name)).ToList();

        notBuiltin.Count.ShouldBe(13);
        notBuiltin.ShouldAllBe(d => release.Parameters.IsLegacy(d.Name) && !d.Removed);
        release.TryGetDeprecation("virtual_maps", out var virtualMaps).ShouldBeTrue();
        virtualMaps.PostconfWarning.ShouldBe("support for parameter \"virtual_maps\" will be removed; instead, specify \"virtual_alias_maps\"");
    }

    [Fact]
    public void A_removed_parameter_is_worded_as_postconf_words_it()
    {
        new ParameterDeprecation("smtp_use_tls", "specify \"smtp_tls_security_level\"", Removed: true).PostconfWarning
            .ShouldBe("support for parameter smtp_use_tls has been removed; instead, specify \"smtp_tls_security_level\"");
    }

    [Fact]
    public void Deprecation_warnings_start_in_3_9()
    {
        PostfixReleases.All.Where(r => r.TryGetDeprecation("smtpd_use_tls", out _)).Select(r => r.Series)
            .ShouldBe(["3.9", "3.10", "3.11"]);
        PostfixReleases.Get("3.9").TryGetDeprecation("smtpd_enforce_tls", out var enforce).ShouldBeTrue();
        enforce.Advice.ShouldBe("specify \"smtpd_tls_security_level\"");
    }

    private static List<(string serviceName, string command)> StockServices(string series) =>
        File.ReadAllLines(ReleaseData.File(series, "master.cf"))
            .Where(l => l.Length > 0 && !char.IsWhiteSpace(l[0]) && l[0] != '#')
            .Select(l => l.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Select(f => (f[0], f[7]))
            .ToList();
}
