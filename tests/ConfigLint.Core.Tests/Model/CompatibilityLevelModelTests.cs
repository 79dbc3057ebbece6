using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Model;
using ConfigLint.Core.Text;
using ConfigLint.TestSupport;

namespace ConfigLint.Core.Tests.Model;

/// <summary>compatibility_level as the model applies it (POSTFIX-SEMANTICS.md §4).</summary>
public sealed class CompatibilityLevelModelTests
{
    [Theory]
    [InlineData("0", "0")]
    [InlineData("1", "1")]
    [InlineData("2", "2")]
    [InlineData("3.6", "3.6")]
    [InlineData("3.5", "2")]
    [InlineData("1.5", "1")]
    [InlineData("3.06", "3.6")]
    [InlineData("3.6.0", "3.6")]
    [InlineData("3.6.1", "3.6")]
    [InlineData("3.7", "3.6")]
    [InlineData("3.8", "3.6")]
    [InlineData("4", "3.6")]
    [InlineData("9999", "3.6")]
    public void Any_valid_level_normalises_to_one_of_the_four_that_matter(string text, string expected)
    {
        var config = PostfixConfig.FromText($"compatibility_level = {text}\n", release: PostfixReleases.Get("3.7"));
        config.CompatibilityLevel.ShouldBe(expected);
        config.Diagnostics.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("")]
    public void A_malformed_level_is_rejected(string text)
    {
        var config = PostfixConfig.FromText($"myhostname = mx.example.com\ncompatibility_level = {text}\n");
        config.Diagnostics.ShouldContain(d => d.Kind == DiagnosticKind.MacroError
            && d.Message.Contains("Malformed compatibility level syntax", StringComparison.Ordinal)
            && d.Span.File == "main.cf" && d.Span.StartLine == 2);
    }

    [Fact]
    public void A_level_expression_on_a_malformed_level_fails_like_postfix()
    {
        var config = PostfixConfig.FromText("compatibility_level = abc\n");

        config.Get("mynetworks_style").Expanded.Error!.ShouldContain("malformed compatibility level syntax");
    }

    [Fact]
    public void The_implicit_default_level_is_0()
    {
        var config = PostfixConfig.FromText(string.Empty);

        config.CompatibilityLevel.ShouldBe("0");
        config.Get("compatibility_level").Value.ShouldBe("0");
        config.Get("compatibility_level").IsDefault.ShouldBeTrue();
    }

    [Fact]
    public void A_level_set_through_a_reference_is_followed()
    {
        var config = PostfixConfig.FromText("my_level = 3.6\ncompatibility_level = $my_level\n");

        config.CompatibilityLevel.ShouldBe("3.6");
        config.Get("mynetworks_style").Value.ShouldBe("host");
    }

    [Theory]
    [InlineData("0", "subnet", "host.example.test, localhost.example.test, localhost", "", "yes")]
    [InlineData("1", "subnet", "host.example.test, localhost.example.test, localhost", "permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination", "no")]
    [InlineData("2", "host", "", "permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination", "no")]
    [InlineData("3.6", "host", "", "permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination", "no")]
    [InlineData("3.5", "host", "", "permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination", "no")]
    [InlineData("1.5", "subnet", "host.example.test, localhost.example.test, localhost", "permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination", "no")]
    [InlineData("9999", "host", "", "permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination", "no")]
    public void Level_dependent_defaults_follow_the_level(string level, string mynetworksStyle, string relayDomains, string relayRestrictions, string appendDotMydomain)
    {
        var config = PostfixConfig.FromText($"compatibility_level = {level}\n");

        config.Get("mynetworks_style").Value.ShouldBe(mynetworksStyle);
        config.Get("relay_domains").Value.ShouldBe(relayDomains);
        config.Get("smtpd_relay_restrictions").Value.ShouldBe(relayRestrictions);
        config.Get("append_dot_mydomain").Value.ShouldBe(appendDotMydomain);
        config.Get("mynetworks_style").Provenance.ShouldBeOfType<DefaultProvenance>();
    }

    [Fact]
    public void Without_a_level_the_defaults_are_those_of_level_0()
    {
        var config = PostfixConfig.FromText("myhostname = host.example.test\n");

        config.Get("mynetworks_style").Value.ShouldBe("subnet");
        config.Get("smtpd_relay_restrictions").Value.ShouldBe(string.Empty);
        config.Get("append_dot_mydomain").Value.ShouldBe("yes");
        config.Get("mynetworks").Value.ShouldBe("127.0.0.0/8 [::1]/128");
    }

    [Fact]
    public void The_default_mynetworks_follows_mynetworks_style()
    {
        PostfixConfig.FromText("compatibility_level = 3.6\n").Get("mynetworks").Value.ShouldBe("127.0.0.1/32 [::1]/128");
        PostfixConfig.FromText("compatibility_level = 0\n").Get("mynetworks").Value.ShouldBe("127.0.0.0/8 [::1]/128");
        PostfixConfig.FromText("compatibility_level = 0\nmynetworks_style = host\n").Get("mynetworks").Value.ShouldBe("127.0.0.1/32 [::1]/128");
    }

    [Fact]
    public void A_value_set_in_main_cf_beats_the_level_dependent_default()
    {
        var config = PostfixConfig.FromText("compatibility_level = 0\nsmtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n");

        config.Get("smtpd_relay_restrictions").Value.ShouldBe("permit_mynetworks, reject_unauth_destination");
        config.Get("smtpd_relay_restrictions").Provenance.ShouldBeOfType<MainCfProvenance>();
    }

    public static TheoryData<string, string, string> CompatLevelDefaultRows()
    {
        // tests/data/postfix/compat-level-defaults.tsv: postconf -x with main.cf = only compatibility_level = N.
        var data = new TheoryData<string, string, string>();
        var path = Path.Combine(RepoPaths.Data, "postfix", "compat-level-defaults.tsv");
        var levels = new[] { "0", "1", "2", "3.6" };
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith('#') || line.StartsWith("parameter\t", StringComparison.Ordinal) || line.Length == 0)
            {
                continue;
            }

            var fields = line.Split('\t');
            for (var i = 0; i < levels.Length; i++)
            {
                data.Add(fields[0], levels[i], fields[i + 1]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CompatLevelDefaultRows))]
    public void Every_level_dependent_default_measured_with_postconf_matches(string parameter, string level, string expected)
    {
        // Measured with Debian's postconf 3.7.11; every release against its own dumps: ReleaseDefaultsTests.
        var config = PostfixConfig.FromText($"compatibility_level = {level}\n", release: PostfixReleases.Get("3.7"));

        var value = config.Get(parameter);

        value.Expanded.Error.ShouldBeNull();

        // postconf prints every value with its whitespace normalised to single spaces (§1: "postconf
        // prints a TAB inside a value as a space"); empty expansions inside proxy_read_maps leave runs.
        string.Join(' ', value.Value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)).ShouldBe(expected);
    }

    [Fact]
    public void The_model_and_the_catalogue_normalise_levels_alike()
    {
        foreach (var release in PostfixReleases.All)
        {
            foreach (var text in new[] { "0", "1", "2", "3.6", "3.5", "1.5", "3.06", "3.6.0", "3.6.1", "3.7", "3.11", "4", "9999", "0.9", "2.99" })
            {
                CompatibilityLevels.TryNormalize(text, release, out var fromCatalogue).ShouldBeTrue(text);
                PostfixConfig.FromText($"compatibility_level = {text}\n", release: release).CompatibilityLevel.ShouldBe(fromCatalogue, $"{release}: {text}");
            }
        }
    }
}
