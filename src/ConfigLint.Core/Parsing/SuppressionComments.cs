using ConfigLint.Core.Text;

namespace ConfigLint.Core.Parsing;

/// <summary><c>disable=</c> covers the entry below the comment; <c>disable-file=</c> the whole file.</summary>
public enum SuppressionScope
{
    Entry,
    File,
}

/// <summary>One rule named in a directive, with where it is written (findings about the directive point there).</summary>
public sealed record SuppressionKey(string Text, Span Span);

/// <summary>
/// One <c># configlint: disable=…</c> or <c># configlint: disable-file=…</c> comment line.
/// </summary>
/// <param name="Scope">Entry or file.</param>
/// <param name="Keys">The rule IDs or names it lists, as written.</param>
/// <param name="Reason">The text after <c>--</c>; null or empty when the user gave none.</param>
/// <param name="Span">The directive's text on its line (from the '#').</param>
/// <param name="TargetFirstLine">First line of the entry it covers (<see cref="SuppressionScope.Entry"/> only); null when no entry follows directly.</param>
/// <param name="TargetLastLine">Last line of that entry (continuation lines included).</param>
/// <param name="Problem">Why the comment cannot work as written (unknown action, no rule list); null when it is well formed.</param>
public sealed record SuppressionDirective(
    SuppressionScope Scope,
    IReadOnlyList<SuppressionKey> Keys,
    string? Reason,
    Span Span,
    int? TargetFirstLine,
    int? TargetLastLine,
    string? Problem)
{
    public bool HasReason => !string.IsNullOrWhiteSpace(Reason);

    /// <summary>The directive as the user wrote it, for messages.</summary>
    public string Text { get; init; } = string.Empty;

    /// <summary>True when a finding starting at <paramref name="span"/> lies in what this directive covers.</summary>
    public bool Covers(Span span) =>
        span.File == Span.File && (Scope == SuppressionScope.File
            || (TargetFirstLine is { } first && TargetLastLine is { } last && span.StartLine >= first && span.StartLine <= last));
}

/// <summary>
/// Reads suppression comments. Postfix has only whole-line comments, so a directive is a comment
/// line: <c># configlint: disable=ID,ID -- reason</c> directly above a main.cf parameter, a
/// master.cf service or an aliases entry (other comment lines may sit between them, a blank line
/// may not) covers findings that start anywhere in that entry, continuation lines included;
/// <c># configlint: disable-file=ID -- reason</c> anywhere covers the whole file. Rules are
/// named by ID or name.
/// <para>
/// The line is scanned by hand, once, left to right: a comment line can be megabytes long, and a
/// backtracking pattern over it took seconds (issue 14).
/// </para>
/// </summary>
public static class SuppressionComments
{
    private const string Marker = "configlint";

    private const string NotUnderstood =
        "is not a directive ConfigLint understands; write '# configlint: disable=ID[,ID…] -- reason' or '# configlint: disable-file=ID[,ID…] -- reason'";

    /// <summary>The directives of one file, given where its entries start and end.</summary>
    public static IReadOnlyList<SuppressionDirective> Parse(SourceText source, IEnumerable<(int FirstLine, int LastLine)> entries)
    {
        var result = new List<SuppressionDirective>();
        Dictionary<int, int>? entryByFirstLine = null;
        for (var n = 1; n <= source.LineCount; n++)
        {
            // Cheap test first, on the file's bytes: files can have a million lines and almost none is a directive.
            if (HasMarker(source.LineBytes(n)) && ParseLine(source.LineText(n), n, source.Path) is { } directive)
            {
                if (directive.Scope == SuppressionScope.Entry && directive.Problem is null)
                {
                    entryByFirstLine ??= EntriesByFirstLine(entries);
                    directive = WithTarget(directive, source, n, entryByFirstLine);
                }

                result.Add(directive);
            }
        }

        return result;
    }

