using ConfigLint.Core.Text;

namespace ConfigLint.Core.Parsing;

/// <summary>
/// The quick reading of an aliases(5) entry that is plain: ASCII without the RFC 822 quoting
/// characters <c>" ( ) [ ] \</c> and without control characters, the name on the first line
/// with no blank inside and no upper case. There tok822_scan makes only atoms and the specials <c>&lt; &gt; @ , ; : .</c>,
/// tok822_internalize gives the name back as written, and a destination's stored text is its
/// tokens with one blank between two words (tok822_externalize). Almost every entry of a real
/// aliases file is plain; it is read from the file's bytes with no string per token. Anything
/// else (a quoted name, a comment, a bad entry) goes to <see cref="AliasesParser"/>'s full
/// reading, which the quick one must always agree with (PlainAliasEntryTests).
/// </summary>
internal sealed class PlainAliasEntry
{
    private const byte Word = 0;
    private const byte Space = 1;
    private const byte Special = 2;
    private const byte NotPlain = 3;

    /// <summary>
    /// What each byte is to tok822_scan in a plain entry: a blank (ISSPACE), one of the specials
    /// that stand alone, part of a word, or a byte that makes the entry not plain (non-ASCII, a
    /// control character, or one of <c>" ( ) [ ] \</c>, which quote or comment).
    /// </summary>
    private static readonly byte[] Classes = MakeClasses();

    private Token[] tokens = new Token[16];

    /// <summary>The tokens of the entry last read.</summary>
    public int Count { get; private set; }

    /// <summary>Where the colon after the name is among the tokens.</summary>
    public int Colon { get; private set; }

    /// <summary>The name's byte offset and length in the entry's first line.</summary>
    public (int Start, int Length) Key { get; private set; }

    /// <summary>
    /// Reads lines <paramref name="first"/>..<paramref name="last"/> (one logical line: the first
    /// line, its continuation lines, and comment or blank lines among them) and says whether the
    /// entry is plain and well formed. False sends it to the full reading.
    /// </summary>
    public bool Read(SourceText source, int first, int last)
    {
        Count = 0;
        var file = source.Bytes;
        for (var n = first; n <= last; n++)
        {
            var line = source.LineBytes(n);
            if (AliasesParser.IsBlankOrComment(line))
            {
                continue;
            }

            if (!Scan(line, source.LineStart(n)))
            {
                return false;
            }
        }

        // postalias: "need name:value pair", a name with a comma or an '@' ("name must be local"):
        // the full reading reports these.
        var colon = -1;
        for (var i = 0; i < Count && colon < 0; i++)
        {
            switch (tokens[i].Special)
            {
                case (byte)':':
                    colon = i;
                    break;
                case (byte)',' or (byte)'@':
                    return false;
            }
        }

        // The name on the first line (a token there starts before the second line does).
        var lineStart = source.LineStart(first);
        if (colon <= 0 || colon == Count - 1 || tokens[colon - 1].Start >= lineStart + source.LineBytes(first).Length)
        {
            return false;
        }

        // The name as written is the name postalias stores only when its tokens touch (no blank
        // for tok822_internalize to put between two words) and nothing is upper case.
        var start = tokens[0].Start;
        var end = tokens[colon - 1].Start + tokens[colon - 1].Length;
        foreach (var b in file[start..end])
        {
            if (AliasesParser.IsSpace(b) || b is >= (byte)'A' and <= (byte)'Z')
            {
                return false;
            }
        }

        Colon = colon;
        Key = (start - lineStart, end - start);
        return true;
    }

    /// <summary>
    /// The destinations after the colon, split at commas as postalias stores them: how many, of
    /// which kinds, and, into <paramref name="text"/> when it is given, each one's kind with its
    /// text (<paramref name="render"/>) or, for an address, the hash of the user it names
    /// (<see cref="AliasDestinations.UserHash"/>).
    /// </summary>
    public AliasSummary Destinations(SourceText source, AliasDestinations? text, bool render)
    {
        var file = source.Bytes;
        var count = 0;
        var kinds = AliasTargetKinds.None;
        var start = Colon + 1;
        for (var i = Colon + 1; i <= Count; i++)
        {
            if (i < Count && tokens[i].Special != (byte)',')
            {
                continue;
            }

            if (i > start)
            {
                var kind = KindOf(file, start, i);
                count++;
                kinds |= kind.Flag();
                if (text is not null)
                {
                    text.Start(kind);
                    if (render)
                    {
                        Render(file, start, i, text);
                    }
                    else if (kind == AliasTargetKind.Address)
                    {
                        text.SetUserHash(UserHash(file, start, i));
                    }
                }
            }

            start = i + 1;
        }

        return new AliasSummary(count, kinds);
    }

