using ConfigLint.Core.Parsing;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF707: an alias that pipes mail into uudecode (the old sendmail <c>decode: "|/usr/bin/uudecode"</c>
/// entry). local(8) runs a <c>|command</c> of the aliases database with the rights of the file's owner,
/// or default_privs when root owns it (local(8), "EXTERNAL COMMAND DELIVERY"); uudecode then writes
/// a file whose name and mode the sender chooses in the "begin" line.
/// </summary>
[Rule("PF707")]
public sealed class PF707DecodeAlias : IRuleLogic
{
    private static readonly string[] Decoders = ["uudecode", "uudeview", "uudec"];

    public void Check(RuleContext context)
    {
        foreach (var entry in context.Config.Aliases?.Entries ?? [])
        {
            foreach (var target in entry.Targets.Where(t => t.Kind == AliasTargetKind.Command))
            {
                var program = target.Text.TrimStart('|', '"', ' ', '\t').Split([' ', '\t', '"'], 2)[0];
                var name = program[(program.LastIndexOf('/') + 1)..];
                if (!Decoders.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    continue;
                }

                context.Report(target.Span, context.Format(("alias", entry.Key), ("program", name)));
            }
        }
    }
}