    /// <summary>Whether the line holds "configlint" in any case (the marker is ASCII, so its bytes are its characters).</summary>
    private static bool HasMarker(ReadOnlySpan<byte> line)
    {
        for (var i = line.IndexOfAny((byte)'c', (byte)'C'); i >= 0 && i + Marker.Length <= line.Length; i = line[(i + 1)..].IndexOfAny((byte)'c', (byte)'C') is var next and >= 0 ? i + 1 + next : -1)
        {
            if (System.Text.Ascii.EqualsIgnoreCase(line.Slice(i, Marker.Length), "configlint"u8))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The entry must start on the first line after this comment block: other comment lines may
    /// come between, a blank line (or a continuation line) may not.
    /// </summary>
    private static SuppressionDirective WithTarget(SuppressionDirective directive, SourceText source, int line, Dictionary<int, int> entryByFirstLine)
    {
        var next = line + 1;
        while (next <= source.Lines.Count && LogicalLine.IsComment(source.Lines[next - 1]))
        {
            next++;
        }

        return entryByFirstLine.TryGetValue(next, out var last) ? directive with { TargetFirstLine = next, TargetLastLine = last } : directive;
    }

    /// <summary>A directive, or null when the line is not a <c># configlint:</c> comment at all.</summary>
    private static SuppressionDirective? ParseLine(string line, int n, string path)
    {
        var i = SkipBlanks(line, 0);
        if (i >= line.Length || line[i] != '#')
        {
            return null;
        }

        var hash = i;
        i = SkipBlanks(line, i + 1);
        if (string.Compare(line, i, Marker, 0, Marker.Length, StringComparison.OrdinalIgnoreCase) != 0)
        {
            return null;
        }

        i = SkipBlanks(line, i + Marker.Length);
        if (i >= line.Length || line[i] != ':')
        {
            return null;
        }

        var span = new Span(path, n, hash + 1, n, line.TrimEnd().Length + 1);
        var text = line.Trim();
        SuppressionDirective Malformed(string problem) => new(SuppressionScope.Entry, [], null, span, null, null, problem) { Text = text };

        // action
        i = SkipBlanks(line, i + 1);
        var actionStart = i;
        while (i < line.Length && (char.IsAsciiLetter(line[i]) || line[i] == '-'))
        {
            i++;
        }

        var action = line[actionStart..i];
        i = SkipBlanks(line, i);
        if (action.Length == 0 || i >= line.Length || line[i] != '=')
        {
            return Malformed(NotUnderstood);
        }

        // keys, up to the first "--"; the reason is what follows it
        i = SkipBlanks(line, i + 1);
        var dash = line.IndexOf("--", i, StringComparison.Ordinal);
        var keysEnd = dash < 0 ? line.Length : dash;
        if (i >= keysEnd || line[i] == ',' || IsBlankRange(line, i, keysEnd))
        {
            return Malformed(NotUnderstood);
        }

        var scope = action.ToLowerInvariant() switch
        {
            "disable" => SuppressionScope.Entry,
            "disable-file" => SuppressionScope.File,
            _ => (SuppressionScope?)null,
        };
        string? problem = scope is null ? $"has the unknown action '{Excerpt.Of(action)}'; use disable= or disable-file=" : null;
        var keys = new List<SuppressionKey>();
        var start = i;
        for (var k = i; k <= keysEnd; k++)
        {
            if (k < keysEnd && line[k] != ',')
            {
                continue;
            }

            var (from, to) = Trim(line, start, k);
            start = k + 1;
            if (from == to)
            {
                continue;
            }

            var key = line[from..to];
            if (!IsKey(key))
            {
                problem ??= $"names '{Excerpt.Of(key)}', which is not a rule ID or name; separate rules with commas and put the reason after ' -- '";
                continue;
            }

            keys.Add(new SuppressionKey(key, new Span(path, n, from + 1, n, to + 1)));
        }

        if (keys.Count == 0)
        {
            problem ??= "names no rule";
        }

        var reason = dash < 0 ? null : line[(dash + 2)..].Trim();
        return new SuppressionDirective(scope ?? SuppressionScope.Entry, keys, reason, span, null, null, problem) { Text = text };
    }

    private static int SkipBlanks(string line, int i)
    {
        while (i < line.Length && char.IsWhiteSpace(line[i]))
        {
            i++;
        }

        return i;
    }

    private static bool IsBlankRange(string line, int from, int to)
    {
        for (var k = from; k < to; k++)
        {
            if (!char.IsWhiteSpace(line[k]))
            {
                return false;
            }
        }

        return true;
    }

    private static (int From, int To) Trim(string line, int from, int to)
    {
        while (from < to && char.IsWhiteSpace(line[from]))
        {
            from++;
        }

        while (to > from && char.IsWhiteSpace(line[to - 1]))
        {
            to--;
        }

        return (from, to);
    }

    /// <summary>A rule ID or name: a letter or digit, then letters, digits, '_' and '-'.</summary>
    private static bool IsKey(string key)
    {
        if (!char.IsAsciiLetterOrDigit(key[0]))
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '_' and not '-')
            {
                return false;
            }
        }

        return true;
    }

    private static Dictionary<int, int> EntriesByFirstLine(IEnumerable<(int FirstLine, int LastLine)> entries)
    {
        var map = new Dictionary<int, int>();
        foreach (var (first, last) in entries)
        {
            map.TryAdd(first, last);
        }

        return map;
    }
}
