using System.Text;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Parsing;

/// <summary>What kind of destination an alias value names (aliases(5)).</summary>
public enum AliasTargetKind
{
    Address,
    Include,
    Command,
    File,
}

/// <summary>A set of <see cref="AliasTargetKind"/>s.</summary>
[Flags]
public enum AliasTargetKinds : byte
{
    None = 0,
    Address = 1 << AliasTargetKind.Address,
    Include = 1 << AliasTargetKind.Include,
    Command = 1 << AliasTargetKind.Command,
    File = 1 << AliasTargetKind.File,
}

public static class AliasTargetKindExtensions
{
    public static AliasTargetKinds Flag(this AliasTargetKind kind) => (AliasTargetKinds)(1 << (int)kind);
}

/// <summary>What the rules ask of every alias without reading it again: how many destinations it has, and of which kinds.</summary>
public readonly record struct AliasSummary(int Destinations, AliasTargetKinds Kinds)
{
    public bool Has(AliasTargetKind kind) => (Kinds & kind.Flag()) != 0;
}

/// <summary>One comma-separated destination of an alias, with its span.</summary>
public sealed record AliasTarget(string Text, AliasTargetKind Kind, Span Span)
{
    /// <summary>
    /// For a <c>|command</c>: the file name of the program it runs, the first word of the command
    /// (<c>uudecode</c> for <c>"|/usr/bin/uudecode -o x"</c>); null for any other destination.
    /// local(8) hands the command to /bin/sh when it has shell metacharacters, else executes that
    /// word itself (local(8) "EXTERNAL COMMAND DELIVERY").
    /// </summary>
    public string? Program
    {
        get
        {
            if (Kind != AliasTargetKind.Command)
            {
                return null;
            }

            var word = Text.TrimStart('|', '"', ' ', '\t').Split([' ', '\t', '"'], 2)[0];
            return word[(word.LastIndexOf('/') + 1)..];
        }
    }
}

/// <summary>
/// One <c>name: value, value</c> entry as postalias stores it: the key unquoted and lower-cased,
/// the value re-tokenised the RFC 822 way (tok822_externalize), e.g. <c>a,,b , c</c> → <c>a, , b, c</c>.
/// </summary>
public sealed record AliasEntry(string Key, string Value, Span KeySpan, IReadOnlyList<AliasTarget> Targets, int FirstLine, int LastLine);

/// <summary>
/// An aliases(5) file as postalias reads it. Its entries are kept compact (where each starts and
/// ends, its name, how many destinations of which kinds) and read again from the file's lines when
/// one is asked for: a 1,000,000-line aliases file held as strings, lists and records took 1.3 GB
/// (issue 13), and the rules look closely at only a few of its entries.
/// </summary>
public sealed class AliasesDocument
{
    private readonly AliasRecord[] records;
    private readonly AliasKeyIndex index;
    private IReadOnlyList<SuppressionDirective>? suppressions;

    internal AliasesDocument(SourceText source, AliasRecord[] records, int count, AliasKeyIndex index, IReadOnlyList<Diagnostic> diagnostics)
    {
        Source = source;
        this.records = records;
        Count = count;
        this.index = index;
        Diagnostics = diagnostics;
        Entries = new ReadOnlyView<AliasEntry>(() => Count, Entry);
    }

    public SourceText Source { get; }

    /// <summary>How many effective entries there are.</summary>
    public int Count { get; }

    /// <summary>
    /// Effective entries: for a duplicate key only the first is kept, as postalias does. Each entry
    /// is read from the file when it is asked for and not kept.
    /// </summary>
    public IReadOnlyList<AliasEntry> Entries { get; }

    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>The <c># configlint:</c> suppression comments, parsed once with the text.</summary>
    public IReadOnlyList<SuppressionDirective> Suppressions =>
        suppressions ??= SuppressionComments.Parse(Source, records.Take(Count).Select(r => (r.FirstLine, r.LastLine)));

    /// <summary>Entry <paramref name="position"/> (in file order), read again from its lines.</summary>
    public AliasEntry Entry(int position) => AliasesParser.Reread(Source, records[position].FirstLine, records[position].LastLine);

