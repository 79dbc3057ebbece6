using ConfigLint.Core.Catalogue;

namespace ConfigLint.Core.Tests.Catalogue;

public sealed class CompatibilityLevelsTests
{
    private static PostfixRelease Release37 => PostfixReleases.Get("3.7");

    // POSTFIX-SEMANTICS.md §4, plus edge cases measured with postconf 3.7.11
    // (a level expression in smtpd_banner, expanded with postconf -xh).
    [Theory]
    [InlineData("0", "0")]
    [InlineData("1", "1")]
    [InlineData("2", "2")]
    [InlineData("3.6", "3.6")]
    [InlineData("3.5", "2")]
    [InlineData("1.5", "1")]
    [InlineData("0.9", "0")]
    [InlineData("2.99", "2")]
    [InlineData("1.9.9", "1")]
    [InlineData("3.5.1023", "2")]
    [InlineData("3.06", "3.6")]
    [InlineData("3.6.0", "3.6")]
    [InlineData("3.6.1", "3.6")]
    [InlineData("3.7", "3.6")]
    [InlineData("3.8", "3.6")]
    [InlineData("4", "3.6")]
    [InlineData("9999", "3.6")]
    [InlineData("8796093022207", "3.6")]
    [InlineData("03", "2")]
    [InlineData("+3", "2")]
    [InlineData("-0", "0")]
    [InlineData("3. 6", "3.6")]
    public void With_3_7_any_valid_level_acts_like_one_of_the_four_levels_that_matter(string text, string expected)
    {
        CompatibilityLevels.TryNormalize(text, Release37, out var level).ShouldBeTrue();
        level.ShouldBe(expected);
        CompatibilityLevels.IsValid(text).ShouldBeTrue();
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("")]
    [InlineData("3.")]
    [InlineData(".5")]
    [InlineData("3..1")]
    [InlineData("1.2.3.4")]
    [InlineData("3.1024")]
    [InlineData("3.5.1024")]
    [InlineData("3.-6")]
    [InlineData("0x3")]
    [InlineData("1e2")]
    [InlineData("8796093022208")]
    [InlineData("9999999999999999999")]
    [InlineData("3.6.0.")]
    [InlineData(null)]
    public void Malformed_levels_are_rejected_as_postfix_rejects_them(string? text)
    {
        CompatibilityLevels.TryNormalize(text, Release37, out var level).ShouldBeFalse();
        level.ShouldBeNull();
        CompatibilityLevels.IsValid(text).ShouldBeFalse();
        CompatibilityLevels.IsValid(text, PostfixReleases.Newest).ShouldBeFalse();
    }

    [Theory]
    [InlineData("3.10", "3.9", 1)]
    [InlineData("3.9", "3.10", -1)]
    [InlineData("3.06", "3.6", 0)]
    [InlineData("3.6", "3.6.0", 0)]
    [InlineData("2", "3.6", -1)]
    [InlineData("10", "9", 1)]
    [InlineData("1.5", "1", 1)]
    [InlineData("0", "0.0.0", 0)]
    public void Levels_compare_as_versions(string a, string b, int expectedSign)
    {
        Math.Sign(CompatibilityLevels.CompareLevels(a, b)).ShouldBe(expectedSign);
    }

    [Fact]
    public void Comparing_a_malformed_level_fails_like_postfix_does()
    {
        Should.Throw<FormatException>(() => CompatibilityLevels.CompareLevels("abc", "3.6"))
            .Message.ShouldContain("malformed compatibility level syntax");
        Should.Throw<FormatException>(() => CompatibilityLevels.CompareLevels("3.6", "-1"));
    }

    [Fact]
    public void The_levels_that_matter_in_3_7_are_0_1_2_and_3_6_and_each_has_a_postconf_dump()
    {
        Release37.KnownCompatibilityLevels.ShouldBe(["0", "1", "2", "3.6"]);
        CompatibilityLevels.Default.ShouldBe("0");
        Release37.NewestCompatibilityLevel.ShouldBe("3.6");
        foreach (var level in Release37.KnownCompatibilityLevels)
        {
            File.Exists(Path.Combine(CatalogueTestData.PostfixDir, $"postconf-x-compat-{level}.txt")).ShouldBeTrue(level);
            CompatibilityLevels.TryNormalize(level, Release37, out var normalized).ShouldBeTrue();
            normalized.ShouldBe(level);
        }
    }

    [Fact]
    public void The_catalogue_default_of_compatibility_level_is_the_implicit_default()
    {
        foreach (var release in PostfixReleases.All)
        {
            release.Parameters.RawDefault("compatibility_level").ShouldBe(CompatibilityLevels.Default, release.Series);
        }
    }

