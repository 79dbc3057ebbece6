using System.Runtime.Versioning;
using ConfigLint.Core.Engine;
using ConfigLint.Core.Findings;
using ConfigLint.Core.Rules;
using ConfigLint.Rules;
using ConfigLint.TestSupport;
using Shouldly;
using Xunit;
using Xunit.Abstractions;

namespace ConfigLint.Cli.Tests.Integration;

/// <summary>
/// <c>configlint fix</c> (issue 12): on copies of every bad sample and every corpus file, the fixes
/// remove what they fix, settle (a second run changes nothing) and leave every line they do not
/// touch byte-identical; files are written in place, never through a link, never with input errors.
/// The postconf differential of the same repairs is <see cref="FixPostconfDifferentialTests"/>.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class FixTests(ITestOutputHelper output) : IDisposable
{
    private readonly CliHarness cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public void Fix_diff_on_the_office_mx_scenario_prints_the_bracket_fix_and_exits_1()
    {
        var run = cli.Run("fix", "--diff", Path.Combine(RepoPaths.Samples, "scenarios", "office-mx"), "--root", RepoPaths.Root);

        run.ExitCode.ShouldBe(1, run.ToString());
        run.Stdout.ShouldContain("PF201 [ipv6-address-without-brackets] (safe): Write 2001:db8:10::/48 as [2001:db8:10::]/48");
        run.Stdout.ShouldContain("--- a/samples/scenarios/office-mx/main.cf\n+++ b/samples/scenarios/office-mx/main.cf\n");
        run.Stdout.ShouldContain("-    2001:db8:10::/48\n+    [2001:db8:10::]/48\n");

        // The unsafe repair of 172.0.0.0/8 is offered, not applied.
        run.Stdout.ShouldNotContain("+office_networks = 172.16.0.0/12");
        run.Stderr.ShouldContain("1 more fix is unsafe");
    }

    [Fact]
    public void Fix_diff_writes_nothing_and_fix_writes_in_place_keeping_the_mode()
    {
        var main = cli.Write("cfg/main.cf", "compatibility_level = 3.11\r\n# LAN\r\nmynetworks = 127.0.0.0/8 2001:db8::/32\r\nsmtpd_tls_security_level = may");
        File.SetUnixFileMode(main, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var before = File.ReadAllBytes(main);

        cli.Run("fix", "--diff", "cfg").ExitCode.ShouldBe(1);
        File.ReadAllBytes(main).ShouldBe(before);

        var run = cli.Run("fix", "cfg");

        run.Stdout.ShouldContain("fixed cfg/main.cf:3:26: PF201");
        File.ReadAllText(main).ShouldBe("compatibility_level = 3.11\r\n# LAN\r\nmynetworks = 127.0.0.0/8 [2001:db8::]/32\r\nsmtpd_tls_security_level = may");
        File.GetUnixFileMode(main).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        cli.Run("fix", "--diff", "cfg").ExitCode.ShouldBe(0);
    }

    [Fact]
    public void Unsafe_fixes_need_the_flag_and_rules_select_them()
    {
        var main = cli.Write("cfg/main.cf", "compatibility_level = 3.11\nsmtpd_helo_required = true\nmynetworks = 2001:db8::/32\n");

        cli.Run("fix", "cfg", "--rules", "PF908").Stderr.ShouldContain("1 more fix is unsafe");
        File.ReadAllText(main).ShouldContain("smtpd_helo_required = true");

        cli.Run("fix", "cfg", "--rules", "bad-value-type", "--unsafe-fixes");
        File.ReadAllText(main).ShouldBe("compatibility_level = 3.11\nsmtpd_helo_required = yes\nmynetworks = 2001:db8::/32\n");

        cli.Run("fix", "cfg", "--rules", "PF9O8").ExitCode.ShouldBe(2);
    }

    [Fact]
    public void A_file_behind_a_symbolic_link_is_not_written_and_neither_is_anything_after_an_input_error()
    {
        var real = cli.Write("real/main.cf", "compatibility_level = 3.11\nmynetworks = 2001:db8::/32\n");
        cli.Dir("cfg");
        File.CreateSymbolicLink(Path.Combine(cli.Root, "cfg", "main.cf"), real);

        var run = cli.Run("fix", "cfg");

        run.Stderr.ShouldContain("not fixed: cfg/main.cf:2:14: PF201: it is a symbolic link");
        File.ReadAllText(real).ShouldContain("= 2001:db8::/32");

        var broken = cli.Write("bad/main.cf", "mynetworks = 2001:db8::/32\n");
        run = cli.Run("fix", "bad", "--config", "missing.yml");
        run.ExitCode.ShouldBe(2);
        run.Stderr.ShouldContain("nothing was fixed");
        File.ReadAllText(broken).ShouldBe("mynetworks = 2001:db8::/32\n");
    }

    [Fact]
    public void A_file_that_is_not_utf8_is_not_rewritten()
    {
        // "# café" in Latin-1: one byte 0xE9 that is not UTF-8.
        byte[] bytes = [.. "compatibility_level = 3.11\n# caf"u8, 0xE9, .. "\nmynetworks = 2001:db8::/32\n"u8];
        var main = cli.WriteBytes("cfg/main.cf", bytes);

        var run = cli.Run("fix", "cfg");

        run.Stderr.ShouldContain("not valid UTF-8");
        File.ReadAllBytes(main).ShouldBe(bytes);
    }

    [Fact]
    public void Wrapper_mode_is_added_to_the_port_465_service_not_to_main_cf()
    {
        // main.cf turns wrapper mode off for every smtpd; only the service on 465 needs it on.
        cli.Write("cfg/main.cf", "compatibility_level = 3.11\nsmtpd_tls_wrappermode = no\nsmtpd_tls_chain_files = /etc/postfix/tls/mail.pem\nsmtpd_tls_security_level = may\n");
        var master = cli.Write("cfg/master.cf", StockServices("smtp      inet  n       -       y       -       -       smtpd\r\nsubmissions inet n       -       y       -       -       smtpd\r\n    -o smtpd_sasl_auth_enable=yes"));
        var before = File.ReadAllText(master);

        var run = cli.Run("fix", "cfg", "--rules", "PF404");

        run.Stdout.ShouldContain("fixed cfg/main.cf:2:25: PF404");
        File.ReadAllText(master).ShouldBe(before.Replace("    -o smtpd_sasl_auth_enable=yes\r\n", "    -o smtpd_sasl_auth_enable=yes\r\n    -o smtpd_tls_wrappermode=yes\r\n", StringComparison.Ordinal));
        File.ReadAllText(Path.Combine(cli.Root, "cfg", "main.cf")).ShouldContain("smtpd_tls_wrappermode = no\n");
        cli.Run("check", "cfg", "--rules", "PF404").Stdout.ShouldNotContain("PF404");
    }

    [Fact]
    public void No_option_is_added_after_a_command_argument_because_getopt_stops_there()
    {
        cli.Write("cfg/main.cf", "compatibility_level = 3.11\nsmtpd_tls_chain_files = /etc/postfix/tls/mail.pem\nsmtpd_tls_security_level = may\n");
        var master = cli.Write("cfg/master.cf", StockServices("smtps     inet  n       -       y       -       -       smtpd -o smtpd_sasl_auth_enable=yes extra"));
        var before = File.ReadAllText(master);

        var run = cli.Run("fix", "cfg", "--rules", "PF404");

        run.Stdout.ShouldContain("error PF404 [smtps-wrappermode-missing]");
        run.Stdout.ShouldNotContain("fixed ");
        File.ReadAllText(master).ShouldBe(before);
    }

    /// <summary>A master.cf of <paramref name="services"/> and the stock unix services, so only the rule under test reports.</summary>
    private static string StockServices(string services)
    {
        var crlf = services.Contains('\r', StringComparison.Ordinal) ? "\r\n" : "\n";
        string[] stock =
        [
            "pickup    unix  n       -       y       60      1       pickup",
            "cleanup   unix  n       -       y       -       0       cleanup",
            "qmgr      unix  n       -       n       300     1       qmgr",
            "rewrite   unix  -       -       y       -       -       trivial-rewrite",
            "bounce    unix  -       -       y       -       0       bounce",
            "defer     unix  -       -       y       -       0       bounce",
            "trace     unix  -       -       y       -       0       bounce",
            "verify    unix  -       -       y       -       1       verify",
            "proxymap  unix  -       -       n       -       -       proxymap",
            "smtp      unix  -       -       y       -       -       smtp",
            "relay     unix  -       -       y       -       -       smtp",
            "local     unix  -       n       n       -       -       local",
            "postlog   unix-dgram n  -       n       -       1       postlogd",
        ];
        return services + crlf + string.Join(crlf, stock) + crlf;
    }

    public static TheoryData<string> SampleAndCorpusCases()
    {
        var data = new TheoryData<string>();
        foreach (var (name, _) in FixCases.All())
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [SweepTest]
    [MemberData(nameof(SampleAndCorpusCases))]
    public void Safe_and_unsafe_fixes_settle_remove_their_findings_and_touch_only_their_lines(string name)
    {
        foreach (var unsafeFixes in new[] { false, true })
        {
            using var copy = FixCases.Copy(name);
            var first = FixCases.Fix(copy.Root, unsafeFixes, write: true);
            first.Remaining.Errors.ShouldBeEmpty();

            // Settled: a second run finds nothing more to do.
            FixCases.Fix(copy.Root, unsafeFixes, write: false).Files.ShouldBeEmpty($"{name}: a second fix would change more");

            // What the fixes repaired is no longer reported (same rule at the same written text).
            foreach (var fix in first.Files.SelectMany(f => f.Fixes))
            {
                first.Remaining.Findings.ShouldNotContain(
                    f => f.RuleId == fix.Finding.RuleId && f.LogicalKey == fix.Finding.LogicalKey && f.Span.File == fix.Finding.Span.File && f.Fix != null,
                    $"{name}: {fix.Finding.RuleId} at {fix.Finding.Span} is still reported after its fix");
            }

            // Every line no fix touched is still there, byte for byte (terminators too), in order:
            // pass by pass, since a fix's spans are those of the text its pass started from.
            foreach (var pass in first.Passes)
            {
                var touched = pass.Fixes.SelectMany(f => f.Finding.Fix!.Replacements)
                    .SelectMany(r => Enumerable.Range(r.Span.StartLine, LastLineOf(r.Span) - r.Span.StartLine + 1)).ToHashSet();
                var kept = Lines(pass.Before).Where((_, i) => !touched.Contains(i + 1)).ToList();
                IsSubsequence(kept, Lines(pass.After)).ShouldBeTrue($"{name}: a pass over {pass.FullPath} lost or changed a line no fix touched");
            }

            foreach (var file in first.Files)
            {
                File.ReadAllText(file.FullPath).ShouldBe(file.After);
            }

            output.WriteLine($"{name} ({(unsafeFixes ? "unsafe" : "safe")}): {first.Files.Sum(f => f.Fixes.Count)} fixes: {string.Join(", ", first.Files.SelectMany(f => f.Fixes).Select(f => f.Finding.RuleId))}");
        }
    }

    [Fact]
    public void Every_rule_that_reports_fixes_has_them_applied_on_some_bad_sample()
    {
        // Each fix class the manifests declare is exercised by the theory above.
        var fixing = BuiltInRules.Rules.Where(r => r.Descriptor.FixSafety is not null).Select(r => r.Descriptor.Id).ToHashSet();
        var applied = new HashSet<string>();
        foreach (var (name, _) in FixCases.All().Where(c => c.Name.StartsWith("samples/", StringComparison.Ordinal)))
        {
            using var copy = FixCases.Copy(name);
            applied.UnionWith(FixCases.Fix(copy.Root, unsafeFixes: true, write: false).Files.SelectMany(f => f.Fixes).Select(f => f.Finding.RuleId));
        }

        fixing.Except(applied).ShouldBeEmpty("rules whose manifest declares a fix but whose bad samples get none");
    }

    /// <summary>The last line a span covers a character of: one ending at column 1 ends with the line before.</summary>
    private static int LastLineOf(ConfigLint.Core.Text.Span span) => span.EndColumn == 1 && span.EndLine > span.StartLine ? span.EndLine - 1 : span.EndLine;

    private static List<string> Lines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                lines.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            lines.Add(text[start..]);
        }

        return lines;
    }

    /// <summary>True when every line of <paramref name="kept"/> appears in <paramref name="after"/> in the same order.</summary>
    private static bool IsSubsequence(List<string> kept, List<string> after)
    {
        var j = 0;
        foreach (var line in after)
        {
            if (j < kept.Count && kept[j] == line)
            {
                j++;
            }
        }

        // A last line that lost its terminator because a fix deleted what followed is not "kept".
        return j == kept.Count || (j == kept.Count - 1 && after.Count > 0 && kept[^1].TrimEnd('\n', '\r') == after[^1].TrimEnd('\n', '\r'));
    }
}