    /// <summary>The name of entry <paramref name="position"/> as postalias stores it (unquoted, lower case).</summary>
    public string Key(int position) => index.Key(records[position]);

    /// <summary>How many destinations entry <paramref name="position"/> has, and of which kinds.</summary>
    public AliasSummary Summary(int position) => records[position].Summary;

    /// <summary>The positions of the entries whose summary <paramref name="predicate"/> accepts, in file order.</summary>
    public List<int> PositionsWhere(Func<AliasSummary, bool> predicate)
    {
        var result = new List<int>();
        for (var i = 0; i < Count; i++)
        {
            if (predicate(records[i].Summary))
            {
                result.Add(i);
            }
        }

        return result;
    }

    /// <summary>The position of the entry named <paramref name="key"/> (already folded to lower case, as postalias stores names), or -1.</summary>
    public int IndexOf(ReadOnlySpan<char> key) => index.Find(key);

    /// <summary>Whether a name whose hash (<see cref="AliasDestinations.UserHash"/>) is <paramref name="hash"/> may have an entry here; false means it has none.</summary>
    public bool MayHold(int hash) => index.MayHold(hash);

    /// <summary>Reads the destinations of entry <paramref name="position"/> into <paramref name="into"/>, as postalias stores them.</summary>
    public void ReadDestinations(int position, AliasDestinations into) => ReadDestinations(position, into, render: true);

    /// <summary>
    /// <see cref="ReadDestinations(int, AliasDestinations)"/>; without <paramref name="render"/> a
    /// plain entry's destinations come without their text, each address with the hash of the user
    /// it names, which is all a search for expansions needs to pass over most of them.
    /// </summary>
    public void ReadDestinations(int position, AliasDestinations into, bool render)
    {
        into.Clear();
        var record = records[position];
        if (record.Key >= 0 && into.Plain.Read(Source, record.FirstLine, record.LastLine))
        {
            into.Plain.Destinations(Source, into, render);
            return;
        }

        foreach (var target in Entry(position).Targets)
        {
            into.Add(target.Kind, target.Text);
        }
    }
}

/// <summary>
/// What is kept of one entry: its lines, its name (a byte offset and length in the first line when
/// the name is stored as written, else the bitwise complement of its place in the index's list of
/// names), the name's hash, and its summary.
/// </summary>
internal readonly record struct AliasRecord(int FirstLine, int LastLine, int Key, int KeyLength, int Hash, AliasSummary Summary);

/// <summary>
/// The entries by name, as an open-addressing table of (hash, position) pairs rather than a
/// dictionary of strings: the names stay in the file's bytes, and a name that is not there is
/// told by the hashes alone, without reading any entry.
/// </summary>
internal sealed class AliasKeyIndex
{
    private readonly SourceText source;
    private readonly AliasRecord[] records;
    private readonly List<string> names = [];

    /// <summary>The hash in the high 32 bits, the position + 1 in the low ones; 0 is a free slot.</summary>
    private long[] slots;
    private int used;

    /// <summary>
    /// Two bits per name in one 64-bit word, chosen by its hash (a blocked Bloom filter, 16 bits a
    /// name): most names looked up are no alias at all (the users the aliases point to), and the
    /// filter says so with one read from a table eight times smaller than the slots, which stays in
    /// the cache while the slots do not.
    /// </summary>
    private ulong[] filter;

    /// <summary>An index over <paramref name="records"/> (each inserted by its position); sized for <paramref name="capacity"/> names.</summary>
    public AliasKeyIndex(SourceText source, AliasRecord[] records, int capacity)
    {
        this.source = source;
        this.records = records;
        var size = 16;
        while (size < 2 * capacity)
        {
            size *= 2;
        }

        slots = new long[size];
        filter = new ulong[size / 8];
    }

    /// <summary>A name that is not stored as written, kept as a string; returns its key for <see cref="AliasRecord"/>.</summary>
    public int AddName(string name)
    {
        names.Add(name);
        return ~(names.Count - 1);
    }

    public void Insert(int hash, int position)
    {
        // At most half the slots used, so probes stay short.
        if (2 * (used + 1) > slots.Length)
        {
            var old = slots;
            slots = new long[old.Length * 2];
            filter = new ulong[slots.Length / 8];
            foreach (var slot in old)
            {
                if (slot != 0)
                {
                    Place(slot);
                }
            }
        }

        Place(((long)hash << 32) | (uint)(position + 1));
        used++;
    }

