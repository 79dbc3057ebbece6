using ConfigLint.TestSupport;

namespace ConfigLint.Rules.Tests.Oracle;

/// <summary>The oracle harness itself: what it observes, that it leaves the input alone, and that it cleans up.</summary>
[SystemTest]
public sealed class OracleHarnessTests
{
    [Fact]
    public void Parses_the_harness_json_lines_into_observations()
    {
        var run = OracleRun.Parse("""
            {"event":"netns","id":"net:[4026532317]","pid":7439}
            {"event":"param","name":"inet_interfaces","value":"all"}
            {"event":"start","ok":true,"rc":0,"seconds":0.5,"version":"3.7.11"}
            {"event":"listen","addr":"0.0.0.0","port":25}
            {"event":"listen","addr":"::1","port":25}
            {"event":"probe","label":"public@0.0.0.0:25","src":"127.0.0.9","xclient":"8.8.8.8","server":"127.0.0.1:25","from":"probe@example.net","to":"someone@example.org","stage":"RCPT","code":250,"dsn":"2.1.5","text":"Ok","verdict":"accepted","banner":"x","seconds":0.07}
            {"event":"probe","label":"reach@::1:25","src":"::1","xclient":null,"server":"[::1]:25","from":"p","to":"t","stage":"CONNECT","code":null,"dsn":null,"text":"fatal: open dictionary: expecting \"type:name\" form instead of \"::1/128\"","verdict":"error","banner":null,"seconds":0.2}
            {"event":"log","severity":"fatal","prog":"postfix/smtpd","msg":"fatal: open dictionary: expecting \"type:name\" form instead of \"::1/128\""}
            {"event":"stop","ok":true,"seconds":0.03,"total_seconds":2.9}
            """);
        run.NetworkNamespace.ShouldBe("net:[4026532317]");
        run.Params["inet_interfaces"].ShouldBe("all");
        run.StartOk.ShouldBeTrue();
        run.Listeners.Select(l => (l.ToString(), l.IsLoopback)).ShouldBe([("0.0.0.0:25", false), ("[::1]:25", true)]);
        run.Probes[0].Accepted.ShouldBeTrue();
        run.Probes[0].BaseLabel.ShouldBe("public");
        run.Probes[0].ListenerLabel.ShouldBe("0.0.0.0:25");
        ProbePlan.ClassOf(run.Probes[0].Xclient).ShouldBe(ProbeClass.Public);
        run.Probes[1].SawFatal.ShouldBeTrue();
        run.Probes[1].Code.ShouldBeNull();
        run.Fatals.Single().Prog.ShouldBe("postfix/smtpd");
        run.Complete.ShouldBeTrue();
        run.Garbage.ShouldBeEmpty();
    }

