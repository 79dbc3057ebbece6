using ConfigLint.Core.Model;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF706: a mailing list in the aliases (an :include: file, or more destinations than the
/// manifest's threshold) without an owner-NAME alias. With owner_request_special = yes and an
/// owner-NAME alias, local(8) makes owner-NAME the envelope sender of the expanded mail, so
/// delivery problems go to the list owner; without one the sender is left alone and every
/// member's bounce goes back to whoever wrote to the list (alias.c, aliases(5)).
/// </summary>
[Rule("PF706")]
public sealed class PF706ListWithoutOwner : IRuleLogic
{
    public void Check(RuleContext context)
    {
        if (LocalAliasChecks.Judgeable(context.Config) is not { } aliases || !ExposedServers.IsYes(aliases.Get("owner_request_special")))
        {
            return;
        }

        var threshold = context.Rule.Threshold("list_destinations");
        // Only the lists are read again: an :include:, or more destinations than the threshold.
        foreach (var alias in aliases.Where(s => s.Has(AliasTargetKind.Include) || s.Destinations > threshold))
        {
            if (alias.Name.StartsWith("owner-", StringComparison.Ordinal) || aliases.Has("owner-" + alias.Name))
            {
                continue;
            }

            var include = alias.Entry.Targets.FirstOrDefault(t => t.Kind == AliasTargetKind.Include);
            var count = alias.Entry.Targets.Count;
            string? why = include is not null ? $"it includes {include.Text}" : count > threshold ? $"{count} destinations" : null;
            if (why is null)
            {
                continue;
            }

            context.Report(alias.Entry.KeySpan, context.Format(("alias", alias.Name), ("why", why)), key: alias.Name);
        }
    }
}
