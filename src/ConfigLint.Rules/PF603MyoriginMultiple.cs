using ConfigLint.Core.Parsing;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF603: myorigin holds more than one value. Every Postfix daemon checks it when it reads its configuration:
/// "myorigin parameter setting must not contain multiple values" (mail_params.c mail_params_init(), a comma or
/// white space after <c>$name</c> expansion), and stops.
/// </summary>
[Rule("PF603")]
public sealed class PF603MyoriginMultiple : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        var scopes = new List<MasterService?> { null };
        scopes.AddRange((config.Master?.EffectiveServices ?? []).Where(s => s.Override("myorigin") is not null));
        var reported = new HashSet<Core.Text.Span>();
        foreach (var service in scopes)
        {
            var list = config.List("myorigin", service);
            if (list.Items.Count > 1 && list.Value.Provenance?.Span is { } span && reported.Add(span))
            {
                context.Report(span, context.Format(
                    ("value", list.Value.Value.Trim()),
                    ("where", service is null ? string.Empty : $" in {service.Label}"),
                    ("count", list.Items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            }
        }
    }
}
