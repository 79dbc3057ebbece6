using System.Globalization;
using System.Text;

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

        var window = new int[BlockSize];
        var lineNumbers = new int[BlockSize];
        Array.Fill(lineNumbers, -1);

        long hashRaw = 0;
        var index = 0;
        var lineNumber = 0;
        var lineStart = true;
        var prevCR = false;
        // Counted by the hash's value (its hex text is the same exactly when the value is): one string a
        // line, the one that is output.
        var hashCounts = new Dictionary<ulong, int>();
        var hashes = new List<string>();

        void OutputHash()
        {
            var hashValue = (ulong)hashRaw;
            var count = hashCounts.GetValueOrDefault(hashValue) + 1;
            hashCounts[hashValue] = count;

            // Lines leave the window in order, so the line number of each output is hashes.Count + 1.
            hashes.Add(string.Create(CultureInfo.InvariantCulture, $"{hashValue:x}:{count}"));
            lineNumbers[index] = -1;
        }

        void UpdateHash(int current)
        {
            var begin = window[index];
            window[index] = current;
            unchecked
            {
                hashRaw = (Mod * hashRaw) + current - (FirstMod * begin);
            }

            index = (index + 1) % BlockSize;
        }

        void ProcessCharacter(int current)
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

        foreach (var c in text)
        {
            ProcessCharacter(c);
        }

        ProcessCharacter(Eof);

        for (var i = 0; i < BlockSize; i++)
        {
            if (lineNumbers[index] != -1)
            {
                OutputHash();
            }

            UpdateHash(0);
        }

        return hashes;
    }

    /// <summary>
    /// The hashes of a file given as its physical lines without terminators (what
    /// <c>SourceText.Lines</c> holds). Those lines no longer say whether the file ended with a
    /// newline; configuration files almost always do, so one is assumed. Without it the action would
    /// differ only on the last lines of the file (the ones whose 100-character window reaches the end).
    /// </summary>
    public static IReadOnlyList<string> ComputeFromLines(IReadOnlyList<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
        {
            return Compute(string.Empty);
        }

        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append(line).Append('\n');
        }

        return Compute(text.ToString());
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
