using System.Reflection;
using System.Text;
using System.Text.Json;
using ConfigLint.Core.Configuration;
using ConfigLint.Core.Engine;
using ConfigLint.Core.Model;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;
using ConfigLint.Reporting;
using ConfigLint.Rules;

namespace ConfigLint.Cli;

/// <summary>
/// The <c>configlint</c> command. Streams and the working directory are passed in so tests run the
/// real command in-process; this is the only code that decides exit codes.
/// </summary>
public static class CliApp
{
    public static string Version => typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private const string Usage = """
        Usage:
          configlint check PATH... [--format text|json|sarif|github] [--output FILE]
                                   [--fail-level error|warning|note|none] [--category ID] [--no-color]
                                   [--config FILE] [--rules DIR]... [--include-suppressed]
                                   [--baseline FILE] [--write-baseline FILE] [--root DIR]
                                   [--postfix-version X.Y] [--jobs N] [--timings]
          configlint fix PATH... [--diff] [--unsafe-fixes] [--rules ID,...] [--config FILE]
                                 [--root DIR] [--postfix-version X.Y]
          configlint init [DIR] [--force]
          configlint effective DIR [--service NAME/TYPE] [--config FILE] [--postfix-version X.Y]
          configlint rules list [--format text|json|markdown] [--rules DIR]...
          configlint rules explain ID [--rules DIR]...
          configlint --version

        PATH is a directory (searched for main.cf, master.cf and aliases) or files of a Postfix
        configuration. Settings come from the nearest .configlint.yml in the checked directory or
        its parents (or --config FILE); 'configlint init' writes a commented one. Files are
        checked for the Postfix release --postfix-version (or postfix_version) names, 3.4 to
        3.11; the default is the newest, 3.11.
        Suppress one finding with a comment line directly above the entry:
          # configlint: disable=PF101 -- reason
        Exit codes: 0 no findings at or above --fail-level (default: warning; suppressed and
        baselined findings never count), 1 findings, 2 usage, configuration or input error.
        'configlint COMMAND --help' shows the options of one command.
        """;

    private static readonly string[] Commands = ["check", "fix", "init", "effective", "rules", "help"];

    /// <summary>When Main began (a <see cref="System.Diagnostics.Stopwatch"/> timestamp), for <c>check --timings</c>; 0 when not run as a program.</summary>
    internal static long MainEntered { get; set; }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string workingDirectory, bool colorTerminal = false)
    {
        try
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
            {
                (args.Length == 0 ? stderr : stdout).WriteLine(Usage);
                return args.Length == 0 ? ExitCodes.UsageOrInputError : ExitCodes.Clean;
            }

            return args[0] switch
            {
                "--version" or "version" => PrintVersion(stdout),
                "check" => CheckCommand.Run(args[1..], stdout, stderr, workingDirectory, colorTerminal),
                "fix" => FixCommand.Run(args[1..], stdout, stderr, workingDirectory, colorTerminal),
                "init" => InitCommand.Run(args[1..], stdout, stderr, workingDirectory),
                "effective" => EffectiveCommand.Run(args[1..], stdout, stderr, workingDirectory),
                "rules" => RulesCommand.Run(args[1..], stdout, stderr, workingDirectory),
                var other when other.StartsWith('-') => UsageError(stderr, $"unknown option '{other}'{NearestName.Hint(other, ["--help", "--version"])}"),
                var other => UsageError(stderr, $"unknown command '{other}'{NearestName.Hint(other, Commands)}"),
            };
        }
        catch (Exception e) when (e is RuleManifestException or ConfigurationException or BaselineException)
        {
            // Configuration, custom rule and baseline files: each line starts with file:line.
            foreach (var line in e.Message.Split('\n'))
            {
                stderr.WriteLine($"configlint: error: {line}");
            }

            return ExitCodes.UsageOrInputError;
        }
        catch (UsageException e)
        {
            return UsageError(stderr, e.Message, e.Command);
        }
        catch (Exception e)
        {
            // The last resort: whatever the input, never a stack trace and never an exit code other
            // than 0, 1 or 2. Reaching this is a bug in ConfigLint.
            return InternalError(stderr, e);
        }
    }

    /// <summary>Says that ConfigLint itself failed, without a stack trace, and how to report it (exit code 2).</summary>
    internal static int InternalError(TextWriter stderr, Exception e)
    {
        try
        {
            stderr.WriteLine($"configlint: internal error: {e.GetType().Name}: {Excerpt.Of(e.Message.ReplaceLineEndings(" "), 300)}");
            stderr.WriteLine($"This is a bug in ConfigLint {Version}. Please report it at {BugReportUrl} with the command line and, if you can share them, the files it read.");
        }
        catch (Exception)
        {
            // Nothing more can be said; the exit code still tells.
        }

        return ExitCodes.UsageOrInputError;
    }

    /// <summary>Where bugs are reported.</summary>
    public const string BugReportUrl = "https://github.com/configlint/configlint/issues";

    private static int PrintVersion(TextWriter stdout)
    {
        stdout.WriteLine($"configlint {Version}");
        return ExitCodes.Clean;
    }

    internal static int UsageError(TextWriter stderr, string message, string? command = null)
    {
        stderr.WriteLine($"configlint: error: {message}");
        stderr.WriteLine(command is null ? "Run 'configlint --help' for usage." : $"Run 'configlint {command} --help' for usage.");
        return ExitCodes.UsageOrInputError;
    }
}
