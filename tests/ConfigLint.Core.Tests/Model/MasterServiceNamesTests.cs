using ConfigLint.Core.Model;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Tests.Model;

/// <summary>master's own names for inet services (master_ent.c canonicalises them; master_conf.c keeps the last of two).</summary>
public sealed class MasterServiceNamesTests
{
    [Theory]
    [InlineData("smtp", "25")]
    [InlineData("25", "25")]
    [InlineData("127.0.0.1:smtp", "[127.0.0.1]:25")]
    [InlineData("[::1]:submission", "[::1]:587")]
    [InlineData("[0:0::1]:587", "[::1]:587")]
    [InlineData("mx.example.com:2525", "[mx.example.com]:2525")]
    [InlineData("private-port", "private-port")]
    public void An_inet_service_has_the_name_master_gives_it(string name, string canonical)
    {
        var config = PostfixConfig.FromText(null, $"{name} inet n - n - - smtpd\n");
        MasterServiceNames.Canonical(config.Master!.Services[0]).ShouldBe(canonical);
    }

    [Fact]
    public void Smtp_and_25_are_one_service_to_master_which_keeps_the_last()
    {
        var config = PostfixConfig.FromText("compatibility_level = 3.6\n", "smtp inet n - n - - smtpd\n25 inet n - n - - postscreen\nsmtpd pass - - n - - smtpd\n");
        config.Master!.Services[0].IsEffective.ShouldBeFalse();
        config.Master.Services[1].IsEffective.ShouldBeTrue();
        config.Listeners.All.ShouldAllBe(l => l.Service.Name == "25");
        var d = config.Diagnostics.ShouldHaveSingleItem();
        d.Kind.ShouldBe(DiagnosticKind.MasterCfSyntax);
        d.Span.StartLine.ShouldBe(2);
        d.Message.ShouldContain("master names it \"25\", as it does \"smtp/inet\" on line 1");
    }

    [Fact]
    public void A_host_and_a_bare_port_are_different_services_that_may_share_an_address()
    {
        var config = PostfixConfig.FromText("inet_interfaces = 127.0.0.1\n", "smtp inet n - n - - smtpd\n127.0.0.1:smtp inet n - n - - smtpd\nlocalhost:25 inet n - n - - smtpd\n");
        config.Master!.Services.ShouldAllBe(s => s.IsEffective);
        config.Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void Unix_services_are_left_to_the_parser()
    {
        var config = PostfixConfig.FromText(null, "smtp unix - - n - - smtp\nsmtp inet n - n - - smtpd\n");
        config.Master!.Services.ShouldAllBe(s => s.IsEffective);
    }
}
