namespace ConfigLint.Core.Text;

/// <summary>
/// What kind of problem a reader or the model noticed while reading the files the way Postfix
/// reads them. The rules that report each kind live in the Rules layer (PF0xx); the readers only
/// say what they saw.
/// </summary>
public enum DiagnosticKind
{
    /// <summary>A file that cannot be read at all (missing, unreadable, a directory, not text).</summary>
    UnreadableFile,

    /// <summary>A main.cf line Postfix rejects or ignores.</summary>
    MainCfSyntax,

    /// <summary>A master.cf line Postfix rejects, or one it accepts but fails on at run time.</summary>
    MasterCfSyntax,

    /// <summary>An aliases line postalias skips.</summary>
    AliasesSyntax,

    /// <summary>A $name expansion Postfix fails on (bad macro syntax, recursion).</summary>
    MacroError,

    /// <summary>
    /// Something ConfigLint did not evaluate because it reached one of its own limits (a value that
    /// expands to megabytes, a pattern file with too many elements or that includes itself); Postfix
    /// has no such limits. What depends on it is not checked.
    /// </summary>
    AnalysisLimit,
}

/// <summary>
/// Something the parsers or the model noticed while reading the files the way Postfix reads them
/// (a line Postfix rejects, a macro it cannot expand), located at the span that causes it.
/// </summary>
public sealed record Diagnostic(DiagnosticKind Kind, Span Span, string Message);
