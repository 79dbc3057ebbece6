using System.Text;
using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Configuration;
using ConfigLint.Core.Text;

namespace ConfigLint.Cli;

/// <summary><c>configlint init [DIR] [--force]</c>: writes a commented starter <c>.configlint.yml</c>.</summary>
internal static class InitCommand
{
    public static readonly CommandSpec Spec = new("init", [], ["--force"]);

    public const string Usage = """
        Usage: configlint init [DIR] [--force]

        Writes a commented starter .configlint.yml into DIR (default: the current directory).

        Options:
          --force      overwrite an existing .configlint.yml
          -h, --help   show this help
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string cwd)
    {
        var (positionals, options, help) = CommandLine.Parse(args, Spec);
        if (help)
        {
            stdout.WriteLine(Usage);
            return ExitCodes.Clean;
        }

        if (positionals.Count > 1)
        {
            throw new UsageException("init takes at most one directory", Spec.Name);
        }

        var dir = Path.GetFullPath(Path.Combine(cwd, positionals.Count == 1 ? positionals[0] : "."));
        if (!Directory.Exists(dir))
        {
            stderr.WriteLine($"configlint: error: {positionals[0]}: not a directory");
            return ExitCodes.UsageOrInputError;
        }

        var path = Path.Combine(dir, ConfigLintSettings.FileNames[0]);
        var display = ConfigLint.Core.Engine.RuleSets.DisplayPath(path, cwd);
        if (File.Exists(path) && !options.Has("--force"))
        {
            stderr.WriteLine($"configlint: error: {display} already exists; use --force to overwrite it");
            return ExitCodes.UsageOrInputError;
        }

        // Never through a link that leads out of DIR (a checked-in .configlint.yml -> ~/.bashrc), never into a FIFO or device.
        if (InputFile.WriteProblem(path, InputFile.RealPath(dir)) is { } problem)
        {
            stderr.WriteLine($"configlint: error: {display} {problem}");
            return ExitCodes.UsageOrInputError;
        }

        try
        {
            File.WriteAllText(path, StarterText, new UTF8Encoding(false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"configlint: error: {display}: cannot write it: {e.Message}");
            return ExitCodes.UsageOrInputError;
        }

        stdout.WriteLine($"wrote {display}");
        return ExitCodes.Clean;
    }

    /// <summary>The starter file: every key, with what it does; valid as written (a test loads it and checks it against the schema).</summary>
    public static string StarterText
    {
        get
        {
            var profiles = string.Join("\n", Profiles.All.Select(p => $"#   {p.Name,-12} {p.Summary}"));
            return $$"""
                # ConfigLint settings. ConfigLint uses the nearest .configlint.yml in the
                # checked directory or a parent directory; `configlint check --config FILE`
                # names one explicitly. Unknown keys and bad values are errors (exit code 2).
                # JSON schema: schemas/configlint.schema.json in the ConfigLint repository.

                # Presets for the kind of server this is; later ones win. Any of:
                {{profiles}}
                profiles: []

                # Re-level rules by ID (PF101), name (open-relay-risk) or category (relay):
                # off, error, warning or note. An ID beats a name, a name beats a category,
                # and all of them beat profiles. `configlint rules list` shows every rule.
                rules: {}
                #  PF203: off
                #  relay: error

                # Files not to check: globs relative to this file (** crosses directories,
                # a pattern without / matches a name at any depth).
                exclude: []
                #  - legacy/**
                #  - "*.orig"

                # Exit with status 1 when a finding is at or above this level: error,
                # warning (the default), note or none. --fail-level on the command line wins.
                # fail_level: warning

                # The Postfix release the files are for: its parameters, defaults,
                # compatibility levels and stock master.cf apply. 3.4 to 3.11, or a patch
                # version such as "3.7.11" (which also sets $mail_version); quote it.
                # Default: the newest, {{PostfixReleases.Newest.Series}}. --postfix-version on the command line wins.
                # postfix_version: "{{PostfixReleases.Newest.Series}}"

                # The compatibility_level to assume for a main.cf that sets none (Postfix
                # itself assumes 0, which changes defaults such as mynetworks_style).
                # default_compatibility_level: "3.6"

                # A directory with main.cf but no master.cf is checked with the stock
                # master.cf of the target Postfix release (what the package installs):
                # stock (the default), or none to check main.cf alone.
                # master_cf: stock

                # Template files that look like Postfix files (main.cf.j2, master.cf.erb,
                # or text with Jinja or ERB markup): skip (the default; each is reported
                # as skipped) or check (read them as Postfix files).
                # templates: skip

                # What ConfigLint cannot see in the files.
                network:
                  # true: the server is reached through NAT, so a wildcard listener
                  # (inet_interfaces = all) has only private addresses too (PF203);
                  # false: its listening addresses are its public ones.
                  # behind_nat: true
                  # The addresses the internet reaches this server on.
                  public_addresses: []

                # Directories of your own declarative rules: the same manifest format as
                # ConfigLint's rules/, with your own ID prefix (e.g. ACME001).
                rules_dirs: []

                """;
        }
    }
}
