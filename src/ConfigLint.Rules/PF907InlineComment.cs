using ConfigLint.Core.Findings;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// PF907: a <c>#</c> comment after a main.cf value. main.cf has whole-line comments only (postconf(5)), so
/// the comment is part of the value. Raw parameters (mailbox_command, ...) are left alone: the shell that
/// runs them reads <c>#</c> as a comment itself.
/// </summary>
[Rule("PF907")]
public sealed class PF907InlineComment : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        foreach (var setting in ParameterSettings.InMain(config))
        {
            var entry = setting.Entry!;
            if (!ParameterSettings.HasInlineComment(entry))
            {
                continue;
            }

            var comment = entry.InlineComment!;
            var value = config.Get(entry.Name).Value;
            var effect = ParameterSettings.ParsingOf(config, entry.Name) is { } parsing && parsing.FatalError(entry.Name, value) is { } fatal
                ? $"; every Postfix program that reads {entry.Name} stops with \"fatal: {fatal}\""
                : string.Empty;
            var moveUp = new Replacement(new Span(comment.Span.File, entry.FirstLine, 1, entry.FirstLine, 1), comment.Text + "\n");
            context.Report(
                comment.Span,
                context.Format(
                    ("name", ParameterSettings.Display(entry.Name)),
                    ("comment", comment.Text),
                    ("value", value),
                    ("effect", effect)),
                fix: new Fix($"Move \"{comment.Text}\" to a comment line of its own above {ParameterSettings.Display(entry.Name)}", [moveUp, new Replacement(comment.Span, string.Empty)]),
                key: $"{entry.Name}|{comment.Text}");
        }
    }
}
