namespace ConfigLint.Fuzz;

/// <summary>
/// Shrinks a failing input while it still fails the same way (delta debugging): whole files first,
/// then chunks of lines, then chunks of bytes, halving the chunk size each round. Bounded by a
/// number of attempts, so a slow failure cannot make minimisation endless.
/// </summary>
public static class Minimizer
{
    public static FuzzCase Minimize(FuzzCase input, Func<FuzzCase, bool> stillFails, int maxAttempts = 2000)
    {
        var attempts = 0;
        bool Try(FuzzCase candidate) => attempts++ < maxAttempts && stillFails(candidate);

        var current = input;
        foreach (var file in current.Files.Keys.Order(StringComparer.Ordinal).ToList())
        {
            if (current.Files.Count > 1 && Try(current.With(file, null, "minimise")) is true)
            {
                current = current.With(file, null, "minimised");
            }
        }

        foreach (var file in current.Files.Keys.Order(StringComparer.Ordinal).ToList())
        {
            current = Shrink(current, file, SplitLines, JoinLines, Try);
            current = Shrink(current, file, b => [.. b.Select(x => new[] { x })], parts => [.. parts.SelectMany(p => p)], Try);
        }

        return new FuzzCase(current.Files, input.Origin + " | minimised");
    }

    /// <summary>ddmin over the parts of one file: remove chunks of n/2, n/4, … parts while the failure stays.</summary>
    private static FuzzCase Shrink(FuzzCase current, string file, Func<byte[], List<byte[]>> split, Func<List<byte[]>, byte[]> join, Func<FuzzCase, bool> tryCandidate)
    {
        if (!current.Files.TryGetValue(file, out var content))
        {
            return current;
        }

        var parts = split(content);
        for (var chunk = Math.Max(1, parts.Count / 2); chunk >= 1; chunk /= 2)
        {
            var start = 0;
            while (start < parts.Count)
            {
                var candidateParts = parts.Take(start).Concat(parts.Skip(start + chunk)).ToList();
                var candidate = current.With(file, join(candidateParts), "minimise");
                if (tryCandidate(candidate))
                {
                    parts = candidateParts;
                    current = candidate;
                }
                else
                {
                    start += chunk;
                }
            }

            if (chunk == 1)
            {
                break;
            }
        }

        return current;
    }

    private static List<byte[]> SplitLines(byte[] bytes)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                lines.Add(bytes[start..(i + 1)]);
                start = i + 1;
            }
        }

        if (start < bytes.Length)
        {
            lines.Add(bytes[start..]);
        }

        return lines;
    }

    private static byte[] JoinLines(List<byte[]> lines) => [.. lines.SelectMany(l => l)];
}
