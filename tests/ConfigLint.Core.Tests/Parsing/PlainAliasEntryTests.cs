using System.Text;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Tests.Parsing;

/// <summary>
/// The quick reading of plain aliases entries (PlainAliasEntry) against the full tok822 reading of
/// the same files: every name, summary, destination, diagnostic and lookup must be the same.
/// </summary>
public sealed class PlainAliasEntryTests
{
    private static readonly string[] Names =
        ["root", "postmaster", "a.b", "list-1", "Upper", "\"quoted name\"", "spaced name", "x@y", "a,b", "a . b", "ü", "dup", "dup", "tab\tname", "name (comment)", ""];

    private static readonly string[] Destinations =
    [
        "user", "User", "a.b", "x@example.com", "x@EXAMPLE.com", "|/usr/bin/cmd arg", "\"|/usr/bin/cmd\"", "/dev/null", "\"/var/mail/x\"",
        ":include:/etc/list", ":INCLUDE: /etc/list", ": include : /x", ":includex:/x", "<x@y>", "john smith", "(comment) user", "[192.0.2.1]",
        "\"q\"@example.com", ";", "a;b", "ü@example.com", "\u0001ctl", "", "@", "x@", "@y", "a\\b", "owner-list-1", "root",
    ];

    [Fact]
    public void The_quick_reading_agrees_with_the_full_one_on_generated_files()
    {
        var random = new Random(20261205);
        for (var file = 0; file < 1500; file++)
        {
            var text = Generate(random);
            var source = SourceText.FromString("aliases", text);
            var quick = AliasesParser.Parse(source, quick: true);
            var full = AliasesParser.Parse(source, quick: false);
            var context = $"file {file}:\n{text}";

            quick.Diagnostics.Select(d => (d.Kind, d.Span, d.Message)).ShouldBe(full.Diagnostics.Select(d => (d.Kind, d.Span, d.Message)), context);
            quick.Count.ShouldBe(full.Count, context);
            var a = new AliasDestinations();
            var b = new AliasDestinations();
            for (var i = 0; i < quick.Count; i++)
            {
                quick.Key(i).ShouldBe(full.Key(i), context);
                quick.Summary(i).ShouldBe(full.Summary(i), context);
                quick.IndexOf(quick.Key(i)).ShouldBe(i, context);
                full.IndexOf(quick.Key(i)).ShouldBe(i, context);
                quick.ReadDestinations(i, a);
                full.ReadDestinations(i, b);
                Read(a).ShouldBe(Read(b), context);
                Read(a).ShouldBe(quick.Entry(i).Targets.Select(t => (t.Kind, t.Text)).ToList(), context);
            }

            quick.IndexOf("no-such-name").ShouldBe(-1);
        }
    }

    [Fact]
    public void A_plain_entry_is_read_from_its_bytes_with_the_full_readings_spans()
    {
        var doc = AliasesParser.Parse(SourceText.FromString("aliases", "  # top\nteam: a, b,\n  c@example.org\n# mid\n\nteam: again\n"));

        doc.Count.ShouldBe(1);
        doc.Key(0).ShouldBe("team");
        doc.Summary(0).ShouldBe(new AliasSummary(3, AliasTargetKinds.Address));
        doc.Diagnostics.ShouldHaveSingleItem().Span.ShouldBe(new Span("aliases", 6, 1, 6, 5));
        doc.Diagnostics[0].Message.ShouldContain("first on line 2");
    }

    private static List<(AliasTargetKind, string)> Read(AliasDestinations destinations) =>
        Enumerable.Range(0, destinations.Count).Select(i => (destinations.Kind(i), destinations.Text(i).ToString())).ToList();

    private static string Generate(Random random)
    {
        var text = new StringBuilder();
        var entries = random.Next(1, 12);
        for (var e = 0; e < entries; e++)
        {
            if (random.Next(6) == 0)
            {
                text.Append(random.Next(2) == 0 ? "# a comment\n" : "\n");
            }

            var name = Names[random.Next(Names.Length)];
            text.Append(random.Next(10) == 0 ? " " : string.Empty).Append(name).Append(random.Next(8) == 0 ? " :" : ":");
            if (random.Next(12) == 0)
            {
                // No colon, or nothing after it.
                text.Append(random.Next(2) == 0 ? string.Empty : " ");
                text.Append(random.Next(2) == 0 ? "\n" : "\r\n");
                continue;
            }

            var count = random.Next(1, 5);
            for (var d = 0; d < count; d++)
            {
                if (d > 0)
                {
                    text.Append(random.Next(3) switch { 0 => ",", 1 => ", ", _ => " ,\t" });
                    switch (random.Next(8))
                    {
                        case 0:
                            text.Append("\n  ");
                            break;
                        case 1:
                            text.Append("\n# inside\n\t");
                            break;
                    }
                }

                text.Append(random.Next(2) == 0 ? " " : "\t").Append(Destinations[random.Next(Destinations.Length)]);
            }

            text.Append(random.Next(6) == 0 ? "\r\n" : "\n");
        }

        return text.ToString();
    }
}
