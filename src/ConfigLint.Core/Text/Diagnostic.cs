namespace ConfigLint.Core.Text;

/// <summary>
/// Something the parsers or the model noticed while reading the files the way Postfix reads them
/// (a line Postfix rejects, a macro it cannot expand). Diagnostics carry the ID of the PF0xx rule
/// that reports them, so the engine turns them into findings like any other rule's.
/// </summary>
public sealed record Diagnostic(string RuleId, Span Span, string Message);

/// <summary>The IDs of the rules that report what the readers themselves find (DESIGN §4, PF0xx).</summary>
public static class DiagnosticIds
{
    /// <summary>A file that cannot be read at all (missing, unreadable, a directory, not text).</summary>
    public const string UnreadableFile = "PF001";

    /// <summary>A main.cf line Postfix rejects or ignores.</summary>
    public const string MainCfSyntax = "PF002";

    /// <summary>A master.cf line Postfix rejects, or one it accepts but fails on at run time.</summary>
    public const string MasterCfSyntax = "PF003";

    /// <summary>An aliases line postalias skips.</summary>
    public const string AliasesSyntax = "PF004";

    /// <summary>A $name expansion Postfix fails on (bad macro syntax, recursion).</summary>
    public const string MacroError = "PF005";
}
