using System.Net;
using ConfigLint.Core.Model;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Tests.Model;

/// <summary>What master really binds (POSTFIX-SEMANTICS.md §7, the inet_interfaces table measured with ss -ltn).</summary>
public sealed class ListenerTests
{
    private const string Smtp = "smtp inet n - y - - smtpd\n";

    /// <summary>"service@address:port" with the port as a number, IPv6 in brackets, as ss -ltn shows a socket.</summary>
    private static string Socket(Listener l) =>
        l.Address is { AddressFamily: System.Net.Sockets.AddressFamily.InterNetworkV6 } ? $"[{l.Host}]:{l.PortNumber}" : $"{l.Host}:{l.PortNumber}";

    private static List<string> Bound(PostfixConfig config) => config.Listeners.All.Select(l => $"{l.Service.Name}@{Socket(l)}").ToList();

    [Fact]
    public void Loopback_only_with_all_protocols_binds_both_loopbacks_and_an_explicit_host_binds_anyway()
    {
        var config = PostfixConfig.FromText(
            "inet_interfaces = loopback-only\ninet_protocols = all\n",
            Smtp + "127.0.0.3:2526 inet n - n - - smtpd\n");

        Bound(config).ShouldBe(["smtp@127.0.0.1:25", "smtp@[::1]:25", "127.0.0.3:2526@127.0.0.3:2526"]);
        config.Listeners.All.Select(l => l.Source).ShouldBe([ListenerSource.InetInterfaces, ListenerSource.InetInterfaces, ListenerSource.ServiceName]);
        config.Listeners.All.ShouldAllBe(l => l.IsLoopback && !l.IsWildcard);
        config.Listeners.All[2].Address.ShouldBe(IPAddress.Parse("127.0.0.3"));
        config.Listeners.All[2].PortNumber.ShouldBe(2526);
        config.Listeners.All[0].PortNumber.ShouldBe(25);
    }

    [Fact]
    public void All_with_ipv4_binds_the_ipv4_wildcard_only()
    {
        var config = PostfixConfig.FromText("inet_interfaces = all\ninet_protocols = ipv4\n", Smtp);

        var l = config.Listeners.All.ShouldHaveSingleItem();
        Socket(l).ShouldBe("0.0.0.0:25");
        l.ToString().ShouldBe("0.0.0.0:smtp");
        l.IsWildcard.ShouldBeTrue();
        l.Address.ShouldBe(IPAddress.Any);
    }

    [Fact]
    public void All_with_all_protocols_binds_both_wildcards()
    {
        var config = PostfixConfig.FromText("inet_interfaces = all\ninet_protocols = all\n", Smtp);

        Bound(config).ShouldBe(["smtp@0.0.0.0:25", "smtp@[::]:25"]);
        config.Listeners.All.ShouldAllBe(l => l.IsWildcard && !l.IsLoopback);
    }

    [Fact]
    public void The_defaults_are_all_interfaces_and_all_protocols()
    {
        var config = PostfixConfig.FromText(string.Empty, Smtp);

        Bound(config).ShouldBe(["smtp@0.0.0.0:25", "smtp@[::]:25"]);
    }

    [Theory]
    [InlineData("::1")]
    [InlineData("[::1]")]
    public void An_ipv6_loopback_interface_may_be_written_with_or_without_brackets(string written)
    {
        var config = PostfixConfig.FromText($"inet_interfaces = {written}\ninet_protocols = all\n", Smtp);

        var l = config.Listeners.All.ShouldHaveSingleItem();
        l.Address.ShouldBe(IPAddress.IPv6Loopback);
        Socket(l).ShouldBe("[::1]:25");
        l.Host.ShouldBe("::1");
        l.IsLoopback.ShouldBeTrue();
    }

