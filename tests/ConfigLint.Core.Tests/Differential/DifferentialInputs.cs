using ConfigLint.TestSupport;

namespace ConfigLint.Core.Tests.Differential;

/// <summary>What a differential input file is, whatever its file name.</summary>
public enum InputKind
{
    MainCf,
    MasterCf,
    Aliases,
}

/// <summary>One file the differential tests compare against postconf/postalias.</summary>
/// <param name="Display">
/// The name used in messages and in exceptions.tsv: <c>corpus/…</c> (the MANIFEST's
/// <c>local_file</c>, relative to the shared kit) or <c>samples/…</c> (relative to the repository).
/// </param>
/// <param name="FullPath">The file on disk.</param>
/// <param name="Kind">main.cf, master.cf or aliases.</param>
public sealed record DifferentialInput(string Display, string FullPath, InputKind Kind)
{
    public override string ToString() => Display;
}

/// <summary>
/// The inputs of the differential tests: every main.cf, master.cf and aliases file of
/// <c>tests/data/corpus</c> (by the MANIFEST's <c>kind</c> column, since the corpus file names are
/// not the standard ones), and every file named exactly <c>main.cf</c>, <c>master.cf</c> or
/// <c>aliases</c> anywhere under <c>samples/</c>, as found at run time.
/// </summary>
public static class DifferentialInputs
{
    private static readonly Lazy<IReadOnlyList<DifferentialInput>> AllLazy = new(Discover);

    /// <summary>Every input, sorted by <see cref="DifferentialInput.Display"/>.</summary>
    public static IReadOnlyList<DifferentialInput> All => AllLazy.Value;

    /// <summary>The inputs of one kind.</summary>
    public static IReadOnlyList<DifferentialInput> OfKind(InputKind kind) => All.Where(i => i.Kind == kind).ToList();

    /// <summary>The kind as the MANIFEST and the messages spell it.</summary>
    public static string Name(InputKind kind) => kind switch
    {
        InputKind.MainCf => "main.cf",
        InputKind.MasterCf => "master.cf",
        _ => "aliases",
    };

    private static IReadOnlyList<DifferentialInput> Discover()
    {
        var inputs = new List<DifferentialInput>();
        inputs.AddRange(FromManifest());
        inputs.AddRange(FromSamples());
        return inputs.OrderBy(i => i.Display, StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<DifferentialInput> FromManifest()
    {
        var manifest = Path.Combine(RepoPaths.Corpus, "MANIFEST.tsv");
        if (!File.Exists(manifest))
        {
            throw new FileNotFoundException($"The corpus manifest is missing: {manifest}", manifest);
        }

        var lines = File.ReadAllLines(manifest);
        var header = lines[0].Split('\t');
        var fileColumn = Array.IndexOf(header, "local_file");
        var kindColumn = Array.IndexOf(header, "kind");
        if (fileColumn < 0 || kindColumn < 0)
        {
            throw new InvalidDataException($"{manifest}: the header lacks local_file or kind: {lines[0]}");
        }

        for (var n = 1; n < lines.Length; n++)
        {
            if (lines[n].Trim().Length == 0)
            {
                continue;
            }

            var fields = lines[n].Split('\t');
            var local = fields[fileColumn];
            if (!local.StartsWith("corpus/", StringComparison.Ordinal))
            {
                continue; // corpus-templates/: Jinja/ERB, not Postfix syntax.
            }

            var kind = fields[kindColumn] switch
            {
                "main.cf" => InputKind.MainCf,
                "master.cf" => InputKind.MasterCf,
                "aliases" => InputKind.Aliases,
                var other => throw new InvalidDataException($"{manifest}, line {n + 1}: unknown kind \"{other}\""),
            };
            var full = Path.Combine(RepoPaths.Data, local);
            if (!File.Exists(full))
            {
                throw new FileNotFoundException($"{manifest}, line {n + 1}: {full} does not exist", full);
            }

            yield return new DifferentialInput(local, full, kind);
        }
    }

    private static IEnumerable<DifferentialInput> FromSamples()
    {
        if (!Directory.Exists(RepoPaths.Samples))
        {
            yield break;
        }

        foreach (var file in Directory.EnumerateFiles(RepoPaths.Samples, "*", SearchOption.AllDirectories))
        {
            InputKind? kind = Path.GetFileName(file) switch
            {
                "main.cf" => InputKind.MainCf,
                "master.cf" => InputKind.MasterCf,
                "aliases" => InputKind.Aliases,
                _ => null,
            };
            if (kind is { } k)
            {
                var display = "samples/" + Path.GetRelativePath(RepoPaths.Samples, file).Replace('\\', '/');
                yield return new DifferentialInput(display, file, k);
            }
        }
    }
}
