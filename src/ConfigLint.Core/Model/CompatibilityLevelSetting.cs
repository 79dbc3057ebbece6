using ConfigLint.Core.Catalogue;

namespace ConfigLint.Core.Model;

/// <summary>
/// <c>compatibility_level</c> as the target release reads it (POSTFIX-SEMANTICS.md §4, compat_level.c).
/// </summary>
/// <param name="Value">
/// The effective value with its provenance: written in main.cf (<see cref="MainCfProvenance"/>), assumed from
/// <c>default_compatibility_level:</c> in .configlint.yml (<see cref="HostProvenance"/>), or the built-in
/// default "0" (<see cref="DefaultProvenance"/>). <c>Value.Value</c> is the expanded text Postfix compares.
/// </param>
/// <param name="Level">
/// The known level whose defaults apply: the highest of the release's
/// <see cref="PostfixRelease.KnownCompatibilityLevels"/> the value is not below; "0" when it is malformed.
/// </param>
/// <param name="IsMalformed">
/// The release rejects the value and refuses to start: "malformed compatibility level syntax" (3.6 and
/// later), "bad numerical configuration" (3.4, 3.5). The model also reports it as a diagnostic.
/// </param>
/// <param name="IsAboveNewest">
/// A valid value above the newest level the release knows ("3.7" or "3.11" with 3.7): Postfix accepts it
/// without a word and applies its newest defaults (<see cref="CompatibilityLevels.IsAboveNewest"/>).
/// </param>
/// <param name="NamesNewerRelease">
/// A valid value that names a later Postfix than the target ("3.11" with 3.7, "3.6" with 3.5, but not "3.7"
/// with 3.7): the administrator asked for defaults this release does not have, and it silently uses its
/// own newest instead (<see cref="CompatibilityLevels.IsNewerThanRelease"/>).
/// </param>
public sealed record CompatibilityLevelSetting(EffectiveValue Value, string Level, bool IsMalformed, bool IsAboveNewest, bool NamesNewerRelease)
{
    /// <summary>Whether main.cf itself sets compatibility_level (its last definition is in main.cf).</summary>
    public bool IsWrittenInMainCf => Value.Provenance is MainCfProvenance;

    /// <summary>Where main.cf sets it, or null when it does not.</summary>
    public MainCfProvenance? Definition => Value.Provenance as MainCfProvenance;
}
