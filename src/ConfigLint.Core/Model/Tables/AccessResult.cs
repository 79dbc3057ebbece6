namespace ConfigLint.Core.Model.Tables;

/// <summary>What an access(5) table result tells smtpd to do.</summary>
public enum AccessAction
{
    /// <summary><c>OK</c>, <c>RELAY</c>, an all-numeric or an empty result: accept.</summary>
    Ok,

    /// <summary><c>REJECT</c>, <c>DEFER</c>, <c>HANGUP</c>, <c>4NN text</c>, <c>5NN text</c>, or a lookup table (451): refuse.</summary>
    Reject,

    /// <summary><c>DEFER_IF_PERMIT</c>: a later permit becomes 450.</summary>
    DeferIfPermit,

    /// <summary><c>DISCARD</c>: say 250 and throw the mail away; nothing is relayed.</summary>
    Discard,

    /// <summary>
    /// <c>DUNNO</c>, and the actions that only mark the mail and go on with the next restriction:
    /// <c>DEFER_IF_REJECT</c>, <c>HOLD</c>, <c>FILTER</c>, <c>PREPEND</c>, <c>REDIRECT</c>, <c>BCC</c>,
    /// <c>WARN</c>, <c>INFO</c>, <c>DELAY</c>.
    /// </summary>
    Continue,

    /// <summary>Any other text: a list of restrictions smtpd evaluates in place (access(5) "restriction...").</summary>
    Restrictions,
}

/// <summary>One access(5) result and what it means (check_table_result() in smtpd_check.c).</summary>
public sealed record AccessResult(string Text, AccessAction Action)
{
    private static readonly HashSet<string> Marking = new(StringComparer.OrdinalIgnoreCase)
    {
        "DUNNO", "DEFER_IF_REJECT", "HOLD", "FILTER", "PREPEND", "REDIRECT", "BCC", "WARN", "INFO", "DELAY",
    };

    /// <summary>Classifies a result in the order check_table_result() tests it (Postfix 3.7 smtpd_check.c).</summary>
    public static AccessResult Of(string text)
    {
        var trimmed = text.Trim();
        var parts = trimmed.Split([' ', '\t'], 2, StringSplitOptions.RemoveEmptyEntries);
        var word = parts.Length > 0 ? parts[0] : string.Empty;
        var hasText = parts.Length > 1;
        var action = word.ToUpperInvariant() switch
        {
            "" => AccessAction.Ok, // "has empty value": smtpd warns and permits
            _ when Marking.Contains(word) => AccessAction.Continue,
            "REJECT" or "DEFER" or "HANGUP" => AccessAction.Reject,
            "DISCARD" => AccessAction.Discard,
            "DEFER_IF_PERMIT" => AccessAction.DeferIfPermit,
            _ when trimmed.All(char.IsAsciiDigit) => AccessAction.Ok,
            _ when word.Length == 3 && hasText && word[0] is '4' or '5' && word.All(char.IsAsciiDigit) => AccessAction.Reject,
            "OK" or "RELAY" => AccessAction.Ok,
            _ when trimmed.Contains(':') => AccessAction.Reject, // a table inside an access map: 451 server configuration error
            _ => AccessAction.Restrictions,
        };
        return new AccessResult(trimmed, action);
    }
}
