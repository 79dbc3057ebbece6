using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Engine;
using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.TestSupport;
using Xunit.Abstractions;

namespace ConfigLint.Rules.Tests.Oracle;

/// <summary>
/// The TLS and SASL rules against a running Postfix 3.7 (Debian's, with Cyrus SASL and its standard
/// plugins, so smtpd offers AUTH without an authentication server): every bad and good sample of the rules
/// whose effect shows in an SMTP session is run in the sandbox, a throw-away self-signed certificate
/// standing in for each <c>/etc/postfix/*.pem</c> it names, and ConfigLint's verdict (with the model built
/// for 3.7) must be what the session shows. See <see cref="TlsAgreement"/> for what counts as what.
/// Samples written for another release (<c>postfix_version</c> in their .configlint.yml) are listed, not
/// compared: the running Postfix cannot show another release's defaults (TlsReleaseDumpTests checks those).
/// </summary>
[SystemTest]
public sealed partial class OracleTlsTests(ITestOutputHelper output)
{
    public static readonly string[] ComparedRules = ["PF401", "PF402", "PF403", "PF404", "PF405", "PF406", "PF407", "PF414", "PF504"];

    /// <summary>
    /// One plain session per listener (banner, EHLO keywords, AUTH mechanisms, MAIL FROM refused or not),
    /// and per non-loopback listener a STARTTLS session and a wrapper-mode session through openssl
    /// s_client, and a message with a bare &lt;LF&gt;.&lt;LF&gt; from a client outside mynetworks
    /// (8.8.8.8 by XCLIENT) to a local recipient. 3 s per reply: a plain client waits that long on a
    /// wrapper-mode port.
    /// </summary>
    public static readonly string[] HarnessArguments =
    [
        "--probe-every-listener", "label=plain",
        "--probe-listeners", "label=starttls,tls=starttls",
        "--probe-listeners", "label=wrapper,tls=wrapper",
        "--probe-listeners", "label=smuggle,smuggle=1,xclient=8.8.8.8,to=root@localhost",
        "--timeout", "3",
        "--logs", "trouble",
    ];

