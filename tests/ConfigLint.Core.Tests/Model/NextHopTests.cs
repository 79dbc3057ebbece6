using ConfigLint.Core.Model;

namespace ConfigLint.Core.Tests.Model;

/// <summary>relayhost next hops (postconf(5) relayhost) and transport:nexthop values (resolve.c).</summary>
public sealed class NextHopTests
{
    [Theory]
    [InlineData("mail.example.com", "mail.example.com", false, null)]
    [InlineData("mail.example.com:587", "mail.example.com", false, "587")]
    [InlineData("[mail.example.com]", "mail.example.com", true, null)]
    [InlineData("[mail.example.com]:submission", "mail.example.com", true, "submission")]
    [InlineData("[ipv6:2001:db8::1]:25", "ipv6:2001:db8::1", true, "25")]
    [InlineData("2001:db8::1", "2001:db8::1", false, null)]
    public void A_next_hop_splits_into_host_brackets_and_port(string text, string host, bool bracketed, string? port)
    {
        var hop = NextHop.Parse(text);

        hop.Host.ShouldBe(host);
        hop.Bracketed.ShouldBe(bracketed);
        hop.Port.ShouldBe(port);
    }

    [Theory]
    [InlineData("192.0.2.10", true)]
    [InlineData("[192.0.2.10]:25", true)]
    [InlineData("[ipv6:2001:db8::1]", true)]
    [InlineData("relay.example.net", false)]
    [InlineData("10", false)]
    public void Numeric_addresses_are_recognised(string text, bool isAddress)
    {
        NextHop.Parse(text).IsAddress.ShouldBe(isAddress);
    }

    [Theory]
    [InlineData("smtp", "smtp", null)]
    [InlineData("local:$myhostname", "local", "$myhostname")]
    [InlineData("error:5.1.1 no such user", "error", "5.1.1 no such user")]
    [InlineData(":mx.example.com", "", "mx.example.com")]
    [InlineData("  ", "", null)]
    public void A_transport_value_names_its_service_before_the_first_colon(string value, string transport, string? nexthop)
    {
        var parsed = TransportValue.Parse(value);

        parsed.Transport.ShouldBe(transport);
        parsed.NextHop.ShouldBe(nexthop);
    }
}
