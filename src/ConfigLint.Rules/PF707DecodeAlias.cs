using ConfigLint.Core.Model;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF707: an alias that pipes mail into uudecode (the old sendmail <c>decode: "|/usr/bin/uudecode"</c>
/// entry). local(8) runs a <c>|command</c> of the aliases database with the rights of the file's owner,
/// or default_privs when root owns it (local(8), "EXTERNAL COMMAND DELIVERY"); uudecode then writes
/// a file whose name and mode the sender chooses in the "begin" line. When the local(8) service's
/// <c>allow_mail_to_commands</c> does not name <c>alias</c>, local(8) runs no command of the aliases
/// database: the mail bounces with "5.7.1 mail to command is restricted" (deliver_token in
/// local/token.c), nothing is decoded, and alias-command-or-file (PF705) says so instead.
/// </summary>
[Rule("PF707")]
public sealed class PF707DecodeAlias : IRuleLogic
{
    private static readonly string[] Decoders = ["uudecode", "uudeview", "uudec"];

    public void Check(RuleContext context)
    {
        var aliases = context.Config.LocalAliases;
        if (!CommandsRun(aliases))
        {
            return;
        }

        // The entries local(8) finds: none for a null client (mydestination empty, local_transport
        // not local(8)), and per name the first table of alias_maps that has it.
        foreach (var alias in aliases.Where(s => s.Has(AliasTargetKind.Command)))
        {
            foreach (var target in alias.Entry.Targets.Where(Decodes))
            {
                context.Report(target.Span, context.Format(("alias", alias.Name), ("program", target.Program!)));
            }
        }
    }

    /// <summary>Whether local(8) runs <c>|command</c> destinations of the aliases database (allow_mail_to_commands names alias).</summary>
    private static bool CommandsRun(LocalAliases aliases) =>
        LocalAliasChecks.Allows(aliases.Get("allow_mail_to_commands"), "alias");

    /// <summary>True for a <c>|command</c> that runs a uudecode program (alias-command-or-file leaves these to this rule while local(8) runs commands from aliases).</summary>
    internal static bool Decodes(AliasTarget target) =>
        target.Program is { } program && Decoders.Contains(program, StringComparer.OrdinalIgnoreCase);
}
