using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Model;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Tests.Text;

public sealed class NameFilterTests
{
    private static readonly string[] Catalogue = [.. PostfixReleases.Newest.Parameters.All.Select(p => p.Name).Order(StringComparer.Ordinal)];

    [Fact]
    public void Every_name_of_the_set_may_be_in_it()
    {
        // Sets of every size from the catalogue, plus names no catalogue has (empty, one character, not ASCII).
        string[] odd = ["", "x", "ä", "smtpd_restriction_classes_", "mynetworks "];
        for (var size = 0; size <= 40; size += 5)
        {
            var names = Catalogue.Where((_, i) => i % 37 == size % 37).Take(size).Concat(odd).ToList();
            var filter = NameFilter.Of(names);
            names.ShouldAllBe(n => filter.MayContain(n));
        }
    }

    [Fact]
    public void A_dozen_written_names_rule_out_most_others_without_hashing()
    {
        string[] written = ["compatibility_level", "myhostname", "mydestination", "mynetworks", "inet_interfaces", "smtpd_banner", "smtpd_relay_restrictions", "relayhost", "smtpd_tls_cert_file", "smtpd_tls_key_file", "smtpd_tls_security_level", "alias_maps"];
        var filter = NameFilter.Of(written);
        var ruledOut = Catalogue.Count(n => !filter.MayContain(n));
        ruledOut.ShouldBeGreaterThan(Catalogue.Length / 2);
        NameFilter.Of([]).MayContain("myhostname").ShouldBeFalse();
    }

    [Fact]
    public void Main_cf_and_the_host_answer_as_their_dictionaries_do()
    {
        var main = MainCfParser.Parse(SourceText.FromString("main.cf", "myhostname = a.example.org\nrelayhost = [b]\nmyhostname = c.example.org\n"));
        foreach (var name in Catalogue.Append("x"))
        {
            main.Get(name).ShouldBe(main.Effective.GetValueOrDefault(name));
        }

        main.Get("myhostname")!.Value.Text.ShouldBe("c.example.org");

        var host = new HostFacts(new Dictionary<string, string> { ["mail_version"] = "3.11.0", ["myhostname"] = "h" });
        foreach (var name in Catalogue.Append("x"))
        {
            host.TryGetValue(name, out var value).ShouldBe(host.Values.ContainsKey(name));
            value.ShouldBe(host.Values.GetValueOrDefault(name));
        }
    }
}