    [RequiresPostfixFact]
    public async Task Tls_samples_agree_with_a_running_postfix()
    {
        OracleRunner.Require();
        TlsSandbox.Require();
        var all = ComparedRules
            .SelectMany(id => Directory.GetDirectories(Path.Combine(RepoPaths.Samples, id)).Order(StringComparer.Ordinal))
            .Where(d => File.Exists(Path.Combine(d, "main.cf")))
            .ToList();
        var other = all.Where(d => TlsSandbox.PinnedRelease(d) is { } r && r != "3.7").ToList();
        foreach (var d in other)
        {
            output.WriteLine($"not compared (written for Postfix {TlsSandbox.PinnedRelease(d)}): samples/{Path.GetRelativePath(RepoPaths.Samples, d)}");
        }

        var samples = all.Except(other).ToList();
        samples.Count.ShouldBeGreaterThan(40);
        var watch = Stopwatch.StartNew();
        var cases = await Task.WhenAll(samples.Select(d => TlsAgreement.RunAsync($"samples/{Path.GetRelativePath(RepoPaths.Samples, d)}", d)));
        watch.Stop();

        var report = TlsAgreement.Report(cases, watch.Elapsed);
        output.WriteLine(report);
        try
        {
            var dir = Path.Combine(RepoPaths.Root, ".test-results");
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "oracle-tls.txt"), report);
        }
        catch (IOException)
        {
            // The report file is a convenience; the test output has the same.
        }

        cases.SelectMany(c => c.Problems.Select(p => $"{c.Name}: {p}")).ShouldBeEmpty();
        cases.SelectMany(c => c.Comparisons.Where(x => !x.Agrees).Select(x => $"{c.Name}: {x}")).ShouldBeEmpty(report);

        // Each rule is shown both ways: reported where Postfix shows the effect, silent where it does not.
        foreach (var rule in ComparedRules)
        {
            var compared = cases.SelectMany(c => c.Comparisons).Where(x => x.RuleId == rule && x.NotComparable is null).ToList();
            compared.ShouldContain(x => x.Rule == "reported", $"{rule}: no sample where Postfix shows the effect");
            compared.ShouldContain(x => x.Rule == "silent", $"{rule}: no sample where Postfix shows its absence");
        }
    }

    /// <summary>
    /// Issue 12: the PF404 fix (<c>-o smtpd_tls_wrappermode=yes</c>) makes the service on port 465 speak
    /// TLS first on a running Postfix: in a fixed copy of every PF404 bad sample no plaintext greeting
    /// comes on 465 and a wrapper-mode handshake succeeds there, and ConfigLint agrees (silent).
    /// </summary>
    [RequiresPostfixFact]
    public async Task Fixed_port_465_samples_speak_tls_first_on_a_running_postfix()
    {
        OracleRunner.Require();
        TlsSandbox.Require();
        var copies = new List<TlsSandbox.TempDir>();
        try
        {
            var work = new List<(string Name, string Dir)>();
            foreach (var bad in Directory.GetDirectories(Path.Combine(RepoPaths.Samples, "PF404"), "bad-*").Order(StringComparer.Ordinal))
            {
                var copy = new TlsSandbox.TempDir("configlint-oracle-tls-fix.");
                copies.Add(copy);
                TlsSandbox.CopyTree(bad, copy.Path);
                var result = Fixer.Run(new FixRequest
                {
                    Lint = new LintRequest { Paths = ["."], WorkingDirectory = copy.Path, BuiltInRules = BuiltInRules.Rules, RootDirectory = copy.Path },
                    Rules = ["PF404"],
                    Write = true,
                });
                result.Files.SelectMany(f => f.Fixes).ShouldContain(f => f.Finding.RuleId == "PF404", $"{bad}: no PF404 fix applied");
                work.Add(($"samples/PF404/{Path.GetFileName(bad)} fixed", copy.Path));
            }

            work.Count.ShouldBeGreaterThanOrEqualTo(2);
            var cases = await Task.WhenAll(work.Select(w => TlsAgreement.RunAsync(w.Name, w.Dir)));
            foreach (var c in cases)
            {
                output.WriteLine($"{c.Name}: {string.Join("; ", c.Comparisons.Where(x => x.RuleId == "PF404"))}");
                c.Problems.ShouldBeEmpty(c.Name);
                var pf404 = c.Comparisons.Single(x => x.RuleId == "PF404");
                pf404.ShouldSatisfyAllConditions(
                    () => pf404.Oracle.ShouldBe("silent", c.Name),
                    () => pf404.Rule.ShouldBe("silent", c.Name));
                var on465 = c.Run.Probes.Where(p => p.BaseLabel == "wrapper" && TlsAgreement.Port(p) == 465).ToList();
                on465.ShouldNotBeEmpty($"{c.Name}: no wrapper-mode session on port 465");
                on465.ShouldAllBe(p => p.Session != null && p.Session.TlsOk, $"{c.Name}: the TLS handshake on 465 failed");
            }
        }
        finally
        {
            foreach (var copy in copies)
            {
                copy.Dispose();
            }
        }
    }

    [RequiresPostfixFact]
    public async Task Session_probes_report_auth_mechanisms_starttls_tls_sessions_and_smuggling()
    {
        OracleRunner.Require();
        TlsSandbox.Require();
        using var dir = new TlsSandbox.TempDir("configlint-oracle-tls-probe.");
        File.WriteAllText(Path.Combine(dir.Path, "main.cf"),
            "compatibility_level = 3.6\nmyhostname = mail.example.com\ninet_interfaces = loopback-only\nsmtpd_sasl_auth_enable = yes\nsmtpd_sasl_security_options =\n" +
            "smtpd_tls_security_level = may\nsmtpd_tls_chain_files = /etc/postfix/tls/mail.pem\n");
        File.WriteAllText(Path.Combine(dir.Path, "master.cf"),
            "smtp inet n - n - - smtpd\n465 inet n - n - - smtpd -o smtpd_tls_wrappermode=yes -o smtpd_sasl_tls_security_options=noanonymous\n" +
            "2525 inet n - n - - smtpd -o smtpd_forbid_bare_newline=normalize\n");
        TlsSandbox.AddCertificates(dir.Path);
        TlsSandbox.WithoutHostAliases(dir.Path);
        var run = await OracleRunner.RunAsync(dir.Path,
        [
            "--probe-every-listener", "label=plain",
            "--probe-every-listener", "label=starttls,starttls=1",
            "--probe-every-listener", "label=tls,tls=starttls",
            "--probe-every-listener", "label=wrapper,tls=wrapper",
            "--probe-every-listener", "label=smuggle,smuggle=1,xclient=8.8.8.8,to=root@localhost",
            "--timeout", "3", "--logs", "trouble",
        ]);
        run.StartOk.ShouldBeTrue(run.ToString());
        OracleProbe Probe(string label, string port) =>
            run.Probes.Single(p => p.BaseLabel == label && p.Server == $"127.0.0.1:{port}");

        // Without noanonymous and noplaintext, Cyrus offers everything it has, ANONYMOUS included.
        Probe("plain", "25").Auth.ShouldNotBeNull().ShouldContain("PLAIN");
        Probe("plain", "25").Auth!.ShouldContain("ANONYMOUS");
        Probe("plain", "25").Ehlo!.ShouldContain("STARTTLS");
        Probe("starttls", "25").Session!.StartTls.ShouldBe(220);
        Probe("tls", "25").Session!.TlsOk.ShouldBeTrue(run.ToString());
        Probe("tls", "25").Session!.TlsEhlo!.ShouldNotContain("STARTTLS");

        // Wrapper mode: no greeting for a plain client; after the handshake, AUTH without ANONYMOUS.
        Probe("plain", "465").Banner.ShouldBeNull();
        Probe("wrapper", "465").Session!.TlsBanner.ShouldBe("mail.example.com ESMTP Postfix");
        Probe("wrapper", "465").Session!.TlsAuth!.ShouldNotContain("ANONYMOUS");
        Probe("wrapper", "465").Session!.TlsAuth!.ShouldContain("PLAIN");
        Probe("wrapper", "25").Session!.TlsOk.ShouldBeFalse();

        // smtpd_forbid_bare_newline = no (3.7's default) ends the message at <LF>.<LF>; normalize does not.
        Probe("smuggle", "25").Session!.Smuggled.ShouldBeTrue(run.ToString());
        Probe("smuggle", "2525").Session!.Smuggle.ShouldBe(["250"]);
    }
}

