using ConfigLint.Core.Findings;
using ConfigLint.Core.Engine;
using ConfigLint.Core.Text;

namespace ConfigLint.Cli;

/// <summary>DESIGN §5: 0 nothing at or above the fail level, 1 findings at or above it, 2 usage/configuration/input error.</summary>
public static class ExitCodes
{
    public const int Clean = 0;
    public const int Findings = 1;
    public const int UsageOrInputError = 2;

    public static int For(IEnumerable<Finding> findings, Severity failLevel) =>
        failLevel != Severity.None && findings.Any(f => f.Suppression is null && f.Severity >= failLevel) ? Findings : Clean;
}
