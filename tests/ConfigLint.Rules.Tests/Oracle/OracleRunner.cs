using System.Diagnostics;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using ConfigLint.TestSupport;

namespace ConfigLint.Rules.Tests.Oracle;

/// <summary>
/// Runs tests/ConfigLint.Rules.Tests/Oracle/oracle-harness.sh (our copy of the shared oracle,
/// POSTFIX-SEMANTICS.md §9) on a configuration directory and parses what it reports.
///
/// The directory is never touched: it is copied to a temporary directory first, and in the
/// COPY every <c>/etc/postfix/</c> path (a <c>/file/name</c> in mynetworks, a <c>cidr:</c> table)
/// is rewritten to the copy's own path, because the sandboxed Postfix opens those files by
/// absolute path while ConfigLint maps <c>/etc/postfix</c> onto the analysed directory.
///
/// At most <see cref="MaxParallel"/> runs go at once (2 cores: Postfix mostly waits, three
/// runs in parallel keep both cores busy). Every run is bounded: on timeout the harness's
/// process group gets SIGTERM (its traps stop Postfix and delete the sandbox), then SIGKILL,
/// and whatever is still alive in the run's private network namespace (master double-forks
/// out of the process group) is killed, so a failing test leaves nothing running.
/// </summary>
public static partial class OracleRunner
{
    /// <summary>
    /// The simulated LAN of the sandboxed host: put on lo inside the private namespace only.
    /// Postfix computes mynetworks for <c>mynetworks_style = subnet</c> / <c>class</c> from the
    /// host's interfaces; with only lo both would be loopback and the style would be invisible.
    /// A private /16 (wider than the /24 "one office" threshold of PF101, so trusting it is a
    /// PF101 warning by the rule's own thresholds when written out as an element) stands for
    /// the LAN of a server behind NAT. See <see cref="ProbePlan"/> for the neighbour probe.
    /// </summary>
    public const string LanAddress = "10.20.0.1/16";

    public static int MaxParallel { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("CONFIGLINT_ORACLE_PARALLEL"), out var n) && n > 0 ? n : 3;

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(
        int.TryParse(Environment.GetEnvironmentVariable("CONFIGLINT_ORACLE_TIMEOUT"), out var t) && t > 0 ? t : 120);

    private static readonly SemaphoreSlim Gate = new(MaxParallel);

    private const UnixFileMode ReadableDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public static string HarnessDirectory => Path.Combine(RepoPaths.Root, "tests", "ConfigLint.Rules.Tests", "Oracle");

    public static string Harness => Path.Combine(HarnessDirectory, "oracle-harness.sh");

    private static readonly Lazy<string?> ProblemLazy = new(FindProblem);

    /// <summary>Throws (also under CI) when the oracle cannot run here.</summary>
    public static void Require()
    {
        Prerequisites.RequirePostfix();
        if (ProblemLazy.Value is { } problem)
        {
            throw new InvalidOperationException(
                $"The Postfix oracle cannot run: {problem}. Run the tests with '{Prerequisites.TestCommand}' as root (it installs postfix, swaks, perl, iproute2).");
        }
    }

    private static string? FindProblem()
    {
        foreach (var tool in new[] { "postfix", "perl", "ss", "setsid", "bash" })
        {
            if (ProcessRunner.FindExecutable(tool) is null)
            {
                return $"'{tool}' not found";
            }
        }

        if (!File.Exists(Harness))
        {
            return $"{Harness} is missing";
        }

        return Environment.UserName == "root" || geteuid() == 0 ? null : "the oracle needs root (namespaces, port 25)";
    }

