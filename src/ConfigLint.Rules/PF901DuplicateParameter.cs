using ConfigLint.Core.Findings;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// PF901: a main.cf parameter defined more than once. Postfix keeps the last definition (dict_load_fp()
/// replaces the earlier value; postconf warns "overriding earlier entry"), so every earlier one is dead text.
/// </summary>
[Rule("PF901")]
public sealed class PF901DuplicateParameter : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        if (config.Main is not { } main)
        {
            return;
        }

        foreach (var group in main.Entries.GroupBy(e => e.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var last = main.Get(group.Key)!;
            foreach (var earlier in group.Where(e => !ReferenceEquals(e, last)))
            {
                var deletion = new Replacement(new Span(main.Source.Path, earlier.FirstLine, 1, earlier.LastLine, main.Source.LineLength(earlier.LastLine) + 1), string.Empty);
                context.Report(
                    earlier.NameSpan,
                    context.Format(
                        ("name", ParameterSettings.Display(group.Key)),
                        ("value", earlier.Value.Text),
                        ("line", last.FirstLine.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                        ("last", last.Value.Text)),
                    [new RelatedLocation(last.NameSpan, $"The definition Postfix uses: {ParameterSettings.Display(group.Key)} = {last.Value.Text}")],
                    new Fix($"Delete the earlier definition of {ParameterSettings.Display(group.Key)} (line {earlier.FirstLine}), which has no effect", [deletion]),
                    key: $"{group.Key}={earlier.Value.Text}");
            }
        }
    }
}
