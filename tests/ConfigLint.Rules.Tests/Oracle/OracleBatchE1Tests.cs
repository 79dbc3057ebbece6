using ConfigLint.Rules.Tests.Samples;
using ConfigLint.TestSupport;
using Xunit.Abstractions;

namespace ConfigLint.Rules.Tests.Oracle;

/// <summary>
/// Issue 11, batch E1, against a running Postfix 3.7: each bad and good sample of a rule whose effect Postfix
/// shows runs through ConfigLint and through the oracle, and the rule reports a sample exactly when Postfix
/// says what the rule predicts:
/// <list type="bullet">
/// <item>PF305 ⇔ master logs "duplicate master.cf entry for service";</item>
/// <item>PF306 (rewrite, proxymap) ⇔ smtpd logs "connect #1 to subsystem ...private/NAME: No such file or
/// directory" and the probe gets no reply (master.cf is not completed for these runs); PF306 (postlog) ⇔
/// postfix-script's own test, <c>postconf -h maillog_file</c> not empty and <c>postconf -M postlog/unix-dgram</c>
/// empty, which makes <c>postfix start</c> stop with "missing 'postlog' service in master.cf" (the harness itself
/// logs through maillog_file, so it cannot run that case);</item>
/// <item>PF602 (the exact match) and PF603 ⇔ <c>postfix start</c> stops with "myhostname and relayhost parameter settings must
/// not be identical" or "myorigin parameter setting must not contain multiple values";</item>
/// <item>PF802 ⇔ <c>postfix start</c> stops with "user root has privileged user ID", "group root has privileged
/// group ID" or "parameters default_privs and mail_owner specify the same user";</item>
/// <item>PF605 ⇔ trivial-rewrite dies with "bad string length 0 &lt; 1" (an empty value) or logs "null transport is
/// not allowed" (a value starting with ':') when a recipient of that class is probed;</item>
/// <item>PF606 ⇔ trivial-rewrite logs "do not list domain D in BOTH A and B" when a recipient in D is probed.</item>
/// </list>
/// Not compared: PF602 in brackets (the loop needs a delivery, which the sandbox never makes) and PF604 (an MX
/// lookup needs DNS, which the sandbox does not have).
/// </summary>
[SystemTest]
public sealed class OracleBatchE1Tests(ITestOutputHelper output)
{
    private static string Sample(string key) => Path.Combine(RepoPaths.Samples, key);

    private bool Reports(string key, string rule)
    {
        var findings = SampleCase.Get(key).Run();
        foreach (var f in findings)
        {
            output.WriteLine($"configlint {key}: {f.Span} {f.RuleId} {f.Message}");
        }

        return findings.Any(f => f.RuleId == rule);
    }

    private async Task<OracleRun> Run(string key, params string[] args)
    {
        var run = await OracleRunner.RunAsync(Sample(key), args);
        output.WriteLine($"oracle {key}:\n{run}");
        run.Complete.ShouldBeTrue($"the oracle run of {key} did not complete:\n{run}");
        return run;
    }

    private static bool Logged(OracleRun run, string text) => run.Logs.Any(l => l.Message.Contains(text, StringComparison.Ordinal));

    [RequiresPostfixTheory]
    [InlineData("PF305/bad-example")]
    [InlineData("PF305/bad-port-number")]
    [InlineData("PF305/good-example")]
    [InlineData("PF305/good-port-number")]
    [InlineData("PF305/good-two-addresses")]
    public async Task Master_warns_about_a_duplicate_service_exactly_when_PF305_reports_one(string key)
    {
        var run = await Run(key, "--logs", "trouble");

        Logged(run, "duplicate master.cf entry for service").ShouldBe(Reports(key, "PF305"));
    }

    [RequiresPostfixTheory]
    [InlineData("PF306/bad-example", "private/rewrite")]
    [InlineData("PF306/good-example", "private/rewrite")]
    [InlineData("PF306/bad-proxymap", "private/proxymap")]
    [InlineData("PF306/good-proxymap", "private/proxymap")]
    public async Task Smtpd_waits_for_a_missing_service_exactly_when_PF306_reports_it(string key, string socket)
    {
        var run = await Run(key, "--no-complete-master", "--logs", "trouble", "--timeout", "5",
            "-p", "server=127.0.0.1:25,to=postmaster@example.org,label=probe");

        var stuck = Logged(run, $"{socket}: No such file or directory");
        stuck.ShouldBe(Reports(key, "PF306"));
        var probe = run.Probes.ShouldHaveSingleItem();
        (probe.Code is null).ShouldBe(stuck, probe.ToString());
    }

