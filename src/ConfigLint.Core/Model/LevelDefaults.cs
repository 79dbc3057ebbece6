using ConfigLint.Core.Catalogue;

namespace ConfigLint.Core.Model;

/// <summary>
/// What a release's built-in default says at one compatibility level, with the level tests
/// (<c>${{$compatibility_level} &lt;level {2} ? {$mydestination} : {}}</c>) decided and every other
/// <c>$name</c> left as written: <c>relay_domains</c> is <c>$mydestination</c> at level 1 and empty at 2,
/// whatever the host is called. For messages about what a level changes.
/// </summary>
public static class LevelDefaults
{
    /// <summary>The default text of <paramref name="name"/> in <paramref name="release"/> at <paramref name="level"/>; empty for a name the release does not know.</summary>
    public static string TextAt(PostfixRelease release, string name, string level)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(level);

        // A property of the release alone, asked for every level-dependent default by every configuration below the newest level.
        return Known.GetOrCreateValue(release).GetOrAdd((name, level), key => Compute(release, key.Name, key.Level));
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<PostfixRelease, System.Collections.Concurrent.ConcurrentDictionary<(string Name, string Level), string>> Known = [];

    /// <summary>
    /// The level-dependent defaults of <paramref name="release"/> whose text differs between the known levels
    /// <paramref name="from"/> and <paramref name="to"/>, in catalogue order. A property of the release alone:
    /// PF909 compared every level-dependent default of every configuration below the newest level.
    /// </summary>
    public static IReadOnlyList<LevelChange> Changes(PostfixRelease release, string from, string to)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        return KnownChanges.GetOrCreateValue(release).GetOrAdd((from, to), key => [.. release.Parameters.LevelDependent
            .Select(p => new LevelChange(p.Name, TextAt(release, p.Name, key.From), TextAt(release, p.Name, key.To)))
            .Where(c => c.Before != c.After)]);
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<PostfixRelease, System.Collections.Concurrent.ConcurrentDictionary<(string From, string To), LevelChange[]>> KnownChanges = [];

    private static string Compute(PostfixRelease release, string name, string level)
    {
        if (release.Parameters.RawDefault(name) is not { } raw)
        {
            return string.Empty;
        }

        // Every other name stands for itself: "$$name" expands to the literal "$name".
        var expander = new Expander(
            n => n == "compatibility_level"
                ? new RawValue(n, level, null, new DefaultProvenance(level))
                : new RawValue(n, "$$" + n, null, new DefaultProvenance(level)),
            release.HasMacroFunctions);
        var expansion = expander.Expand(raw, null);
        return expansion.Failed ? raw : expansion.Text;
    }
}

/// <summary>A built-in default whose text differs between two compatibility levels.</summary>
public sealed record LevelChange(string Name, string Before, string After);
