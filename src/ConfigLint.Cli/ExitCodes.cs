using ConfigLint.Core.Engine;

namespace ConfigLint.Cli;

/// <summary>DESIGN §5: 0 nothing at or above the fail level, 1 findings at or above it, 2 usage/configuration/input error.</summary>
public static class ExitCodes
{
    public const int Clean = 0;
    public const int Findings = 1;
    public const int UsageOrInputError = 2;

    /// <summary>An incomplete run (an input or configuration error) is never clean, whatever it found.</summary>
    public static int For(LintResult result) =>
        result.Errors.Count > 0 ? UsageOrInputError : result.Failing > 0 ? Findings : Clean;
}
