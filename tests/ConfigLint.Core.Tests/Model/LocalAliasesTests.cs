using System.Text;
using ConfigLint.Core.Model;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Tests.Model;

/// <summary>The aliases a configuration uses: alias_maps mapped onto the tree, as local(8) searches it.</summary>
public sealed class LocalAliasesTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("configlint-aliases-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private PostfixConfig Load(string? main, string? aliases = null, string? master = null, params (string Path, string Text)[] files)
    {
        if (main is not null)
        {
            File.WriteAllText(Path.Combine(dir, "main.cf"), main);
        }

        if (aliases is not null)
        {
            File.WriteAllText(Path.Combine(dir, "aliases"), aliases);
        }

        if (master is not null)
        {
            File.WriteAllText(Path.Combine(dir, "master.cf"), master);
        }

        foreach (var (path, text) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(dir, path))!);
            File.WriteAllText(Path.Combine(dir, path), text);
        }

        return PostfixConfig.Load(dir);
    }

    [Fact]
    public void The_default_alias_maps_is_the_aliases_file_and_an_empty_nis_table()
    {
        var aliases = Load(null, "postmaster: root\n").LocalAliases;
        aliases.InUse.ShouldBeTrue();
        aliases.Tables.Select(t => (t.Reference.Text, t.State)).ShouldBe([("hash:/etc/aliases", AliasTableState.Read), ("nis:mail.aliases", AliasTableState.AssumedEmpty)]);
        aliases.Complete.ShouldBeTrue();
        aliases.Find("POSTMASTER").ShouldNotBeNull().Entry.Value.ShouldBe("root");
        aliases.Find("root").ShouldBeNull();
    }

    [Theory]
    [InlineData("alias_maps = hash:/etc/aliases\n")]
    [InlineData("alias_maps = lmdb:/etc/mail/aliases\n")]
    [InlineData("alias_maps = proxy:hash:/etc/postfix/aliases\n")]
    public void The_aliases_file_stands_for_the_table_of_its_name(string main)
    {
        var aliases = Load("compatibility_level = 3.6\n" + main, "root: admin@example.com\n").LocalAliases;
        aliases.Tables.ShouldHaveSingleItem().State.ShouldBe(AliasTableState.Read);
        aliases.Find("root").ShouldNotBeNull();
    }

    [Fact]
    public void A_table_written_out_is_not_assumed_empty_and_an_unreadable_one_makes_the_set_incomplete()
    {
        var aliases = Load("alias_maps = hash:/etc/aliases, nis:mail.aliases, ldap:/etc/postfix/ldap-aliases.cf, hash:/etc/postfix/missing\n", "root: admin\n").LocalAliases;
        aliases.Tables.Select(t => t.State).ShouldBe([AliasTableState.Read, AliasTableState.NotEvaluated, AliasTableState.NotEvaluated, AliasTableState.NotInTree]);
        aliases.Complete.ShouldBeFalse();
    }

    [Fact]
    public void Another_aliases_file_of_the_tree_is_read_and_the_first_table_wins()
    {
        var aliases = Load("alias_maps = hash:/etc/postfix/local-aliases, hash:/etc/aliases\n", "root: second\npostmaster: root\n", null, ("local-aliases", "root: first\n")).LocalAliases;
        aliases.Complete.ShouldBeTrue();
        aliases.Find("root")!.Entry.Value.ShouldBe("first");
        aliases.Find("root")!.Table.Document!.Source.Path.ShouldBe("local-aliases");
        aliases.Entries.Select(e => e.Name).ShouldBe(["root", "postmaster"]);
    }

    [Theory]
    [InlineData("mydestination =\n", null, "mydestination is empty")]
    [InlineData("local_transport = error:local delivery is disabled\n", null, "local_transport is error:local delivery is disabled")]
    [InlineData("", "smtp inet n - n - - smtpd\n", "which does not run local(8)")]
    [InlineData("", "local unix - n n - - pipe flags=R user=mail argv=/bin/true\n", "which does not run local(8)")]
    public void Local_delivery_is_off_for_a_null_client(string main, string? master, string why)
    {
        var aliases = Load("compatibility_level = 3.6\n" + main, "root: admin\n", master).LocalAliases;
        aliases.InUse.ShouldBeFalse();
        aliases.NotInUseBecause.ShouldNotBeNull().ShouldContain(why);
        aliases.Tables.ShouldBeEmpty();
    }

    [Fact]
    public void The_local_service_overrides_count()
    {
        var config = Load("compatibility_level = 3.6\nalias_maps =\n", "root: admin\n", "local unix - n n - - local -o alias_maps=hash:/etc/aliases -o default_privs=mailnull\n");
        var aliases = config.LocalAliases;
        aliases.Service.ShouldNotBeNull().Name.ShouldBe("local");
        aliases.Tables.ShouldHaveSingleItem().State.ShouldBe(AliasTableState.Read);
        aliases.Get("default_privs").Value.ShouldBe("mailnull");
    }

    [Theory]
    [InlineData("luser_relay = catchall@example.com\n", "luser_relay")]
    [InlineData("mailbox_transport = lmtp:unix:private/dovecot-lmtp\n", "mailbox_transport")]
    [InlineData("fallback_transport_maps = hash:/etc/postfix/fallback\n", "fallback_transport_maps")]
    public void What_takes_mail_for_names_without_an_alias_or_account(string main, string parameter)
    {
        Load("compatibility_level = 3.6\n" + main, "root: admin\n").LocalAliases.UnknownRecipientsGoTo.ShouldNotBeNull().Name.ShouldBe(parameter);
    }

    [Fact]
    public void A_destination_is_a_local_user_when_it_is_a_bare_name_or_in_a_literal_local_domain()
    {
        var aliases = Load("compatibility_level = 3.6\nmyhostname = mx.example.com\nmydestination = $myhostname, example.com, hash:/etc/postfix/domains\n",
            "a: Bob, carol@EXAMPLE.com, dave@mx.example.com, erin@example.net, \"quoted name\", |/bin/cat, /var/mail/x, :include:/etc/list\n").LocalAliases;
        var targets = aliases.Find("a")!.Entry.Targets;
        targets.Select(aliases.LocalDestination).ShouldBe(["bob", "carol", "dave", null, null, null, null, null]);
    }

    [Fact]
    public void Reading_and_expanding_the_aliases_on_several_threads_gives_what_one_thread_gives()
    {
        // 40,000 aliases (blocks of 16,384 are read apart), each expanding into another across the
        // blocks, with duplicates and bad lines whose diagnostics must stay in file order.
        var text = new StringBuilder();
        for (var n = 0; n < 40000; n++)
        {
            text.Append($"a{n}: a{((n * 7919) + 1) % 40000}, user{n}, x{n}@localhost\n");
            if (n % 5000 == 0)
            {
                text.Append($"a{n / 2}: duplicate\nno colon here {n}\n\"Quoted {n}\": A{n}\n");
            }
        }

        var config = Load("compatibility_level = 3.6\n", text.ToString());
        (List<string> Diagnostics, List<string> Keys, List<AliasExpansion> Expansions) Run(int threads)
        {
            using var scope = Workers.Use(threads);
            var document = ConfigLint.Core.Parsing.AliasesParser.Parse(config.Aliases!.Source);
            var aliases = Load("compatibility_level = 3.6\n", text.ToString()).LocalAliases;
            return (document.Diagnostics.Select(d => $"{d.Span} {d.Message}").ToList(),
                Enumerable.Range(0, document.Count).Select(document.Key).ToList(),
                aliases.Expansions().ToList());
        }

        var one = Run(1);
        var four = Run(4);

        one.Keys.Count.ShouldBe(40000 + 8);
        one.Diagnostics.Count.ShouldBe(16);
        one.Expansions.Count.ShouldBe(40000 + 8);
        four.Diagnostics.ShouldBe(one.Diagnostics);
        four.Keys.ShouldBe(one.Keys);
        four.Expansions.ShouldBe(one.Expansions);
    }

    [Fact]
    public void The_expansions_found_by_hash_first_are_those_every_local_user_gives()
    {
        // Expansions passes over users whose hash no table may hold; ForEachLocalUser reads them all.
        string[] words = ["a", "B", "c.d", "Ünï", "\"a\"", "(x) a", "e f", "a@localhost", "B@LOCALHOST", "c.d@example.net", "@x", "x@", "|cmd", "/f", ":include:/l", "root", "a b"];
        var random = new Random(20261205);
        for (var file = 0; file < 200; file++)
        {
            var text = new StringBuilder();
            for (var n = random.Next(1, 15); n > 0; n--)
            {
                var name = words[random.Next(words.Length)].Split('@')[0];
                text.Append(name).Append(": ").AppendJoin(", ", Enumerable.Range(0, random.Next(1, 4)).Select(_ => words[random.Next(words.Length)])).Append('\n');
            }

            // Every other file with a second table, whose names shadow and extend the first's
            // (with two tables the search asks every table's filter, not one file's summaries).
            var twoTables = file % 2 == 1;
            var aliases = Load(
                "compatibility_level = 3.6\nmydestination = localhost\n" + (twoTables ? "alias_maps = hash:/etc/postfix/local-aliases, hash:/etc/aliases\n" : string.Empty),
                text.ToString(), null, ("local-aliases", twoTables ? "c.d: a, B\nroot: e f\nünï: root\n" : "x: y\n")).LocalAliases;
            aliases.Tables.Count(t => t.Document is not null).ShouldBe(twoTables ? 2 : 1);
            var expected = new List<AliasExpansion>();
            aliases.ForEachLocalUser((alias, target, user) =>
            {
                if (aliases.PositionOf(user) is var to and >= 0 && to != alias)
                {
                    expected.Add(new AliasExpansion(alias, to, target));
                }
            });

            aliases.Expansions().ShouldBe(expected, text.ToString());
        }
    }
}
