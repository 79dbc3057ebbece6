namespace ConfigLint.Core.Text;

/// <summary>
/// A 64-bit summary of a small set of parameter names (what main.cf writes, what the host supplies):
/// a name whose bit is clear is certainly not in the set, found without hashing the whole name. Most
/// names a check asks about are not written (some 150 defaults against a dozen settings), and a
/// fleet's check spent a tenth of its time in string dictionaries, half of it answering "not there".
/// </summary>
internal readonly record struct NameFilter(ulong Bits)
{
    /// <summary>The filter of <paramref name="names"/>.</summary>
    public static NameFilter Of(IEnumerable<string> names)
    {
        var bits = 0UL;
        foreach (var name in names)
        {
            bits |= BitOf(name);
        }

        return new(bits);
    }

    /// <summary>False when <paramref name="name"/> is certainly not in the set; true when it may be.</summary>
    public bool MayContain(string name) => (Bits & BitOf(name)) != 0;

    // Length and two characters away from the shared prefixes and suffixes (smtpd_…, …_restrictions, …_maps).
    private static ulong BitOf(string name) =>
        name.Length == 0 ? 1UL : 1UL << (int)((uint)(name.Length + (7 * name[name.Length / 2]) + (13 * name[name.Length - 2 < 0 ? 0 : name.Length - 2])) & 63);
}
