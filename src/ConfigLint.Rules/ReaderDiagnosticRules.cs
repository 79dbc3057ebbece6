using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// The PF0xx rules report what the readers found while reading the files the way Postfix does;
/// each one forwards the diagnostics of its kind.
/// </summary>
public abstract class ReaderDiagnosticRule(DiagnosticKind kind) : IRuleLogic
{
    public DiagnosticKind Kind { get; } = kind;

    public void Check(RuleContext context)
    {
        foreach (var d in context.Config.Diagnostics.Where(d => d.Kind == Kind))
        {
            context.Report(d.Span, context.Format(("detail", d.Message)), key: d.Message);
        }
    }
}

[Rule("PF001")]
public sealed class PF001UnreadableFile() : ReaderDiagnosticRule(DiagnosticKind.UnreadableFile);

[Rule("PF002")]
public sealed class PF002MainCfSyntaxError() : ReaderDiagnosticRule(DiagnosticKind.MainCfSyntax);

[Rule("PF003")]
public sealed class PF003MasterCfSyntaxError() : ReaderDiagnosticRule(DiagnosticKind.MasterCfSyntax);

[Rule("PF004")]
public sealed class PF004AliasesSyntaxError() : ReaderDiagnosticRule(DiagnosticKind.AliasesSyntax);

[Rule("PF005")]
public sealed class PF005MacroExpansionError() : ReaderDiagnosticRule(DiagnosticKind.MacroError);

[Rule("PF006")]
public sealed class PF006AnalysisLimitReached() : ReaderDiagnosticRule(DiagnosticKind.AnalysisLimit);