    /// <summary>Runs the oracle on a copy of <paramref name="configDirectory"/>.</summary>
    public static async Task<OracleRun> RunAsync(string configDirectory, IEnumerable<string> harnessArguments, TimeSpan? timeout = null, CancellationToken cancel = default)
    {
        Require();
        await Gate.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            return await Task.Run(() => RunLocked(configDirectory, harnessArguments.ToList(), timeout ?? Timeout), cancel).ConfigureAwait(false);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static OracleRun RunLocked(string configDirectory, List<string> harnessArguments, TimeSpan timeout)
    {
        var work = Directory.CreateTempSubdirectory("configlint-oracle-run.");
        try
        {
            var copy = Path.Combine(work.FullName, "cfg");
            var tmp = Path.Combine(work.FullName, "tmp");
            Directory.CreateDirectory(tmp);
            CopyWithMappedPaths(configDirectory, copy);
            IndexTables(copy);
            if (!File.Exists(Path.Combine(copy, "main.cf")))
            {
                // A directory may hold only master.cf; Postfix then runs on its defaults, which an
                // empty main.cf gives as well (the harness needs the file).
                File.WriteAllText(Path.Combine(copy, "main.cf"), string.Empty);
            }

            // Postfix daemons run as user postfix: they must reach the sandbox (under tmp) and
            // read the tables of the copy; CreateTempSubdirectory makes 0700 directories.
            foreach (var dir in new[] { work.FullName, tmp }.Concat(Directory.EnumerateDirectories(copy, "*", SearchOption.AllDirectories).Prepend(copy)))
            {
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(dir, ReadableDirectory);
                }
            }

            var args = new List<string> { "--wait", "bash", Harness };
            args.AddRange(EnvironmentArguments(copy));
            args.AddRange(harnessArguments);
            args.Add(copy);
            var run = Execute(args, tmp, timeout);

            // Holding the namespace races with the harness on a heavily loaded machine (the run is
            // over before its first line is read): the run is then unverified for leftovers, so it
            // is repeated rather than counted as a disagreement. A real leak still fails the test.
            for (var attempt = 1; attempt < 3 && !run.NamespaceHeld && !run.TimedOut; attempt++)
            {
                run = Execute(args, tmp, timeout);
            }
            var left = Directory.EnumerateFileSystemEntries(tmp).ToList();
            if (left.Count > 0)
            {
                run.Notes.Add($"harness left its sandbox behind: {string.Join(", ", left)}");
                run.SandboxLeft = true;
            }

            return run;
        }
        finally
        {
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>
    /// Builds the databases of the <c>hash:</c> and <c>btree:</c> tables that main.cf and master.cf of
    /// the copy name from their text sources in the copy (<c>postmap hash:/path</c> writes
    /// <c>/path.db</c>), as an administrator does after editing them: samples keep only the source.
    /// Read from the files' text, not from ConfigLint's model, so the oracle stays independent.
    /// </summary>
    public static void IndexTables(string copy)
    {
        var root = Path.GetFullPath(copy).TrimEnd('/') + "/";

        // postmap reads a main.cf (default_database_type and the like); the host may have none, and
        // the copy's own may not suit a command-line tool: give it an empty one next to the copy.
        var conf = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(copy).TrimEnd('/'))!, "postmap-conf");
        foreach (var file in new[] { "main.cf", "master.cf" }.Select(f => Path.Combine(copy, f)).Where(File.Exists))
        {
            foreach (Match m in IndexedTable().Matches(File.ReadAllText(file)))
            {
                var path = m.Groups[2].Value;
                if (path.StartsWith(root, StringComparison.Ordinal) && File.Exists(path))
                {
                    Directory.CreateDirectory(conf);
                    File.WriteAllText(Path.Combine(conf, "main.cf"), string.Empty);
                    var result = ProcessRunner.Run("postmap", ["-c", conf, $"{m.Groups[1].Value}:{path}"]);
                    if (result.ExitCode != 0)
                    {
                        throw new InvalidOperationException($"postmap {m.Groups[1].Value}:{path} failed: {result.Stderr}");
                    }
                }
            }
        }
    }

    [GeneratedRegex(@"\b(hash|btree):(/[^\s,{}]+)")]
    private static partial Regex IndexedTable();

    /// <summary>
    /// Copies the directory and rewrites <c>/etc/postfix/</c> to the copy's path in every file of
    /// the copy (values, table references; a comment may change too, which Postfix ignores).
    /// </summary>
    public static void CopyWithMappedPaths(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        var target = Path.GetFullPath(destination).TrimEnd('/') + "/";
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            var to = Path.Combine(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            var bytes = File.ReadAllBytes(file);
            var text = Encoding.UTF8.GetString(bytes);
            File.WriteAllText(to, text.Replace("/etc/postfix/", target, StringComparison.Ordinal));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(to, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }
        }
    }

