using ConfigLint.Core.Model;
using ConfigLint.TestSupport;

namespace ConfigLint.Core.Tests.Differential;

/// <summary>
/// Regression tests for a model bug found while writing the differential test: an unset mydomain
/// is derived from myhostname (mail_params.c check_mydomainname: the part after the first dot, or
/// "localdomain"), so a main.cf that sets myhostname decides mydomain, whatever the host is. The
/// model used the host's (or the placeholder) mydomain instead, which also skewed every default
/// built from it (mydestination = $myhostname, localhost.$mydomain, localhost).
/// </summary>
[SystemTest]
public sealed class MydomainDerivationTests
{
    // main.cf lines → what postconf 3.7.11 printed for "[$mydomain] [$mydestination]" (postconf -hx).
    public static TheoryData<string, string> Cases => new()
    {
        { "myhostname = mx.example.com", "[example.com] [mx.example.com, localhost.example.com, localhost]" },
        { "myhostname = nodots", "[localdomain] [nodots, localhost.localdomain, localhost]" },
        { "myhostname = mail.$mydomain", "[] [mail., localhost., localhost]" },
        { "myhostname = mx.example.com\nmydomain = other.org", "[other.org] [mx.example.com, localhost.other.org, localhost]" },
        { "myhostname = a.b.c.d", "[b.c.d] [a.b.c.d, localhost.b.c.d, localhost]" },
    };

    private static string Probe(string mainCf) => mainCf + "\nsmtpd_banner = [$mydomain] [$mydestination]\n";

    [Theory]
    [MemberData(nameof(Cases))]
    public void An_unset_mydomain_follows_the_configured_myhostname(string mainCf, string expected)
    {
        // The host would say otherwise: the configured myhostname must win.
        var host = new HostFacts(new Dictionary<string, string> { ["myhostname"] = "vm.localdomain", ["mydomain"] = "localdomain" });

        PostfixConfig.FromText(Probe(mainCf), host: host).Get("smtpd_banner").Value.ShouldBe(expected);
    }

    [Fact]
    public void Without_a_configured_myhostname_mydomain_is_the_hosts()
    {
        var host = new HostFacts(new Dictionary<string, string> { ["myhostname"] = "vm.corp.example", ["mydomain"] = "corp.example" });

        PostfixConfig.FromText("smtpd_banner = $mydomain\n", host: host).Get("smtpd_banner").Value.ShouldBe("corp.example");
    }

    [Fact]
    public void A_service_that_overrides_myhostname_gets_its_own_mydomain()
    {
        // The daemons apply -o before mail_params_init() computes mydomain.
        var config = PostfixConfig.FromText(
            "myhostname = mx.example.com\n",
            "smtp inet n - n - - smtpd -o myhostname=out.relay.example.net\n");
        var smtp = config.Master!.Services.Single();

        config.Get("mydomain").Value.ShouldBe("example.com");
        config.Get("mydomain", smtp).Value.ShouldBe("relay.example.net");
    }

    [RequiresPostfixTheory]
    [MemberData(nameof(Cases))]
    public void Postconf_still_derives_mydomain_that_way(string mainCf, string expected)
    {
        Postconf.RunText(Probe(mainCf), null, "-hx", "smtpd_banner").EnsureSuccess().Stdout.TrimEnd('\n').ShouldBe(expected);
    }
}
