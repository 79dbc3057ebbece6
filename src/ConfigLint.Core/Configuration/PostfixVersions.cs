using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Model;

namespace ConfigLint.Core.Configuration;

/// <summary>The target release a user names (<c>--postfix-version</c>, <c>postfix_version:</c>), and what to say when it is none the catalogue has.</summary>
public static class PostfixVersions
{
    /// <summary>
    /// Why <paramref name="typed"/> names no release of the catalogue, with the nearest one as a suggestion:
    /// <c>'3.12' is not a Postfix release ConfigLint knows (did you mean '3.11'?); use 3.4, 3.5, …, 3.11 or a patch version of one (3.7.11)</c>.
    /// </summary>
    public static string Problem(string typed)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var hint = PostfixReleases.Nearest(typed) is { } near ? $" (did you mean '{near.Series}'?)" : string.Empty;
        return $"'{typed}' is not a Postfix release ConfigLint knows{hint}; use {PostfixReleases.KnownSeries} or a patch version of one (3.7.11)";
    }

    /// <summary>
    /// The host facts a named version pins down: <c>mail_version</c> when it names a patch release
    /// ("3.7.11"); a series alone ("3.7") leaves the catalogue's build version (3.7.22).
    /// </summary>
    public static HostFacts WithMailVersion(HostFacts host, string? version)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (version is null || version.Count(c => c == '.') != 2)
        {
            return host;
        }

        var values = new Dictionary<string, string>(host.Values, StringComparer.Ordinal) { ["mail_version"] = version };
        return new HostFacts(values);
    }
}
