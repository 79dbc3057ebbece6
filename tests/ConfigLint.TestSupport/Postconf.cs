namespace ConfigLint.TestSupport;

/// <summary>The outcome of a sandboxed postconf/postalias run.</summary>
/// <param name="ExitCode">postconf's exit code (1 on a fatal error); -1 when it timed out.</param>
/// <param name="Stdout">Standard output (the query result).</param>
/// <param name="Stderr">Standard error (warnings and fatal messages, prefixed "postconf: ").</param>
/// <param name="TimedOut">True when the command was killed after the timeout.</param>
/// <param name="SandboxDir">
/// The temporary config directory that was used (already deleted). It appears in the output,
/// e.g. <c>config_directory = SandboxDir</c> and <c>warning: SandboxDir/main.cf, line 2: …</c>;
/// <see cref="Normalize"/> replaces it with <c>DIR</c> as in POSTFIX-SEMANTICS.md.
/// </param>
public sealed record PostconfResult(int ExitCode, string Stdout, string Stderr, bool TimedOut, string SandboxDir)
{
    /// <summary>True when the command exited 0.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>The non-empty lines of <see cref="Stderr"/>, with the sandbox path replaced by DIR.</summary>
    public IReadOnlyList<string> StderrLines => SplitLines(Normalize(Stderr));

    /// <summary>The non-empty lines of <see cref="Stdout"/>, with the sandbox path replaced by DIR.</summary>
    public IReadOnlyList<string> StdoutLines => SplitLines(Normalize(Stdout));

    /// <summary>Replaces the sandbox directory in <paramref name="text"/> with <c>DIR</c>.</summary>
    public string Normalize(string text) =>
        SandboxDir.Length == 0 ? text : text.Replace(SandboxDir, "DIR", StringComparison.Ordinal);

    /// <summary>Throws (showing stderr) unless the command exited 0; returns this for chaining.</summary>
    public PostconfResult EnsureSuccess()
    {
        if (!Succeeded)
        {
            throw new InvalidOperationException(
                $"exit code {ExitCode}{(TimedOut ? " (timed out)" : string.Empty)}; stderr:\n{Normalize(Stderr)}");
        }

        return this;
    }

    private static string[] SplitLines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// Runs the real Postfix 3.7 <c>postconf</c> / <c>postalias</c> on a copy of a configuration,
/// in a sandbox: a fresh temporary config directory (files back-dated one minute, because
/// Postfix re-reads a main.cf/master.cf younger than about a second over and over: the
/// "cool-down trap"), inside a private network namespace (<c>unshare -n</c>, needs root) so
/// nothing can leave the machine and host-name lookups fail at once. Only the loopback
/// interface of that namespace is brought up: with no interface at all postconf dies with
/// "could not find any active network interfaces" for any main.cf that does not set
/// mynetworks, while with loopback the computed default is the stable
/// <c>127.0.0.0/8 [::1]/128</c>. The namespace also has its own host name (<c>unshare -u</c>),
/// <see cref="HostName"/>, so that myhostname/mydomain and everything derived from them do not
/// depend on the machine (a host name without a dot would make postconf append main.cf's
/// mydomain or "localdomain"); the catalogue's defaults were generated with the same name.
/// A run is killed after 30 s.
/// Every method first calls <see cref="Prerequisites.RequirePostfix"/>, so under CI a missing
/// Postfix fails the test with a message naming <c>bash scripts/test.sh</c>.
/// </summary>
public static class Postconf
{
    /// <summary>Timeout of each postconf/postalias process.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The host name inside the sandbox (as in tests/data/postfix/regenerate.sh): postconf computes
    /// <c>myhostname = host.example.test</c> and <c>mydomain = example.test</c> from it.
    /// </summary>
    public const string HostName = Sandbox.HostName;

