namespace ConfigLint.Core.Parsing;

/// <summary>The service names master.cf uses for ports, as /etc/services maps them on Debian.</summary>
public static class WellKnownPorts
{
    private static readonly Dictionary<string, int> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["smtp"] = 25,
        ["submission"] = 587,
        ["submissions"] = 465,
        ["smtps"] = 465,
        ["urd"] = 465,
        ["lmtp"] = 24,
        ["qmqp"] = 628,
        ["ssmtp"] = 465,
    };

    public static int? Resolve(string port) =>
        int.TryParse(port, out var n) && n is > 0 and < 65536 ? n : Names.TryGetValue(port, out var known) ? known : null;
}
