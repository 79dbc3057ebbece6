namespace ConfigLint.Core.Catalogue;

/// <summary>What a Postfix daemon demands of its master.cf entry, or it stops at once.</summary>
public enum DaemonRequirement
{
    /// <summary>
    /// CA_MAIL_SERVER_SOLITARY: the process limit (field 7) must be 1, else "fatal: service NAME requires a
    /// process limit of 1" (master/single_server.c, multi_server.c, event_server.c, trigger_server.c,
    /// dgram_server.c).
    /// </summary>
    ProcessLimitOne,

    /// <summary>CA_MAIL_SERVER_UNLIMITED: the process limit must be 0, else "fatal: service NAME requires a process limit of 0".</summary>
    ProcessLimitZero,

    /// <summary>CA_MAIL_SERVER_PRIVILEGED: the unprivileged field must be n, else "fatal: service NAME requires privileged operation".</summary>
    Privileged,
}

/// <summary>
/// The Postfix programs whose server skeleton is called with CA_MAIL_SERVER_SOLITARY, _UNLIMITED or
/// _PRIVILEGED (their main() functions, 3.4 – 3.11; nbdb_reindexd is new in 3.11). master.cf field 8
/// names the program; the checks run whenever master starts it (not in stand-alone mode).
/// </summary>
public static class DaemonRequirements
{
    private static readonly Dictionary<string, DaemonRequirement[]> ByCommand = new(StringComparer.Ordinal)
    {
        ["anvil"] = [DaemonRequirement.ProcessLimitOne],
        ["oqmgr"] = [DaemonRequirement.ProcessLimitOne],
        ["pickup"] = [DaemonRequirement.ProcessLimitOne],
        ["postlogd"] = [DaemonRequirement.ProcessLimitOne],
        ["postscreen"] = [DaemonRequirement.ProcessLimitOne],
        ["qmgr"] = [DaemonRequirement.ProcessLimitOne],
        ["scache"] = [DaemonRequirement.ProcessLimitOne],
        ["tlsmgr"] = [DaemonRequirement.ProcessLimitOne],
        ["verify"] = [DaemonRequirement.ProcessLimitOne],
        ["bounce"] = [DaemonRequirement.ProcessLimitZero],
        ["cleanup"] = [DaemonRequirement.ProcessLimitZero],
        ["dnsblog"] = [DaemonRequirement.ProcessLimitZero],
        ["flush"] = [DaemonRequirement.ProcessLimitZero],
        ["tlsproxy"] = [DaemonRequirement.ProcessLimitZero],
        ["local"] = [DaemonRequirement.Privileged],
        ["pipe"] = [DaemonRequirement.Privileged],
        ["spawn"] = [DaemonRequirement.Privileged],
        ["virtual"] = [DaemonRequirement.Privileged],
    };

    /// <summary>What the program <paramref name="command"/> (master.cf field 8) of <paramref name="release"/> requires; empty for any other program.</summary>
    public static IReadOnlyList<DaemonRequirement> For(string command, PostfixRelease release)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(release);
        if (command == "nbdb_reindexd" && release.CompareTo(PostfixReleases.Get("3.11")) >= 0)
        {
            return [DaemonRequirement.Privileged, DaemonRequirement.ProcessLimitOne];
        }

        return ByCommand.TryGetValue(command, out var requirements) ? requirements : [];
    }
}
