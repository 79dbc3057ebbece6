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
        // Only made when a name is undefined: most configurations have none, and listing a release's
        // thousand parameter names for each of them was a twentieth of a fleet's check.
        List<string>? known = null;
        var hints = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var undefined in config.ParameterNames.Undefined)
        {
            var reference = undefined.Reference;
            var value = config.Get(undefined.Parameter, undefined.Service);
            if (value.Expanded.Failed)
            {
                continue; // macro-expansion-error (PF005) says what Postfix does with it
            }

            // The value and the name are quoted shortened here, not only in the message: a value that
            // expanded to megabytes, or a 35 KB name, referred to thousands of times, made a copy per
            // reference (fuzzed main.cf files allocated 1-3 GB that way).
            var parameter = Excerpt.Of(undefined.Parameter, RuleContext.MaxValueInMessage);
            var effect = reference.IsConditional
                ? $"so ${{{reference.Name}?...}} and ${{{reference.Name}:...}} always act as if it were empty"
                : string.IsNullOrWhiteSpace(value.Value)
                    ? $"so Postfix expands ${reference.Name} to nothing and {parameter} is empty"
                    : $"so Postfix expands ${reference.Name} to nothing: {parameter} = {Excerpt.Of(value.Value, RuleContext.MaxValueInMessage)}";
            if (!hints.TryGetValue(reference.Name, out var hint))
            {
                hint = NearestName.Find(reference.Name, known ??= [.. config.Catalogue.All.Select(p => p.Name), .. config.Main?.Effective.Keys ?? []]) is { } near ? $" (did you mean {near}?)" : string.Empty;
                hints[reference.Name] = hint;
            }

            context.Report(
                reference.Span,
                context.Format(
                    ("name", reference.Name),
                    ("parameter", parameter),
                    ("where", undefined.Service is null ? "main.cf" : $"main.cf, nor the -o options of {undefined.Service.Label},"),
                    ("effect", effect),
                    ("hint", hint)),
                key: $"{undefined.Service?.Key}|{parameter}|{reference.Name}");
        }
    }
}
