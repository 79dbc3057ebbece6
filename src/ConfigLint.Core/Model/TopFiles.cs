namespace ConfigLint.Core.Model;

/// <summary>
/// The names of the entries directly in a configuration directory that holds no directory, as
/// discovery listed it shortly before the check (<see cref="ConfigTree.MayExist"/>): a name not among
/// them is not there, and nothing lies below. A fleet's check listed each directory again for PF801's
/// password files and probed its absent aliases file three times, 9 of its 40-odd system calls. A file
/// made between the listing and the check is not seen, as one made after the check would not be.
/// The usual sets (main.cf, master.cf, aliases) are one instance each for all of a fleet's directories.
/// </summary>
public sealed class TopFiles : IEquatable<TopFiles>
{
    private static readonly string[] UsualNames = ["aliases", "main.cf", "master.cf"];

    private static readonly TopFiles[] Usual = [.. Enumerable.Range(0, 1 << UsualNames.Length).Select(mask =>
        new TopFiles([.. UsualNames.Where((_, i) => (mask & (1 << i)) != 0)]))];

    private readonly string[] names;

    private TopFiles(string[] names) => this.names = names;

    /// <summary>The names, in ordinal order.</summary>
    public IReadOnlyList<string> Names => names;

    /// <summary>The entries of a directory that holds no directory (hidden files and links included).</summary>
    public static TopFiles Of(IEnumerable<string> entryNames)
    {
        ArgumentNullException.ThrowIfNull(entryNames);
        var mask = 0;
        foreach (var name in entryNames)
        {
            var usual = Array.IndexOf(UsualNames, name);
            if (usual < 0)
            {
                // Only another set of names is copied (and sorted: a listing's order is not assumed).
                return new TopFiles([.. entryNames.Order(StringComparer.Ordinal)]);
            }

            mask |= 1 << usual;
        }

        return Usual[mask];
    }

    public bool Contains(string name) => Array.BinarySearch(names, name, StringComparer.Ordinal) >= 0;

    /// <summary>The same names (a <see cref="Engine.ConfigInput"/> is compared by value).</summary>
    public bool Equals(TopFiles? other) => other is not null && names.AsSpan().SequenceEqual(other.names);

    public override bool Equals(object? obj) => Equals(obj as TopFiles);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var name in names)
        {
            hash.Add(name, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }
}
