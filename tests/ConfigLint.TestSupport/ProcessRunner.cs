using System.ComponentModel;
using System.Diagnostics;

namespace ConfigLint.TestSupport;

/// <summary>The outcome of one external command.</summary>
/// <param name="ExitCode">The exit code; -1 when the command timed out and was killed.</param>
/// <param name="Stdout">Everything written to standard output.</param>
/// <param name="Stderr">Everything written to standard error.</param>
/// <param name="TimedOut">True when the command was killed after the timeout.</param>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr, bool TimedOut);

/// <summary>Runs a command without a shell, with a timeout, capturing both output streams.</summary>
/// <remarks>Environment entries with a null value are removed from the child's environment.</remarks>
public static class ProcessRunner
{
    /// <summary>The default timeout of <see cref="Run"/>.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="arguments"/> (passed as an argument
    /// list, no shell quoting), stdin closed. On timeout the whole process tree is killed.
    /// </summary>
    public static ProcessResult Run(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan? timeout = null,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                if (value is null)
                {
                    psi.Environment.Remove(name);
                }
                else
                {
                    psi.Environment[name] = value;
                }
            }
        }

        using var process = new Process { StartInfo = psi };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"Cannot start '{fileName}': {e.Message}", e);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        var limit = timeout ?? DefaultTimeout;
        var timedOut = !process.WaitForExit(limit);
        if (timedOut)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It ended between the timeout and the kill.
            }

            process.WaitForExit();
        }
        else
        {
            process.WaitForExit(); // flushes the asynchronous readers
        }

        var stderrText = stderr.GetAwaiter().GetResult();
        if (timedOut)
        {
            stderrText += $"{(stderrText.Length == 0 || stderrText.EndsWith('\n') ? string.Empty : "\n")}" +
                          $"[killed after {limit.TotalSeconds:0.#} s]\n";
        }

        return new ProcessResult(
            timedOut ? -1 : process.ExitCode,
            stdout.GetAwaiter().GetResult(),
            stderrText,
            timedOut);
    }

    /// <summary>
    /// Finds an executable on PATH, then in the sbin directories (postconf and postalias live
    /// in /usr/sbin, which a non-root PATH may lack). Returns null when it is nowhere.
    /// </summary>
    public static string? FindExecutable(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var dirs = path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/local/bin", "/usr/bin", "/bin"]);
        foreach (var dir in dirs)
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate) && IsExecutable(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool IsExecutable(string file)
    {
        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        var mode = File.GetUnixFileMode(file);
        return (mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
    }
}
