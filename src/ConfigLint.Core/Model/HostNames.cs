namespace ConfigLint.Core.Model;

/// <summary>What Postfix accepts as a host name, and what it makes of one that is not fully qualified.</summary>
public static class HostNames
{
    /// <summary>RFC 1035 limits, as Postfix's valid_hostname.h has them.</summary>
    private const int MaxLabel = 63;
    private const int MaxName = 255;

    /// <summary>
    /// Why Postfix rejects <paramref name="name"/> as a host name, in the words valid_hostname(3)
    /// logs ("misplaced delimiter", ...), or null when it accepts it. Letters, digits, '_' (which
    /// Postfix tolerates), '-' inside a label and '.' between labels; labels of at most 63
    /// characters, at most 255 in all, not all digits. For myhostname and mydomain every Postfix
    /// program then stops: "fatal: file main.cf: parameter myhostname: bad parameter value"
    /// (mail_params.c).
    /// </summary>
    public static string? Problem(string name)
    {
        if (name.Length == 0)
        {
            return "empty hostname";
        }

        var label = 0;
        var numeric = true;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var last = i == name.Length - 1;
            if (char.IsAsciiLetterOrDigit(c) || c == '_')
            {
                if (++label > MaxLabel)
                {
                    return "hostname label too long";
                }

                numeric &= char.IsAsciiDigit(c);
            }
            else if (c == '.')
            {
                if (label == 0 || last)
                {
                    return "misplaced delimiter";
                }

                label = 0;
            }
            else if (c == '-')
            {
                numeric = false;
                if (++label == 1 || last || name[i + 1] == '.')
                {
                    return "misplaced hyphen";
                }
            }
            else
            {
                return $"invalid character {(int)c}(decimal)";
            }
        }

        return numeric ? "numeric hostname" : name.Length > MaxName ? $"bad length {name.Length}" : null;
    }

    /// <summary>
    /// True for a name without a dot. Postfix runs with it as it is (mail_params.c only qualifies a
    /// host name it takes from the system), and derives mydomain "localdomain" from it.
    /// </summary>
    public static bool IsUnqualified(string name) => !name.Contains('.', StringComparison.Ordinal);

    /// <summary>The names an unconfigured host answers to: localhost and localhost.localdomain.</summary>
    public static bool IsLocalhost(string name) =>
        name.Equals("localhost", StringComparison.OrdinalIgnoreCase) || name.Equals("localhost.localdomain", StringComparison.OrdinalIgnoreCase);
}
