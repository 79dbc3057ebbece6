using ConfigLint.Core.Catalogue;

namespace ConfigLint.Core.Tests.Catalogue;

/// <summary>
/// The per-release postconf facts the catalogue is generated from: <c>tests/data/postfix/versions/X.Y/</c>
/// in the repository (README.md there), found from the repository root.
/// </summary>
internal static class ReleaseData
{
    public static string PostfixDataDir => Path.Combine(CatalogueTestData.Root, "tests", "data", "postfix");

    public static string VersionsDir => Path.Combine(PostfixDataDir, "versions");

    public static string ReleasesCatalogueDir => Path.Combine(CatalogueTestData.CatalogueDir, "releases");

    /// <summary>The release folders of the data, oldest first ("3.4" … "3.11").</summary>
    public static IReadOnlyList<string> Series { get; } = Directory.GetDirectories(VersionsDir)
        .Select(Path.GetFileName)
        .OfType<string>()
        .Where(n => PostfixRelease.ParseSeries(n) is not null)
        .OrderBy(n => PostfixRelease.ParseSeries(n)!.Value.Major)
        .ThenBy(n => PostfixRelease.ParseSeries(n)!.Value.Minor)
        .ToList();

    public static string File(string series, string name) => Path.Combine(VersionsDir, series, name);

    /// <summary>(name, value) of every line of a postconf dump of one release.</summary>
    public static IReadOnlyList<(string Name, string Value)> ReadDump(string series, string fileName) =>
        CatalogueTestData.ReadDumpFile(File(series, fileName));

    /// <summary>The compatibility levels a release has postconf -x dumps for, as written in the file names.</summary>
    public static IReadOnlyList<string> DumpedLevels(string series) =>
        Directory.GetFiles(Path.Combine(VersionsDir, series), "postconf-x-compat-*.txt")
            .Select(f => Path.GetFileNameWithoutExtension(f)["postconf-x-compat-".Length..])
            .Order(Comparer<string>.Create(CompatibilityLevels.CompareLevels))
            .ToList();
}