    /// <summary>The kind postalias's text of tokens [from, to) shows: ":include:", "|", "/", else an address.</summary>
    private AliasTargetKind KindOf(ReadOnlySpan<byte> file, int from, int to)
    {
        var t = tokens[from];
        if (t.Special == (byte)':' && to - from >= 3 && tokens[from + 1].Special == 0 && tokens[from + 2].Special == (byte)':'
            && System.Text.Ascii.EqualsIgnoreCase(Bytes(file, tokens[from + 1]), "include"u8))
        {
            return AliasTargetKind.Include;
        }

        if (t.Special != 0)
        {
            return AliasTargetKind.Address;
        }

        return file[t.Start] switch
        {
            (byte)'|' => AliasTargetKind.Command,
            (byte)'/' => AliasTargetKind.File,
            _ => AliasTargetKind.Address,
        };
    }

    /// <summary>
    /// The name hash (<see cref="AliasKeyIndex.Hash(ReadOnlySpan{char})"/>) of the part before the
    /// last '@' of the text of tokens [from, to), or of all of it without an '@', in lower case:
    /// the name local(8) would look up again if the address is local. Null when the text starts
    /// with '@' (no user). Computed from the tokens as the text would be rendered.
    /// </summary>
    private int? UserHash(ReadOnlySpan<byte> file, int from, int to)
    {
        var at = to - 1;
        while (at >= from && tokens[at].Special != (byte)'@')
        {
            at--;
        }

        if (at == from)
        {
            return null;
        }

        var end = at > from ? at : to;
        var h = AliasKeyIndex.Start;
        for (var i = from; i < end; i++)
        {
            var t = tokens[i];
            if (t.Special != 0)
            {
                h = AliasKeyIndex.Step(h, (char)t.Special);
                continue;
            }

            if (i > from && tokens[i - 1].Special == 0)
            {
                h = AliasKeyIndex.Step(h, ' ');
            }

            foreach (var b in Bytes(file, t))
            {
                h = AliasKeyIndex.Step(h, (char)(b is >= (byte)'A' and <= (byte)'Z' ? b | 0x20 : b));
            }
        }

        return AliasKeyIndex.Mix(h);
    }

    /// <summary>tok822_externalize of plain tokens: each as written, one blank between two words.</summary>
    private void Render(ReadOnlySpan<byte> file, int from, int to, AliasDestinations text)
    {
        for (var i = from; i < to; i++)
        {
            var t = tokens[i];
            if (t.Special != 0)
            {
                text.Append((char)t.Special);
                continue;
            }

            if (i > from && tokens[i - 1].Special == 0)
            {
                text.Append(' ');
            }

            text.Append(Bytes(file, t));
        }
    }

    private static ReadOnlySpan<byte> Bytes(ReadOnlySpan<byte> file, Token t) => file.Slice(t.Start, t.Length);

    /// <summary>tok822_scan over one plain line; false at the first byte that makes it not plain.</summary>
    private bool Scan(ReadOnlySpan<byte> line, int offset)
    {
        var i = 0;
        while (i < line.Length)
        {
            var b = line[i];
            switch (Classes[b])
            {
                case Space:
                    i++;
                    continue;
                case NotPlain:
                    return false;
                case Special:
                    Add(new Token(offset + i, 1, b));
                    i++;
                    continue;
            }

            var start = i;
            while (++i < line.Length && Classes[line[i]] == Word)
            {
            }

            if (i < line.Length && Classes[line[i]] == NotPlain)
            {
                return false;
            }

            Add(new Token(offset + start, i - start, 0));
        }

        return true;
    }

