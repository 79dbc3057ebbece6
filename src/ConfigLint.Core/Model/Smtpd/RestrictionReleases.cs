
namespace ConfigLint.Core.Model.Smtpd;

/// <summary>What one Postfix release does with a restriction name (smtpd_check.c of that release).</summary>
public enum RestrictionStatus
{
    /// <summary>generic_checks() does not know the word: "unknown smtpd restriction", 451 4.3.5 when smtpd reaches it.</summary>
    Unknown,

    /// <summary>A restriction smtpd runs.</summary>
    Current,

    /// <summary>A restriction class smtpd_check_init() defines itself (<c>reject_sender_login_mismatch</c>).</summary>
    Class,

    /// <summary>An older name that still works, silently, as its replacement (<c>reject_unknown_client</c>).</summary>
    OldName,

    /// <summary>Still works, and smtpd logs that support "will be removed" (or "is deprecated").</summary>
    Deprecated,

    /// <summary>The word is still recognised, but smtpd logs "has been removed" and answers 451 4.3.5 Server configuration error.</summary>
    Removed,
}

/// <summary>One release's view of one restriction name, as tools/generate-restrictions.sh read it from that release's source.</summary>
/// <param name="Series">The release series ("3.7").</param>
/// <param name="Tag">The source tag the row was read from ("v3.7.22").</param>
/// <param name="Required">In rcpt_required[]: has_required() accepts it as the default deny.</param>
/// <param name="Replacement">The newer name (<see cref="RestrictionStatus.OldName"/>) or what Postfix advises instead.</param>
/// <param name="Message">The warning smtpd logs when it runs a deprecated or removed restriction, else empty.</param>
public sealed record RestrictionSupport(string Series, string Tag, string Name, RestrictionStatus Status, bool Required, string Replacement, string Message)
{
    /// <summary>smtpd runs it (with or without a warning); false for an unknown or removed name.</summary>
    public bool Works => Status is RestrictionStatus.Current or RestrictionStatus.Class or RestrictionStatus.OldName or RestrictionStatus.Deprecated;
}

/// <summary>
/// The smtpd restriction names each Postfix release knows, from
/// <c>src/ConfigLint.Core/Model/Smtpd/smtpd-restrictions.tsv</c> (generated from the Postfix source by
/// <c>bash tools/generate-restrictions.sh</c>): which names generic_checks() dispatches, which are
/// old names of newer ones, which log that they will be or have been removed, and which
/// has_required() accepts as the default deny. Release series are "3.4" … "3.11".
/// </summary>
public static class RestrictionReleases
{
    private static readonly Lazy<Data> Table = new(Load);

    /// <summary>The release series the data covers, oldest first.</summary>
    public static IReadOnlyList<string> Series => Table.Value.Series;

    /// <summary>The newest series the data covers.</summary>
    public static string Newest => Table.Value.Series[^1];

    /// <summary>Every name any release knows (lower case).</summary>
    public static IReadOnlyCollection<string> AllNames => Table.Value.Names;

    /// <summary>Does release <paramref name="series"/> know the word <paramref name="name"/> (case-insensitively, as generic_checks() compares)?</summary>
    public static bool Knows(string series, string name) => Of(series, name).Status != RestrictionStatus.Unknown;

    /// <summary>What release <paramref name="series"/> does with <paramref name="name"/>; status Unknown when it does not know the word (or the series).</summary>
    public static RestrictionSupport Of(string series, string name)
    {
        var data = Table.Value;
        return data.Rows.TryGetValue((series, name.ToLowerInvariant()), out var row)
            ? row
            : new RestrictionSupport(series, string.Empty, name, RestrictionStatus.Unknown, false, string.Empty, string.Empty);
    }

    /// <summary>The releases that know <paramref name="name"/>, oldest first.</summary>
    public static IEnumerable<RestrictionSupport> History(string name) =>
        Series.Select(s => Of(s, name)).Where(r => r.Status != RestrictionStatus.Unknown);

    /// <summary>The default denies of <paramref name="series"/> (rcpt_required[]), in the order fail_required() names them.</summary>
    public static IReadOnlyList<string> RequiredDenies(string series) =>
        Table.Value.Required.TryGetValue(series, out var list) ? list : [];

    /// <summary>"3.7.11" or "3.7" → "3.7" when the data covers that series, else null.</summary>
    public static string? SeriesOf(string? version)
    {
        if (string.IsNullOrWhiteSpace(version))
        {
            return null;
        }

        var parts = version.Trim().Split('.');
        var series = parts.Length >= 2 ? $"{parts[0]}.{parts[1]}" : version.Trim();
        return Series.Contains(series, StringComparer.Ordinal) ? series : null;
    }

    private sealed record Data(
        IReadOnlyList<string> Series,
        IReadOnlyCollection<string> Names,
        Dictionary<(string Series, string Name), RestrictionSupport> Rows,
        Dictionary<string, IReadOnlyList<string>> Required);

    private static Data Load()
    {
        const string resource = "smtpd/smtpd-restrictions.tsv";
        using var stream = typeof(RestrictionReleases).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidDataException($"embedded resource {resource} is missing");
        using var reader = new StreamReader(stream);
        var series = new List<string>();
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var rows = new Dictionary<(string, string), RestrictionSupport>();
        var required = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var lineNumber = 0;
        var header = false;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }

            var f = line.Split('\t');
            if (!header)
            {
                header = f is ["series", "tag", "name", "status", "required", "replacement", "message"]
                    ? true
                    : throw new InvalidDataException($"{resource} line {lineNumber}: unexpected header");
                continue;
            }

            if (f.Length != 7)
            {
                throw new InvalidDataException($"{resource} line {lineNumber}: expected 7 fields, got {f.Length}");
            }

            var status = f[3] switch
            {
                "current" => RestrictionStatus.Current,
                "class" => RestrictionStatus.Class,
                "old-name" => RestrictionStatus.OldName,
                "deprecated" => RestrictionStatus.Deprecated,
                "removed" => RestrictionStatus.Removed,
                _ => throw new InvalidDataException($"{resource} line {lineNumber}: unknown status {f[3]}"),
            };
            if (!series.Contains(f[0]))
            {
                series.Add(f[0]);
                required[f[0]] = [];
            }

            names.Add(f[2]);
            rows[(f[0], f[2])] = new RestrictionSupport(f[0], f[1], f[2], status, f[4] == "yes", f[5], f[6]);
            if (f[4] == "yes")
            {
                required[f[0]].Add(f[2]);
            }
        }

        // fail_required() names them in rcpt_required[] order; the table is sorted by name, so
        // order them as Postfix's array does (its order is the same in every release).
        string[] order = ["reject_unauth_destination", "defer_unauth_destination", "reject", "defer", "defer_if_permit", "check_relay_domains"];
        var ordered = required.ToDictionary(
            kv => kv.Key,
            kv => (IReadOnlyList<string>)kv.Value.OrderBy(n => Array.IndexOf(order, n) is var i && i < 0 ? int.MaxValue : i).ThenBy(n => n, StringComparer.Ordinal).ToList(),
            StringComparer.Ordinal);
        series.Sort((a, b) => Version.Parse(a).CompareTo(Version.Parse(b)));
        return new Data(series, names, rows, ordered);
    }
}