    public int Find(ReadOnlySpan<char> key)
    {
        var hash = Hash(key);
        if (!MayHold(hash))
        {
            return -1;
        }

        var mask = slots.Length - 1;
        for (var i = Home(hash); slots[i] != 0; i = (i + 1) & mask)
        {
            if ((int)(slots[i] >> 32) == hash && (int)slots[i] - 1 is var position && Same(records[position], key))
            {
                return position;
            }
        }

        return -1;
    }

    /// <summary>The position of an entry already in the index with the name of entry <paramref name="position"/> (whose hash is <paramref name="hash"/>), or -1.</summary>
    public int FindSame(int hash, int position)
    {
        if (!MayHold(hash))
        {
            return -1;
        }

        var mask = slots.Length - 1;
        for (var i = Home(hash); slots[i] != 0; i = (i + 1) & mask)
        {
            if ((int)(slots[i] >> 32) == hash && (int)slots[i] - 1 is var other && SameName(records[other], records[position]))
            {
                return other;
            }
        }

        return -1;
    }

    public string Key(AliasRecord record) =>
        record.Key >= 0 ? System.Text.Encoding.ASCII.GetString(NameBytes(record)) : names[~record.Key];

    /// <summary>Where <see cref="Step"/> starts (FNV-1a's offset basis).</summary>
    public const uint Start = 2166136261u;

    /// <summary>FNV-1a over the name's characters (a plain name's bytes are its characters), then mixed so every bit depends on every character (murmur3's finaliser).</summary>
    public static int Hash(ReadOnlySpan<char> key)
    {
        var h = Start;
        foreach (var c in key)
        {
            h = Step(h, c);
        }

        return Mix(h);
    }

    public static int Hash(ReadOnlySpan<byte> key)
    {
        var h = Start;
        foreach (var b in key)
        {
            h = Step(h, (char)b);
        }

        return Mix(h);
    }

    public static uint Step(uint h, char c) => (h ^ c) * 16777619u;

    public static int Mix(uint h)
    {
        h ^= h >> 16;
        h *= 0x85ebca6bu;
        h ^= h >> 13;
        h *= 0xc2b2ae35u;
        h ^= h >> 16;
        return (int)h;
    }

    /// <summary>
    /// The first slot to try for <paramref name="hash"/>: its top bits, so names taken in the order
    /// of their hashes fill the table front to back (<see cref="AliasesParser"/> inserts them so).
    /// </summary>
    public int Home(int hash) => (int)((ulong)(uint)hash * (ulong)slots.Length >> 32);

    /// <summary>The filter's word for <paramref name="hash"/> (from its top bits, as <see cref="Home"/>) and its two bits there (from its low bits).</summary>
    private (int Word, ulong Bits) Bits(int hash) =>
        ((int)((ulong)(uint)hash * (ulong)filter.Length >> 32), (1UL << (hash & 63)) | (1UL << ((hash >> 6) & 63)));

    /// <summary>Points every slot at the position its entry has after <paramref name="positions"/> (old position to new).</summary>
    public void Renumber(int[] positions)
    {
        for (var i = 0; i < slots.Length; i++)
        {
            if (slots[i] != 0)
            {
                slots[i] = (slots[i] & ~0xFFFFFFFFL) | (uint)(positions[(int)slots[i] - 1] + 1);
            }
        }
    }

    /// <summary>Whether a name with hash <paramref name="hash"/> may be in the index (false: it is not).</summary>
    public bool MayHold(int hash)
    {
        var (word, bits) = Bits(hash);
        return (filter[word] & bits) == bits;
    }

    private void Place(long slot)
    {
        var (word, bits) = Bits((int)(slot >> 32));
        filter[word] |= bits;
        var mask = slots.Length - 1;
        var i = Home((int)(slot >> 32));
        while (slots[i] != 0)
        {
            i = (i + 1) & mask;
        }

        slots[i] = slot;
    }

    private ReadOnlySpan<byte> NameBytes(AliasRecord record) => source.LineBytes(record.FirstLine).Slice(record.Key, record.KeyLength);