/// <summary>ConfigLint's verdicts on one sample next to what the sandboxed Postfix 3.7 showed.</summary>
public sealed class TlsAgreement
{
    private TlsAgreement(string name, List<Finding> findings, OracleRun run)
    {
        Name = name;
        Findings = findings;
        Run = run;
    }

    public string Name { get; }

    public List<Finding> Findings { get; }

    public OracleRun Run { get; }

    public List<string> Problems { get; } = [];

    public List<RuleComparison> Comparisons { get; } = [];

    public static async Task<TlsAgreement> RunAsync(string name, string directory)
    {
        // The oracle runs Debian 12's Postfix 3.7: the model is built for that release, with the stock
        // master.cf where the sample has none (the sandbox uses Debian's master.cf then).
        var config = PostfixConfig.Load(directory, release: PostfixReleases.Get("3.7"), assumeStockMasterCf: true);
        var findings = Analyzer.Run(config, BuiltInRules.Rules);
        using var copy = new TlsSandbox.TempDir("configlint-oracle-tls.");
        TlsSandbox.CopyTree(directory, copy.Path);
        TlsSandbox.AddCertificates(copy.Path);
        TlsSandbox.WithoutHostAliases(copy.Path);
        var run = await OracleRunner.RunAsync(copy.Path, OracleTlsTests.HarnessArguments).ConfigureAwait(false);
        var result = new TlsAgreement(name, findings, run);
        result.Compare();
        return result;
    }

