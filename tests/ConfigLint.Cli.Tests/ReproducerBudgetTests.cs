using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using System.Text;
using System.Text.Json;
using ConfigLint.TestSupport;
using Xunit.Abstractions;

namespace ConfigLint.Cli.Tests;

/// <summary>
/// Issue 14's acceptance, whole processes: every reproducer of "Why" runs the built
/// <c>configlint</c> as a child process and must end within its budget: exit code 0, 1 or 2, no
/// stack trace, the located diagnostic it is about, and memory under 300 MiB: the managed heap
/// is capped at 300 MiB (<c>DOTNET_GCHeapHardLimit</c>; going over it would be an out-of-memory
/// crash), and where GNU time is installed the peak resident size of the whole process is measured
/// and must stay under 300 MiB too. The time budget is a guard against hangs, not a benchmark.
/// </summary>
[SystemTest]
[Collection(nameof(LargeInputCollection))]
[UnsupportedOSPlatform("windows")]
public sealed class ReproducerBudgetTests : IDisposable
{
    /// <summary>Memory budget of every reproducer.</summary>
    private const long MemoryBudget = 300L << 20;

    /// <summary>Wall time budget of one run (the machine may be busy; a hang or a quadratic pass is what it catches).</summary>
    private static readonly TimeSpan TimeBudget = TimeSpan.FromSeconds(120);

    private const string Smtp = "smtp inet n - y - - smtpd\n";

    private readonly string root = Directory.CreateTempSubdirectory("configlint-budget-").FullName;
    private readonly string outside = Directory.CreateTempSubdirectory("configlint-outside-").FullName;
    private readonly ITestOutputHelper output;

    public ReproducerBudgetTests(ITestOutputHelper output) => this.output = output;

    public void Dispose()
    {
        Directory.Delete(root, recursive: true);
        Directory.Delete(outside, recursive: true);
    }

