using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Model;

/// <summary>
/// The legacy database client references in a parameter value, found as postconf finds them
/// (postconf_dbms.c pcf_register_dbms_helper()): the expanded value is split on commas and blanks with
/// <c>{...}</c> kept together; a braced word is searched again; in <c>type:rest</c>, <c>proxy:</c> (and from
/// 3.11 <c>debug:</c>) is skipped; a rest that is a path (<c>/...</c>, <c>.…</c>) names a client configuration
/// file, a braced rest is searched again (from 3.8 not inside <c>regexp:{...}</c> and <c>pcre:{...}</c>
/// tables), and any other rest of a database client type (<see cref="DatabaseClientParameters"/>) is a
/// legacy prefix: <c>ldap:corp</c> makes <c>corp_server_host</c> and the other ldap parameters known.
/// </summary>
public static class DatabaseReferences
{
    /// <summary>The (type, prefix) pairs in <paramref name="expandedValue"/> as <paramref name="release"/>'s postconf reads them.</summary>
    public static IReadOnlyList<(string Type, string Prefix)> Find(string expandedValue, PostfixRelease release)
    {
        ArgumentNullException.ThrowIfNull(expandedValue);
        ArgumentNullException.ThrowIfNull(release);
        if (!expandedValue.Contains(':', StringComparison.Ordinal))
        {
            // Every reference is type:name; most values (yes, 10m, $myhostname, a list of networks)
            // hold none, and a fleet scanned each one of every configuration.
            return [];
        }

        var result = new List<(string, string)>();
        Scan(expandedValue, release, TypesOf(release), recurse: true, result);
        return result;
    }

    /// <summary>The release's database types as a set, made once per release (it was made for every value scanned).</summary>
    private static HashSet<string> TypesOf(PostfixRelease release) =>
        TypeSets.GetValue(release, r => DatabaseClientParameters.Types(r).ToHashSet(StringComparer.Ordinal));

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<PostfixRelease, HashSet<string>> TypeSets = new();

    /// <summary>
    /// postconf's recursion (pcf_register_dbms_helper() calls itself for each braced word) as a loop over
    /// a stack of cursors into the one string: a value of 18,000 nested braces, which a fuzzer wrote,
    /// overflowed the stack when each level was a call and a copy of the text inside it. The order of
    /// the references found is the recursion's.
    /// </summary>
    private static void Scan(string text, PostfixRelease release, HashSet<string> types, bool recurse, List<(string, string)> result)
    {
        var closing = ClosingBraces(text);
        var cursors = new Stack<Cursor>();
        cursors.Push(new Cursor(0, text.Length, recurse));
        while (cursors.TryPeek(out var cursor))
        {
            if (NextWord(text, closing, cursor) is not var (start, end))
            {
                cursors.Pop();
                continue;
            }

            cursor.Position = end;
            if (text[start] == '{')
            {
                if (cursor.Recurse)
                {
                    var (innerStart, innerEnd) = Unbrace(closing, start, end);
                    cursors.Push(new Cursor(innerStart, innerEnd, Recurse: true));
                }

                continue;
            }

            // type:rest, with proxy: (and from 3.11 debug:) skipped; positions, not copies, so a chain of
            // pcre:{pcre:{... costs no copy of the text per level.
            string? type = null;
            var restStart = -1;
            for (var typeStart = start; text.IndexOf(':', typeStart, end - typeStart) is var colon and >= 0;)
            {
                type = text[typeStart..colon];
                restStart = colon + 1;
                if (type == "proxy" || (type == "debug" && release.CompareTo(PostfixReleases.Get("3.11")) >= 0))
                {
                    typeStart = restStart;
                    restStart = -1;
                    continue;
                }

                break;
            }

            if (restStart < 0 || restStart == end || text[restStart] is '/' or '.')
            {
                continue;
            }

            if (text[restStart] == '{')
            {
                var regex = type is "regexp" or "pcre" && release.CompareTo(PostfixReleases.Get("3.8")) >= 0;
                var (innerStart, innerEnd) = Unbrace(closing, restStart, end);
                cursors.Push(new Cursor(innerStart, innerEnd, cursor.Recurse && !regex));
            }
            else if (types.Contains(type!))
            {
                result.Add((type!, text[restStart..end]));
            }
        }
    }

    /// <summary>Where one level of the scan is: the rest of its text from <see cref="Position"/> to <see cref="End"/>.</summary>
    private sealed record Cursor(int Start, int End, bool Recurse)
    {
        public int Position { get; set; } = Start;
    }

    /// <summary>
    /// For each <c>{</c> of <paramref name="text"/>, the index of the <c>}</c> that closes it, or -1 when none
    /// does (a <c>}</c> with nothing open is an ordinary character, as in mystrtokq(3)); null without braces.
    /// Found once, so that each level of the scan steps over a nested group instead of counting through it
    /// (18,000 nested braces took 12 s that way).
    /// </summary>
    private static int[]? ClosingBraces(string text)
    {
        if (!text.Contains('{', StringComparison.Ordinal))
        {
            return null;
        }

        OperationCounter.Count(text.Length);
        var closing = new int[text.Length];
        var open = new Stack<int>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '{')
            {
                closing[i] = -1;
                open.Push(i);
            }
            else if (text[i] == '}' && open.TryPop(out var opened))
            {
                closing[opened] = i;
            }
        }

        return closing;
    }

    /// <summary>mystrtokq(3) with CHARS_COMMA_SP and CHARS_BRACE: the next word after the cursor, separated by commas and blanks, a {...} group kept whole (an unclosed one runs to the end).</summary>
    private static (int Start, int End)? NextWord(string text, int[]? closing, Cursor cursor)
    {
        var i = cursor.Position;
        var steps = 0;
        while (i < cursor.End && (text[i] == ',' || LogicalLine.IsSpace(text[i])))
        {
            i++;
            steps++;
        }

        var start = i;
        while (i < cursor.End && text[i] != ',' && !LogicalLine.IsSpace(text[i]))
        {
            steps++;
            if (text[i] == '{')
            {
                var close = closing![i];
                i = close >= 0 && close < cursor.End ? close + 1 : cursor.End;
                continue;
            }

            i++;
        }

        OperationCounter.Count(steps + 1);
        return i > start ? (start, i) : null;
    }

    /// <summary>extpar(3) without stripping: the text between the outer braces of the word from <paramref name="start"/> (a <c>{</c>) to <paramref name="end"/>.</summary>
    private static (int Start, int End) Unbrace(int[]? closing, int start, int end) =>
        closing![start] is var close && close >= 0 && close < end ? (start + 1, close) : (start + 1, end);
}