    [Fact]
    public void Probe_addresses_are_classified_as_PF101_classifies_them()
    {
        foreach (var probe in ProbePlan.Addresses)
        {
            var ip = System.Net.IPAddress.Parse(probe.Address);
            var network = new System.Net.IPNetwork(ip, ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            Core.Model.AddressRanges.CoversPublic(network).ShouldBe(probe.Class == ProbeClass.Public, probe.Address);
        }
    }

    [Fact]
    public void The_copy_maps_etc_postfix_paths_and_the_source_stays_untouched()
    {
        var source = Directory.CreateTempSubdirectory("configlint-oracle-src.");
        var target = Path.Combine(Path.GetTempPath(), $"configlint-oracle-dst.{Guid.NewGuid():N}");
        try
        {
            File.WriteAllText(Path.Combine(source.FullName, "main.cf"), "mynetworks = 127.0.0.0/8 /etc/postfix/network_table cidr:/etc/postfix/n.cidr\n");
            File.WriteAllText(Path.Combine(source.FullName, "network_table"), "/etc/postfix/more\n");
            OracleRunner.CopyWithMappedPaths(source.FullName, target);
            File.ReadAllText(Path.Combine(target, "main.cf")).ShouldBe($"mynetworks = 127.0.0.0/8 {target}/network_table cidr:{target}/n.cidr\n");
            File.ReadAllText(Path.Combine(target, "network_table")).ShouldBe($"{target}/more\n");
            File.ReadAllText(Path.Combine(source.FullName, "main.cf")).ShouldContain("/etc/postfix/network_table");
        }
        finally
        {
            source.Delete(true);
            if (Directory.Exists(target))
            {
                Directory.Delete(target, true);
            }
        }
    }

    [Fact]
    public void The_sandbox_gets_the_addresses_and_host_names_a_configuration_binds()
    {
        var dir = Directory.CreateTempSubdirectory("configlint-oracle-env.");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "main.cf"), "inet_interfaces = 127.0.0.1,\n    192.168.1.5\n");
            File.WriteAllText(Path.Combine(dir.FullName, "master.cf"),
                "smtp inet n - n - - smtpd\n192.0.2.25:smtp inet n - n - - smtpd\n[2001:db8::25]:2528 inet n - n - - smtpd\n" +
                "mail.example.com:2525 inet n - n - - smtpd\nlocalhost:2526 inet n - n - - smtpd\n0.0.0.0:2527 inet n - n - - smtpd\n" +
                "8.8.8.8:2529 inet n - n - - smtpd\n# 203.0.113.9:25 inet n - n - - smtpd\n");
            var args = string.Join(" ", OracleRunner.EnvironmentArguments(dir.FullName));
            args.ShouldBe($"--add-addr {OracleRunner.LanAddress} --add-addr 192.0.2.200 --add-addr 192.0.2.25 --add-addr 192.168.1.5 --add-addr 2001:db8::25 --host mail.example.com=192.0.2.200");
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [RequiresPostfixFact]
    public async Task A_run_observes_relaying_and_leaves_nothing_behind()
    {
        OracleRunner.Require();
        var dir = Directory.CreateTempSubdirectory("configlint-oracle-open.");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "main.cf"),
                "compatibility_level = 3.6\nmyhostname = mx.example.test\nalias_maps =\ninet_interfaces = all\nmynetworks = 127.0.0.0/8 /etc/postfix/network_table\n");
            File.WriteAllText(Path.Combine(dir.FullName, "network_table"), "# the world\n0.0.0.0/1\n");
            File.WriteAllText(Path.Combine(dir.FullName, "master.cf"), "smtp inet n - n - - smtpd\n");
            var run = await OracleRunner.RunAsync(dir.FullName, ProbePlan.HarnessArguments());
            run.StartOk.ShouldBeTrue(run.ToString());
            run.Complete.ShouldBeTrue(run.ToString());
            run.Listeners.ShouldContain(new OracleListener("0.0.0.0", 25));
            run.Params["mynetworks"].ShouldNotBeNull().ShouldMatch(@"^127\.0\.0\.0/8 /\S+/cfg/network_table$", "the copy names its own table, not /etc/postfix/network_table");
            run.Probes.Single(p => p.Xclient == "8.8.8.8").Accepted.ShouldBeTrue("0.0.0.0/1 from the mapped /file/name must relay for 8.8.8.8");
            run.Probes.Single(p => p.Xclient == "130.1.2.3").Verdict.ShouldBe("tempfail");
            run.SandboxLeft.ShouldBeFalse();
            run.NamespaceHeld.ShouldBeTrue();
            run.NamespaceClean.ShouldBeTrue();
            run.ProcessesLeft.ShouldBe(0);
            File.ReadAllText(Path.Combine(dir.FullName, "main.cf")).ShouldContain("/etc/postfix/network_table");
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [RequiresPostfixFact]
    public async Task A_probe_reports_the_banner_the_ehlo_keywords_and_the_vrfy_reply()
    {
        OracleRunner.Require();
        var dir = Directory.CreateTempSubdirectory("configlint-oracle-session.");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "main.cf"),
                "compatibility_level = 3.6\nmyhostname = mx.example.test\nalias_maps =\ninet_interfaces = loopback-only\nsmtpd_banner = $myhostname ESMTP hello\n");
            File.WriteAllText(Path.Combine(dir.FullName, "master.cf"),
                "smtp inet n - n - - smtpd\n2525 inet n - n - - smtpd -o disable_vrfy_command=yes -o smtpd_discard_ehlo_keywords=pipelining\n");
            var run = await OracleRunner.RunAsync(dir.FullName, ["--probe-every-listener", "vrfy=postmaster,label=session", "--logs", "trouble"]);
            run.StartOk.ShouldBeTrue(run.ToString());
            var smtp = run.Probes.Single(p => p.Server!.EndsWith(":25", StringComparison.Ordinal) && p.Server.StartsWith("127.", StringComparison.Ordinal));
            var other = run.Probes.Single(p => p.Server!.EndsWith(":2525", StringComparison.Ordinal) && p.Server.StartsWith("127.", StringComparison.Ordinal));
            smtp.Banner.ShouldBe("mx.example.test ESMTP hello");
            smtp.Ehlo.ShouldNotBeNull().ShouldContain("PIPELINING");
            smtp.Vrfy.ShouldNotBeNull().ShouldBeLessThan(500, "VRFY is enabled by default (252 or 250)");
            other.Ehlo.ShouldNotBeNull().ShouldNotContain("PIPELINING");
            other.Ehlo!.ShouldNotContain("VRFY");
            other.Vrfy.ShouldBe(502, "disable_vrfy_command = yes: 502 5.5.1 VRFY command is disabled");
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [RequiresPostfixTheory]
    [InlineData(0.8)]
    [InlineData(2.5)]
    public async Task A_run_killed_on_timeout_stops_postfix_and_removes_its_sandbox(double seconds)
    {
        OracleRunner.Require();
        var dir = Directory.CreateTempSubdirectory("configlint-oracle-kill.");
        try
        {
            // Port 2600 accepts connections and never greets (master spawns a sleep per
            // connection): the probe to it waits for a banner far beyond the run's timeout, so the
            // run is killed mid-probe, with Postfix and a spawned child running.
            File.WriteAllText(Path.Combine(dir.FullName, "main.cf"), "compatibility_level = 3.6\nalias_maps =\ninet_interfaces = loopback-only\n");
            File.WriteAllText(Path.Combine(dir.FullName, "master.cf"),
                "smtp inet n - n - - smtpd\n2600 inet n n n - - spawn user=nobody argv=/bin/sleep 300\n");
            var args = new List<string> { "--probe-every-listener", "label=reach", "--timeout", "60" };
            var run = await OracleRunner.RunAsync(dir.FullName, args, TimeSpan.FromSeconds(seconds));
            run.TimedOut.ShouldBeTrue(run.ToString());
            run.SandboxLeft.ShouldBeFalse(string.Join("; ", run.Notes));
            run.NamespaceClean.ShouldBeTrue(string.Join("; ", run.Notes));
            if (seconds >= 2)
            {
                // By then the harness has entered its namespace (and said so): the check above was real.
                run.NamespaceHeld.ShouldBeTrue(run.ToString());
            }
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
