using System.Globalization;
using ConfigLint.Core.Engine;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;
using ConfigLint.Reporting;

namespace ConfigLint.Cli;

/// <summary>
/// <c>configlint fix</c>: applies the fixes the findings carry (the same edits SARIF carries),
/// safe ones by default, and shows or writes the result. The engine (<see cref="Fixer"/>) decides
/// what is fixed; this only parses arguments and prints.
/// </summary>
internal static class FixCommand
{
    public static readonly CommandSpec Spec = new(
        "fix",
        ["--rules", "--config", "--root", "--postfix-version", "--fail-level"],
        ["--diff", "--unsafe-fixes", "--no-color"]);

    public const string Usage = """
        Usage: configlint fix PATH... [options]

        Applies the fixes of the findings in PATH (as 'configlint check' finds them) to the files,
        in place. Only the text a fix replaces changes: comments, spacing, continuation lines,
        line endings and the final newline stay as they are. A fix is safe (it changes nothing
        Postfix does beyond the finding itself) or unsafe (it changes behaviour, as intended);
        'configlint rules explain ID' says which. Fixes are applied until none is left, so a
        second run changes nothing.

        Options:
          --diff                            print a unified diff of what would change instead
                                            of writing it (exit 1 when something would change)
          --unsafe-fixes                    also apply unsafe fixes
          --rules ID,...                    only the fixes of these rules (IDs or names)
          --fail-level error|warning|note|none
                                            exit 1 when a finding at or above this level is
                                            left (default: as check; the pre-commit hook
                                            configlint-fix uses none)
          --config FILE                     settings file (default: the nearest .configlint.yml)
          --postfix-version X.Y             the Postfix release the files are for, 3.4 to 3.11
          --root DIR                        repository root (files outside it are not written)
          --no-color                        no ANSI colour in the findings that are left
          -h, --help                        show this help

        Exit codes: 0 nothing left at or above the fail level (with --diff: nothing to change),
        1 findings left (with --diff: something would change), 2 usage, configuration or input
        error (then no file is written).
        """;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, string cwd, bool colorTerminal)
    {
        var (paths, options, help) = CommandLine.Parse(args, Spec);
        if (help)
        {
            stdout.WriteLine(Usage);
            return ExitCodes.Clean;
        }

        if (paths.Count == 0)
        {
            throw new UsageException("fix needs at least one PATH (a directory to search, or files of a configuration)", Spec.Name);
        }

        var diff = options.Has("--diff");
        var selected = options.All("--rules").SelectMany(r => r.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        var known = ConfigLint.Rules.BuiltInRules.Rules.Select(r => r.Descriptor).ToList();
        foreach (var name in selected)
        {
            if (!known.Any(r => r.Id.Equals(name, StringComparison.OrdinalIgnoreCase) || r.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new UsageException($"--rules: '{name}' is not a rule ID or name{NearestName.Hint(name, known.Select(r => r.Id).Concat(known.Select(r => r.Name)).ToList())}", Spec.Name);
            }
        }

        var result = Fixer.Run(new FixRequest
        {
            Lint = new LintRequest
            {
                Paths = paths,
                WorkingDirectory = cwd,
                BuiltInRules = ConfigLint.Rules.BuiltInRules.Rules,
                ConfigFile = options.Get("--config"),
                RootDirectory = options.Get("--root"),
                PostfixVersion = PostfixVersionOption.Get(options, Spec.Name),
                FailLevel = CheckCommand.FailLevel(options.Get("--fail-level")),
                ToolVersion = CliApp.Version,
            },
            UnsafeFixes = options.Has("--unsafe-fixes"),
            Rules = selected,
            Write = !diff,
        });

        foreach (var error in result.Remaining.Errors)
        {
            stderr.WriteLine($"configlint: error: {error}");
        }

        if (result.Remaining.Errors.Count > 0)
        {
            stderr.WriteLine("configlint: nothing was fixed: the files could not all be read.");
            return ExitCodes.UsageOrInputError;
        }

        return diff ? PrintDiff(result, stdout, stderr) : PrintFixed(result, stdout, stderr, colorTerminal && !options.Has("--no-color"));
    }

    /// <summary>--diff: every fix that would be applied, then the diff of its file (a patch for git apply -p1 from the root).</summary>
    private static int PrintDiff(FixResult result, TextWriter stdout, TextWriter stderr)
    {
        foreach (var file in result.Files)
        {
            foreach (var fix in file.Fixes)
            {
                stdout.WriteLine($"# {Describe(fix)}");
            }

            stdout.Write(UnifiedDiff.Render(file.RepositoryPath, file.Before, file.After));
        }

        PrintNotApplied(result, stderr);
        var count = result.Files.Sum(f => f.Fixes.Count);
        stderr.WriteLine(result.Files.Count == 0
            ? "configlint: nothing to fix."
            : string.Create(CultureInfo.InvariantCulture, $"configlint: {count} {Plural(count, "fix", "fixes")} would change {result.Files.Count} {Plural(result.Files.Count, "file", "files")}; run without --diff to apply."));
        return result.Files.Count > 0 ? ExitCodes.Findings : ExitCodes.Clean;
    }

    private static int PrintFixed(FixResult result, TextWriter stdout, TextWriter stderr, bool color)
    {
        foreach (var error in result.WriteErrors)
        {
            stderr.WriteLine($"configlint: error: {error}");
        }

        foreach (var fix in result.Files.SelectMany(f => f.Fixes))
        {
            stdout.WriteLine($"fixed {Describe(fix)}");
        }

        PrintNotApplied(result, stderr);
        var count = result.Files.Sum(f => f.Fixes.Count);
        if (count > 0)
        {
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count} {Plural(count, "fix", "fixes")} applied in {result.Files.Count} {Plural(result.Files.Count, "file", "files")}; left:"));
        }

        // What is left, as check reports it.
        Reporters.ByName("text", color, includeSuppressed: false)!.Write(ReportInput.From(result.Remaining, null, CliApp.Version), stdout);
        return result.WriteErrors.Count > 0 ? ExitCodes.UsageOrInputError : ExitCodes.For(result.Remaining);
    }

    private static void PrintNotApplied(FixResult result, TextWriter stderr)
    {
        var unsafeCount = result.NotApplied.Count(n => n.Reason.StartsWith("unsafe", StringComparison.Ordinal));
        if (unsafeCount > 0)
        {
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"configlint: {unsafeCount} more {Plural(unsafeCount, "fix is", "fixes are")} unsafe (they change what Postfix does); add --unsafe-fixes to apply {Plural(unsafeCount, "it", "them")}."));
        }

        foreach (var (finding, reason) in result.NotApplied.Where(n => !n.Reason.StartsWith("unsafe", StringComparison.Ordinal) && n.Reason != "not among --rules"))
        {
            stderr.WriteLine($"configlint: not fixed: {finding.Span.File}:{finding.Span.StartLine}:{finding.Span.StartColumn}: {finding.RuleId}: {reason}.");
        }
    }

    private static string Describe(AppliedFix fix) =>
        $"{fix.Finding.Span.File}:{fix.Finding.Span.StartLine}:{fix.Finding.Span.StartColumn}: {fix.Finding.RuleId} [{fix.Finding.RuleName}] ({(fix.Safety == FixSafety.Safe ? "safe" : "unsafe")}): {fix.Finding.Fix!.Description}";

    private static string Plural(int n, string one, string many) => n == 1 ? one : many;
}
