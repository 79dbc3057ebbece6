namespace ConfigLint.Core.Tests.Catalogue;

/// <summary>
/// Paths and readers for the postconf dumps the catalogue is generated from. The repository root is
/// the nearest ancestor of the test binaries holding ConfigLint.sln; the postconf dumps are in
/// <c>&lt;root&gt;/tests/data/postfix</c>.
/// </summary>
internal static class CatalogueTestData
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    public static string Root => RootLazy.Value;

    /// <summary>The test data inside the repository (tests/data).</summary>
    public static string Shared => Path.Combine(Root, "tests", "data");

    public static string PostfixDir => Path.Combine(Shared, "postfix");

    public static string CatalogueDir => Path.Combine(Root, "src", "ConfigLint.Core", "Catalogue");

    /// <summary>(name, raw default) of every line of a <c>postconf -d</c> dump, split after <c>name = </c>.</summary>
    public static IReadOnlyList<(string Name, string Default)> ReadDump(string fileName) => ReadDumpFile(Path.Combine(PostfixDir, fileName));

    /// <summary>(name, raw default) of every line of the <c>postconf -d</c> / <c>-x</c> dump at <paramref name="path"/>.</summary>
    public static IReadOnlyList<(string Name, string Default)> ReadDumpFile(string path)
    {
        var result = new List<(string, string)>();
        foreach (var line in File.ReadAllLines(path))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            space.ShouldBeGreaterThan(0, $"not a postconf line: {line}");
            var name = line[..space];
            var rest = line[space..];
            if (rest == " =")
            {
                result.Add((name, string.Empty));
            }
            else
            {
                rest.ShouldStartWith(" = ", customMessage: $"not a postconf line: {line}");
                result.Add((name, rest[3..]));
            }
        }

        return result;
    }

    /// <summary>(service, command) of every entry of Debian's shipped master.cf (fields 1 and 8).</summary>
    public static IReadOnlyList<(string serviceName, string command)> DebianMasterServices()
    {
        var services = new List<(string, string)>();
        foreach (var line in File.ReadAllLines(Path.Combine(PostfixDir, "debian-shipped", "master.cf")))
        {
            if (line.Length == 0 || char.IsWhiteSpace(line[0]) || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            services.Add((fields[0], fields[7]));
        }

        return services;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ConfigLint.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No ConfigLint.sln above {AppContext.BaseDirectory}.");
    }
}