    private static byte[] MakeClasses()
    {
        var classes = new byte[256];
        for (var b = 0; b < 256; b++)
        {
            classes[b] = b >= 0x80 || b < 0x20 || b == 0x7f ? NotPlain : Word;
        }

        foreach (var b in " \t\r\n\v\f"u8)
        {
            classes[b] = Space;
        }

        foreach (var b in "<>@,;:."u8)
        {
            classes[b] = Special;
        }

        foreach (var b in "\"()[]\\"u8)
        {
            classes[b] = NotPlain;
        }

        return classes;
    }

    private void Add(Token token)
    {
        if (Count == tokens.Length)
        {
            Array.Resize(ref tokens, tokens.Length * 2);
        }

        tokens[Count++] = token;
    }

    /// <summary>A word (Special 0) or a special character, by its offset in the file's bytes.</summary>
    private readonly record struct Token(int Start, int Length, byte Special);
}

/// <summary>
/// The destinations of one alias as text, in a buffer that is reused from alias to alias (the
/// rules read the destinations of a million aliases and keep almost none).
/// </summary>
public sealed class AliasDestinations
{
    private Item[] items = new Item[8];
    private char[] buffer = new char[256];
    private int used;

    public int Count { get; private set; }

    /// <summary>The quick reader, one per buffer: a buffer is used by one thread at a time.</summary>
    internal PlainAliasEntry Plain { get; } = new();

    public AliasTargetKind Kind(int index) => items[index].Kind;

    /// <summary>The text postalias stores for destination <paramref name="index"/> (tok822_externalize), valid until the next alias is read.</summary>
    public ReadOnlySpan<char> Text(int index)
    {
        var end = index + 1 < Count ? items[index + 1].Start : used;
        return buffer.AsSpan(items[index].Start, end - items[index].Start);
    }

    internal void Clear()
    {
        Count = 0;
        used = 0;
    }

    /// <summary>Begins the next destination; what is appended until the next one begins is its text.</summary>
    internal void Start(AliasTargetKind kind)
    {
        if (Count == items.Length)
        {
            Array.Resize(ref items, items.Length * 2);
        }

        items[Count++] = new Item(kind, used);
    }

    internal void Append(char c)
    {
        Reserve(1);
        buffer[used++] = c;
    }

    internal void Append(ReadOnlySpan<byte> ascii)
    {
        Reserve(ascii.Length);
        System.Text.Encoding.Latin1.GetChars(ascii, buffer.AsSpan(used));
        used += ascii.Length;
    }

    internal void Add(AliasTargetKind kind, string text)
    {
        Start(kind);
        Reserve(text.Length);
        text.CopyTo(buffer.AsSpan(used));
        used += text.Length;
    }

    private void Reserve(int more)
    {
        if (used + more > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, used + more));
        }
    }

    /// <summary>
    /// For an address read without its text: the hash of the user it names (null when it names
    /// none); with its text, computed from the text. A name whose hash no table may hold is no alias.
    /// </summary>
    public int? UserHash(int index)
    {
        var item = items[index];
        if (item.Kind != AliasTargetKind.Address)
        {
            return null;
        }

        if (item.User != UserUnknown)
        {
            return item.User == UserNamed ? item.Hash : null;
        }

        var text = Text(index);
        if (text.StartsWith('"'))
        {
            return null;
        }

        var at = text.LastIndexOf('@');
        if (at == 0)
        {
            return null;
        }

        var user = at < 0 ? text : text[..at];
        Span<char> folded = user.Length <= 256 ? stackalloc char[user.Length] : new char[user.Length];
        user.ToLowerInvariant(folded);
        return AliasKeyIndex.Hash(folded);
    }

    internal void SetUserHash(int? hash)
    {
        ref var item = ref items[Count - 1];
        item = item with { User = hash is null ? UserNone : UserNamed, Hash = hash ?? 0 };
    }

    private const byte UserUnknown = 0;
    private const byte UserNone = 1;
    private const byte UserNamed = 2;

    /// <summary>A destination: its kind, where its text starts, and (read without text) whether it names a user and that user's hash.</summary>
    private readonly record struct Item(AliasTargetKind Kind, int Start, byte User = UserUnknown, int Hash = 0);
}
