using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// The PF0xx rules report what the readers found while reading the files the way Postfix does;
/// each one forwards the diagnostics carrying its ID.
/// </summary>
public abstract class ReaderDiagnosticRule : IRuleLogic
{
    public void Check(RuleContext context)
    {
        foreach (var d in context.Config.Diagnostics.Where(d => d.RuleId == context.Rule.Id))
        {
            context.Report(d.Span, context.Format(("detail", d.Message)), key: d.Message);
        }
    }
}

[Rule(DiagnosticIds.UnreadableFile)]
public sealed class PF001UnreadableFile : ReaderDiagnosticRule;

[Rule(DiagnosticIds.MainCfSyntax)]
public sealed class PF002MainCfSyntaxError : ReaderDiagnosticRule;

[Rule(DiagnosticIds.MasterCfSyntax)]
public sealed class PF003MasterCfSyntaxError : ReaderDiagnosticRule;

[Rule(DiagnosticIds.AliasesSyntax)]
public sealed class PF004AliasesSyntaxError : ReaderDiagnosticRule;

[Rule(DiagnosticIds.MacroError)]
public sealed class PF005MacroExpansionError : ReaderDiagnosticRule;
