namespace ConfigLint.Core.Catalogue;

/// <summary>Reads the generated catalogue TSV files (tools/generate-catalogue.sh).</summary>
internal static class CatalogueTsv
{
    /// <summary>The data rows of a TSV file: '#' lines are comments, the first other line is the header.</summary>
    public static IEnumerable<(int Line, string[] Fields)> Rows(string text, string file, string[] header)
    {
        var lineNumber = 0;
        var sawHeader = false;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.EndsWith('\r') ? rawLine[..^1] : rawLine; // tolerate a CRLF checkout
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split('\t');
            if (fields.Length != header.Length)
            {
                throw new InvalidDataException($"{file} line {lineNumber}: expected {header.Length} tab-separated fields, found {fields.Length}.");
            }

            if (!sawHeader)
            {
                if (!fields.SequenceEqual(header, StringComparer.Ordinal))
                {
                    throw new InvalidDataException($"{file} line {lineNumber}: expected the header \"{string.Join("\\t", header)}\".");
                }

                sawHeader = true;
                continue;
            }

            yield return (lineNumber, fields);
        }

        if (!sawHeader)
        {
            throw new InvalidDataException($"{file}: no header line.");
        }
    }
}
