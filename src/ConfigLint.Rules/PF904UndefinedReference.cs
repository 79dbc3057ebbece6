using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// PF904: a <c>$name</c> that no main.cf line, no <c>-o</c> of the service and no Postfix parameter defines.
/// Postfix expands it to nothing (mac_expand(3)); postconf warns "undefined parameter: NAME"
/// (postconf_user.c pcf_flag_user_parameter()). A value Postfix cannot expand at all is PF005's.
/// </summary>
[Rule("PF904")]
public sealed class PF904UndefinedReference : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        var known = config.Catalogue.All.Select(p => p.Name)
            .Concat(config.Main?.Effective.Keys ?? [])
            .ToList();
        foreach (var undefined in config.ParameterNames.Undefined)
        {
            var reference = undefined.Reference;
            var value = config.Get(undefined.Parameter, undefined.Service);
            if (value.Expanded.Failed)
            {
                continue; // macro-expansion-error (PF005) says what Postfix does with it
            }

            var effect = reference.IsConditional
                ? $"so ${{{reference.Name}?...}} and ${{{reference.Name}:...}} always act as if it were empty"
                : value.Value.Trim().Length == 0
                    ? $"so Postfix expands ${reference.Name} to nothing and {undefined.Parameter} is empty"
                    : $"so Postfix expands ${reference.Name} to nothing: {undefined.Parameter} = {value.Value}";
            var hint = NearestName.Find(reference.Name, known) is { } near ? $" (did you mean {near}?)" : string.Empty;
            context.Report(
                reference.Span,
                context.Format(
                    ("name", reference.Name),
                    ("parameter", undefined.Parameter),
                    ("where", undefined.Service is null ? "main.cf" : $"main.cf, nor the -o options of {undefined.Service.Label},"),
                    ("effect", effect),
                    ("hint", hint)),
                key: $"{undefined.Service?.Key}|{undefined.Parameter}|{reference.Name}");
        }
    }
}