    private bool SameName(AliasRecord a, AliasRecord b) =>
        b.Key >= 0 ? Same(a, NameBytes(b)) : Same(a, names[~b.Key].AsSpan());

    private bool Same(AliasRecord record, ReadOnlySpan<char> key) =>
        record.Key >= 0 ? SameText(NameBytes(record), key) : names[~record.Key].AsSpan().SequenceEqual(key);

    private bool Same(AliasRecord record, ReadOnlySpan<byte> key) =>
        record.Key >= 0 ? NameBytes(record).SequenceEqual(key) : SameText(key, names[~record.Key]);

    private static bool SameText(ReadOnlySpan<byte> ascii, ReadOnlySpan<char> text)
    {
        if (ascii.Length != text.Length)
        {
            return false;
        }

        for (var i = 0; i < ascii.Length; i++)
        {
            if (ascii[i] != text[i])
            {
                return false;
            }
        }

        return true;
    }
}

public static class AliasesParser
{
    /// <summary>
    /// Reads an aliases file the way postalias does: readlline(3) logical lines (comments and blank
    /// lines skipped, an indented line continues the entry before it), one entry each.
    /// </summary>
    public static AliasesDocument Parse(SourceText source) => Parse(source, quick: true);

    /// <summary>
    /// <see cref="Parse(SourceText)"/>; with <paramref name="quick"/> false every entry gets the full
    /// reading, which the tests hold the quick one to.
    /// </summary>
    /// <summary>The key of a record whose entry the full reading read (its name is set after).</summary>
    private const int FullyRead = int.MinValue;