    [Theory]
    [InlineData("3.11", "3.11", "3.11")]
    [InlineData("3.11", "3.12", "3.11")]
    [InlineData("3.11", "3.10", "3.6")]
    [InlineData("3.11", "3.6", "3.6")]
    [InlineData("3.11", "2", "2")]
    [InlineData("3.10", "3.11", "3.6")]
    [InlineData("3.7", "3.11", "3.6")]
    [InlineData("3.7", "3.7", "3.6")]
    [InlineData("3.6", "3.6", "3.6")]
    [InlineData("3.6", "3.5", "2")]
    [InlineData("3.5", "2", "2")]
    [InlineData("3.5", "3.6", "2")]
    [InlineData("3.5", "3.11", "2")]
    [InlineData("3.5", "1.5", "1")]
    [InlineData("3.5", "1.2.3.4", "1")]
    [InlineData("3.5", "3.1024", "2")]
    [InlineData("3.5", "-1", "0")]
    [InlineData("3.5", "+2", "2")]
    [InlineData("3.4", "10", "2")]
    [InlineData("3.4", "0", "0")]
    public void A_written_level_acts_like_the_highest_level_the_release_knows_below_it(string series, string text, string expected)
    {
        var release = PostfixReleases.Get(series);

        CompatibilityLevels.TryNormalize(text, release, out var level).ShouldBeTrue();
        level.ShouldBe(expected);
        CompatibilityLevels.IsValid(text, release).ShouldBeTrue();
    }

    [Theory]
    [InlineData("3.7", "abc")]
    [InlineData("3.7", "-1")]
    [InlineData("3.7", "1.2.3.4")]
    [InlineData("3.11", "3.")]
    [InlineData("3.5", "abc")]
    [InlineData("3.5", "")]
    [InlineData("3.5", ".5")]
    [InlineData("3.5", "1e3")]
    [InlineData("3.5", "2 ")]
    [InlineData("3.5", "99999999999")]
    [InlineData("3.4", "$level")]
    public void A_level_the_release_cannot_read_is_rejected(string series, string text)
    {
        var release = PostfixReleases.Get(series);

        CompatibilityLevels.TryNormalize(text, release, out var level).ShouldBeFalse();
        level.ShouldBeNull();
        CompatibilityLevels.IsAboveNewest(text, release).ShouldBeFalse();
    }

    [Theory]
    [InlineData("3.7", "3.11", true, true)]
    [InlineData("3.7", "3.7", true, false)]
    [InlineData("3.7", "3.6", false, false)]
    [InlineData("3.7", "3.6.0", false, false)]
    [InlineData("3.7", "2", false, false)]
    [InlineData("3.10", "3.11", true, true)]
    [InlineData("3.11", "3.11", false, false)]
    [InlineData("3.11", "3.12", true, true)]
    [InlineData("3.5", "3.6", true, true)]
    [InlineData("3.5", "3", true, false)]
    [InlineData("3.5", "2", false, false)]
    public void A_level_above_the_newest_the_release_knows_is_accepted_but_not_known(string series, string text, bool aboveNewest, bool newerThanRelease)
    {
        var release = PostfixReleases.Get(series);

        CompatibilityLevels.IsAboveNewest(text, release).ShouldBe(aboveNewest);
        CompatibilityLevels.IsNewerThanRelease(text, release).ShouldBe(newerThanRelease);
        CompatibilityLevels.TryNormalize(text, release, out var level).ShouldBeTrue();
        if (aboveNewest)
        {
            level.ShouldBe(release.NewestCompatibilityLevel);
        }
    }

    [Fact]
    public void Every_release_normalises_each_level_it_knows_to_itself()
    {
        foreach (var release in PostfixReleases.All)
        {
            foreach (var level in release.KnownCompatibilityLevels)
            {
                CompatibilityLevels.TryNormalize(level, release, out var normalized).ShouldBeTrue($"{release}: {level}");
                normalized.ShouldBe(level, $"{release}: {level}");
                CompatibilityLevels.IsAboveNewest(level, release).ShouldBeFalse();
            }
        }
    }

    [Fact]
    public void The_release_free_validity_is_the_version_grammar_of_3_6_and_later()
    {
        foreach (var text in new[] { "0", "1.5", "3.5", "3.6", "3.11", "9999", "abc", "-1", "3.", "1.2.3.4" })
        {
            CompatibilityLevels.IsValid(text).ShouldBe(CompatibilityLevels.IsValid(text, Release37), text);
        }
    }

    [Fact]
    public void A_malformed_level_is_described_as_the_release_describes_it()
    {
        CompatibilityLevels.DescribeMalformed("abc", PostfixReleases.Get("3.7")).ShouldBe("Malformed compatibility level syntax: \"abc\"");
        CompatibilityLevels.DescribeMalformed("abc", PostfixReleases.Get("3.5")).ShouldBe("Bad numerical configuration: compatibility_level = abc");
    }
}
