using System.Net;
using ConfigLint.Core.Model;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Tests.Model;

/// <summary>Address match lists (mynetworks and friends), POSTFIX-SEMANTICS.md §7.</summary>
public sealed class MatchListTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("configlint-matchlist-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static MatchElement Classify(string text) => MatchList.Classify(text, null, null, null);

    private static IReadOnlyList<MatchElement> Elements(string mynetworks) =>
        PostfixConfig.FromText($"mynetworks = {mynetworks}\n").MatchList("mynetworks").Elements;

    [Theory]
    [InlineData("127.0.0.1/32", "127.0.0.1/32")]
    [InlineData("127.0.0.1", "127.0.0.1/32")]
    [InlineData("10.0.0.0/8", "10.0.0.0/8")]
    [InlineData("[192.0.2.0]/24", "192.0.2.0/24")]
    [InlineData("[192.0.2.0/24]", "192.0.2.0/24")]
    public void Ipv4_networks_are_recognised(string text, string network)
    {
        var e = Classify(text);

        e.Kind.ShouldBe(MatchElementKind.IPv4Network);
        e.Network.ShouldBe(IPNetwork.Parse(network));
        e.Negated.ShouldBeFalse();
    }

    [Theory]
    [InlineData("[2001:db8::]/32", "2001:db8::/32")]
    [InlineData("[2001:db8::/32]", "2001:db8::/32")]
    [InlineData("[2001:db8::5]", "2001:db8::5/128")]
    [InlineData("[::1]/128", "::1/128")]
    public void Bracketed_ipv6_networks_are_recognised_with_the_mask_outside_or_inside(string text, string network)
    {
        var e = Classify(text);

        e.Kind.ShouldBe(MatchElementKind.IPv6Network);
        e.Bracketed.ShouldBeTrue();
        e.Network.ShouldBe(IPNetwork.Parse(network));
    }

    [Theory]
    [InlineData("2001:db8::/32", "2001:db8::/32")]
    [InlineData("2001:db8::5", "2001:db8::5/128")]
    [InlineData("::1", "::1/128")]
    public void An_unbracketed_ipv6_address_is_recognised_but_marked_as_unbracketed(string text, string network)
    {
        var e = Classify(text);

        e.Kind.ShouldBe(MatchElementKind.IPv6Network);
        e.Bracketed.ShouldBeFalse();
        e.Network.ShouldBe(IPNetwork.Parse(network));
    }

    [Fact]
    public void Host_bits_under_the_mask_are_kept_in_the_address_and_cleared_in_the_network()
    {
        var e = Classify("127.0.0.9/24");

        e.Kind.ShouldBe(MatchElementKind.IPv4Network);
        e.Address.ShouldBe(IPAddress.Parse("127.0.0.9"));
        e.Network.ShouldBe(IPNetwork.Parse("127.0.0.0/24"));
    }

    [Theory]
    [InlineData("!127.0.0.9", MatchElementKind.IPv4Network, "127.0.0.9")]
    [InlineData("![2001:db8::]/32", MatchElementKind.IPv6Network, "[2001:db8::]/32")]
    [InlineData("!example.com", MatchElementKind.HostOrDomain, "example.com")]
    [InlineData("!cidr:/etc/postfix/nets", MatchElementKind.Table, "cidr:/etc/postfix/nets")]
    public void A_leading_exclamation_mark_negates(string text, MatchElementKind kind, string pattern)
    {
        var e = Classify(text);

        e.Negated.ShouldBeTrue();
        e.Kind.ShouldBe(kind);
        e.Pattern.ShouldBe(pattern);
        e.Text.ShouldBe(text);
    }

    [Theory]
    [InlineData("cidr:/etc/postfix/nets.cidr")]
    [InlineData("hash:/etc/postfix/clients")]
    [InlineData("inline:{ 192.0.2.1 }")]
    public void Type_colon_table_is_a_table(string text) => Classify(text).Kind.ShouldBe(MatchElementKind.Table);

    [Theory]
    [InlineData("example.com")]
    [InlineData(".example.com")]
    [InlineData("mail.example.com")]
    [InlineData("localhost")]
    public void Host_and_domain_names_are_recognised(string text) => Classify(text).Kind.ShouldBe(MatchElementKind.HostOrDomain);

    [Fact]
    public void A_slash_path_is_a_file_of_more_patterns()
    {
        Classify("/etc/postfix/network_table").Kind.ShouldBe(MatchElementKind.File);
    }

    [Theory]
    [InlineData("[not-an-address]")]
    [InlineData("10.0.0.0/33")]
    [InlineData("[2001:db8::]/129")]
    [InlineData("[2001:db8::")]
    [InlineData("1.2.3/24")]
    [InlineData("[2001:db8::/32]/32")]
    public void Unusable_patterns_are_invalid(string text) => Classify(text).Kind.ShouldBe(MatchElementKind.Invalid);

    [Fact]
    public void The_elements_of_the_measured_mynetworks_values_are_classified()
    {
        Elements("127.0.0.1/32 2001:db8::/32").Select(e => (e.Kind, e.Bracketed)).ShouldBe(
            [(MatchElementKind.IPv4Network, false), (MatchElementKind.IPv6Network, false)]);
        Elements("127.0.0.1/32 [2001:db8::]/32").Select(e => (e.Kind, e.Bracketed)).ShouldBe(
            [(MatchElementKind.IPv4Network, false), (MatchElementKind.IPv6Network, true)]);
        Elements("127.0.0.0/8 !127.0.0.9").Select(e => (e.Text, e.Negated)).ShouldBe(
            [("127.0.0.0/8", false), ("!127.0.0.9", true)]);
    }

    [Fact]
    public void Commas_and_whitespace_separate_elements_and_braces_group()
    {
        Elements("127.0.0.0/8,10.0.0.0/8 ,  inline:{ 192.0.2.1, 192.0.2.2 } example.com").Select(e => e.Text).ShouldBe(
            ["127.0.0.0/8", "10.0.0.0/8", "inline:{ 192.0.2.1, 192.0.2.2 }", "example.com"]);
    }

    [Fact]
    public void Each_element_has_its_own_span()
    {
        var elements = PostfixConfig.FromText("mynetworks = 127.0.0.0/8, [::1]/128\n").MatchList("mynetworks").Elements;

        elements[0].Span.ShouldBe(new Span("main.cf", 1, 14, 1, 25));
        elements[1].Span.ShouldBe(new Span("main.cf", 1, 27, 1, 36));
        elements[0].Provenance.ShouldBeOfType<MainCfProvenance>();
    }

    [Fact]
    public void An_element_on_a_continuation_line_points_at_that_line()
    {
        var elements = PostfixConfig.FromText("mynetworks = 127.0.0.0/8,\n  # a comment\n\n    2001:db8::/32\n").MatchList("mynetworks").Elements;

        elements[1].Text.ShouldBe("2001:db8::/32");
        elements[1].Span.ShouldBe(new Span("main.cf", 4, 5, 4, 18));
    }

    [Fact]
    public void An_element_that_comes_through_a_reference_points_into_the_other_definition()
    {
        var config = PostfixConfig.FromText(
            "my_nets = 192.0.2.0/24\n" +
            "    2001:db8::/32\n" +
            "mynetworks = 127.0.0.0/8 $my_nets\n");

        var elements = config.MatchList("mynetworks").Elements;

        elements.Select(e => e.Text).ShouldBe(["127.0.0.0/8", "192.0.2.0/24", "2001:db8::/32"]);
        elements[0].Span.ShouldBe(new Span("main.cf", 3, 14, 3, 25));
        elements[1].Span.ShouldBe(new Span("main.cf", 1, 11, 1, 23));
        elements[2].Span.ShouldBe(new Span("main.cf", 2, 5, 2, 18));
        elements[2].Provenance!.Span!.Value.StartLine.ShouldBe(1);
    }

    [Fact]
    public void An_element_from_an_override_points_into_master_cf()
    {
        var config = PostfixConfig.FromText(
            "mynetworks = 127.0.0.0/8\n",
            "smtp inet n - y - - smtpd\n  -o mynetworks=0.0.0.0/0\n");
        var smtp = config.Master!.Services.Single();

        var e = config.MatchList("mynetworks", smtp).Elements.ShouldHaveSingleItem();

        e.Text.ShouldBe("0.0.0.0/0");
        e.Span.ShouldBe(new Span("master.cf", 2, 17, 2, 26));
        e.Provenance.ShouldBeOfType<MasterOverrideProvenance>().ServiceKey.ShouldBe("smtp/inet");
    }

    [Fact]
    public void A_default_list_has_elements_without_spans()
    {
        var list = PostfixConfig.FromText("compatibility_level = 3.6\n").MatchList("mynetworks");

        list.Elements.Select(e => e.Text).ShouldBe(["127.0.0.1/32", "[::1]/128"]);
        list.Elements.ShouldAllBe(e => e.Span == null);
        list.Value.IsDefault.ShouldBeTrue();
    }

    [Fact]
    public void A_file_element_is_read_from_the_tree_with_etc_postfix_mapped_onto_it()
    {
        File.WriteAllText(Path.Combine(dir, "main.cf"), "mynetworks = 127.0.0.1/32 /etc/postfix/network_table\n");
        File.WriteAllText(Path.Combine(dir, "network_table"), "# comment\n127.0.0.9/32\n[2001:db8::]/32 203.0.113.0/24\n");

        var config = PostfixConfig.Load(dir);
        var elements = config.MatchList("mynetworks").Elements;

        elements.Select(e => (e.Text, e.Kind, e.FromFile)).ShouldBe(
        [
            ("127.0.0.1/32", MatchElementKind.IPv4Network, (string?)null),
            ("/etc/postfix/network_table", MatchElementKind.File, null),
            ("127.0.0.9/32", MatchElementKind.IPv4Network, "network_table"),
            ("[2001:db8::]/32", MatchElementKind.IPv6Network, "network_table"),
            ("203.0.113.0/24", MatchElementKind.IPv4Network, "network_table"),
        ]);
        elements[1].Span.ShouldBe(new Span("main.cf", 1, 27, 1, 53));
        elements[2].Span.ShouldBe(new Span("network_table", 2, 1, 2, 13));
        elements[3].Span.ShouldBe(new Span("network_table", 3, 1, 3, 16));
        elements[4].Span.ShouldBe(new Span("network_table", 3, 17, 3, 31));
    }

    [Fact]
    public void A_file_element_under_a_configured_config_directory_is_mapped_too()
    {
        File.WriteAllText(Path.Combine(dir, "main.cf"), "config_directory = /srv/pf\nmynetworks = /srv/pf/nets\n");
        File.WriteAllText(Path.Combine(dir, "nets"), "10.0.0.0/8\n");

        var elements = PostfixConfig.Load(dir).MatchList("mynetworks").Elements;

        elements.Select(e => e.Text).ShouldBe(["/srv/pf/nets", "10.0.0.0/8"]);
    }

    [Fact]
    public void A_missing_pattern_file_gives_just_the_file_element()
    {
        File.WriteAllText(Path.Combine(dir, "main.cf"), "mynetworks = /etc/postfix/nowhere\n");

        var elements = PostfixConfig.Load(dir).MatchList("mynetworks").Elements;

        elements.ShouldHaveSingleItem().Kind.ShouldBe(MatchElementKind.File);
    }

    [Fact]
    public void A_pattern_file_that_includes_itself_does_not_loop_forever()
    {
        File.WriteAllText(Path.Combine(dir, "main.cf"), "mynetworks = /etc/postfix/loop\n");
        File.WriteAllText(Path.Combine(dir, "loop"), "10.0.0.0/8 /etc/postfix/loop\n");

        var elements = PostfixConfig.Load(dir).MatchList("mynetworks").Elements;

        elements.Count.ShouldBeLessThan(50);
    }

    [Fact]
    public void A_pattern_path_outside_the_tree_is_not_read()
    {
        File.WriteAllText(Path.Combine(dir, "main.cf"), "mynetworks = /etc/postfix/../../../etc/hostname\n");

        var elements = PostfixConfig.Load(dir).MatchList("mynetworks").Elements;

        elements.ShouldHaveSingleItem().Kind.ShouldBe(MatchElementKind.File);
    }
}
