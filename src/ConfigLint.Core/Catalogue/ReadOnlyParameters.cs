namespace ConfigLint.Core.Catalogue;

/// <summary>
/// Parameters a Postfix program computes for itself, which main.cf and <c>-o</c> cannot set: postconf
/// registers them with PCF_PARAM_FLAG_READONLY (postconf/postconf_builtin.c), warns "read-only parameter
/// assignment: NAME=VALUE" and drops the assignment "to maintain compatibility with Postfix programs that
/// ignore such settings" (postconf_user.c). <c>process_name</c> and <c>process_id</c> in every release;
/// <c>service_name</c> up to 3.10 (3.11 made it an ordinary parameter with a default).
/// </summary>
public static class ReadOnlyParameters
{
    /// <summary>Whether <paramref name="release"/> treats <paramref name="name"/> as read-only.</summary>
    public static bool IsReadOnly(string name, PostfixRelease release)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(release);
        return name is "process_name" or "process_id"
            || (name == "service_name" && (release.Major, release.Minor) is ( < 3, _) or (3, < 11));
    }
}
