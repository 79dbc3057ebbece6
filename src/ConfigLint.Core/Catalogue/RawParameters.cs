namespace ConfigLint.Core.Catalogue;

/// <summary>
/// Parameters that Postfix reads "raw": their own value is not <c>$name</c>-expanded when read
/// (the daemons load them with CONFIG_RAW_TABLE; the <c>$</c> refers to delivery-time attributes
/// such as <c>$recipient</c>), so postconf -x prints them as written and a <c>$%</c> in them is no
/// macro error. When another parameter refers to one of them, the reference is expanded as usual.
/// Measured with postconf 3.7.11: every built-in set to <c>$zzprobe</c>, these kept it in -nx output.
/// </summary>
public static class RawParameters
{
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        "command_execution_directory",
        "default_rbl_reply",
        "forward_path",
        "luser_relay",
        "mailbox_command",
        "postscreen_expansion_filter",
        "postscreen_reject_footer",
        "smtpd_expansion_filter",
        "smtpd_reject_footer",
    };

    public static bool IsRaw(string name) => Names.Contains(name);
}
