using System.Text.Json;
using System.Text.RegularExpressions;
using ConfigLint.Cli;

namespace ConfigLint.Cli.Tests;

/// <summary>The result of one in-process run of the real <c>configlint</c> command.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Truncate(Stdout)}\n--- stderr ---\n{Truncate(Stderr)}";

    private static string Truncate(string s) => s.Length <= 4000 ? s : s[..4000] + $"... ({s.Length} chars)";
}

/// <summary>One finding location as the json format reports it.</summary>
public sealed record JsonLocation(string RuleId, string Severity, string File, int Line, int Column, string Message);

/// <summary>
/// A scratch working directory and helpers to run <see cref="CliApp.Run"/> in it. Any exception
/// escaping <c>Run</c> fails the calling test, which is the point: bad input must never crash.
/// </summary>
public sealed partial class CliHarness : IDisposable
{
    public CliHarness() => Root = Directory.CreateTempSubdirectory("configlint-cli-").FullName;

    /// <summary>The working directory the command runs in.</summary>
    public string Root { get; }

    public void Dispose()
    {
        try
        {
            foreach (var path in Directory.EnumerateFileSystemEntries(Root, "*", SearchOption.AllDirectories))
            {
                if (!OperatingSystem.IsWindows() && File.Exists(path) && !File.GetAttributes(path).HasFlag(FileAttributes.ReparsePoint))
                {
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }

            Directory.Delete(Root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a temp directory left behind must not fail a test.
        }
    }

    /// <summary>Creates (or returns) a sub-directory of <see cref="Root"/>.</summary>
    public string Dir(string relative = "cfg")
    {
        var full = Path.Combine(Root, relative);
        Directory.CreateDirectory(full);
        return full;
    }

    public string Write(string relative, string content)
    {
        var full = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public string WriteBytes(string relative, byte[] content)
    {
        var full = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
        return full;
    }

    public CliRun Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = CliApp.Run(args, stdout, stderr, Root);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Findings of a <c>--format json</c> run.</summary>
    public static List<JsonLocation> Findings(CliRun run)
    {
        using var doc = JsonDocument.Parse(run.Stdout);
        return doc.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => new JsonLocation(
                f.GetProperty("ruleId").GetString()!,
                f.GetProperty("severity").GetString()!,
                f.GetProperty("file").GetString()!,
                f.GetProperty("line").GetInt32(),
                f.GetProperty("column").GetInt32(),
                f.GetProperty("message").GetString()!))
            .ToList();
    }

    [GeneratedRegex(@"^(?<file>\S[^:\n]*):(?<line>\d+):(?<col>\d+): (?<sev>error|warning|note) (?<rule>[A-Z]+\d{3}) ", RegexOptions.Multiline)]
    public static partial Regex TextHeader();

    /// <summary>
    /// Runs <c>check</c> on <paramref name="paths"/> in the json and the text format and checks what
    /// must hold for any input: exit code 0, 1 or 2, the two formats agree, and every finding is
    /// located <c>file:line:col</c> with a real file and positive line and column.
    /// </summary>
    public (CliRun Json, CliRun Text, List<JsonLocation> Findings) CheckLocated(params string[] paths)
    {
        var json = Run(["check", .. paths, "--format", "json"]);
        var text = Run(["check", .. paths]);

        json.ExitCode.ShouldBeOneOf([0, 1, 2], json.ToString());
        text.ExitCode.ShouldBe(json.ExitCode, text.ToString());
        var findings = Findings(json);
        foreach (var f in findings)
        {
            f.File.ShouldNotBeNullOrWhiteSpace(f.ToString());
            f.Line.ShouldBeGreaterThanOrEqualTo(1, f.ToString());
            f.Column.ShouldBeGreaterThanOrEqualTo(1, f.ToString());
        }

        var headers = TextHeader().Matches(text.Stdout).Select(m => $"{m.Groups["file"].Value}:{m.Groups["line"].Value}:{m.Groups["col"].Value} {m.Groups["rule"].Value}").ToList();
        headers.ShouldBe(findings.Select(f => $"{f.File}:{f.Line}:{f.Column} {f.RuleId}").ToList(), ignoreOrder: true, text.ToString());
        if (json.ExitCode == 0)
        {
            // Only findings below the default fail level (warning) may leave the exit code at 0.
            findings.ShouldAllBe(f => f.Severity == "note", json.ToString());
        }
        else if (json.ExitCode == 1)
        {
            findings.ShouldContain(f => f.Severity == "error" || f.Severity == "warning", json.ToString());
        }

        return (json, text, findings);
    }
}