    internal static AliasesDocument Parse(SourceText source, bool quick)
    {
        // 1. The logical lines (readlline): counted, then listed, so each array is made once at its size.
        var records = Group(source);

        // 2. Each entry on its own, in blocks on every core it may use (Workers): the quick reading
        //    when it is plain; else the full one, kept by position with its diagnostic.
        const int Block = 1 << 14;
        var blocks = (records.Length + Block - 1) / Block;
        var full = new Dictionary<int, (AliasEntry? Entry, Diagnostic? Problem)>[blocks];
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = Workers.Degree }, block =>
        {
            var plain = new PlainAliasEntry();
            var read = new Dictionary<int, (AliasEntry?, Diagnostic?)>();
            for (var i = block * Block; i < Math.Min(records.Length, (block + 1) * Block); i++)
            {
                var (first, last) = (records[i].FirstLine, records[i].LastLine);
                if (quick && plain.Read(source, first, last))
                {
                    var (start, length) = plain.Key;
                    records[i] = new AliasRecord(first, last, start, length, AliasKeyIndex.Hash(source.LineBytes(first).Slice(start, length)), plain.Destinations(source, null, render: false));
                    continue;
                }

                var problems = new List<Diagnostic>(1);
                read[i] = (ReadEntry(source, LogicalLine.Read(source, first, last).Single(), problems), problems.FirstOrDefault());
                records[i] = records[i] with { Key = FullyRead };
            }

            full[block] = read;
        });

        // 3. The names into the index. postalias keeps the first entry of a name. They go in by
        //    their home slot, not in file order: sorted by it (stably, so the entries of one name
        //    keep their file order) the table is written front to back rather than at random, and
        //    on a million names the cache misses of random order were a third of the parse.
        var index = new AliasKeyIndex(source, records, records.Length);
        var problems = new Dictionary<int, Diagnostic>();
        var order = new int[records.Length];
        var valid = 0;
        for (var i = 0; i < records.Length; i++)
        {
            if (records[i].Key == FullyRead && full[i / Block].TryGetValue(i, out var entryRead))
            {
                if (entryRead.Entry is not { } entry)
                {
                    problems[i] = entryRead.Problem!;
                    continue;
                }

                var kinds = AliasTargetKinds.None;
                foreach (var target in entry.Targets)
                {
                    kinds |= target.Kind.Flag();
                }

                records[i] = new AliasRecord(records[i].FirstLine, records[i].LastLine, index.AddName(entry.Key), entry.Key.Length, AliasKeyIndex.Hash(entry.Key), new AliasSummary(entry.Targets.Count, kinds));
            }

            order[valid++] = i;
        }

        // The hashes travel with the positions, so the records are only read again for a name
        // whose hash is already in the table (a duplicate, or rarely another name).
        var byHome = SortByHome(order.AsSpan(0, valid), records);
        foreach (var slot in byHome)
        {
            var (hash, i) = ((int)(slot >> 32), (int)slot);
            if (index.FindSame(hash, i) is var found and >= 0)
            {
                problems[i] = Duplicate(source, index, records[i], records[found].FirstLine);
                continue;
            }

            index.Insert(hash, i);
        }

        // 4. The entries kept, in file order, and the diagnostics in file order.
        var diagnostics = new List<Diagnostic>();
        var positions = order;
        var kept = 0;
        for (var i = 0; i < records.Length; i++)
        {
            if (problems.TryGetValue(i, out var problem))
            {
                diagnostics.Add(problem);
                continue;
            }

            positions[i] = kept;
            records[kept++] = records[i];
        }

        index.Renumber(positions);
        return new AliasesDocument(source, records, kept, index, diagnostics);
    }

    /// <summary>
    /// Groups the lines into logical lines as readlline(3) does (comments and blank lines skipped,
    /// an indented line continues the one before): one record each, with its first and last line.
    /// The lines are looked at once, and what each is kept in a byte, so the records are made at
    /// their number without a second look at the text.
    /// </summary>
    private static AliasRecord[] Group(SourceText source)
    {
        // Per line: 0 skipped (blank or comment), or one of these.
        const byte Continues = 1, Starts = 2;
        var kinds = new byte[source.LineCount + 1];
        var count = 0;
        for (var n = 1; n <= source.LineCount; n++)
        {
            var line = source.LineBytes(n);
            if (IsBlankOrComment(line))
            {
                continue;
            }

            // An indented line before any entry starts one (readlline keeps it; postalias reads it).
            kinds[n] = IsSpace(line[0]) && count > 0 ? Continues : Starts;
            count += kinds[n] == Starts ? 1 : 0;
        }

        var records = new AliasRecord[count];
        var current = -1;
        for (var n = 1; n <= source.LineCount; n++)
        {
            if (kinds[n] == Starts)
            {
                records[++current] = new AliasRecord(n, n, 0, 0, 0, default);
            }
            else if (kinds[n] == Continues)
            {
                records[current] = records[current] with { LastLine = n };
            }
        }

        return records;
    }

    /// <summary>A duplicate of the entry on <paramref name="firstLine"/>, at its name (read again in full when it is not plain).</summary>
    private static Diagnostic Duplicate(SourceText source, AliasKeyIndex index, AliasRecord record, int firstLine)
    {
        var (key, span) = record.Key >= 0
            ? (index.Key(record), new Span(source.Path, record.FirstLine, record.Key + 1, record.FirstLine, record.Key + record.KeyLength + 1))
            : Reread(source, record.FirstLine, record.LastLine) is var entry ? (entry.Key, entry.KeySpan) : default;
        return new(DiagnosticKind.AliasesSyntax, span, $"Duplicate entry \"{key}\" (first on line {firstLine}); postalias keeps the first and ignores this one.");
    }

    /// <summary>The entries' (hash, position) pairs, in a stable counting sort by the top bits of the hash (their home slots).</summary>
    private static long[] SortByHome(ReadOnlySpan<int> positions, AliasRecord[] records)
    {
        const int Buckets = 1 << 12;
        var counts = new int[Buckets + 1];
        foreach (var p in positions)
        {
            counts[Bucket(records[p].Hash) + 1]++;
        }

        for (var b = 0; b < Buckets; b++)
        {
            counts[b + 1] += counts[b];
        }

        var sorted = new long[positions.Length];
        foreach (var p in positions)
        {
            var hash = records[p].Hash;
            sorted[counts[Bucket(hash)]++] = ((long)hash << 32) | (uint)p;
        }

        return sorted;

        static int Bucket(int hash) => (int)((ulong)(uint)hash * Buckets >> 32);
    }

    /// <summary>Entry <paramref name="first"/>..<paramref name="last"/> of a parsed document, read again in full.</summary>
    internal static AliasEntry Reread(SourceText source, int first, int last) =>
        ReadEntry(source, LogicalLine.Read(source, first, last).Single(), null)
        ?? throw new InvalidOperationException($"{source.Path}:{first}: an entry read before no longer reads");

    /// <summary>The full reading of one logical line (tok822_scan and friends), or null with a diagnostic for a line postalias skips.</summary>
    private static AliasEntry? ReadEntry(SourceText source, LogicalLine line, List<Diagnostic>? diagnostics)
    {
        var scanned = Tok822.Scan(line.Text.Text);
        var tokens = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(scanned);
        var colon = scanned.FindIndex(t => t.Kind == Tok822.Kind.Special && t.Text == ":");

        // postalias(1): "need name:value pair" — no colon, nothing before or after it, or a comma in the name.
        if (colon <= 0 || colon == tokens.Length - 1 || Tok822.HasSpecial(tokens[..colon], ","))
        {
            diagnostics?.Add(new Diagnostic(DiagnosticKind.AliasesSyntax, FirstLineSpan(source, line),
                $"Need name:value pair: \"{MainCfParser.Shorten(line.Text.Text)}\"; postalias skips this entry."));
            return null;
        }

        if (Tok822.HasSpecial(tokens[..colon], "@") || Tok822.HasSpecial(tokens[..colon], "%"))
        {
            diagnostics?.Add(new Diagnostic(DiagnosticKind.AliasesSyntax, FirstLineSpan(source, line),
                $"Name must be local: \"{MainCfParser.Shorten(line.Text.Text)}\"; postalias skips this entry."));
            return null;
        }

        var key = Tok822.Internalize(tokens[..colon]).ToLowerInvariant();
        var valueTokens = tokens[(colon + 1)..];
        var value = Tok822.Externalize(valueTokens);
        var keySpan = line.Text.SpanOf(tokens[0].Offset, tokens[colon - 1].Offset + tokens[colon - 1].Length - tokens[0].Offset);
        return new AliasEntry(key, value, keySpan, Targets(line.Text, valueTokens), line.FirstLine, line.LastLine);
    }

    private static Span FirstLineSpan(SourceText source, LogicalLine line) =>
        Span.Line(source.Path, line.FirstLine, source.LineLength(line.FirstLine));

    /// <summary>A line with nothing but blanks, or whose first non-blank character is '#' (readlline(3) skips both).</summary>
    internal static bool IsBlankOrComment(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
        {
            if (!IsSpace(b))
            {
                return b == (byte)'#';
            }
        }

        return true;
    }

    /// <summary><see cref="LogicalLine.IsSpace"/> for a byte of the file.</summary>
    internal static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'\v' or (byte)'\f';

    private static List<AliasTarget> Targets(ValueText line, ReadOnlySpan<Tok822.Token> tokens)
    {
        var targets = new List<AliasTarget>();
        var start = 0;
        for (var i = 0; i <= tokens.Length; i++)
        {
            if (i < tokens.Length && !(tokens[i].Kind == Tok822.Kind.Special && tokens[i].Text == ","))
            {
                continue;
            }

            if (i > start)
            {
                var part = tokens[start..i];
                var text = Tok822.Externalize(part);
                var kind = text.StartsWith(":include:", StringComparison.OrdinalIgnoreCase) ? AliasTargetKind.Include
                    : text.StartsWith('|') || text.StartsWith("\"|", StringComparison.Ordinal) ? AliasTargetKind.Command
                    : text.StartsWith('/') || text.StartsWith("\"/", StringComparison.Ordinal) ? AliasTargetKind.File
                    : AliasTargetKind.Address;
                var span = line.SpanOf(part[0].Offset, part[^1].Offset + part[^1].Length - part[0].Offset);
                targets.Add(new AliasTarget(text, kind, span));
            }

            start = i + 1;
        }

        return targets;
    }
}