/// <summary>The configurations the fix tests repair: every bad sample, and every corpus file as the file it is.</summary>
internal static class FixCases
{
    public static IEnumerable<(string Name, Func<TempTree, string> CopyInto)> All()
    {
        foreach (var ruleDir in Directory.GetDirectories(RepoPaths.Samples).Order(StringComparer.Ordinal))
        {
            foreach (var caseDir in Directory.GetDirectories(ruleDir, "bad-*").Order(StringComparer.Ordinal))
            {
                var rel = Path.GetRelativePath(RepoPaths.Root, caseDir).Replace('\\', '/');
                yield return (rel, tree => CopyDirectory(caseDir, tree.Root));
            }
        }

        foreach (var row in File.ReadAllLines(Path.Combine(RepoPaths.Corpus, "MANIFEST.tsv")).Skip(1).Select(l => l.Split('\t')).Where(r => r[0].StartsWith("corpus/", StringComparison.Ordinal)))
        {
            var file = Path.Combine(RepoPaths.Data, row[0]);
            var kind = row[5] is "main.cf" or "master.cf" ? row[5] : "aliases";
            yield return (row[0], tree =>
            {
                File.Copy(file, Path.Combine(tree.Root, kind));
                return tree.Root;
            }
            );
        }
    }

    public static TempTree Copy(string name)
    {
        var tree = new TempTree("configlint-fix-");
        All().Single(c => c.Name == name).CopyInto(tree);
        return tree;
    }

    public static FixResult Fix(string directory, bool unsafeFixes, bool write) => Fixer.Run(new FixRequest
    {
        Lint = new LintRequest { Paths = ["."], WorkingDirectory = directory, BuiltInRules = BuiltInRules.Rules, RootDirectory = directory },
        UnsafeFixes = unsafeFixes,
        Write = write,
    });

    private static string CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return to;
    }
}
