using ConfigLint.Core.Catalogue;

namespace ConfigLint.Core.Tests.Catalogue;

public sealed class CompatibilityLevelsTests
{
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
    public void Any_valid_level_acts_like_one_of_the_four_levels_that_matter(string text, string expected)
    {
        CompatibilityLevels.TryNormalize(text, out var level).ShouldBeTrue();
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
        CompatibilityLevels.TryNormalize(text, out var level).ShouldBeFalse();
        level.ShouldBeNull();
        CompatibilityLevels.IsValid(text).ShouldBeFalse();
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
        CompatibilityLevels.Effective.ShouldBe(["0", "1", "2", "3.6"]);
        CompatibilityLevels.Default.ShouldBe("0");
        CompatibilityLevels.Latest.ShouldBe("3.6");
        foreach (var level in CompatibilityLevels.Effective)
        {
            File.Exists(Path.Combine(CatalogueTestData.PostfixDir, $"postconf-x-compat-{level}.txt")).ShouldBeTrue(level);
            CompatibilityLevels.TryNormalize(level, out var normalized).ShouldBeTrue();
            normalized.ShouldBe(level);
        }
    }

    [Fact]
    public void The_catalogue_default_of_compatibility_level_is_the_implicit_default()
    {
        ParameterCatalogue.Postfix37.RawDefault("compatibility_level").ShouldBe(CompatibilityLevels.Default);
    }
}