    [Fact]
    public void A_host_name_in_inet_interfaces_is_kept_as_a_name()
    {
        var config = PostfixConfig.FromText("inet_interfaces = localhost\ninet_protocols = all\n", Smtp);

        var l = config.Listeners.All.ShouldHaveSingleItem();
        l.Host.ShouldBe("localhost");
        l.Address.ShouldBeNull();
        l.IsLoopback.ShouldBeTrue();
        l.IsWildcard.ShouldBeFalse();
    }

    [Fact]
    public void An_explicit_master_host_binds_regardless_and_a_bare_port_follows_inet_interfaces()
    {
        var config = PostfixConfig.FromText(
            "inet_interfaces = 127.0.0.1\ninet_protocols = all\n",
            Smtp + "[::1]:2527 inet n - n - - smtpd\nlocalhost:2528 inet n - n - - smtpd\n2529 inet n - n - - smtpd\n");

        Bound(config).ShouldBe(["smtp@127.0.0.1:25", "[::1]:2527@[::1]:2527", "localhost:2528@localhost:2528", "2529@127.0.0.1:2529"]);
        config.Listeners.All.Select(l => l.Source).ShouldBe(
            [ListenerSource.InetInterfaces, ListenerSource.ServiceName, ListenerSource.ServiceName, ListenerSource.InetInterfaces]);
        config.Listeners.All[1].Address.ShouldBe(IPAddress.IPv6Loopback);
        config.Listeners.All[2].Address.ShouldBeNull();
        config.Listeners.All[3].PortNumber.ShouldBe(2529);
    }

    [Fact]
    public void An_address_of_a_disabled_protocol_binds_nothing()
    {
        var config = PostfixConfig.FromText("inet_interfaces = 127.0.0.1, [::1]\ninet_protocols = ipv4\n", Smtp);

        Bound(config).ShouldBe(["smtp@127.0.0.1:25"]);
    }

    [Fact]
    public void An_ipv4_address_with_ipv6_only_binds_nothing()
    {
        var config = PostfixConfig.FromText("inet_interfaces = 127.0.0.1\ninet_protocols = ipv6\n", Smtp);

        config.Listeners.All.ShouldBeEmpty();
    }

    [Fact]
    public void A_listener_from_inet_interfaces_points_at_its_element()
    {
        var config = PostfixConfig.FromText("inet_protocols = all\ninet_interfaces = 127.0.0.1,\n    [::1]\n", Smtp);

        config.Listeners.All.Select(l => l.Span).ShouldBe(
        [
            new Span("main.cf", 2, 19, 2, 28),
            new Span("main.cf", 3, 5, 3, 10),
        ]);
    }

    [Fact]
    public void A_listener_from_the_service_name_points_at_the_service_name()
    {
        var config = PostfixConfig.FromText("inet_interfaces = loopback-only\n", "\n127.0.0.3:2526 inet n - n - - smtpd\n");

        config.Listeners.All.ShouldHaveSingleItem().Span.ShouldBe(new Span("master.cf", 2, 1, 2, 15));
    }

    [Fact]
    public void Unix_services_and_ignored_duplicates_do_not_listen()
    {
        var config = PostfixConfig.FromText(
            "inet_interfaces = loopback-only\ninet_protocols = ipv4\n",
            "smtp inet n - y - - smtpd -o syslog_name=first\npickup unix n - y 60 1 pickup\nsmtp inet n - y - - smtpd -o syslog_name=second\n");

        var l = config.Listeners.All.ShouldHaveSingleItem();
        l.Service.FirstLine.ShouldBe(3);
    }

    [Fact]
    public void A_service_name_port_is_resolved_to_its_number()
    {
        var config = PostfixConfig.FromText("inet_interfaces = loopback-only\ninet_protocols = ipv4\n", "submission inet n - y - - smtpd\n");

        config.Listeners.All.ShouldHaveSingleItem().PortNumber.ShouldBe(587);
    }

    [Fact]
    public void Without_master_cf_nothing_listens()
    {
        PostfixConfig.FromText("inet_interfaces = all\n").Listeners.All.ShouldBeEmpty();
    }
}
