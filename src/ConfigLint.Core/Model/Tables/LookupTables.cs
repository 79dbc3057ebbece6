using ConfigLint.Core.Text;

namespace ConfigLint.Core.Model.Tables;

/// <summary>
/// The lookup tables a configuration names, read from the analysed tree when their contents are
/// a file ConfigLint evaluates. A table that is not in the tree, or of a type ConfigLint does not
/// evaluate, has unknown answers: rules name it instead of guessing.
/// </summary>
public sealed class LookupTables
{
    private readonly Dictionary<string, CidrTable?> cidr = new(StringComparer.Ordinal);
    private readonly ConfigTree tree;
    private readonly Func<string> configDirectory;

    internal LookupTables(ConfigTree tree, Func<string> configDirectory)
    {
        this.tree = tree;
        this.configDirectory = configDirectory;
    }

    /// <summary>The <c>cidr:</c> table <paramref name="reference"/> names, read from the tree; null when it is another type or not in the tree.</summary>
    public CidrTable? Cidr(TableReference reference)
    {
        if (!reference.Type.Equals("cidr", StringComparison.OrdinalIgnoreCase) || !reference.IsFile)
        {
            return null;
        }

        if (cidr.TryGetValue(reference.Name, out var cached))
        {
            return cached;
        }

        var relative = tree.Map(reference.Name, configDirectory());
        var source = relative is null ? null : tree.Read(relative, new List<Diagnostic>());
        var table = source is null ? null : CidrTable.Parse(reference, source);
        cidr[reference.Name] = table;
        return table;
    }
}
