using System.Globalization;
using ConfigLint.Core.Findings;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF301: the same <c>-o name</c> twice in one master.cf service. The daemon applies its <c>-o</c> options in
/// order (mail_conf_update() replaces the value), and postconf -P shows the last, so every earlier one is dead.
/// </summary>
[Rule("PF301")]
public sealed class PF301MasterDuplicateOption : IRuleLogic
{
    public void Check(RuleContext context)
    {
        foreach (var service in context.Config.Master?.EffectiveServices ?? [])
        {
            if (service.Overrides.Count < 2)
            {
                // No name can repeat (and most services have no -o at all): no grouping made for them.
                continue;
            }

            foreach (var group in service.Overrides.GroupBy(o => o.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                var last = service.Override(group.Key)!;
                foreach (var earlier in group.Where(o => !ReferenceEquals(o, last)))
                {
                    context.Report(
                        earlier.OptionSpan,
                        context.Format(
                            ("name", group.Key),
                            ("service", service.Label),
                            ("line", last.OptionSpan.StartLine.ToString(CultureInfo.InvariantCulture)),
                            ("value", earlier.Value.Text),
                            ("last", last.Value.Text)),
                        [new RelatedLocation(last.OptionSpan, $"The -o {group.Key} the daemon uses: {group.Key}={last.Value.Text}")],
                        new Fix($"Delete the earlier -o {group.Key}={earlier.Value.Text}, which has no effect", [new Replacement(earlier.OptionSpan, string.Empty)]),
                        key: $"{service.Key}|{group.Key}={earlier.Value.Text}");
                }
            }
        }
    }
}