    /// <summary>
    /// Runs <c>postconf -c SANDBOX args…</c> on copies of <paramref name="configDir"/>'s main.cf
    /// and master.cf (whichever exist; a missing main.cf becomes an empty one, since postconf
    /// insists on it; a missing master.cf stays missing, and postconf then warns
    /// <c>open DIR/master.cf: No such file or directory</c>).
    /// </summary>
    /// <example><c>Postconf.Run(dir, "-n")</c>, <c>Postconf.Run(dir, "-M")</c>, <c>Postconf.Run(dir, "-hx", "mynetworks")</c></example>
    public static PostconfResult Run(string configDir, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(configDir);
        ArgumentNullException.ThrowIfNull(args);
        if (!Directory.Exists(configDir))
        {
            throw new DirectoryNotFoundException($"config directory not found: {configDir}");
        }

        var mainCf = Path.Combine(configDir, "main.cf");
        var masterCf = Path.Combine(configDir, "master.cf");
        return RunFiles(
            File.Exists(mainCf) ? File.ReadAllBytes(mainCf) : [],
            File.Exists(masterCf) ? File.ReadAllBytes(masterCf) : null,
            args);
    }

    /// <summary>
    /// Like <see cref="Run"/>, from file contents: <paramref name="mainCf"/> is written as
    /// main.cf (null = empty file), <paramref name="masterCf"/> as master.cf (null = no master.cf).
    /// Text is written as UTF-8 without BOM, exactly as given (line endings included).
    /// </summary>
    public static PostconfResult RunText(string? mainCf, string? masterCf, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return RunFiles(
            mainCf is null ? [] : System.Text.Encoding.UTF8.GetBytes(mainCf),
            masterCf is null ? null : System.Text.Encoding.UTF8.GetBytes(masterCf),
            args);
    }

    /// <summary>
    /// Builds <c>hash:SANDBOX/aliases</c> from a copy of <paramref name="aliasesFile"/> with
    /// <c>postalias -c SANDBOX</c> (empty main.cf), then dumps it with <c>postalias -s</c>.
    /// Stdout is the dump (parse it with <see cref="PostconfOutput.ParsePostaliasDump"/>; the
    /// order is hash order, not file order); stderr holds both steps' warnings (e.g.
    /// <c>postalias: warning: DIR/aliases.db: duplicate entry: "dup"</c>); the exit code is the
    /// first non-zero one (the dump is not attempted when building failed).
    /// </summary>
    public static PostconfResult PostaliasDump(string aliasesFile)
    {
        ArgumentNullException.ThrowIfNull(aliasesFile);
        if (!File.Exists(aliasesFile))
        {
            throw new FileNotFoundException($"aliases file not found: {aliasesFile}", aliasesFile);
        }

        return PostaliasDumpBytes(File.ReadAllBytes(aliasesFile));
    }

    /// <summary>Like <see cref="PostaliasDump"/>, from the aliases file's text.</summary>
    public static PostconfResult PostaliasDumpText(string aliases)
    {
        ArgumentNullException.ThrowIfNull(aliases);
        return PostaliasDumpBytes(System.Text.Encoding.UTF8.GetBytes(aliases));
    }

    /// <summary>
    /// <c>postmap -q KEY TABLE</c> (or, with a null <paramref name="key"/>, <c>postmap -s TABLE</c>:
    /// every entry as "key value") in the sandbox (empty main.cf): what Postfix's lookup returns.
    /// With <paramref name="sourceFile"/>, that file is copied into the sandbox as <c>table</c>,
    /// <c>{file}</c> in <paramref name="table"/> stands for the copy (<c>hash:{file}</c>), and an
    /// indexed type is built with <c>postmap</c> first. Exit code 1 with empty stdout: not found.
    /// </summary>
    public static PostconfResult PostmapQuery(string table, string? key, string? sourceFile = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        Prerequisites.RequirePostfix();
        var postmap = ProcessRunner.FindExecutable("postmap")!;
        var dir = Directory.CreateTempSubdirectory("configlint-postmap-").FullName;
        try
        {
            WriteBackdated(Path.Combine(dir, "main.cf"), []);
            var copy = Path.Combine(dir, "table");
            if (sourceFile is not null)
            {
                WriteBackdated(copy, File.ReadAllBytes(sourceFile));
            }

            var spec = table.Replace("{file}", copy, StringComparison.Ordinal);
            if (sourceFile is not null && !spec.StartsWith("texthash:", StringComparison.Ordinal))
            {
                var build = Sandbox.Run(postmap, ["-c", dir, spec], Timeout);
                if (build.ExitCode != 0)
                {
                    return new PostconfResult(build.ExitCode, build.Stdout, build.Stderr, build.TimedOut, dir);
                }
            }

            var r = Sandbox.Run(postmap, key is null ? ["-c", dir, "-s", spec] : ["-c", dir, "-q", key, spec], Timeout);
            return new PostconfResult(r.ExitCode, r.Stdout, r.Stderr, r.TimedOut, dir);
        }
        finally
        {
            TryDelete(dir);
        }
    }

