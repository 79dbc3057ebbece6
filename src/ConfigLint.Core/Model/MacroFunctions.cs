using System.Globalization;

namespace ConfigLint.Core.Model;

/// <summary>
/// The named functions of Postfix 3.11 <c>$name</c> expansion (util/mac_midna.c): <c>${domain_to_ascii{text}}</c>
/// and <c>${domain_to_utf8{text}}</c>. Each returns null where Postfix fails ("bad domain argument").
/// </summary>
internal static class MacroFunctions
{
    private static readonly IdnMapping Idn = new();

    /// <summary>An all-ASCII name is returned as it is; any other is converted to its A-labels (midna_domain_to_ascii()).</summary>
    public static string? DomainToAscii(string name)
    {
        if (name.All(char.IsAscii))
        {
            return name;
        }

        try
        {
            return Idn.GetAscii(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>A name with non-ASCII characters is returned as it is; an ASCII one gets its A-labels converted to U-labels (midna_domain_to_utf8()).</summary>
    public static string? DomainToUtf8(string name)
    {
        if (!name.All(char.IsAscii) || name.Length == 0)
        {
            return name;
        }

        try
        {
            return Idn.GetUnicode(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