    /// <summary>
    /// The sandbox environment a configuration needs, read from its text (not from ConfigLint's
    /// model, so the oracle stays independent of what it checks):
    /// <list type="bullet">
    /// <item>the simulated LAN <see cref="LanAddress"/>;</item>
    /// <item>every non-loopback, non-wildcard IP address a master.cf service name or an
    /// <c>inet_interfaces</c> line names literally, so master can bind it (only documentation and
    /// private addresses are accepted: samples use 192.0.2.0/24 and 2001:db8::/32 for "a public
    /// address");</item>
    /// <item>a host name in a master.cf service name (other than localhost) resolves, through a
    /// private /etc/hosts, to a documentation address that is put on lo: it stands for a
    /// host name of a public interface (DNS does not work in the sandbox).</item>
    /// </list>
    /// </summary>
    public static List<string> EnvironmentArguments(string configDirectory)
    {
        var args = new List<string> { "--add-addr", LanAddress };
        var addresses = new SortedSet<string>(StringComparer.Ordinal);
        var hosts = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var master = Path.Combine(configDirectory, "master.cf");
        if (File.Exists(master))
        {
            foreach (var line in File.ReadAllLines(master))
            {
                if (line.Length == 0 || char.IsWhiteSpace(line[0]) || line[0] == '#')
                {
                    continue;
                }

                var service = line.Split([' ', '\t'], 2)[0];
                var colon = service.LastIndexOf(':');
                if (colon <= 0)
                {
                    continue;
                }

                var host = service[..colon];
                if (host.StartsWith('[') && host.EndsWith(']'))
                {
                    host = host[1..^1];
                }

                Consider(host, addresses, hosts);
            }
        }

        var main = Path.Combine(configDirectory, "main.cf");
        if (File.Exists(main))
        {
            foreach (Match m in InetInterfacesLine().Matches(File.ReadAllText(main)))
            {
                foreach (var item in m.Groups[1].Value.Split([' ', '\t', ',', '\n'], StringSplitOptions.RemoveEmptyEntries))
                {
                    var bare = item.StartsWith('[') && item.EndsWith(']') ? item[1..^1] : item;
                    if (IPAddress.TryParse(bare, out _))
                    {
                        Consider(bare, addresses, hosts);
                    }
                }
            }
        }

        foreach (var a in addresses)
        {
            args.Add("--add-addr");
            args.Add(a);
        }

        foreach (var (name, address) in hosts)
        {
            args.Add("--host");
            args.Add($"{name}={address}");
        }

        return args;
    }

    private static void Consider(string host, SortedSet<string> addresses, SortedDictionary<string, string> hosts)
    {
        if (host.Length == 0 || host == "*" || host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (IPAddress.TryParse(host, out var ip))
        {
            if (IPAddress.IsLoopback(ip) || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any) || !SandboxAddressable(ip))
            {
                return;
            }

            addresses.Add(ip.ToString());
            return;
        }

        if (!hosts.ContainsKey(host))
        {
            var stand = $"192.0.2.{200 + hosts.Count}";
            hosts[host] = stand;
            addresses.Add(stand);
        }
    }

    /// <summary>
    /// A public-looking network that generated configurations use for "a public address of this
    /// host" (PF101 treats documentation addresses as not public). Its addresses exist only on lo
    /// inside the oracle's private network namespace; no packet to or from them leaves it.
    /// </summary>
    public const string PublicStandIn = "11.22.33.0/24";

    /// <summary>Addresses we are willing to create on the namespace's lo: documentation, private, and <see cref="PublicStandIn"/>.</summary>
    private static bool SandboxAddressable(IPAddress ip) =>
        new[] { "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7", PublicStandIn }
            .Any(n => IPNetwork.Parse(n).Contains(ip));

    [GeneratedRegex(@"^[ \t]*inet_interfaces[ \t]*=([^\n]*(?:\n[ \t]+[^\n]*)*)", RegexOptions.Multiline)]
    private static partial Regex InetInterfacesLine();