    private static PostconfResult RunFiles(byte[] mainCf, byte[]? masterCf, string[] args)
    {
        Prerequisites.RequirePostfix();
        var postconf = ProcessRunner.FindExecutable("postconf")!;
        var dir = Directory.CreateTempSubdirectory("configlint-postconf-").FullName;
        try
        {
            WriteBackdated(Path.Combine(dir, "main.cf"), mainCf);
            if (masterCf is not null)
            {
                WriteBackdated(Path.Combine(dir, "master.cf"), masterCf);
            }

            var r = Sandbox.Run(postconf, ["-c", dir, .. args], Timeout);
            return new PostconfResult(r.ExitCode, r.Stdout, r.Stderr, r.TimedOut, dir);
        }
        finally
        {
            TryDelete(dir);
        }
    }

    private static PostconfResult PostaliasDumpBytes(byte[] aliases)
    {
        Prerequisites.RequirePostfix();
        var postalias = ProcessRunner.FindExecutable("postalias")!;
        var dir = Directory.CreateTempSubdirectory("configlint-postalias-").FullName;
        try
        {
            WriteBackdated(Path.Combine(dir, "main.cf"), []);
            var aliasesPath = Path.Combine(dir, "aliases");
            WriteBackdated(aliasesPath, aliases);
            var table = "hash:" + aliasesPath;

            var build = Sandbox.Run(postalias, ["-c", dir, table], Timeout);
            if (build.ExitCode != 0)
            {
                return new PostconfResult(build.ExitCode, build.Stdout, build.Stderr, build.TimedOut, dir);
            }

            var dump = Sandbox.Run(postalias, ["-c", dir, "-s", table], Timeout);
            return new PostconfResult(dump.ExitCode, dump.Stdout, build.Stderr + dump.Stderr, dump.TimedOut, dir);
        }
        finally
        {
            TryDelete(dir);
        }
    }

    private static void WriteBackdated(string path, byte[] content)
    {
        File.WriteAllBytes(path, content);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-1));
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp dir must not fail a test.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>The private network and UTS namespaces the Postfix tools run in.</summary>
internal static class Sandbox
{
    /// <summary>The namespace's host name (see <see cref="Postconf.HostName"/>).</summary>
    public const string HostName = "host.example.test";

    // unshare -n -u -- /bin/sh -c 'echo NAME >/proc/sys/kernel/hostname && "$0" link set lo up && exec "$@"' IP PROGRAM ARGS...
    private const string SetUpThenExec =
        "echo " + HostName + " >/proc/sys/kernel/hostname && \"$0\" link set lo up && exec \"$@\"";

    /// <summary>
    /// Runs <paramref name="program"/> (a full path) in a fresh network namespace with only
    /// loopback up, and a fresh UTS namespace named <see cref="HostName"/>. The program is
    /// started by its bare name, with its directory first on PATH, so that Postfix prefixes its
    /// messages with "postconf: ", not "/usr/sbin/postconf: ".
    /// </summary>
    public static ProcessResult Run(string program, IEnumerable<string> args, TimeSpan timeout)
    {
        var unshare = ProcessRunner.FindExecutable("unshare")
            ?? throw new InvalidOperationException("'unshare' not found (package util-linux)");
        var ip = ProcessRunner.FindExecutable("ip")
            ?? throw new InvalidOperationException("'ip' not found (package iproute2)");
        var path = string.Join(
            Path.PathSeparator,
            Path.GetDirectoryName(program),
            Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
            "/usr/sbin:/sbin");
        return ProcessRunner.Run(
            unshare,
            ["-n", "-u", "--", "/bin/sh", "-c", SetUpThenExec, ip, Path.GetFileName(program), .. args],
            timeout,
            environment: new Dictionary<string, string?>
            {
                ["PATH"] = path,
                // Postfix tools read MAIL_CONFIG when -c is absent; never let it point elsewhere.
                ["MAIL_CONFIG"] = null,
                ["LC_ALL"] = "C",
            });
    }
}