/// <summary>
/// The RFC 822 tokeniser postalias uses (tok822_scan, tok822_internalize, tok822_externalize in
/// Postfix's global/tok822_*.c), reduced to what alias keys and values need.
/// </summary>
internal static class Tok822
{
    public enum Kind
    {
        Atom,
        QuotedString,
        Comment,
        DomainLiteral,
        Special,
    }

    public readonly record struct Token(Kind Kind, string Text, int Offset, int Length);

    private const string Specials = "()<>@,;:\\\".[]";

    /// <summary>The specials as strings, made once (a million-line aliases file has millions of them).</summary>
    private static readonly string[] SpecialText = [.. Enumerable.Range(0, 128).Select(c => ((char)c).ToString())];

    public static List<Token> Scan(string s)
    {
        // Sized for a typical line ("name: user, user@domain" is eight tokens) to spare the regrowth.
        var tokens = new List<Token>(Math.Min(s.Length / 3 + 1, 16));
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (LogicalLine.IsSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            if (c == '(')
            {
                var level = 0;
                var sb = new StringBuilder();
                while (i < s.Length)
                {
                    var ch = s[i++];
                    if (ch == '\\' && i < s.Length)
                    {
                        sb.Append(ch).Append(s[i++]);
                        continue;
                    }

                    sb.Append(ch);
                    if (ch == '(')
                    {
                        level++;
                    }
                    else if (ch == ')' && --level == 0)
                    {
                        break;
                    }
                }

                tokens.Add(new Token(Kind.Comment, sb.ToString(), start, i - start));
            }
            else if (c == '"' || c == '[')
            {
                var close = c == '"' ? '"' : ']';
                var sb = new StringBuilder();
                i++;
                while (i < s.Length && s[i] != close)
                {
                    if (s[i] == '\\' && i + 1 < s.Length)
                    {
                        i++;
                    }

                    sb.Append(s[i++]);
                }

                if (i < s.Length)
                {
                    i++;
                }

                tokens.Add(new Token(c == '"' ? Kind.QuotedString : Kind.DomainLiteral, sb.ToString(), start, i - start));
            }
            else if (Specials.Contains(c))
            {
                i++;
                tokens.Add(new Token(Kind.Special, SpecialText[c], start, 1));
            }
            else
            {
                while (i < s.Length && !LogicalLine.IsSpace(s[i]) && !Specials.Contains(s[i]) && !char.IsControl(s[i]))
                {
                    i++;
                }

                if (i == start)
                {
                    // A control character: tok822_scan makes it a token of its own.
                    i++;
                }

                tokens.Add(new Token(Kind.Atom, s.Substring(start, i - start), start, i - start));
            }
        }

        return tokens;
    }

