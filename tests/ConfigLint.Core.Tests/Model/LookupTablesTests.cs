using System.Net;
using ConfigLint.Core.Model;
using ConfigLint.Core.Model.Tables;

namespace ConfigLint.Core.Tests.Model;

/// <summary>Access tables read from the tree, and smtpd's lookups in them (smtpd_check.c, access(5)).</summary>
public sealed class LookupTablesTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("configlint-tables-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private AccessTable? Table(string reference, string? file = null, string? text = null)
    {
        if (file is not null)
        {
            File.WriteAllText(Path.Combine(dir, file), text);
        }

        File.WriteAllText(Path.Combine(dir, "main.cf"), "compatibility_level = 3.6\n");
        return PostfixConfig.Load(dir).Tables.Find(TableReference.Parse(reference, new ConfigLint.Core.Text.Span("main.cf", 1, 1, 1, 2))!);
    }

    private static readonly AccessLookup Parent = AccessLookup.Default;
    private static readonly AccessLookup DotOnly = new(false, "<>");

    [Theory]
    [InlineData("hash")]
    [InlineData("texthash")]
    [InlineData("lmdb")]
    [InlineData("cdb")]
    [InlineData("btree")]
    public void Keyed_tables_are_read_from_their_source_file(string type)
    {
        var table = Table($"{type}:/etc/postfix/sender_access", "sender_access", "# senders\nExample.COM OK\nexample.com REJECT\n  continued\nkeyonly\n").ShouldBeOfType<KeyedTable>();
        table.Entries.Select(e => e.ToString()).ShouldBe(["Example.COM OK"], "the first of duplicate keys wins, a key without a value is skipped");
        table.Entries[0].Span.StartLine.ShouldBe(2);
    }

    [Fact]
    public void A_table_outside_the_tree_or_of_another_type_is_not_read()
    {
        Table("hash:/etc/postfix/missing").ShouldBeNull();
        Table("mysql:/etc/postfix/mysql.cf", "mysql.cf", "hosts = db\n").ShouldBeNull();
        Table("proxy:hash:/etc/postfix/x").ShouldBeNull();
    }

    [Fact]
    public void Sender_lookups_try_the_address_the_domain_its_parents_and_the_local_part()
    {
        var table = Table("texthash:/etc/postfix/a", "a", "boss@example.com OK\nexample.net OK\n.example.org OK\npostmaster@ OK\n<> REJECT\n")!;
        table.FindMailAddress("Boss@Example.com", Parent).Entry!.Key.ShouldBe("boss@example.com");
        table.FindMailAddress("anyone@example.com", Parent).Matched.ShouldBeFalse();
        table.FindMailAddress("x@example.net", Parent).Entry!.Key.ShouldBe("example.net");
        table.FindMailAddress("x@mail.example.net", Parent).Entry!.Key.ShouldBe("example.net", "parent_domain_matches_subdomains has smtpd_access_maps by default");
        table.FindMailAddress("x@mail.example.net", DotOnly).Matched.ShouldBeFalse();
        table.FindMailAddress("x@mail.example.org", DotOnly).Entry!.Key.ShouldBe(".example.org");
        table.FindMailAddress("postmaster@elsewhere.test", Parent).Entry!.Key.ShouldBe("postmaster@");
        table.FindMailAddress(string.Empty, Parent).Entry!.Key.ShouldBe("<>");
    }

    [Fact]
    public void Helo_lookups_try_the_name_and_its_parents_but_not_for_an_address()
    {
        var table = Table("texthash:/etc/postfix/h", "h", "example.com OK\n192.0.2 REJECT\n")!;
        table.FindDomain("mx.example.com", Parent).Entry!.Key.ShouldBe("example.com");
        table.FindDomain("192.0.2.1", Parent).Matched.ShouldBeFalse("no parent lookups for a numeric name");
    }

    [Fact]
    public void Keyed_client_tables_answer_by_address_most_specific_first()
    {
        var table = Table("hash:/etc/postfix/c", "c", "10 REJECT\n10.1.2 OK\n10.1.2.3 DUNNO\n")!;
        var parts = table.SplitClients(AddressSet.Of(IPNetwork.Parse("10.0.0.0/8"))).ToList();
        parts.Select(p => (p.Addresses.ToString(), p.Answer.Entry?.Key)).ShouldBe(
        [
            ("10.1.2.3/32", "10.1.2.3"),
            ("10.1.2.0/31 10.1.2.2/32 10.1.2.4/30 10.1.2.8/29 10.1.2.16/28 10.1.2.32/27 10.1.2.64/26 10.1.2.128/25", "10.1.2"),
            ("10.0.0.0/16 10.1.0.0/23 10.1.3.0/24 10.1.4.0/22 10.1.8.0/21 10.1.16.0/20 10.1.32.0/19 10.1.64.0/18 10.1.128.0/17 10.2.0.0/15 10.4.0.0/14 10.8.0.0/13 10.16.0.0/12 10.32.0.0/11 10.64.0.0/10 10.128.0.0/9", "10"),
        ]);
    }

    [Fact]
    public void A_host_name_key_in_a_client_table_makes_its_answers_unknown()
    {
        var table = Table("hash:/etc/postfix/c", "c", "mail.example.com OK\n10.1.2.3 OK\n")!;
        table.SplitClients(AddressSet.Everything).Single().Answer.IsUnknown.ShouldBeTrue();
    }

    [Fact]
    public void Regexp_tables_answer_only_what_a_catch_all_or_a_plain_pattern_proves()
    {
        var table = Table("regexp:/etc/postfix/r", "r", "/^boss@example\\.com$/ OK\n/spam/ REJECT\n/./ DUNNO\n").ShouldBeOfType<PatternTable>();
        table.FindMailAddress("BOSS@example.com", Parent).Entry!.Result.Text.ShouldBe("OK", "matching is case-insensitive by default");
        table.FindMailAddress("boss@example.com.evil", Parent).Entry!.Result.Text.ShouldBe("DUNNO", "$ anchors the end");
        table.FindMailAddress("spammer@x.test", Parent).Entry!.Result.Text.ShouldBe("REJECT");
        table.FullyModelled.ShouldBeTrue();

        var opaque = Table("pcre:/etc/postfix/p", "p", "/^[a-z]+@example\\.com$/ OK\n/./ REJECT\n").ShouldBeOfType<PatternTable>();
        opaque.FindMailAddress("x@example.com", Parent).IsUnknown.ShouldBeTrue("a character class is not evaluated");
        opaque.FullyModelled.ShouldBeFalse();

        var caseSensitive = Table("regexp:/etc/postfix/s", "s", "/^Boss@/i OK\n")!;
        caseSensitive.FindMailAddress("boss@x.test", Parent).Matched.ShouldBeFalse("the i flag turns case-insensitive matching off");
    }

    [Fact]
    public void A_rule_inside_if_endif_with_an_unproven_condition_is_unknown()
    {
        var table = Table("regexp:/etc/postfix/r", "r", "if /^[0-9]/\n/./ OK\nendif\n/./ REJECT\n")!;
        table.FindMailAddress("x@y.test", Parent).IsUnknown.ShouldBeTrue();
        var transparent = Table("regexp:/etc/postfix/t", "t", "if /./\n/^x@/ OK\nendif\n")!;
        transparent.FindMailAddress("x@y.test", Parent).Entry!.Result.Text.ShouldBe("OK");
    }

    [Fact]
    public void Plain_patterns_give_values_that_match_them()
    {
        var table = Table("pcre:/etc/postfix/r", "r", "/@example\\.com$/ OK\n/^postmaster@/ OK\n")!;
        table.MailAddressesFor(table.Entries[0], Parent).ShouldBe(["user@example.com"]);
        table.MailAddressesFor(table.Entries[1], Parent).ShouldBe(["postmaster@example.net"]);
    }

    [Fact]
    public void Cidr_rules_with_host_bits_are_skipped_and_listed()
    {
        var table = Table("cidr:/etc/postfix/n", "n", "10.1.2.3/8 OK\n192.168.0.0/16 REJECT\n").ShouldBeOfType<CidrTable>();
        table.Entries.Select(e => e.Key).ShouldBe(["192.168.0.0/16"]);
        table.HostBits.Single().Suggested.ShouldBe(IPNetwork.Parse("10.0.0.0/8"));
        table.HostBits.Single().Span.StartLine.ShouldBe(1);
    }

    [Fact]
    public void A_static_table_answers_every_lookup()
    {
        var table = Table("static:OK").ShouldBeOfType<StaticTable>();
        table.FindMailAddress("x@y.test", Parent).Entry!.Result.Action.ShouldBe(AccessAction.Ok);
    }

    [Fact]
    public void Every_table_a_value_names_is_found_where_it_is_written()
    {
        File.WriteAllText(Path.Combine(dir, "main.cf"),
            "compatibility_level = 3.6\nclients = cidr:/etc/postfix/clients\nsmtpd_client_restrictions = check_client_access $clients\n"
            + "postscreen_access_list = permit_mynetworks, cidr:/etc/postfix/postscreen_access\nmynetworks = [2001:db8::]/32\n");
        File.WriteAllText(Path.Combine(dir, "master.cf"), "smtp inet n - y - - smtpd\n  -o smtpd_sender_restrictions=hash:/etc/postfix/senders\n");
        var references = PostfixConfig.Load(dir).TableReferences().ToList();
        references.Select(r => r.Text).Distinct().Order(StringComparer.Ordinal).ShouldBe(
            ["cidr:/etc/postfix/clients", "cidr:/etc/postfix/postscreen_access", "hash:/etc/postfix/senders"]);
        references.First(r => r.Name == "/etc/postfix/clients").Span!.Value.StartLine.ShouldBe(2, "where the table is written, not where $clients is used");
    }
}