    private void Compare()
    {
        if (Run.TimedOut || !Run.Complete)
        {
            Problems.Add($"the oracle did not run to its end (exit {Run.ExitCode}, timed out {Run.TimedOut}): {Run.Stderr.Trim()}");
        }

        if (Run.SandboxLeft || Run.ProcessesLeft > 0 || !Run.NamespaceClean || !Run.NamespaceHeld)
        {
            Problems.Add("the oracle did not clean up, or could not check: " + string.Join("; ", Run.Notes));
        }

        if (!Run.StartOk)
        {
            Problems.Add("Postfix did not start: " + string.Join(" | ", Run.StartMessages));
        }

        if (Run.Garbage.Count > 0)
        {
            Problems.Add("unexpected harness output: " + string.Join(" | ", Run.Garbage));
        }

        var plain = Run.Probes.Where(p => p.BaseLabel == "plain").ToList();
        var wrapperDropped = Run.Logs.Any(l => l.Message.Contains("Wrapper-mode request dropped", StringComparison.Ordinal));
        foreach (var p in plain.Where(p => p.Banner is null && !p.SawFatal))
        {
            // No greeting is Postfix's answer on a wrapper-mode port (it waits for a TLS handshake, or
            // drops the client without a certificate); anywhere else the probe observed nothing.
            if (Session("wrapper", p.ListenerLabel)?.TlsOk != true && !wrapperDropped)
            {
                Problems.Add($"probe failed without a Postfix answer: {p}");
            }
        }

        if (plain.Count == 0)
        {
            Problems.Add("no listener was probed");
        }

        Add("PF401", plain.Where(p => Exposed(p) && Has(p.Auth, "PLAIN", "LOGIN")).Select(p => $"AUTH {string.Join(' ', p.Auth!)} before TLS on {p.ListenerLabel}"));
        Add("PF402", plain.Where(p => Public(p) && Port(p) == 25 && (p.Auth is not null || Session("starttls", p.ListenerLabel)?.TlsAuth is not null))
            .Select(p => $"AUTH on {p.ListenerLabel}{(p.Auth is null ? " after STARTTLS" : string.Empty)}"));
        Add("PF403", plain.Where(p => Exposed(p) && Port(p) == 587 && p.Banner is not null && !Refused530(p)).Select(p => $"MAIL FROM without TLS on {p.ListenerLabel}: {p.Stage} {p.Code}"));
        Add("PF404", plain.Where(p => Port(p) == 465 && p.Banner is not null).Select(p => $"plaintext 220 on {p.ListenerLabel}"));
        Add("PF405", plain.Where(p => Public(p) && Port(p) == 25 && Refused530(p)).Select(p => $"530 on {p.ListenerLabel}"));
        Add("PF406", Run.Logs.Where(l => l.Message.Contains("No server certs available", StringComparison.Ordinal)).Select(l => l.Message).Distinct());
        Add("PF407", plain.Where(p => Public(p) && Port(p) == 25 && p.Ehlo is { } e && !e.Contains("STARTTLS")).Select(p => $"no STARTTLS on {p.ListenerLabel}"));
        Add("PF414", plain.Where(p => Exposed(p) && (Has(p.Auth, "ANONYMOUS") || Has(Session("starttls", p.ListenerLabel)?.TlsAuth, "ANONYMOUS") || Has(Session("wrapper", p.ListenerLabel)?.TlsAuth, "ANONYMOUS")))
            .Select(p => $"ANONYMOUS offered on {p.ListenerLabel}"));

        var smuggle = Run.Probes.Where(p => p.BaseLabel == "smuggle" && Public(p) && p.Session?.Smuggle is not null).ToList();
        var ruleSmuggling = Findings.Any(f => f.RuleId == "PF504");
        Comparisons.Add(smuggle.Count == 0
            ? new RuleComparison("PF504", ruleSmuggling ? "reported" : "silent", "unobserved", string.Empty, "no public listener accepted a message from a client outside mynetworks")
            : new RuleComparison("PF504", ruleSmuggling ? "reported" : "silent", smuggle.Any(p => p.Session!.Smuggled) ? "reported" : "silent",
                string.Join("; ", smuggle.Select(p => $"{p.ListenerLabel}: {string.Join(' ', p.Session!.Smuggle!)}"))));
    }