    /// <summary>Whether <paramref name="tokens"/> hold the special <paramref name="special"/>.</summary>
    public static bool HasSpecial(ReadOnlySpan<Token> tokens, string special)
    {
        foreach (var t in tokens)
        {
            if (t.Kind == Kind.Special && t.Text == special)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The internal (unquoted) form, as alias keys are stored.</summary>
    public static string Internalize(ReadOnlySpan<Token> tokens) => Render(tokens, quote: false);

    /// <summary>The external (quoted) form, as alias values are stored.</summary>
    public static string Externalize(ReadOnlySpan<Token> tokens) => Render(tokens, quote: true);

    private static string Render(ReadOnlySpan<Token> tokens, bool quote)
    {
        if (tokens.Length == 1 && tokens[0].Kind == Kind.Atom)
        {
            // One word (most keys, most destinations): itself, no builder.
            return tokens[0].Text;
        }

        var sb = new StringBuilder();
        for (var i = 0; i < tokens.Length; i++)
        {
            var t = tokens[i];
            switch (t.Kind)
            {
                case Kind.QuotedString:
                    if (quote)
                    {
                        sb.Append('"');
                        foreach (var ch in t.Text)
                        {
                            if (ch is '"' or '\\' or '\r' or '\n')
                            {
                                sb.Append('\\');
                            }

                            sb.Append(ch);
                        }

                        sb.Append('"');
                    }
                    else
                    {
                        sb.Append(t.Text);
                    }

                    break;
                case Kind.DomainLiteral:
                    sb.Append('[').Append(t.Text).Append(']');
                    break;
                case Kind.Special when t.Text == ",":
                    sb.Append(", ");
                    continue;
                default:
                    sb.Append(t.Text);
                    break;
            }

            // tok822_externalize puts a blank between two words, never around specials.
            if (i + 1 < tokens.Length && t.Kind != Kind.Special && tokens[i + 1].Kind != Kind.Special)
            {
                sb.Append(' ');
            }
        }

        return sb.ToString();
    }
}
