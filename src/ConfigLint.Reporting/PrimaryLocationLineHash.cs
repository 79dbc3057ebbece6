using System.Globalization;

namespace ConfigLint.Reporting;

/// <summary>
/// GitHub's <c>primaryLocationLineHash</c>: a port of <c>hash</c> in github/codeql-action
/// <c>src/fingerprints.ts</c>. upload-sarif fills this key itself only when it can read the file
/// from the checkout (and the REST upload never does), and it keeps a value that is already there,
/// so computing the same value here is what makes alerts survive unrelated line moves wherever the
/// SARIF is uploaded from.
/// </summary>
/// <remarks>
/// For every line, a base-37 rolling hash over the next 100 characters of the file from the start
/// of that line, skipping spaces and tabs and reading CR, LF and CRLF all as LF (so the window runs
/// on into following lines), followed by an end-of-file marker and NUL padding. The value is the
/// hash as unpadded lowercase hex plus <c>:n</c>, where n counts earlier lines of the file with the
/// same hash. The arithmetic is signed 64-bit with wrap-around, as the <c>long</c> npm package
/// that the action uses.
/// </remarks>
public static class PrimaryLocationLineHash
{
    private const int BlockSize = 100;
    private const long Mod = 37;
    private const char Tab = '\t';
    private const char Space = ' ';
    private const char Lf = '\n';
    private const char Cr = '\r';

    // The action feeds 65535 after the last character: it is a JavaScript charCode, so a UTF-16 unit here.
    private const int Eof = 65535;

    private static readonly long FirstMod = ComputeFirstMod();

    /// <summary>
    /// The hash of every line of <paramref name="text"/>; index 0 is line 1. Lines are numbered the
    /// way the action numbers them: a lone CR also ends a line, and text that ends with a line
    /// terminator has one more, empty, last line.
    /// </summary>
    public static IReadOnlyList<string> Compute(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var roller = new Roller(text.Length / 32);
        foreach (var c in text)
        {
            roller.Feed(c);
        }

        return roller.Finish();
    }

    /// <summary>
    /// The hashes of a file given as its physical lines without terminators (what
    /// <c>SourceText.Lines</c> holds). Those lines no longer say whether the file ended with a
    /// newline; configuration files almost always do, so one is assumed. Without it the action would
    /// differ only on the last lines of the file (the ones whose 100-character window reaches the end).
    /// </summary>
    /// <remarks>
    /// The lines are read where they are (no copy of the file is assembled), and a line's text
    /// (hex and count) is made only when it is asked for: a SARIF log needs it for the few lines
    /// that carry a result, while the count needs the hash of every earlier line.
    /// </remarks>
    public static IReadOnlyList<string> ComputeFromLines(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
        {
            return Compute(string.Empty);
        }

        var roller = new Roller(lines.Count + 1);
        for (var i = 0; i < lines.Count; i++)
        {
            foreach (var c in lines[i])
            {
                roller.Feed(c);
            }

            roller.Feed(Lf);
        }

        return roller.Finish();
    }

    /// <summary>The rolling hash of <c>hash</c> in fingerprints.ts, fed one UTF-16 unit at a time.</summary>
    private sealed class Roller(int expectedLines)
    {
        private readonly int[] window = new int[BlockSize];
        private readonly int[] lineNumbers = CreateLineNumbers();

        // Counted by the hash's value (its hex text is the same exactly when the value is).
        private readonly Dictionary<ulong, int> hashCounts = new(expectedLines);
        private readonly List<ulong> values = new(expectedLines);
        private readonly List<int> counts = new(expectedLines);
        private long hashRaw;
        private int index;
        private int lineNumber;
        private bool lineStart = true;
        private bool prevCR;

        public void Feed(int current)
        {
            if (current == Space || current == Tab || (prevCR && current == Lf))
            {
                prevCR = false;
                return;
            }

            if (current == Cr)
            {
                current = Lf;
                prevCR = true;
            }
            else
            {
                prevCR = false;
            }

            if (lineNumbers[index] != -1)
            {
                OutputHash();
            }

            if (lineStart)
            {
                lineStart = false;
                lineNumber++;
                lineNumbers[index] = lineNumber;
            }

            if (current == Lf)
            {
                lineStart = true;
            }

            UpdateHash(current);
        }

        public LineHashes Finish()
        {
            Feed(Eof);
            for (var i = 0; i < BlockSize; i++)
            {
                if (lineNumbers[index] != -1)
                {
                    OutputHash();
                }

                UpdateHash(0);
            }

            return new LineHashes(values, counts);
        }

        private static int[] CreateLineNumbers()
        {
            var numbers = new int[BlockSize];
            Array.Fill(numbers, -1);
            return numbers;
        }

        // Lines leave the window in order, so the line of each output is the next one.
        private void OutputHash()
        {
            var hashValue = (ulong)hashRaw;
            var count = hashCounts.GetValueOrDefault(hashValue) + 1;
            hashCounts[hashValue] = count;
            values.Add(hashValue);
            counts.Add(count);
            lineNumbers[index] = -1;
        }

        private void UpdateHash(int current)
        {
            var begin = window[index];
            window[index] = current;
            unchecked
            {
                hashRaw = (Mod * hashRaw) + current - (FirstMod * begin);
            }

            index = (index + 1) % BlockSize;
        }
    }

    /// <summary>The hashes of a file's lines, each written out (hex, colon, count) when it is read.</summary>
    private sealed class LineHashes(List<ulong> values, List<int> counts) : IReadOnlyList<string>
    {
        public int Count => values.Count;

        public string this[int index] => string.Create(CultureInfo.InvariantCulture, $"{values[index]:x}:{counts[index]}");

        public IEnumerator<string> GetEnumerator()
        {
            for (var i = 0; i < values.Count; i++)
            {
                yield return this[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private static long ComputeFirstMod()
    {
        long firstMod = 1;
        unchecked
        {
            for (var i = 0; i < BlockSize; i++)
            {
                firstMod *= Mod;
            }
        }

        return firstMod;
    }
}
