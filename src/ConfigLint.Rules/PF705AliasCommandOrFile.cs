using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF705: an alias that runs a command, writes a file or reads an :include: file, and with whose
/// rights. local(8) "DELIVERY RIGHTS": with an alias database owned by root (as newaliases makes
/// it) commands and files run as <c>default_privs</c>, otherwise as the database owner (alias.c);
/// an :include: file not owned by root lends its owner's rights to what it lists (include.c).
/// <c>allow_mail_to_commands</c> and <c>allow_mail_to_files</c> (default "alias, forward") decide
/// whether local(8) does it at all, else the mail bounces with "5.7.1 mail to command is
/// restricted" (token.c, file.c). Values are those of the local(8) service. A command that runs
/// uudecode is left to decode-alias (PF707) when local(8) would run it; when it would bounce, it
/// is reported here like any other command.
/// </summary>
[Rule("PF705")]
public sealed class PF705AliasCommandOrFile : IRuleLogic
{
    public void Check(RuleContext context)
    {
        if (LocalAliasChecks.Judgeable(context.Config) is not { } aliases)
        {
            return;
        }

        var privs = aliases.Get("default_privs").Value.Trim();
        var rights = $"as {privs} (default_privs; as the database owner when root does not own the aliases database)";
        var commands = aliases.Get("allow_mail_to_commands");
        var files = aliases.Get("allow_mail_to_files");
        // Only the aliases with a command, a file or an :include: are read again (a million-line
        // aliases file has a handful).
        foreach (var alias in aliases.Where(s => s.Has(AliasTargetKind.Command) || s.Has(AliasTargetKind.File) || s.Has(AliasTargetKind.Include)))
        {
            // /dev/null is the usual way to discard a pseudo-user's mail: nothing runs and nothing is
            // kept, so it is only worth a word when local(8) refuses files and the mail bounces.
            // A command that runs uudecode is decode-alias's (an error there), not a note here,
            // unless local(8) refuses commands from aliases and the mail bounces.
            var targets = alias.Entry.Targets.Where(t => (t.Kind == AliasTargetKind.Command && (!PF707DecodeAlias.Decodes(t) || !LocalAliasChecks.Allows(commands, "alias"))) || t.Kind == AliasTargetKind.Include
                || (t.Kind == AliasTargetKind.File && (!IsDevNull(t) || !LocalAliasChecks.Allows(files, "alias")))).ToList();
            if (targets.Count == 0)
            {
                continue;
            }

            var what = new List<string>();
            foreach (var target in targets)
            {
                what.Add(target.Kind switch
                {
                    AliasTargetKind.Command => LocalAliasChecks.Allows(commands, "alias")
                        ? $"runs {target.Text} {rights}"
                        : $"would run {target.Text}, but allow_mail_to_commands = {commands.Value.Trim()} does not name alias, so local(8) bounces the mail (5.7.1 mail to command is restricted)",
                    AliasTargetKind.File => LocalAliasChecks.Allows(files, "alias")
                        ? $"appends the mail to {target.Text} {rights}"
                        : $"would append the mail to {target.Text}, but allow_mail_to_files = {files.Value.Trim()} does not name alias, so local(8) bounces the mail (5.7.1 mail to file is restricted)",
                    _ => $"delivers to the addresses in {target.Text}"
                        + (LocalAliasChecks.Allows(commands, "include") || LocalAliasChecks.Allows(files, "include")
                            ? $", running the commands and files listed there with the rights of that file's owner ({privs} when root owns it)"
                            : " (commands and files listed there bounce: allow_mail_to_commands and allow_mail_to_files do not name include)"),
                });
            }

            var related = targets.Skip(1).Select(t => new RelatedLocation(t.Span, $"{alias.Name} delivers to {t.Text}.")).ToList();
            context.Report(targets[0].Span, context.Format(("alias", alias.Name), ("what", string.Join("; ", what))), related, key: alias.Name);
        }
    }

    private static bool IsDevNull(AliasTarget target) => target.Text.Trim('"') == "/dev/null";
}