    private void Add(string ruleId, IEnumerable<string> evidence)
    {
        var shown = evidence.ToList();
        Comparisons.Add(new RuleComparison(ruleId, Findings.Any(f => f.RuleId == ruleId) ? "reported" : "silent", shown.Count > 0 ? "reported" : "silent", string.Join("; ", shown)));
    }

    private OracleSession? Session(string label, string? listener) =>
        Run.Probes.FirstOrDefault(p => p.BaseLabel == label && p.ListenerLabel == listener)?.Session;

    private static bool Has(IReadOnlyList<string>? mechanisms, params string[] any) => mechanisms is not null && any.Any(mechanisms.Contains);

    private static bool Refused530(OracleProbe p) => p.Code == 530 && p.Stage is "MAIL" or "XCLIENT";

    internal static int? Port(OracleProbe p) =>
        p.ListenerLabel is { } l && int.TryParse(l[(l.LastIndexOf(':') + 1)..], out var port) ? port : null;

    private static IPAddress? Host(OracleProbe p)
    {
        if (p.ListenerLabel is not { } l)
        {
            return null;
        }

        var host = l[..l.LastIndexOf(':')].Trim('[', ']');
        return IPAddress.TryParse(host, out var ip) ? ip : null;
    }

    /// <summary>A listener other hosts reach: not 127.0.0.0/8 or ::1 (a wildcard counts).</summary>
    private static bool Exposed(OracleProbe p) => Host(p) is { } ip && !IPAddress.IsLoopback(ip);

    /// <summary>An exposed listener the internet may reach: not RFC 1918, CGNAT or ULA either.</summary>
    private static bool Public(OracleProbe p) =>
        Exposed(p) && Host(p) is { } ip && !new[] { "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7" }.Any(n => IPNetwork.Parse(n).Contains(ip));

    public static string Report(IReadOnlyList<TlsAgreement> cases, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        var comparisons = cases.SelectMany(c => c.Comparisons).ToList();
        text.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
            $"Oracle agreement of the TLS and SASL rules: {cases.Count} samples, {comparisons.Count(c => c.NotComparable is null)} verdicts compared, {comparisons.Count(c => c.NotComparable is null && c.Agrees)} agree, {comparisons.Count(c => c.NotComparable is not null)} not comparable, {cases.Sum(c => c.Problems.Count)} problems, {elapsed.TotalSeconds:0} s");
        foreach (var rule in OracleTlsTests.ComparedRules)
        {
            var r = comparisons.Where(c => c.RuleId == rule && c.NotComparable is null).ToList();
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
                $"  {rule}: {r.Count(c => c.Agrees)}/{r.Count} agree ({r.Count(c => c.Rule == "reported")} reported, {r.Count(c => c.Rule == "silent")} silent)");
        }

        foreach (var c in cases.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            var bad = c.Problems.Count > 0 || c.Comparisons.Any(x => !x.Agrees);
            text.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
                $"{(bad ? "FAIL" : "ok  ")} {c.Name} [{c.Run.WallTime.TotalSeconds:0.0} s]: {string.Join("; ", c.Comparisons.Select(x => $"{x.RuleId} {x.Rule}/{x.Oracle}"))}");
            foreach (var x in c.Comparisons.Where(x => x.Rule == "reported" || x.Oracle == "reported" || !x.Agrees))
            {
                text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"       {x}");
            }

            foreach (var p in c.Problems)
            {
                text.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"       problem: {p}");
            }

            if (bad)
            {
                text.AppendLine(c.Run.ToString());
            }
        }

        return text.ToString();
    }
}

/// <summary>What the TLS oracle needs beyond the relay oracle: openssl, the Cyrus SASL plugins, certificates.</summary>
public static partial class TlsSandbox
{
    private static readonly Lazy<string> Pem = new(Generate);

