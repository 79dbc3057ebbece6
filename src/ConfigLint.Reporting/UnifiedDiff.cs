using System.Text;

namespace ConfigLint.Reporting;

/// <summary>
/// A unified diff (diff -u, git diff) of two versions of one text file, for <c>configlint fix --diff</c>.
/// Lines keep their own terminators, so a CRLF file shows CRLF lines and a missing final newline is
/// marked as diff marks it ("\ No newline at end of file").
/// </summary>
public static class UnifiedDiff
{
    private const int Context = 3;

    public static string Render(string path, string before, string after)
    {
        var a = Split(before);
        var b = Split(after);
        var script = Script(a, b);
        var sb = new StringBuilder();
        // A repository path gets git's a/ and b/ (git apply from the root); a file outside the
        // repository keeps its absolute name, as diff -u writes it (patch -p0), not "a//etc/...".
        var (oldName, newName) = path.StartsWith('/') ? (path, path) : ("a/" + path, "b/" + path);
        sb.Append("--- ").Append(oldName).Append('\n');
        sb.Append("+++ ").Append(newName).Append('\n');
        var i = 0;
        while (i < script.Count)
        {
            if (script[i].Kind == ' ')
            {
                i++;
                continue;
            }

            // A hunk: changes with up to Context unchanged lines around them, merged while gaps are small.
            var start = Math.Max(0, i - Context);
            var end = i;
            while (end < script.Count)
            {
                if (script[end].Kind != ' ')
                {
                    end++;
                    continue;
                }

                var run = end;
                while (run < script.Count && script[run].Kind == ' ')
                {
                    run++;
                }

                if (run == script.Count || run - end > 2 * Context)
                {
                    end = Math.Min(script.Count, end + Context);
                    break;
                }

                end = run;
            }

            var hunk = script.GetRange(start, end - start);
            var oldStart = script.Take(start).Count(e => e.Kind != '+') + 1;
            var newStart = script.Take(start).Count(e => e.Kind != '-') + 1;
            var oldCount = hunk.Count(e => e.Kind != '+');
            var newCount = hunk.Count(e => e.Kind != '-');
            sb.Append("@@ -").Append(Range(oldStart, oldCount)).Append(" +").Append(Range(newStart, newCount)).Append(" @@\n");
            foreach (var e in hunk)
            {
                sb.Append(e.Kind).Append(e.Line);
                if (!e.Line.EndsWith('\n'))
                {
                    sb.Append("\n\\ No newline at end of file\n");
                }
            }

            i = end;
        }

        return sb.ToString();
    }

    private static string Range(int start, int count) => count == 1 ? $"{start}" : $"{(count == 0 ? start - 1 : start)},{count}";

    /// <summary>Lines with their terminators.</summary>
    private static List<string> Split(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var k = 0; k < text.Length; k++)
        {
            if (text[k] == '\n')
            {
                lines.Add(text[start..(k + 1)]);
                start = k + 1;
            }
        }

        if (start < text.Length)
        {
            lines.Add(text[start..]);
        }

        return lines;
    }

    /// <summary>The edit script from <paramref name="a"/> to <paramref name="b"/>: the longest common subsequence, then deletions before insertions.</summary>
    private static List<(char Kind, string Line)> Script(List<string> a, List<string> b)
    {
        // Common prefix and suffix first: a fix touches a few lines of a long file.
        var prefix = 0;
        while (prefix < a.Count && prefix < b.Count && a[prefix] == b[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Count - prefix && suffix < b.Count - prefix && a[^(suffix + 1)] == b[^(suffix + 1)])
        {
            suffix++;
        }

        var x = a.GetRange(prefix, a.Count - prefix - suffix);
        var y = b.GetRange(prefix, b.Count - prefix - suffix);
        if ((long)x.Count * y.Count > 4_000_000)
        {
            // Too far apart for the quadratic table: show the middle as replaced, which is still a correct diff.
            return [.. a.Take(prefix).Select(l => (' ', l)), .. x.Select(l => ('-', l)), .. y.Select(l => ('+', l)), .. a.Skip(a.Count - suffix).Select(l => (' ', l))];
        }

        var lcs = new int[x.Count + 1, y.Count + 1];
        for (var i = x.Count - 1; i >= 0; i--)
        {
            for (var j = y.Count - 1; j >= 0; j--)
            {
                lcs[i, j] = x[i] == y[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var script = a.Take(prefix).Select(l => (' ', l)).ToList();
        int p = 0, q = 0;
        while (p < x.Count || q < y.Count)
        {
            if (p < x.Count && q < y.Count && x[p] == y[q])
            {
                script.Add((' ', x[p++]));
                q++;
            }
            else if (q >= y.Count || (p < x.Count && lcs[p + 1, q] >= lcs[p, q + 1]))
            {
                script.Add(('-', x[p++]));
            }
            else
            {
                script.Add(('+', y[q++]));
            }
        }

        script.AddRange(a.Skip(a.Count - suffix).Select(l => (' ', l)));
        return script;
    }
}
