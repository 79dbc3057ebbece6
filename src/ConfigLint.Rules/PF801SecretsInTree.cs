using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF801: SMTP client passwords written in the checked tree (<see cref="Secrets"/>): the source of
/// a table of smtp_sasl_password_maps or lmtp_sasl_password_maps, a static: or inline: table in
/// such a value, or a file named *_passwd. One finding per file or value, at its first entry
/// (the destination, never the password); no output repeats a password (the model masks the
/// lines reporters show, the engine every message).
/// </summary>
[Rule("PF801")]
public sealed class PF801SecretsInTree : IRuleLogic
{
    public void Check(RuleContext context)
    {
        foreach (var source in context.Config.Secrets.Sources)
        {
            var entries = source.Entries;
            var count = entries.Count == 1 ? "an SMTP client password" : $"{entries.Count} SMTP client passwords";
            var how = source.Kind switch
            {
                PasswordSourceKind.PasswordMap => $"that Postfix sends to the servers it logs in to ({source.Parameter})",
                PasswordSourceKind.InlineValue => $"written into {source.Parameter} itself",
                _ => "in a file named like a Postfix password table (*_passwd)",
            };
            var destinations = string.Join(", ", entries.Select(e => e.Key).Distinct().Take(5)) + (entries.Select(e => e.Key).Distinct().Count() > 5 ? ", ..." : string.Empty);
            var related = entries.Skip(1).Select(e => new RelatedLocation(e.KeySpan, $"The password for {e.Key}.")).ToList();
            if (source.ReferenceSpan is { } reference && reference != entries[0].KeySpan)
            {
                related.Insert(0, new RelatedLocation(reference, $"{source.Parameter} names this table."));
            }

            context.Report(entries[0].KeySpan, context.Format(("file", source.File), ("count", count), ("how", how), ("destinations", destinations), ("them", entries.Count == 1 ? "it" : "them")), related, key: $"{source.File}|{source.Parameter}|{destinations}");
        }
    }
}
