namespace ConfigLint.Core.Text;

/// <summary>Exactly the SARIF result levels, so no mapping can go wrong on the way out.</summary>
public enum Severity
{
    None = 0,
    Note = 1,
    Warning = 2,
    Error = 3,
}

public static class SeverityNames
{
    public static string ToName(this Severity s) => s switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        Severity.Note => "note",
        _ => "none",
    };

    public static bool TryParse(string? text, out Severity severity)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "error": severity = Severity.Error; return true;
            case "warning": severity = Severity.Warning; return true;
            case "note": severity = Severity.Note; return true;
            case "none": case "off": severity = Severity.None; return true;
            default: severity = Severity.None; return false;
        }
    }
}
