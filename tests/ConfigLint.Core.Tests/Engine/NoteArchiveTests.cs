using ConfigLint.Core.Engine;
using ConfigLint.Core.Findings;
using ConfigLint.Core.Text;
using Shouldly;
using Xunit;

namespace ConfigLint.Core.Tests.Engine;

/// <summary>
/// A streamed run keeps its configurations' notes as bytes until the end (issue 13: flat memory); they
/// must come back exactly, in the order of the configurations' indexes, whatever order they were kept in.
/// </summary>
public sealed class NoteArchiveTests
{
    [Fact]
    public void Notes_come_back_as_they_were_kept_in_the_order_of_the_indexes()
    {
        var archive = new NoteArchive(4);
        archive.Keep(2, [new ToolNote(Severity.Warning, "c/: no aliases; not evaluated: PF707.", "c/aliases")], NotRead);
        archive.Keep(0, [new ToolNote(Severity.Note, "a/: master.cf assumed", null), new ToolNote(Severity.Error, "a/ second", "a/main.cf")], NotRead);
        archive.Keep(3, [], NotRead);
        archive.Keep(1, [new ToolNote(Severity.None, string.Empty, string.Empty)], NotRead);

        archive.All().Select(k => k.Note).ShouldBe(
        [
            new ToolNote(Severity.Note, "a/: master.cf assumed", null),
            new ToolNote(Severity.Error, "a/ second", "a/main.cf"),
            new ToolNote(Severity.None, string.Empty, string.Empty),
            new ToolNote(Severity.Warning, "c/: no aliases; not evaluated: PF707.", "c/aliases"),
        ]);
    }

    [Fact]
    public void Any_text_comes_back_exactly_across_chunk_boundaries()
    {
        // Non-ASCII, a surrogate pair, lone surrogates (not valid UTF-16: kept as UTF-16, not replaced),
        // control characters, and texts long enough to cross the 64 KiB chunks many times.
        var random = new Random(13);
        var samples = new List<ToolNote>();
        string[] pieces = ["é", "😀", "\ud800", "x\udc00y", "\0", "\r\n", "plain ascii", "日本語"];
        for (var i = 0; i < 3000; i++)
        {
            var length = random.Next(0, i % 100 == 0 ? 40_000 : 60);
            var text = string.Concat(Enumerable.Range(0, length).Select(_ => pieces[random.Next(pieces.Length)]));
            samples.Add(new ToolNote((Severity)random.Next(0, 4), text, random.Next(3) == 0 ? null : text[..Math.Min(text.Length, 30)]));
        }

        var archive = new NoteArchive(samples.Count);
        for (var i = samples.Count - 1; i >= 0; i--)
        {
            archive.Keep(i, [samples[i]], NotRead);
        }

        var back = archive.All().Select(k => k.Note).ToList();
        back.Count.ShouldBe(samples.Count);
        for (var i = 0; i < samples.Count; i++)
        {
            back[i].ShouldBe(samples[i], $"note {i}");
            string.CompareOrdinal(back[i].Message, samples[i].Message).ShouldBe(0, $"note {i}: the same chars");
        }
    }

    [Fact]
    public void A_notes_file_keeps_where_the_repository_holds_it_or_that_it_was_not_read()
    {
        // Reporters ask both of a note's file when they write the notes at the end of a streamed run.
        var archive = new NoteArchive(2);
        var held = new Dictionary<string, string>
        {
            ["a/main.cf"] = "a/main.cf",
            ["../b/main.cf"] = "etc/b/main.cf",
        };
        archive.Keep(1, [new ToolNote(Severity.Note, "b/: no aliases", "../b/main.cf"), new ToolNote(Severity.Note, "b/: unread", "../b/aliases")], held.GetValueOrDefault);
        archive.Keep(0, [new ToolNote(Severity.Note, "a/: no aliases", "a/main.cf"), new ToolNote(Severity.Note, "a/: no file", null)], held.GetValueOrDefault);

        archive.All().Select(k => (k.Note.Message, k.RepositoryPath)).ShouldBe(
        [
            ("a/: no aliases", "a/main.cf"),
            ("a/: no file", null),
            ("b/: no aliases", "etc/b/main.cf"),
            ("b/: unread", null),
        ]);
    }

    private static string? NotRead(string file) => null;
}
