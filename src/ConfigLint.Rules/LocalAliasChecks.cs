using ConfigLint.Core.Model;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>What the aliases rules share: when the aliases can be judged, and how to name them.</summary>
internal static class LocalAliasChecks
{
    /// <summary>
    /// The aliases when local delivery is on, at least one table of alias_maps is in the tree and
    /// ConfigLint knows every table: then a name it does not find is in none of them, and an entry
    /// it finds is the one local(8) uses. Null otherwise (a null client, or a table it cannot see,
    /// such as an ldap: table or an aliases file that is not in the tree).
    /// </summary>
    public static LocalAliases? Judgeable(PostfixConfig config)
    {
        var aliases = config.LocalAliases;
        return aliases.InUse && aliases.Complete && aliases.Tables.Any(t => t.State == AliasTableState.Read) ? aliases : null;
    }

    /// <summary>
    /// True when an allow_mail_to_commands or allow_mail_to_files value names the expansion type
    /// (alias, forward, include), as local(8) reads it (name_mask, case-insensitive).
    /// </summary>
    public static bool Allows(EffectiveValue list, string type) =>
        ListItems.Split(list.Value).Any(i => i.Text.Equals(type, StringComparison.OrdinalIgnoreCase));

    /// <summary>"hash:/etc/aliases (aliases)": the tables read, with the file each was read from.</summary>
    public static string Tables(LocalAliases aliases) =>
        string.Join(", ", aliases.Tables.Where(t => t.Document is not null).Select(t => $"{t.Reference.Text}, read from {t.Document!.Source.Path}"));

    /// <summary>Reports that <paramref name="name"/> has no alias, at the top of the first aliases file, naming the aliases that point to it.</summary>
    public static void ReportMissing(RuleContext context, LocalAliases aliases, string name, params (string Key, string Value)[] extra)
    {
        if (aliases.TopOfFirstTable is not { } where)
        {
            return;
        }

        var pointing = PointingTo(aliases, name).ToList();
        var related = pointing.Select(p => new Core.Findings.RelatedLocation(p.Target.Span, $"{p.Alias.Name} points to {name}.")).ToList();
        var names = pointing.Select(p => p.Alias.Name).Distinct().ToList();
        var pointers = names.Count == 0 ? string.Empty : $" (and for {string.Join(", ", names)}, which {(names.Count == 1 ? "points" : "point")} to it)";
        context.Report(where, context.Format([("tables", Tables(aliases)), ("pointing", pointers), .. extra]), related, key: name);
    }

    /// <summary>The aliases whose destinations name the local user <paramref name="name"/>.</summary>
    public static IEnumerable<(LocalAlias Alias, AliasTarget Target)> PointingTo(LocalAliases aliases, string name)
    {
        var folded = name.ToLowerInvariant();
        var found = new List<(int Alias, int Target)>();
        aliases.ForEachLocalUser((alias, target, user) =>
        {
            if (user.SequenceEqual(folded))
            {
                found.Add((alias, target));
            }
        });
        return found.Select(f =>
        {
            var alias = aliases.At(f.Alias);
            return (alias, alias.Entry.Targets[f.Target]);
        });
    }

    /// <summary>The span of an alias's name.</summary>
    public static Span KeySpan(LocalAlias alias) => alias.Entry.KeySpan;
}
