using System.Text;
using System.Text.RegularExpressions;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Configuration;

/// <summary>
/// One <c>exclude:</c> pattern, with the gitignore-like meaning users know from other linters:
/// <c>*</c> and <c>?</c> stay inside one path segment, <c>**</c> crosses segments, a pattern
/// without a <c>/</c> matches a file or directory name at any depth, a leading <c>/</c> anchors it
/// to the configuration file's directory, and a directory that matches excludes everything in it.
/// </summary>
public sealed class PathGlob
{
    private readonly Regex regex;

    private PathGlob(string pattern, Regex regex, string file, int line)
    {
        Pattern = pattern;
        this.regex = regex;
        File = file;
        Line = line;
    }

    /// <summary>How long a pattern may be.</summary>
    public const int MaxLength = 1000;

    /// <summary>The pattern as written.</summary>
    public string Pattern { get; }

    /// <summary>The settings file it is written in, for errors about it; empty when not known.</summary>
    public string File { get; }

    /// <summary>The line it is written on.</summary>
    public int Line { get; }

    /// <summary>Parses a pattern; null with <paramref name="error"/> set when it cannot match anything.</summary>
    /// <param name="pattern">The glob.</param>
    /// <param name="error">Why it cannot be used.</param>
    /// <param name="file">The settings file it is written in.</param>
    /// <param name="line">The line it is written on.</param>
    public static PathGlob? TryParse(string pattern, out string? error, string file = "", int line = 1)
    {
        error = null;
        if (pattern.Length > MaxLength)
        {
            error = $"an exclude pattern must not be longer than {MaxLength:N0} characters";
            return null;
        }

        var p = pattern.Trim().Replace('\\', '/');
        if (p.Length == 0 || p == "/")
        {
            error = "an exclude pattern must not be empty";
            return null;
        }

        var anchored = p.StartsWith('/');
        p = p.Trim('/');
        if (p.StartsWith("./", StringComparison.Ordinal))
        {
            anchored = true;
            p = p[2..];
        }

        // "a/b" is relative to the configuration file's directory; "name" matches at any depth.
        if (!anchored && !p.Contains('/', StringComparison.Ordinal))
        {
            p = "**/" + p;
        }

        var sb = new StringBuilder("^");
        for (var i = 0; i < p.Length; i++)
        {
            var c = p[i];
            switch (c)
            {
                case '*' when i + 1 < p.Length && p[i + 1] == '*':
                    i++;
                    if (i + 1 < p.Length && p[i + 1] == '/')
                    {
                        // "**/" matches zero or more whole directories.
                        i++;
                        sb.Append("(?:[^/]*/)*");
                    }
                    else
                    {
                        sb.Append(".*");
                    }

                    break;
                case '*':
                    sb.Append("[^/]*");
                    break;
                case '?':
                    sb.Append("[^/]");
                    break;
                case '[':
                    var close = p.IndexOf(']', i + 1);
                    if (close < 0)
                    {
                        error = $"exclude pattern '{Excerpt.Of(pattern)}' has '[' without ']'";
                        return null;
                    }

                    var set = p[(i + 1)..close];
                    var negate = set.StartsWith('!');
                    if (negate)
                    {
                        set = set[1..];
                    }

                    sb.Append('[').Append(negate ? "^" : string.Empty).Append(set.Replace("\\", "\\\\", StringComparison.Ordinal)).Append(']');
                    i = close;
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        sb.Append('$');
        try
        {
            // Globs need no backtracking: the non-backtracking engine matches in time linear in the path.
            return new PathGlob(pattern, new Regex(sb.ToString(), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, TimeSpan.FromSeconds(1)), file, line);
        }
        catch (ArgumentException e)
        {
            error = $"exclude pattern '{Excerpt.Of(pattern)}' is not valid: {e.Message}";
            return null;
        }
    }

    /// <summary>True when the relative path ('/'-separated) or one of its parent directories matches.</summary>
    public bool MatchesPathOrParent(string relativePath)
    {
        var path = relativePath.Trim('/');
        while (path.Length > 0)
        {
            try
            {
                if (regex.IsMatch(path))
                {
                    return true;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                throw new ConfigurationException(File.Length > 0 ? File : "(settings)", Line, $"exclude: pattern '{Excerpt.Of(Pattern)}' took longer than 1 s on '{Excerpt.Of(path)}'");
            }

            var slash = path.LastIndexOf('/');
            if (slash < 0)
            {
                break;
            }

            path = path[..slash];
        }

        return false;
    }

    public override string ToString() => Pattern;
}
