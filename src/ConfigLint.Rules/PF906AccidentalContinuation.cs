using System.Globalization;
using ConfigLint.Core.Findings;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF906: an indented main.cf line that reads as a definition of a Postfix parameter. A line that starts with
/// whitespace continues the previous logical line (postconf(5), util/readlline.c), so its text is appended to
/// the value above and the parameter it names is never set.
/// </summary>
[Rule("PF906")]
public sealed class PF906AccidentalContinuation : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        foreach (var entry in config.Main?.Entries ?? [])
        {
            var effect = string.Empty;
            if (ReferenceEquals(config.Main!.Get(entry.Name), entry)
                && ParameterSettings.ParsingOf(config, entry.Name) is { } parsing
                && parsing.FatalError(entry.Name, config.Get(entry.Name).Value) is { } fatal)
            {
                effect = $"; every Postfix program that reads {entry.Name} then stops with \"fatal: {fatal}\"";
            }

            foreach (var line in ParameterSettings.AccidentalContinuations(config, entry))
            {
                context.Report(
                    line.NameSpan!.Value,
                    context.Format(
                        ("name", line.DefinitionName!),
                        ("parent", ParameterSettings.Display(entry.Name)),
                        ("line", entry.FirstLine.ToString(CultureInfo.InvariantCulture)),
                        ("text", line.Text.Text),
                        ("effect", effect)),
                    fix: new Fix($"Start the line in column 1, so that it sets {line.DefinitionName}", [new Replacement(line.Indentation, string.Empty)]),
                    key: $"{entry.Name}|{line.Text.Text}");
            }
        }
    }
}
