using System.Globalization;
using System.Text;

namespace ConfigLint.Fuzz;

/// <summary>
/// tests/fuzz-regressions/: one directory per minimised failure, <c>KIND-HASH/</c>, holding the
/// input under <c>input/</c> (a configuration directory) and <c>failure.txt</c> (what failed, and
/// how the fuzzer found it). tests/ConfigLint.Cli.Tests runs every one as a regression test.
/// </summary>
public static class Regressions
{
    public const string InputDirectory = "input";

    public const string FailureFile = "failure.txt";

    /// <summary>Saves a failure (once per content); returns its directory.</summary>
    public static string Save(string regressionsRoot, FuzzCase input, Failure failure, string foundBy)
    {
        var name = $"{failure.Kind.ToString().ToLowerInvariant()}-{input.Hash()}";
        var dir = Path.Combine(regressionsRoot, name);
        input.WriteTo(Path.Combine(dir, InputDirectory));
        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"kind: {failure.Kind}")
            .AppendLine(CultureInfo.InvariantCulture, $"detail: {failure.Detail}")
            .AppendLine(CultureInfo.InvariantCulture, $"found by: {foundBy}")
            .AppendLine(CultureInfo.InvariantCulture, $"from: {input.Origin}")
            .AppendLine("expected now: configlint check input exits 0, 1 or 2, with every finding located, the same answer twice, within the budget.");
        File.WriteAllText(Path.Combine(dir, FailureFile), text.ToString());
        return dir;
    }

    /// <summary>Every saved regression directory under <paramref name="regressionsRoot"/>.</summary>
    public static IEnumerable<string> All(string regressionsRoot) =>
        Directory.Exists(regressionsRoot)
            ? Directory.GetDirectories(regressionsRoot).Where(d => Directory.Exists(Path.Combine(d, InputDirectory))).Order(StringComparer.Ordinal)
            : [];

    /// <summary>The input of a saved regression.</summary>
    public static FuzzCase Load(string regressionDirectory) =>
        FuzzCase.ReadFrom(Path.Combine(regressionDirectory, InputDirectory), Path.GetFileName(regressionDirectory));
}
