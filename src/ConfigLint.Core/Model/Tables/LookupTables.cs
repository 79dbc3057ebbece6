using ConfigLint.Core.Text;

namespace ConfigLint.Core.Model.Tables;

/// <summary>
/// The lookup tables a configuration names, read from the analysed tree: the text of
/// <c>cidr:</c>, <c>texthash:</c>, <c>regexp:</c> and <c>pcre:</c> tables, and for <c>hash:</c>,
/// <c>btree:</c>, <c>lmdb:</c>, <c>cdb:</c>, <c>dbm:</c> and <c>sdbm:</c> the source file postmap
/// builds them from (the name without <c>.db</c>). <c>/etc/postfix/...</c> maps onto the tree
/// (<see cref="ConfigTree.Map"/>). A table that is not in the tree, or of a type ConfigLint does not
/// evaluate (a database server, a socket, a proxy), has unknown answers: rules name it instead
/// of guessing.
/// </summary>
public sealed class LookupTables
{
    private readonly Dictionary<string, AccessTable?> cache = new(StringComparer.Ordinal);
    private readonly ConfigTree tree;
    private readonly Func<string> configDirectory;

    internal LookupTables(ConfigTree tree, Func<string> configDirectory)
    {
        this.tree = tree;
        this.configDirectory = configDirectory;
    }

    /// <summary>The <c>cidr:</c> table <paramref name="reference"/> names; null when it is another type or not in the tree.</summary>
    public CidrTable? Cidr(TableReference reference) => Find(reference) as CidrTable;

    /// <summary>The table <paramref name="reference"/> names, read from the tree; null when ConfigLint cannot read it.</summary>
    public AccessTable? Find(TableReference reference)
    {
        var key = reference.Type.ToLowerInvariant() + ":" + reference.Name;
        if (cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var table = Read(reference);
        cache[key] = table;
        return table;
    }

    /// <summary>
    /// Where in the tree the table's text is, or null. For an indexed table that is the name as
    /// written: postmap reads <c>/etc/postfix/access</c> and writes <c>/etc/postfix/access.db</c>
    /// (or <c>.lmdb</c>, <c>.cdb</c>), which smtpd opens for <c>hash:/etc/postfix/access</c>.
    /// </summary>
    public string? SourcePath(TableReference reference) =>
        reference.IsFile ? tree.Map(reference.Name, configDirectory()) : null;

    private AccessTable? Read(TableReference reference)
    {
        var type = reference.Type.ToLowerInvariant();
        if (type == "static")
        {
            return StaticTable.Of(reference);
        }

        var relative = SourcePath(reference);
        var source = relative is null ? null : tree.Read(relative, new List<Diagnostic>());
        if (source is null)
        {
            return null;
        }

        return type switch
        {
            "cidr" => CidrTable.Parse(reference, source),
            "regexp" or "pcre" => PatternTable.Parse(reference, source),
            _ => KeyedTable.Parse(reference, source),
        };
    }
}
