using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Parsing;

namespace ConfigLint.Core.Model;

/// <summary>
/// The legacy database client references in a parameter value, found as postconf finds them
/// (postconf_dbms.c pcf_register_dbms_helper()): the expanded value is split on commas and blanks with
/// <c>{...}</c> kept together; a braced word is searched again; in <c>type:rest</c>, <c>proxy:</c> (and from
/// 3.11 <c>debug:</c>) is skipped; a rest that is a path (<c>/...</c>, <c>.…</c>) names a client configuration
/// file, a braced rest is searched again (from 3.8 not inside <c>regexp:{...}</c> and <c>pcre:{...}</c>
/// tables), and any other rest of a database client type (<see cref="DatabaseClientParameters"/>) is a
/// legacy prefix: <c>ldap:corp</c> makes <c>corp_server_host</c> and the other ldap parameters known.
/// </summary>
public static class DatabaseReferences
{
    /// <summary>The (type, prefix) pairs in <paramref name="expandedValue"/> as <paramref name="release"/>'s postconf reads them.</summary>
    public static IReadOnlyList<(string Type, string Prefix)> Find(string expandedValue, PostfixRelease release)
    {
        ArgumentNullException.ThrowIfNull(expandedValue);
        ArgumentNullException.ThrowIfNull(release);
        var result = new List<(string, string)>();
        var types = DatabaseClientParameters.Types(release).ToHashSet(StringComparer.Ordinal);
        Scan(expandedValue, release, types, recurse: true, result);
        return result;
    }

    private static void Scan(string text, PostfixRelease release, HashSet<string> types, bool recurse, List<(string, string)> result)
    {
        foreach (var word in Words(text))
        {
            if (word[0] == '{')
            {
                if (recurse)
                {
                    Scan(Unbrace(word), release, types, recurse: true, result);
                }

                continue;
            }

            var type = word;
            string? rest = null;
            while (type.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0)
            {
                rest = type[(colon + 1)..];
                type = type[..colon];
                if (type == "proxy" || (type == "debug" && release.CompareTo(PostfixReleases.Get("3.11")) >= 0))
                {
                    type = rest;
                    rest = null;
                    continue;
                }

                break;
            }

            if (rest is null || rest.Length == 0 || rest[0] is '/' or '.')
            {
                continue;
            }

            if (rest[0] == '{')
            {
                var regex = type is "regexp" or "pcre" && release.CompareTo(PostfixReleases.Get("3.8")) >= 0;
                Scan(Unbrace(rest), release, types, recurse: recurse && !regex, result);
            }
            else if (types.Contains(type))
            {
                result.Add((type, rest));
            }
        }
    }

    /// <summary>mystrtokq(3) with CHARS_COMMA_SP and CHARS_BRACE: words separated by commas and blanks, a {...} group kept whole.</summary>
    private static IEnumerable<string> Words(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || LogicalLine.IsSpace(text[i])))
            {
                i++;
            }

            var start = i;
            var depth = 0;
            while (i < text.Length && (depth > 0 || (text[i] != ',' && !LogicalLine.IsSpace(text[i]))))
            {
                depth += text[i] == '{' ? 1 : text[i] == '}' && depth > 0 ? -1 : 0;
                i++;
            }

            if (i > start)
            {
                yield return text[start..i];
            }
        }
    }

    /// <summary>extpar(3) without stripping: the text between the outer braces.</summary>
    private static string Unbrace(string word)
    {
        var depth = 0;
        for (var i = 0; i < word.Length; i++)
        {
            if (word[i] == '{')
            {
                depth++;
            }
            else if (word[i] == '}' && --depth == 0)
            {
                return word[1..i];
            }
        }

        return word[1..];
    }
}