    private string Write(string relative, string text)
    {
        var full = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    private sealed record Run(int ExitCode, string Stdout, string Stderr, long? PeakBytes, TimeSpan Elapsed)
    {
        public override string ToString() => $"exit {ExitCode}, peak {(PeakBytes is { } p ? $"{p >> 20} MiB" : "not measured")}, {Elapsed.TotalSeconds:F1} s\n--- stderr\n{(Stderr.Length > 2000 ? Stderr[..2000] : Stderr)}";
    }

    /// <summary>Runs the built command on <paramref name="args"/> in the test directory and checks what holds for every reproducer.</summary>
    private Run Configlint(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "configlint.dll");
        var gnuTime = File.Exists("/usr/bin/time") ? "/usr/bin/time" : null;
        var peakFile = Path.Combine(root, "peak-" + Guid.NewGuid().ToString("N"));
        var psi = new ProcessStartInfo(gnuTime ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        if (gnuTime is not null)
        {
            foreach (var a in new[] { "-f", "%M", "-o", peakFile, "dotnet" })
            {
                psi.ArgumentList.Add(a);
            }
        }

        psi.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DOTNET_GCHeapHardLimit"] = "0x" + MemoryBudget.ToString("X", CultureInfo.InvariantCulture);
        psi.Environment["NO_COLOR"] = "1";
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(psi)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeBudget))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new ShouldAssertException($"configlint {string.Join(' ', args)} still ran after {TimeBudget.TotalSeconds} s");
        }

        process.WaitForExit();
        long? peak = File.Exists(peakFile) && long.TryParse(File.ReadAllText(peakFile).Trim().Split('\n')[^1], out var kb) ? kb * 1024 : null;
        var run = new Run(process.ExitCode, stdout.Result, stderr.Result, peak, watch.Elapsed);
        output.WriteLine($"configlint {string.Join(' ', args.Select(a => a.Length > 60 ? a[..60] + "..." : a))}: {run.ToString().Split('\n')[0]}");

        run.ExitCode.ShouldBeOneOf([0, 1, 2], run.ToString());
        (run.Stdout + run.Stderr).ShouldNotContain("   at ", Case.Sensitive, "a stack trace");
        run.Stderr.ShouldNotContain("internal error", Case.Sensitive, run.ToString());
        run.Stderr.ShouldNotContain("OutOfMemory", Case.Sensitive, run.ToString());
        if (run.PeakBytes is { } bytes)
        {
            bytes.ShouldBeLessThan(MemoryBudget, run.ToString());
        }

        return run;
    }

    private static List<(string Rule, string File, int Line, int Column)> Findings(Run run)
    {
        using var doc = JsonDocument.Parse(run.Stdout);
        return doc.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => (f.GetProperty("ruleId").GetString()!, f.GetProperty("file").GetString()!, f.GetProperty("line").GetInt32(), f.GetProperty("column").GetInt32()))
            .ToList();
    }

    private void ShouldReport(string dir, int exitCode, string rule, string file, int line, int column)
    {
        var run = Configlint("check", dir, "--format", "json");
        run.ExitCode.ShouldBe(exitCode, run.ToString());
        Findings(run).ShouldContain((rule, file, line, column), run.ToString());
        Findings(run).ShouldAllBe(f => f.Line >= 1 && f.Column >= 1);
    }

    private static string Doubling(int lines)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < lines - 1; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"e{i} = $e{i + 1}$e{i + 1}\n");
        }

        return sb.Append(CultureInfo.InvariantCulture, $"e{lines - 1} = xy\n").ToString();
    }

    private void Fifo(string relative)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [Path.Combine(root, relative)]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        mkfifo.ExitCode.ShouldBe(0);
    }

    [Fact]
    public void Why_1_cycles_through_computed_defaults_end_in_a_located_PF005()
    {
        Write("a/main.cf", "mynetworks_style = $mynetworks\n");
        Write("b/main.cf", "compatibility_level = ${mynetworks?x}\n");
        Write("c/main.cf", "myhostname = $mynetworks\nmynetworks_style = $mydomain\n");
        Write("d/main.cf", "compatibility_level = 3.6\n");
        Write("d/master.cf", "smtp inet n - y - - smtpd\n  -o mynetworks_style=$mynetworks\n");

        ShouldReport("a", 1, "PF005", "a/main.cf", 1, 1);
        ShouldReport("b", 1, "PF005", "b/main.cf", 1, 1);
        ShouldReport("c", 1, "PF005", "c/main.cf", 2, 1);
        ShouldReport("d", 1, "PF005", "d/master.cf", 2, 6);
    }

    [Fact]
    public void Why_2_a_suppression_comment_with_3000_blanks_is_read_at_once()
    {
        // TLS in and out as well, so that the unreadable suppression is the one finding (exit 0).
        Write("s/main.cf", "# configlint: disable=PF101" + new string(' ', 3000) + "x\nmynetworks = 10.1.2.0/24\ncompatibility_level = 3.11\n" + Integration.Configs.TlsMainCf);
        Write("s/master.cf", Smtp);

        ShouldReport("s", 0, "PF011", "s/main.cf", 1, 1);
    }

    [Theory]
    [InlineData(23, 7)]
    [InlineData(25, 9)]
    [InlineData(41, 25)]
    public void Why_3_a_doubling_chain_ends_in_a_located_PF006(int lines, int reported)
    {
        Write($"chain{lines}/main.cf", Doubling(lines));

        ShouldReport($"chain{lines}", 1, "PF006", $"chain{lines}/main.cf", reported, 1);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(20)]
    public void Why_3_a_pattern_file_that_lists_itself_ends_in_a_located_PF006(int times)
    {
        Write($"pat{times}/main.cf", "compatibility_level = 3.6\nmynetworks = /etc/postfix/pat\n");
        Write($"pat{times}/master.cf", Smtp);
        Write($"pat{times}/pat", string.Concat(Enumerable.Repeat("/etc/postfix/pat\n", times)) + "10.0.0.0/8\n");

        ShouldReport($"pat{times}", 1, "PF006", $"pat{times}/pat", times, 1);
    }

    [Theory]
    [InlineData(20_000)]
    [InlineData(50_000)]
    public void Why_4_a_list_of_one_element_per_continuation_line_is_checked(int elements)
    {
        var main = new StringBuilder("compatibility_level = 3.6\nmynetworks = 127.0.0.0/8,\n");
        for (var i = 0; i < elements; i++)
        {
            main.Append(CultureInfo.InvariantCulture, $"    10.{i / 65536}.{i / 256 % 256}.{i % 256}/32,\n");
        }

        main.Append("    0.0.0.0/0\n");
        Write("list/main.cf", main.ToString());
        Write("list/master.cf", Smtp);

        ShouldReport("list", 1, "PF101", "list/main.cf", elements + 3, 5);
    }

    [Fact]
    public void Why_4_a_master_cf_of_100000_smtpd_services_is_checked()
    {
        var master = new StringBuilder();
        for (var i = 0; i < 100_000; i++)
        {
            master.Append(CultureInfo.InvariantCulture, $"127.0.0.1:{1024 + i} inet n - y - - smtpd\n");
        }

        master.Append("0.0.0.0:25 inet n - y - - smtpd\n");
        Write("services/main.cf", "compatibility_level = 3.6\nmynetworks = 0.0.0.0/0\n");
        Write("services/master.cf", master.ToString());

        ShouldReport("services", 1, "PF101", "services/main.cf", 2, 14);
    }

    [Fact]
    public void Why_4_name_chains_over_continuation_lines_are_checked()
    {
        // About 8 KB: values written over continuation lines, all referenced from one list.
        var main = new StringBuilder("compatibility_level = 3.6\n");
        for (var i = 0; i < 120; i++)
        {
            main.Append(CultureInfo.InvariantCulture, $"p{i} = 10.0.{i}.1/32,\n    10.1.{i}.1/32\n");
        }

        main.Append("mynetworks = 0.0.0.0/0").Append(string.Concat(Enumerable.Range(0, 120).Select(i => $",\n    $p{i}"))).Append('\n');
        Write("chains/main.cf", main.ToString());
        Write("chains/master.cf", Smtp);

        ShouldReport("chains", 1, "PF101", "chains/main.cf", 242, 14);
    }

    [Fact]
    public void Why_5_fifos_and_devices_as_settings_baselines_manifests_and_output_are_exit_2()
    {
        Write("f/main.cf", "compatibility_level = 3.6\n");
        Fifo("f/.configlint.yml");
        Write("g/main.cf", "compatibility_level = 3.6\n");
        File.CreateSymbolicLink(Path.Combine(root, "g/.configlint.yml"), "/dev/zero");
        Write("h/main.cf", "compatibility_level = 3.6\n");
        Fifo("pipe");
        Directory.CreateDirectory(Path.Combine(root, "rules"));
        File.CreateSymbolicLink(Path.Combine(root, "rules", "ACME001.yaml"), "/dev/zero");

        foreach (var args in new[]
        {
            new[] { "check", "f" },
            ["check", "g"],
            ["check", "h", "--config", "pipe"],
            ["check", "h", "--config", "/dev/zero"],
            ["check", "h", "--baseline", "pipe"],
            ["check", "h", "--baseline", "/dev/zero"],
            ["check", "h", "--rules", "rules"],
            ["check", "h", "--output", "pipe"],
            ["check", "h", "--output", "/dev/zero"],
        })
        {
            Configlint(args).ExitCode.ShouldBe(2, string.Join(' ', args));
        }
    }

    [Fact]
    public void Why_6_exceptions_become_exit_2_with_the_file_and_line()
    {
        Write("y1/main.cf", "compatibility_level = 3.6\n");
        Write("y1/.configlint.yml", ": [\nv");
        Write("y2/main.cf", "compatibility_level = 3.6\n");
        Write("y2/.configlint.yml", "exclude: " + new string('[', 40_000) + new string(']', 40_000) + "\n");
        Write("b/main.cf", "compatibility_level = 3.6\n");
        Write("b/baseline.json", "{\"version\": 1.5, \"findings\": []}");
        Directory.CreateDirectory(Path.Combine(root, "i", ".configlint.yml"));

        Configlint("check", "y1").Stderr.ShouldContain("y1/.configlint.yml:1:");
        Configlint("check", "y2").Stderr.ShouldContain("y2/.configlint.yml:1:");
        Configlint("check", "b", "--baseline", "b/baseline.json").Stderr.ShouldContain("b/baseline.json:1:");
        Configlint("init", "i", "--force").ExitCode.ShouldBe(2);
        Configlint("init", "/proc").ExitCode.ShouldBe(2);
    }

    [Fact]
    public void Why_7_links_out_of_the_tree_are_refused_and_nothing_of_them_is_printed()
    {
        Directory.CreateDirectory(Path.Combine(root, "l"));
        File.CreateSymbolicLink(Path.Combine(root, "l", "main.cf"), "/etc/passwd");
        Write("l/master.cf", Smtp);
        var passwd = File.ReadAllLines("/etc/passwd").Where(l => l.Length >= 8).ToList();

        foreach (var format in new[] { "text", "json", "sarif", "github" })
        {
            var run = Configlint("check", "l", "--format", format);
            run.ExitCode.ShouldBe(1);
            foreach (var line in passwd)
            {
                (run.Stdout + run.Stderr).ShouldNotContain(line, Case.Sensitive, format);
            }
        }
    }

    [Fact]
    public void Why_9_a_10_MB_value_is_neither_echoed_nor_a_problem()
    {
        Write("big/main.cf", "compatibility_level = " + new string('9', 10 * 1024 * 1024) + "x\n");

        var run = Configlint("check", "big");

        run.ExitCode.ShouldBe(1);
        run.Stdout.Length.ShouldBeLessThan(64 * 1024);
    }
}
