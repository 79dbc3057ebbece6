using System.Text;
using System.Text.RegularExpressions;

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

    private PathGlob(string pattern, Regex regex)
    {
        Pattern = pattern;
        this.regex = regex;
    }

    /// <summary>The pattern as written.</summary>
    public string Pattern { get; }

    /// <summary>Parses a pattern; null with <paramref name="error"/> set when it cannot match anything.</summary>
    public static PathGlob? TryParse(string pattern, out string? error)
    {
        error = null;
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
                        error = $"exclude pattern '{pattern}' has '[' without ']'";
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
            return new PathGlob(pattern, new Regex(sb.ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
        }
        catch (ArgumentException e)
        {
            error = $"exclude pattern '{pattern}' is not valid: {e.Message}";
            return null;
        }
    }

    /// <summary>True when the relative path ('/'-separated) or one of its parent directories matches.</summary>
    public bool MatchesPathOrParent(string relativePath)
    {
        var path = relativePath.Trim('/');
        while (path.Length > 0)
        {
            if (regex.IsMatch(path))
            {
                return true;
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
