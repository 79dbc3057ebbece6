using ConfigLint.Core.Model;

namespace ConfigLint.Core.Tests.Model;

/// <summary>
/// A built-in default made of built-in defaults alone is evaluated once per release and
/// compatibility level and shared between configurations (ParameterValues.SharedDefaults). Each
/// configuration must still see its own value: a shared one only where nothing it read is set there.
/// </summary>
public sealed class SharedDefaultsTests
{
    // postconf -d (3.11): address_verify_relayhost = $relayhost, relayhost empty.
    private const string Follower = "address_verify_relayhost";

    [Fact]
    public void A_default_shared_by_one_configuration_is_not_taken_by_one_that_sets_what_it_reads()
    {
        var plain = PostfixConfig.FromText("compatibility_level = 3.6\n");
        plain.Get(Follower).Value.ShouldBe(string.Empty);

        var relaying = PostfixConfig.FromText("compatibility_level = 3.6\nrelayhost = [mx.example.net]:587\n");
        var value = relaying.Get(Follower);
        value.Value.ShouldBe("[mx.example.net]:587");

        // The text comes from this configuration's own main.cf line, not from the shared evaluation.
        value.Expanded.Runs.ShouldHaveSingleItem().Source.ShouldNotBeNull();
        value.Expanded.Steps.Select(s => s.Name).ShouldContain("relayhost");

        PostfixConfig.FromText("compatibility_level = 3.6\n").Get(Follower).Value.ShouldBe(string.Empty);
    }

    [Fact]
    public void A_shared_default_says_the_compatibility_level_of_the_configuration_that_asks()
    {
        // smtpd_tls_protocols does not depend on the level, but its provenance names it ("the default
        // of Postfix 3.11 at compatibility_level N").
        var atTwo = PostfixConfig.FromText("compatibility_level = 2\n").Get("smtpd_tls_protocols");
        var atThreeSix = PostfixConfig.FromText("compatibility_level = 3.6\n").Get("smtpd_tls_protocols");
        var atTwoAgain = PostfixConfig.FromText("compatibility_level = 2\n").Get("smtpd_tls_protocols");

        atTwo.Provenance.ShouldBeOfType<DefaultProvenance>().CompatibilityLevel.ShouldBe("2");
        atThreeSix.Provenance.ShouldBeOfType<DefaultProvenance>().CompatibilityLevel.ShouldBe("3.6");
        atTwoAgain.Provenance.ShouldBeOfType<DefaultProvenance>().CompatibilityLevel.ShouldBe("2");
        atThreeSix.Value.ShouldBe(atTwo.Value);
    }

    [Fact]
    public void A_default_that_reads_a_host_value_is_the_host_s_own()
    {
        // smtpd_banner = $myhostname ESMTP $mail_name: myhostname from the host where main.cf does not set it.
        static string BannerOf(string host) =>
            PostfixConfig.FromText("compatibility_level = 3.6\n", host: new HostFacts(new Dictionary<string, string> { ["myhostname"] = host }))
                .Get("smtpd_banner").Value;

        BannerOf("a.example.org").ShouldStartWith("a.example.org ESMTP");
        BannerOf("b.example.org").ShouldStartWith("b.example.org ESMTP");
    }

    [Fact]
    public void A_default_that_depends_on_a_written_compatibility_level_follows_it()
    {
        // relay_domains = ${{$compatibility_level} <level {2} ? {$mydestination} : {}}
        const string Destinations = "mydestination = example.org, localhost\n";
        PostfixConfig.FromText("compatibility_level = 3.6\n" + Destinations).Get("relay_domains").Value.ShouldBe(string.Empty);
        PostfixConfig.FromText("compatibility_level = 1\n" + Destinations).Get("relay_domains").Value.ShouldBe("example.org, localhost");
        PostfixConfig.FromText("compatibility_level = 3.6\n" + Destinations).Get("relay_domains").Value.ShouldBe(string.Empty);
    }

    [Fact]
    public void A_service_with_an_override_sees_it_and_the_others_the_shared_default()
    {
        const string Master =
            "smtp       inet n - y - - smtpd\n" +
            "relay      unix - - y - - smtp\n" +
            "  -o relayhost=[relay.example.net]\n";
        var config = PostfixConfig.FromText("compatibility_level = 3.6\n", Master);
        var services = config.Master!.EffectiveServices.ToList();

        config.Get(Follower, services.Single(s => s.Key == "relay/unix")).Value.ShouldBe("[relay.example.net]");
        config.Get(Follower, services.Single(s => s.Key == "smtp/inet")).Value.ShouldBe(string.Empty);
        config.Get(Follower).Value.ShouldBe(string.Empty);
    }

    [Fact]
    public void Configurations_checked_on_several_threads_each_see_their_own_values()
    {
        // Half of them set relayhost, the other half share the default; all at once.
        var wrong = 0;
        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var sets = i % 2 == 0;
            var config = PostfixConfig.FromText("compatibility_level = 3.6\n" + (sets ? $"relayhost = [mx{i}.example.net]\n" : string.Empty));
            var expected = sets ? $"[mx{i}.example.net]" : string.Empty;
            if (config.Get(Follower).Value != expected || config.Get("smtpd_tls_protocols").Value != ">=TLSv1")
            {
                Interlocked.Increment(ref wrong);
            }
        });

        wrong.ShouldBe(0);
    }
}
