using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Configuration;

namespace ConfigLint.Cli;

/// <summary><c>--postfix-version X.Y</c> of check and effective: a release of the catalogue, checked before any work.</summary>
internal static class PostfixVersionOption
{
    /// <summary>The option's value, or null when not given; a version the catalogue does not have is a usage error.</summary>
    public static string? Get(CommandOptions options, string command)
    {
        var value = options.Get("--postfix-version");
        if (value is not null && !PostfixReleases.TryGet(value.Trim(), out _))
        {
            throw new UsageException($"--postfix-version: {PostfixVersions.Problem(value)}", command);
        }

        return value?.Trim();
    }
}