    private static OracleRun Execute(List<string> args, string tmp, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(ProcessRunner.FindExecutable("setsid")!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["TMPDIR"] = tmp;
        psi.Environment["PATH"] = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin") + ":/usr/sbin:/sbin";
        var stdout = new List<string>();
        var stderr = new StringBuilder();
        var netns = (string?)null;
        Microsoft.Win32.SafeHandles.SafeFileHandle? netnsHandle = null;
        using var process = new Process { StartInfo = psi };
        var watch = Stopwatch.StartNew();
        process.Start();
        process.StandardInput.Close();

        // Dedicated reader threads, not the thread pool: the namespace must be held while the
        // harness is surely still running (right after its first line), and a busy pool could
        // deliver that line only after the run is over.
        var outReader = new Thread(() =>
        {
            while (process.StandardOutput.ReadLine() is { } line)
            {
                lock (stdout)
                {
                    stdout.Add(line);
                    if (netns is null && line.Contains("\"event\":\"netns\"", StringComparison.Ordinal))
                    {
                        (netns, netnsHandle) = HoldNamespace(line);
                    }
                }
            }
        })
        { IsBackground = true, Name = "oracle stdout" };
        var errReader = new Thread(() =>
        {
            while (process.StandardError.ReadLine() is { } line)
            {
                lock (stderr)
                {
                    stderr.AppendLine(line);
                }
            }
        })
        { IsBackground = true, Name = "oracle stderr" };
        outReader.Start();
        errReader.Start();
        var timedOut = !process.WaitForExit(timeout);
        if (timedOut)
        {
            // setsid made the harness a process-group leader: its pid is the group id.
            _ = kill(-process.Id, 15);
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                _ = kill(-process.Id, 9);
                process.WaitForExit(TimeSpan.FromSeconds(5));
            }
        }

        process.WaitForExit();
        outReader.Join(TimeSpan.FromSeconds(10));
        errReader.Join(TimeSpan.FromSeconds(10));
        string? ns;
        lock (stdout)
        {
            ns = netns;
        }

        int reaped;
        var clean = true;
        try
        {
            reaped = ns is null ? 0 : ReapNamespace(ns);
            if (ns is not null)
            {
                for (var i = 0; i < 20 && LiveProcessesIn(ns).Count > 0; i++)
                {
                    Thread.Sleep(100);
                }

                clean = LiveProcessesIn(ns).Count == 0;
            }
        }
        finally
        {
            netnsHandle?.Dispose();
        }

        var run = new OracleRun();
        lock (stdout)
        {
            foreach (var line in stdout)
            {
                run.Add(line);
            }
        }

        run.ExitCode = process.HasExited ? process.ExitCode : -1;
        run.TimedOut = timedOut;
        run.WallTime = watch.Elapsed;
        lock (stderr)
        {
            run.Stderr = stderr.ToString();
        }

        run.NamespaceClean = clean;
        run.NamespaceHeld = ns is not null;
        if (!clean)
        {
            run.Notes.Add("processes in the sandbox's network namespace survived SIGKILL");
        }

        if (reaped > 0)
        {
            run.Notes.Add($"{reaped} process(es) were still running in the sandbox's network namespace and were killed");
            run.ProcessesLeft = reaped;
        }

        return run;
    }

    /// <summary>
    /// Opens the harness's network namespace (from its first line, while the harness is surely
    /// running) and keeps it open until the run is over: while we hold it, the namespace, and so
    /// its id, cannot be freed and reused by another run's namespace. Without that, looking for
    /// leftovers by namespace id after the run could find (and kill) a parallel run's processes.
    /// Returns (null, null) when the namespace cannot be held; nothing is reaped then.
    /// </summary>
    private static (string?, Microsoft.Win32.SafeHandles.SafeFileHandle?) HoldNamespace(string line)
    {
        var id = Regex.Match(line, "\"id\":\"([^\"]+)\"").Groups[1].Value;
        var pid = Regex.Match(line, "\"pid\":([0-9]+)").Groups[1].Value;
        if (id.Length == 0 || pid.Length == 0)
        {
            return (null, null);
        }

        var path = $"/proc/{pid}/ns/net";
        try
        {
            var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            if (new FileInfo(path).LinkTarget == id)
            {
                return (id, handle);
            }

            handle.Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return (null, null);
    }

    /// <summary>
    /// Kills every process still alive in the given private network namespace (all of them were
    /// started by this run: its harness created the namespace) and returns how many there were.
    /// Processes that the harness already killed may take a moment to go (or stay as zombies until
    /// PID 1 reaps them): they get a grace period and are not counted.
    /// </summary>
    public static int ReapNamespace(string netns)
    {
        var alive = LiveProcessesIn(netns);
        for (var i = 0; i < 20 && alive.Count > 0; i++)
        {
            Thread.Sleep(100);
            alive = LiveProcessesIn(netns);
        }

        foreach (var pid in alive)
        {
            _ = kill(pid, 9);
        }

        return alive.Count;
    }

    private static List<int> LiveProcessesIn(string netns)
    {
        var result = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                if (new FileInfo(Path.Combine(dir, "ns", "net")).LinkTarget != netns)
                {
                    continue;
                }

                var state = (File.ReadLines(Path.Combine(dir, "status")).FirstOrDefault(l => l.StartsWith("State:", StringComparison.Ordinal)) ?? "State:").Substring(6).Trim();
                if (state.Length > 0 && state[0] is not 'Z' and not 'X')
                {
                    result.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile.
            }
        }

        return result;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    [DllImport("libc")]
    private static extern uint geteuid();
}
