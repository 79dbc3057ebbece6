using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Catalogue;

/// <summary>
/// The Postfix releases the catalogue knows, oldest first: 3.4 (3.4.29) … 3.11 (3.11.6), embedded as
/// <c>catalogue/releases/X.Y/</c> (see tools/generate-catalogue.sh). The target of a run is one of them
/// (<c>--postfix-version</c>, <c>postfix_version:</c>, else <see cref="Newest"/>); a configuration's
/// model holds it as <c>PostfixConfig.Release</c>.
/// </summary>
public static class PostfixReleases
{
    private const string ResourcePrefix = "catalogue/releases/";

    private static readonly Lazy<IReadOnlyList<PostfixRelease>> AllLazy = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Every release, oldest first.</summary>
    public static IReadOnlyList<PostfixRelease> All => AllLazy.Value;

    /// <summary>The newest release (3.11): the target when none is given.</summary>
    public static PostfixRelease Newest => All[^1];

    /// <summary>The series the catalogue has, oldest first, for messages: "3.4, 3.5, …, 3.11".</summary>
    public static string KnownSeries => string.Join(", ", All.Select(r => r.Series));

    /// <summary>
    /// Finds the release of a version: a series ("3.8") or a patch version of it ("3.8.4"; any patch level
    /// maps to the series, whose facts are those of its newest patch release). False for anything else,
    /// and for a series the catalogue does not have ("3.3", "3.12").
    /// </summary>
    public static bool TryGet(string? version, [NotNullWhen(true)] out PostfixRelease? release)
    {
        release = null;
        if (string.IsNullOrEmpty(version))
        {
            return false;
        }

        var parts = version.Split('.');
        if (parts.Length is < 2 or > 3 || !parts.All(p => p.Length > 0 && p.All(char.IsAsciiDigit)))
        {
            return false;
        }

        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            return false;
        }

        release = All.FirstOrDefault(r => r.Major == major && r.Minor == minor);
        return release is not null;
    }

    /// <summary>Like <see cref="TryGet"/>, but throws for an unknown version, naming the known ones.</summary>
    /// <exception cref="ArgumentException">The catalogue has no such release.</exception>
    public static PostfixRelease Get(string version) =>
        TryGet(version, out var release)
            ? release
            : throw new ArgumentException($"Postfix {version} is not in the catalogue; known releases: {KnownSeries}.", nameof(version));

    /// <summary>
    /// The release a mistyped version most likely means, for "did you mean": "v3.8" or "3,8" → 3.8,
    /// a series beyond the catalogue → its oldest or newest release ("3.12" → 3.11, "3.3" → 3.4), else the
    /// series closest in spelling; null when nothing is plausible ("abc").
    /// </summary>
    public static PostfixRelease? Nearest(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return null;
        }

        var cleaned = typed.Trim().TrimStart('v', 'V').Replace(',', '.');
        if (TryGet(cleaned, out var release))
        {
            return release;
        }

        var parts = cleaned.Split('.');
        if (parts.Length is 2 or 3
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            var oldest = All[0];
            var newest = All[^1];
            if (major < oldest.Major || (major == oldest.Major && minor < oldest.Minor))
            {
                return oldest;
            }

            if (major > newest.Major || (major == newest.Major && minor > newest.Minor))
            {
                return newest;
            }
        }

        return NearestName.Find(cleaned, All.Reverse().Select(r => r.Series)) is { } near ? Get(near) : null;
    }

    /// <summary>
    /// The oldest release that knows <paramref name="parameterName"/> (built-in or legacy; service-defined
    /// names depend on master.cf and are not counted), or null if none does. For a "needs Postfix 3.9" check:
    /// <c>smtpd_forbid_unauth_pipelining</c> → 3.5, <c>tls_required_enable</c> → 3.10.
    /// </summary>
    public static PostfixRelease? FirstKnowing(string parameterName)
    {
        ArgumentNullException.ThrowIfNull(parameterName);
        return All.FirstOrDefault(r => r.Parameters.IsKnown(parameterName));
    }

    /// <summary>
    /// The oldest release newer than <paramref name="release"/> that knows <paramref name="parameterName"/>
    /// (built-in or legacy), or null if none does: for a name the target does not know, "needs Postfix 3.10"
    /// (<c>tls_required_enable</c> with target 3.7 → 3.10). Null too for a name only older releases knew.
    /// </summary>
    public static PostfixRelease? FirstKnowingAfter(PostfixRelease release, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(parameterName);
        return All.FirstOrDefault(r => r.CompareTo(release) > 0 && r.Parameters.IsKnown(parameterName));
    }

    /// <summary>
    /// The newest release older than <paramref name="release"/> that knows <paramref name="parameterName"/>
    /// (built-in or legacy), or null if none does: for a name the target no longer knows, the last release
    /// that did (<c>tls_legacy_public_key_fingerprints</c> with target 3.11 → 3.10).
    /// </summary>
    public static PostfixRelease? LastKnowingBefore(PostfixRelease release, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(parameterName);
        return All.LastOrDefault(r => r.CompareTo(release) < 0 && r.Parameters.IsKnown(parameterName));
    }

    /// <summary>Every release that knows <paramref name="parameterName"/> (built-in or legacy), oldest first.</summary>
    public static IReadOnlyList<PostfixRelease> Knowing(string parameterName)
    {
        ArgumentNullException.ThrowIfNull(parameterName);
        return All.Where(r => r.Parameters.IsKnown(parameterName)).ToList();
    }

    private static IReadOnlyList<PostfixRelease> LoadEmbedded()
    {
        var assembly = typeof(PostfixReleases).Assembly;

        // MSBuild's %(RecursiveDir) uses the platform's separator: accept either.
        var resources = assembly.GetManifestResourceNames()
            .Where(n => n.Replace('\\', '/').StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .ToDictionary(n => n.Replace('\\', '/'), n => n, StringComparer.Ordinal);
        var releases = resources.Keys
            .Where(n => n.EndsWith("/release.tsv", StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..^"/release.tsv".Length])
            .Select(series =>
            {
                var release = PostfixRelease.Load(file => ReadResource(assembly, resources, $"{ResourcePrefix}{series}/{file}"));
                return release.Series == series
                    ? release
                    : throw new InvalidOperationException($"{ResourcePrefix}{series}/release.tsv says series {release.Series}.");
            })
            .Order()
            .ToList();
        if (releases.Count == 0)
        {
            throw new InvalidOperationException($"No Postfix release is embedded in {assembly.GetName().Name} ({ResourcePrefix}*/release.tsv).");
        }

        for (var i = 1; i < releases.Count; i++)
        {
            if (releases[i - 1].CompareTo(releases[i]) == 0)
            {
                throw new InvalidOperationException($"Postfix release {releases[i].Series} is embedded twice.");
            }
        }

        return releases;
    }

    private static string ReadResource(Assembly assembly, Dictionary<string, string> resources, string name)
    {
        if (!resources.TryGetValue(name, out var actual))
        {
            throw new InvalidOperationException($"Embedded resource {name} is missing from {assembly.GetName().Name}.");
        }

        using var stream = assembly.GetManifestResourceStream(actual)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing from {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