    [RequiresPostfixTheory]
    [InlineData("PF306/bad-maillog-file")]
    [InlineData("PF306/good-maillog-file")]
    public void Postfix_start_would_refuse_a_maillog_file_without_postlog_exactly_when_PF306_reports_it(string key)
    {
        // postfix-script check-fatal: test -n "$maillog_file" && postconf -M postlog/unix-dgram | grep . || FATAL.
        var maillog = Postconf.Run(Sample(key), "-h", "maillog_file");
        var postlog = Postconf.Run(Sample(key), "-M", "postlog/unix-dgram");
        output.WriteLine($"{key}: maillog_file = {maillog.Stdout.Trim()}; postconf -M postlog/unix-dgram: {postlog.Stdout.Trim()}");

        var refused = maillog.Stdout.Trim().Length > 0 && postlog.Stdout.Trim().Length == 0;
        refused.ShouldBe(Reports(key, "PF306"));
    }

    [RequiresPostfixTheory]
    [InlineData("PF602/bad-example", "PF602", "myhostname and relayhost parameter settings must not be identical")]
    [InlineData("PF602/bad-reference", "PF602", "myhostname and relayhost parameter settings must not be identical")]
    [InlineData("PF602/good-example", "PF602", "myhostname and relayhost parameter settings must not be identical")]
    [InlineData("PF602/good-bracketed", "PF602", "myhostname and relayhost parameter settings must not be identical")]
    [InlineData("PF603/bad-example", "PF603", "myorigin parameter setting must not contain multiple values")]
    [InlineData("PF603/bad-reference", "PF603", "myorigin parameter setting must not contain multiple values")]
    [InlineData("PF603/good-example", "PF603", "myorigin parameter setting must not contain multiple values")]
    [InlineData("PF603/good-reference", "PF603", "myorigin parameter setting must not contain multiple values")]
    [InlineData("PF802/bad-example", "PF802", "parameter default_privs: user root has privileged user ID")]
    [InlineData("PF802/good-example", "PF802", "parameter default_privs:")]
    [InlineData("PF802/bad-mail-owner", "PF802", "parameter mail_owner: user root has privileged user ID")]
    [InlineData("PF802/good-mail-owner", "PF802", "parameter mail_owner:")]
    [InlineData("PF802/bad-same-user", "PF802", "parameters default_privs and mail_owner specify the same user postfix")]
    [InlineData("PF802/good-same-user", "PF802", "parameters default_privs and mail_owner")]
    [InlineData("PF802/bad-setgid-group", "PF802", "parameter setgid_group: group root has privileged group ID")]
    [InlineData("PF802/good-setgid-group", "PF802", "parameter setgid_group:")]
    public async Task Smtpd_dies_on_its_settings_exactly_when_the_rule_reports_them(string key, string rule, string fatal)
    {
        var run = await Run(key, "--logs", "trouble", "-p", "server=127.0.0.1:25,label=probe");

        var refused = run.Fatals.Any(l => l.Message.Contains(fatal, StringComparison.Ordinal));
        refused.ShouldBe(Reports(key, rule));
        run.StartOk.ShouldBe(!refused, "postfix start itself stops on it");
    }

    [RequiresPostfixTheory]
    [InlineData("PF605/bad-example", "someone@example.org")]
    [InlineData("PF605/good-example", "someone@example.org")]
    [InlineData("PF605/bad-nexthop-only", "postmaster@localhost")]
    [InlineData("PF605/good-nexthop-only", "postmaster@localhost")]
    public async Task Trivial_rewrite_refuses_a_null_transport_exactly_when_PF605_reports_it(string key, string recipient)
    {
        var run = await Run(key, "--logs", "trouble", "-p", $"server=127.0.0.1:25,to={recipient},label=probe");

        var refused = Logged(run, "null transport is not allowed") || Logged(run, "bad string length 0 < 1");
        refused.ShouldBe(Reports(key, "PF605"));
    }

    [RequiresPostfixTheory]
    [InlineData("PF606/bad-example", "someone@example.com", "do not list domain example.com in BOTH mydestination and virtual_mailbox_domains")]
    [InlineData("PF606/good-example", "someone@example.com", "do not list domain")]
    [InlineData("PF606/bad-alias-and-relay", "someone@example.org", "do not list domain example.org in BOTH virtual_alias_domains and relay_domains")]
    [InlineData("PF606/good-alias-and-relay", "someone@example.org", "do not list domain")]
    [InlineData("PF606/good-destination-and-relay", "someone@example.com", "do not list domain")]
    public async Task Trivial_rewrite_warns_about_a_domain_in_two_classes_exactly_when_PF606_reports_it(string key, string recipient, string warning)
    {
        var run = await Run(key, "--logs", "trouble", "-p", $"server=127.0.0.1:25,to={recipient},label=probe");

        Logged(run, warning).ShouldBe(Reports(key, "PF606"));
    }
}
