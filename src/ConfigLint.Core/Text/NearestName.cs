namespace ConfigLint.Core.Text;

/// <summary>"Did you mean …": the closest of a set of names to a mistyped one, by edit distance.</summary>
public static class NearestName
{
    /// <summary>
    /// The candidate closest to <paramref name="typed"/> (case-insensitive Levenshtein distance), or
    /// null when none is close enough to be a plausible typo: at most a third of the typed length,
    /// and never more than 3 edits. Ties go to the candidate listed first.
    /// </summary>
    public static string? Find(string typed, IEnumerable<string> candidates)
    {
        var limit = Math.Min(3, Math.Max(1, typed.Length / 3));
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            if (Math.Abs(candidate.Length - typed.Length) > limit)
            {
                continue;
            }

            var d = Distance(typed, candidate, limit);
            if (d < bestDistance && d <= limit)
            {
                best = candidate;
                bestDistance = d;
            }
        }

        return best is not null && !string.Equals(best, typed, StringComparison.Ordinal) ? best : null;
    }

    /// <summary><c> (did you mean 'x'?)</c>, or empty when nothing is close.</summary>
    public static string Hint(string typed, IEnumerable<string> candidates) =>
        Find(typed, candidates) is { } near ? $" (did you mean '{near}'?)" : string.Empty;

    /// <summary>Case-insensitive Levenshtein distance; stops early once every path exceeds <paramref name="limit"/>.</summary>
    private static int Distance(string a, string b, int limit)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowMin = Math.Min(rowMin, current[j]);
            }

            if (rowMin > limit)
            {
                return rowMin;
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