    /// <summary>Throws (also under CI) when the TLS oracle cannot run here.</summary>
    public static void Require()
    {
        if (ProcessRunner.FindExecutable("openssl") is null)
        {
            throw new InvalidOperationException($"The TLS oracle needs openssl. Run the tests with '{Prerequisites.TestCommand}' as root (it installs openssl and libsasl2-modules).");
        }

        // smtpd offers AUTH with the mechanisms Cyrus SASL has: PLAIN, LOGIN and ANONYMOUS come from libsasl2-modules.
        var plugins = new[] { "/usr/lib/x86_64-linux-gnu/sasl2", "/usr/lib/aarch64-linux-gnu/sasl2", "/usr/lib/sasl2" }.FirstOrDefault(Directory.Exists);
        if (plugins is null || !new[] { "libplain.so", "liblogin.so", "libanonymous.so" }.All(f => File.Exists(Path.Combine(plugins, f))))
        {
            throw new InvalidOperationException($"The TLS oracle needs the Cyrus SASL plugins PLAIN, LOGIN and ANONYMOUS (libsasl2-modules). Run the tests with '{Prerequisites.TestCommand}' as root.");
        }
    }

    /// <summary>The postfix_version a sample's .configlint.yml pins, or null.</summary>
    public static string? PinnedRelease(string directory)
    {
        var settings = Path.Combine(directory, ".configlint.yml");
        return File.Exists(settings) && PostfixVersionLine().Match(File.ReadAllText(settings)) is { Success: true } m ? m.Groups[1].Value : null;
    }

    /// <summary>Copies a configuration directory (files and subdirectories) as it is.</summary>
    public static void CopyTree(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
    }

    /// <summary>
    /// Writes a throw-away key and self-signed certificate (one PEM with both, which serves as
    /// smtpd_tls_chain_files, smtpd_tls_cert_file and smtpd_tls_key_file alike) to every
    /// <c>/etc/postfix/….pem</c> that main.cf or master.cf of <paramref name="directory"/> names, inside
    /// that directory (the oracle maps /etc/postfix onto its copy). Nothing is written to the repository.
    /// </summary>
    public static void AddCertificates(string directory)
    {
        foreach (var name in new[] { "main.cf", "master.cf" })
        {
            var file = Path.Combine(directory, name);
            if (!File.Exists(file))
            {
                continue;
            }

            foreach (Match m in PemPath().Matches(File.ReadAllText(file)))
            {
                var to = Path.Combine(directory, m.Groups[1].Value);
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.WriteAllText(to, Pem.Value);
            }
        }
    }

    /// <summary>
    /// Appends <c>alias_maps =</c> to the copy's main.cf when it does not set alias_maps: the default
    /// hash:/etc/aliases is the host's, whose .db a test machine need not have (Debian builds it at
    /// install), and smtpd answers "451 Temporary lookup failure" to a local recipient then. The smuggling
    /// probe mails root@localhost; no rule compared here reads alias_maps.
    /// </summary>
    public static void WithoutHostAliases(string directory)
    {
        var main = Path.Combine(directory, "main.cf");
        var text = File.ReadAllText(main);
        if (!AliasMapsLine().IsMatch(text))
        {
            File.WriteAllText(main, (text.Length == 0 || text.EndsWith('\n') ? text : text + "\n") + "alias_maps =\n");
        }
    }

    private static string Generate()
    {
        using var dir = new TempDir("configlint-oracle-cert.");
        var key = Path.Combine(dir.Path, "key.pem");
        var cert = Path.Combine(dir.Path, "cert.pem");
        var r = ProcessRunner.Run("openssl",
            ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=mail.example.com"]);
        r.ExitCode.ShouldBe(0, r.Stderr);
        return File.ReadAllText(key) + File.ReadAllText(cert);
    }

    [GeneratedRegex(@"/etc/postfix/([A-Za-z0-9_./-]+\.pem)")]
    private static partial Regex PemPath();

    [GeneratedRegex(@"(?m)^alias_maps\s*=")]
    private static partial Regex AliasMapsLine();

    [GeneratedRegex(@"(?m)^postfix_version:\s*""?([0-9.]+)""?\s*$")]
    private static partial Regex PostfixVersionLine();

    /// <summary>A temporary directory, deleted on dispose.</summary>
    public sealed class TempDir(string prefix) : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
