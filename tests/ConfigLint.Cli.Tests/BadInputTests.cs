using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Text;
using Xunit.Abstractions;

namespace ConfigLint.Cli.Tests;

/// <summary>
/// Bad input never escapes as an exception: the real CLI runs in-process on hostile files and must
/// answer with exit code 0, 1 or 2 and findings located file:line:col (DESIGN §5, §6).
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private const string OpenMainCf = "compatibility_level = 3.11\nmynetworks = 0.0.0.0/0\n";
    private const string PublicSmtp = "smtp inet n - y - - smtpd\n";

    private readonly CliHarness cli = new();
    private readonly ITestOutputHelper output;

    public BadInputTests(ITestOutputHelper output) => this.output = output;

    public void Dispose() => cli.Dispose();

    [Fact]
    public void Empty_files_are_analysed_without_an_error()
    {
        cli.Write("cfg/main.cf", string.Empty);
        cli.Write("cfg/master.cf", string.Empty);
        cli.Write("cfg/aliases", string.Empty);

        var (json, _, findings) = cli.CheckLocated("cfg");

        json.ExitCode.ShouldBeOneOf([0, 1], json.ToString());
        findings.ShouldNotContain(f => f.RuleId == "PF001");
    }

    [Fact]
    public void An_empty_directory_is_an_input_error_not_a_clean_result()
    {
        cli.Dir("cfg");

        var run = cli.Run("check", "cfg");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("no Postfix configuration (main.cf, master.cf, aliases) found under cfg");
        run.Stdout.ShouldNotContain("no findings");
    }

    [Fact]
    public void Comment_only_files_are_analysed_without_an_error()
    {
        cli.Write("cfg/main.cf", "# nothing\n   # here\n\n");
        cli.Write("cfg/master.cf", "#\n");
        cli.Write("cfg/aliases", "# none\n");

        var (json, _, findings) = cli.CheckLocated("cfg");

        json.ExitCode.ShouldBeOneOf([0, 1], json.ToString());
        findings.ShouldNotContain(f => f.RuleId.StartsWith("PF00", StringComparison.Ordinal));
    }

    [Fact]
    public void A_binary_main_cf_is_a_located_unreadable_file_finding()
    {
        cli.WriteBytes("cfg/main.cf", [.. "myhostname = mx.example.com\nmydomain = example.com\n"u8, 0x00, 0x01, 0xFF, 0x00, (byte)'\n', .. "x = y\n"u8]);

        var (json, text, findings) = cli.CheckLocated("cfg");

        json.ExitCode.ShouldBe(1, json.ToString());
        var f = findings.ShouldHaveSingleItem();
        f.RuleId.ShouldBe("PF001");
        (f.File, f.Line, f.Column).ShouldBe(("cfg/main.cf", 3, 1));
        text.Stdout.ShouldContain("cfg/main.cf:3:1: error PF001");
    }

    [Fact]
    public void Binary_master_cf_and_aliases_are_located_unreadable_file_findings()
    {
        cli.Write("cfg/main.cf", "compatibility_level = 3.11\n");
        cli.WriteBytes("cfg/master.cf", [0x7F, (byte)'E', (byte)'L', (byte)'F', 0x02, 0x01, 0x01, 0x00, 0x00]);
        cli.WriteBytes("cfg/aliases", [(byte)'a', (byte)':', (byte)' ', (byte)'b', (byte)'\n', 0x00]);

        var (json, _, findings) = cli.CheckLocated("cfg");

        json.ExitCode.ShouldBe(1, json.ToString());
        findings.Where(f => f.RuleId == "PF001").Select(f => (f.File, f.Line, f.Column)).ShouldBe(
            [("cfg/aliases", 2, 1), ("cfg/master.cf", 1, 1)], ignoreOrder: true);
    }

    [Fact]
    public void Invalid_utf8_is_read_and_later_lines_are_still_analysed_at_their_place()
    {
        // 0xC3 0x28 and a lone 0xFF are not UTF-8; Postfix does not care about encodings.
        cli.WriteBytes("cfg/main.cf", [.. "smtpd_banner = caf"u8, 0xC3, 0x28, 0xFF, (byte)'\n', .. "compatibility_level = 3.11\nmynetworks = 0.0.0.0/0\n"u8]);
        cli.Write("cfg/master.cf", PublicSmtp);

        var (json, _, findings) = cli.CheckLocated("cfg");

        json.ExitCode.ShouldBe(1, json.ToString());
        findings.ShouldNotContain(f => f.RuleId == "PF001");
        findings.ShouldContain(f => f.RuleId == "PF101" && f.File == "cfg/main.cf" && f.Line == 3 && f.Column == 14);
    }

    [Fact]
    public void A_CRLF_configuration_gives_the_same_findings_as_LF()
    {
        const string main = "compatibility_level = 3.11\nmynetworks = 127.0.0.0/8,\n    0.0.0.0/0\njustaname\n";
        const string master = "smtp inet n - y - - smtpd\n  -o novalue\n";
        cli.Write("lf/main.cf", main);
        cli.Write("lf/master.cf", master);
        cli.Write("crlf/main.cf", main.Replace("\n", "\r\n", StringComparison.Ordinal));
        cli.Write("crlf/master.cf", master.Replace("\n", "\r\n", StringComparison.Ordinal));

        var lf = cli.CheckLocated("lf");
        var crlf = cli.CheckLocated("crlf");

        crlf.Json.ExitCode.ShouldBe(lf.Json.ExitCode);
        lf.Findings.Count.ShouldBeGreaterThan(0);
        crlf.Findings.Select(f => (f.RuleId, f.File.Replace("crlf/", string.Empty, StringComparison.Ordinal), f.Line, f.Column)).ShouldBe(
            lf.Findings.Select(f => (f.RuleId, f.File.Replace("lf/", string.Empty, StringComparison.Ordinal), f.Line, f.Column)));
    }

    [Fact]
    public void A_missing_directory_is_an_input_error_naming_the_path()
    {
        var run = cli.Run("check", "no-such-dir");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("no-such-dir");
    }

    [Fact]
    public void A_missing_main_cf_path_is_an_input_error_naming_the_path()
    {
        cli.Dir("cfg");

        var run = cli.Run("check", "cfg/main.cf");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("cfg/main.cf");
    }

    [Fact]
    public void A_main_cf_path_in_a_missing_directory_is_an_input_error_naming_the_path()
    {
        var run = cli.Run("check", "typo/main.cf");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("typo/main.cf");
    }

    [Fact]
    public void A_missing_path_next_to_a_good_one_is_still_an_input_error()
    {
        cli.Write("cfg/main.cf", "compatibility_level = 3.11\n");

        var run = cli.Run("check", "cfg", "nowhere");

        run.ExitCode.ShouldBe(2, run.ToString());
        run.Stderr.ShouldContain("nowhere");
    }

    [Fact]
    public void A_directory_where_main_cf_is_expected_is_a_located_finding()
    {
        cli.Dir("cfg/main.cf");
        cli.Write("cfg/master.cf", PublicSmtp);

        var (json, _, findings) = cli.CheckLocated("cfg");

        json.ExitCode.ShouldBe(1, json.ToString());
        var f = findings.ShouldHaveSingleItem();
        (f.RuleId, f.File, f.Line, f.Column).ShouldBe(("PF001", "cfg/main.cf", 1, 1));
        f.Message.ShouldContain("directory");
    }

    [Fact]
    public void Directories_where_master_cf_and_aliases_are_expected_are_located_findings()
    {
        cli.Write("cfg/main.cf", "compatibility_level = 3.11\n" + Integration.Configs.TlsMainCf);
        cli.Dir("cfg/master.cf");
        cli.Dir("cfg/aliases");

        var (json, _, findings) = cli.CheckLocated("cfg");

        json.ExitCode.ShouldBe(1, json.ToString());
        findings.Select(f => (f.RuleId, f.File, f.Line, f.Column)).ShouldBe(
            [("PF001", "cfg/aliases", 1, 1), ("PF001", "cfg/master.cf", 1, 1)], ignoreOrder: true);
    }

    [Fact]
    public void A_main_cf_linked_to_a_file_outside_the_tree_is_a_located_finding_and_not_read()
    {
        // /proc/self/mem would fail to read with EIO even for root; it is not even opened, being outside the tree.
        Directory.CreateDirectory(cli.Dir("cfg"));
        File.CreateSymbolicLink(Path.Combine(cli.Root, "cfg", "main.cf"), "/proc/self/mem");

        var (json, _, findings) = cli.CheckLocated("cfg");

        json.ExitCode.ShouldBeOneOf([1, 2], json.ToString());
        var f = findings.ShouldHaveSingleItem();
        (f.RuleId, f.File, f.Line, f.Column).ShouldBe(("PF001", "cfg/main.cf", 1, 1));
        f.Message.ShouldContain("leads outside the analysed directory");
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void A_mode_000_main_cf_is_reported_if_unreadable_and_analysed_if_the_user_can_still_read_it()
    {
        var path = cli.Write("cfg/main.cf", OpenMainCf);
        cli.Write("cfg/master.cf", PublicSmtp);
        File.SetUnixFileMode(path, UnixFileMode.None);
        bool readable;
        try
        {
            File.ReadAllBytes(path);
            readable = true;
        }
        catch (UnauthorizedAccessException)
        {
            readable = false;
        }

        output.WriteLine(readable
            ? "mode 000 main.cf is still readable (running as root / CAP_DAC_OVERRIDE): expecting normal analysis"
            : "mode 000 main.cf is unreadable: expecting a PF001 finding");

        var (json, _, findings) = cli.CheckLocated("cfg");

        json.ExitCode.ShouldBe(1, json.ToString());
        if (readable)
        {
            findings.ShouldNotContain(f => f.RuleId == "PF001");
            findings.ShouldContain(f => f.RuleId == "PF101" && f.File == "cfg/main.cf" && f.Line == 2);
        }
        else
        {
            findings.ShouldContain(f => f.RuleId == "PF001" && f.File == "cfg/main.cf" && f.Line == 1 && f.Column == 1);
        }
    }

    [Fact]
    public async Task A_fifo_named_main_cf_does_not_hang_the_check()
    {
        cli.Dir("cfg");
        var fifo = Path.Combine(cli.Root, "cfg", "main.cf");
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [fifo]) { UseShellExecute = false })!)
        {
            await mkfifo.WaitForExitAsync();
            mkfifo.ExitCode.ShouldBe(0);
        }

        var task = Task.Run(() => cli.Run("check", "cfg", "--format", "json"));
        var finished = await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(15))) == task;
        if (!finished)
        {
            // Release the reader blocked in open(2): open the FIFO for writing and close it (EOF).
            var writer = Task.Run(() =>
            {
                using var w = new FileStream(fifo, FileMode.Open, FileAccess.Write);
            });
            await Task.WhenAny(writer, Task.Delay(TimeSpan.FromSeconds(5)));
            await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(10)));
        }

        finished.ShouldBeTrue("configlint check blocked for 15 s reading a FIFO named main.cf (it should report it as not a regular file)");
        var run = await task;
        run.ExitCode.ShouldBeOneOf([0, 1, 2], run.ToString());
        foreach (var f in CliHarness.Findings(run))
        {
            f.Line.ShouldBeGreaterThanOrEqualTo(1);
            f.Column.ShouldBeGreaterThanOrEqualTo(1);
        }
    }

    [Fact]
    public void A_main_cf_path_that_is_a_directory_does_not_crash()
    {
        cli.Dir("cfg/main.cf");

        var (json, _, _) = cli.CheckLocated("cfg/main.cf");

        json.ExitCode.ShouldBeOneOf([0, 1, 2], json.ToString());
    }

    [Fact]
    public void A_reference_cycle_reached_from_a_built_in_parameter_is_a_located_finding()
    {
        cli.Write("cfg/main.cf", "compatibility_level = 3.11\na = $b\nb = $a\nsmtpd_banner = $a\n" + Integration.Configs.TlsMainCf);

        var (json, _, findings) = cli.CheckLocated("cfg");

        json.ExitCode.ShouldBe(1, json.ToString());
        findings.ShouldNotBeEmpty();
        findings.ShouldAllBe(f => f.RuleId == "PF005" && f.File == "cfg/main.cf" && f.Line >= 2 && f.Line <= 4 && f.Column == 1, json.ToString());
    }

    [Fact]
    public void A_reference_cycle_through_a_master_override_is_a_located_finding()
    {
        cli.Write("cfg/main.cf", "compatibility_level = 3.11\na = $b\nb = $a\n" + Integration.Configs.TlsMainCf);
        cli.Write("cfg/master.cf", "smtp inet n - y - - smtpd\n  -o smtpd_banner=$a\n");

        var (json, _, findings) = cli.CheckLocated("cfg");

        json.ExitCode.ShouldBe(1, json.ToString());
        findings.ShouldNotBeEmpty();
        findings.ShouldAllBe(f => f.RuleId == "PF005", json.ToString());
        findings.ShouldAllBe(f => (f.File == "cfg/main.cf" && (f.Line == 2 || f.Line == 3) && f.Column == 1) || (f.File == "cfg/master.cf" && f.Line == 2 && f.Column == 6), json.ToString());
    }

    [Fact]
    public void Every_kind_of_syntax_error_at_once_gives_located_findings()
    {
        cli.Write("cfg/main.cf", " indented = x\n=novalue\njustaname\nsmtpd_banner = ${oops\ncompatibility_level = abc\n" + Integration.Configs.TlsMainCf);
        cli.Write("cfg/master.cf", "smtp inet n - n - -\nsmtp tcp n - n - - smtpd\nx inet n - n - - smtpd -o\ny inet n - n - - smtpd -o novalue\n");
        cli.Write("cfg/aliases", "nocolon value\nuser@example.com: x\ndup: 1\ndup: 2\n");

        var (json, _, findings) = cli.CheckLocated("cfg");

        json.ExitCode.ShouldBe(1, json.ToString());
        findings.Select(f => f.RuleId).Distinct().Order().ShouldBe(["PF002", "PF003", "PF004", "PF005"]);
        findings.Where(f => f.RuleId == "PF002").Select(f => f.Line).ShouldBe([1, 2, 3]);
        findings.Where(f => f.RuleId == "PF003").Select(f => f.Line).ShouldBe([1, 2, 3, 4]);
        findings.Where(f => f.RuleId == "PF004").Select(f => f.Line).ShouldBe([1, 2, 4]);
    }

    [Fact]
    public void A_byte_order_mark_and_odd_control_characters_do_not_crash()
    {
        cli.WriteBytes("cfg/main.cf", [0xEF, 0xBB, 0xBF, .. "myhostname = a\u0007b\n\u001b[31m = red\n\fmydomain = x\n"u8]);
        cli.WriteBytes("cfg/master.cf", [.. "smtp\u000binet n - n - - smtpd\n"u8]);
        cli.WriteBytes("cfg/aliases", [.. "a\u0001: b\u0002\n(comment: x\n\"open: y\n[lit: z\n"u8]);

        cli.CheckLocated("cfg");
    }
}
