using ConfigLint.TestSupport;

namespace ConfigLint.Core.Tests.Differential;

/// <summary>One line of exceptions.tsv: a file on which postconf/postalias itself fails in a mode.</summary>
public sealed record DifferentialException(string File, string Mode, string Reason, int Line);

/// <summary>
/// <c>tests/ConfigLint.Core.Tests/Differential/exceptions.tsv</c>, read from the repository
/// (<see cref="RepoPaths.Root"/>): <c>file&lt;TAB&gt;mode&lt;TAB&gt;reason</c> per line, blank lines and
/// <c>#</c> comments allowed. <c>file</c> is the input's display name (<c>corpus/…</c>,
/// <c>samples/…</c>), <c>mode</c> one of <see cref="Modes"/>. A line is allowed only where the
/// real tool exits non-zero on the file; one that no longer does is stale and fails the test.
/// </summary>
public static class DifferentialExceptions
{
    /// <summary>The file's path relative to the repository root.</summary>
    public const string RelativePath = "tests/ConfigLint.Core.Tests/Differential/exceptions.tsv";

    /// <summary>The modes, by input kind.</summary>
    public static readonly IReadOnlyDictionary<InputKind, string[]> Modes = new Dictionary<InputKind, string[]>
    {
        [InputKind.MainCf] = ["-n", "-nx"],
        [InputKind.MasterCf] = ["-M", "-P"],
        [InputKind.Aliases] = ["postalias"],
    };

    /// <summary>The full path of the file.</summary>
    public static string FullPath => Path.Combine(RepoPaths.Root, RelativePath);

    /// <summary>Reads and syntax-checks the file (a missing file means no exceptions).</summary>
    public static IReadOnlyList<DifferentialException> Load()
    {
        var path = FullPath;
        if (!File.Exists(path))
        {
            return [];
        }

        var result = new List<DifferentialException>();
        var lines = File.ReadAllLines(path);
        for (var n = 1; n <= lines.Length; n++)
        {
            var line = lines[n - 1];
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split('\t');
            if (fields.Length != 3 || fields.Any(f => f.Trim().Length == 0))
            {
                throw new FormatException($"{RelativePath}, line {n}: expected file<TAB>mode<TAB>reason, got \"{line}\"");
            }

            if (!Modes.Values.Any(m => m.Contains(fields[1])))
            {
                throw new FormatException(
                    $"{RelativePath}, line {n}: unknown mode \"{fields[1]}\" (one of {string.Join(", ", Modes.Values.SelectMany(m => m))})");
            }

            result.Add(new DifferentialException(fields[0].Trim(), fields[1], fields[2].Trim(), n));
        }

        return result;
    }
}
