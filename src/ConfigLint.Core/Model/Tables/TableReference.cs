using ConfigLint.Core.Text;

namespace ConfigLint.Core.Model.Tables;

/// <summary>
/// A lookup table named in a parameter value, <c>type:name</c> (postconf(5), DATABASE_README):
/// <c>cidr:/etc/postfix/clients</c>, <c>hash:/etc/postfix/access</c>, <c>inline:{ ... }</c>.
/// </summary>
public sealed record TableReference(string Type, string Name, Span? Span)
{
    /// <summary>Types whose contents live in a file ConfigLint can read: the text itself, or the source a <c>postmap</c> database is built from.</summary>
    private static readonly HashSet<string> FileTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "cidr", "texthash", "regexp", "pcre", "hash", "btree", "lmdb", "cdb", "dbm", "sdbm",
    };

    /// <summary>Types built by <c>postmap</c> from a text source of the same name without the suffix.</summary>
    private static readonly HashSet<string> IndexedTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "hash", "btree", "lmdb", "cdb", "dbm", "sdbm",
    };

    /// <summary><c>type:name</c> as written.</summary>
    public string Text => $"{Type}:{Name}";

    /// <summary>True when the table's contents are a file (and not a database server, a socket or a proxy).</summary>
    public bool IsFile => FileTypes.Contains(Type) && Name.StartsWith('/');

    /// <summary>True for a table compiled by postmap, whose source is <see cref="Name"/> as a text file.</summary>
    public bool IsIndexed => IndexedTypes.Contains(Type);

    /// <summary>Reads <c>type:name</c>; null when the text has no <c>:</c> or an empty type.</summary>
    public static TableReference? Parse(string text, Span? span)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return null;
        }

        return new TableReference(text[..colon], text[(colon + 1)..], span);
    }

    public override string ToString() => Text;
}
