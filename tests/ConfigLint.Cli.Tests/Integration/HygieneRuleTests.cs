using System.Text.Json;

namespace ConfigLint.Cli.Tests.Integration;

/// <summary>
/// Issue 10, the acceptance points about the parameter hygiene rules, through the command a user runs:
/// the target release decides what is deprecated and which compatibility levels exist, the fix of a
/// deprecated parameter reaches SARIF <c>fixes</c> and the text report's "fix:" line, a typo gets "did you
/// mean", and values Postfix refuses are errors.
/// </summary>
public sealed class HygieneRuleTests : IDisposable
{
    private readonly TempTree tree = new();

    public void Dispose() => tree.Dispose();

    [Fact]
    public void With_target_3_7_compatibility_level_3_11_is_unknown_and_with_3_11_it_is_not()
    {
        // STARTTLS in, and the SMTP smuggling defence 3.7 leaves off; outbound TLS is left to the level.
        tree.Write("etc/main.cf", "compatibility_level = 3.11\nsmtpd_tls_security_level = may\nsmtpd_tls_chain_files = /etc/postfix/tls/mail.pem\nsmtpd_forbid_bare_newline = normalize\n");

        var old = Findings("etc", "--postfix-version", "3.7");
        old.Select(f => f.RuleId).ShouldBe(["PF408", "PF910"], ignoreOrder: true, customMessage: "3.7 applies level 3.6, whose empty smtp_tls_security_level is PF408's");
        var unknown = old.Single(f => f.RuleId == "PF910");
        unknown.RuleId.ShouldBe("PF910");
        (unknown.Line, unknown.Column).ShouldBe((1, 23));
        unknown.Message.ShouldContain("smtp_tls_security_level stays empty instead of may");

        Findings("etc", "--postfix-version", "3.11").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("3.9")]
    [InlineData("3.10")]
    [InlineData("3.11")]
    public void Smtpd_use_tls_is_deprecated_from_3_9_and_the_fix_writes_the_security_level(string version)
    {
        tree.Write("etc/main.cf", $"compatibility_level = {(version == "3.11" ? "3.11" : "3.6")}\nsmtpd_use_tls = yes\n" + CertificateAndOutboundTls);

        var finding = Findings("etc", "--postfix-version", version).ShouldHaveSingleItem();
        finding.RuleId.ShouldBe("PF903");
        finding.Message.ShouldContain("postconf warns \"support for parameter \"smtpd_use_tls\" will be removed; instead, specify \"smtpd_tls_security_level\"\"");
        finding.Line.ShouldBe(2);

        var text = Cli.Run(tree.Root, "check", "etc", "--postfix-version", version, "--no-color");
        text.Stdout.ShouldContain("  fix (configlint fix): Replace smtpd_use_tls with smtpd_tls_security_level = may\n", customMessage: text.ToString());

        var replacement = SarifReplacements("etc", "--postfix-version", version).ShouldHaveSingleItem();
        replacement.Text.ShouldBe("smtpd_tls_security_level = may");
        replacement.Region.ShouldBe((2, 1, 2, 20));
    }

    [Fact]
    public void Smtpd_use_tls_is_no_finding_for_3_7()
    {
        tree.Write("etc/main.cf", "compatibility_level = 3.6\nsmtpd_use_tls = yes\n" + CertificateAndOutboundTls + "smtpd_forbid_bare_newline = normalize\n");

        Findings("etc", "--postfix-version", "3.7").ShouldBeEmpty();
        Findings("etc", "--postfix-version", "3.8").ShouldBeEmpty();
    }

    [Fact]
    public void Smtpd_enforce_tls_becomes_encrypt_and_an_existing_level_is_respected()
    {
        tree.Write("a/main.cf", "compatibility_level = 3.11\nsmtpd_enforce_tls = yes\n");
        SarifReplacements("a").ShouldHaveSingleItem().Text.ShouldBe("smtpd_tls_security_level = encrypt");

        // Both switches: enforce decides, so use_tls just goes.
        tree.Write("b/main.cf", "compatibility_level = 3.11\nsmtpd_use_tls = yes\nsmtpd_enforce_tls = yes\n");
        SarifReplacements("b").Select(r => (r.Region.StartLine, r.Text)).Order().ShouldBe([(2, string.Empty), (3, "smtpd_tls_security_level = encrypt")]);

        // The level is set: it decides, and the legacy switch only has to go.
        tree.Write("c/main.cf", "compatibility_level = 3.11\nsmtpd_tls_security_level = may\nsmtpd_use_tls = yes\n");
        var text = Cli.Run(tree.Root, "check", "c", "--no-color");
        text.Stdout.ShouldContain("fix (configlint fix): Delete smtpd_use_tls: smtpd_tls_security_level = may decides, so smtpd_use_tls has no effect");
        SarifReplacements("c").ShouldHaveSingleItem().Text.ShouldBeEmpty();
    }

    [Fact]
    public void A_client_enforce_tls_becomes_verify_while_peername_checking_is_on()
    {
        tree.Write("a/main.cf", "compatibility_level = 3.6\nsmtp_enforce_tls = yes\n");
        SarifReplacements("a", "--postfix-version", "3.10").ShouldHaveSingleItem().Text.ShouldBe("smtp_tls_security_level = verify");

        tree.Write("b/main.cf", "compatibility_level = 3.6\nsmtp_enforce_tls = yes\nsmtp_tls_enforce_peername = no\n");
        SarifReplacements("b", "--postfix-version", "3.10").ShouldHaveSingleItem().Text.ShouldBe("smtp_tls_security_level = encrypt");
    }

    [Fact]
    public void A_misspelled_parameter_gets_did_you_mean()
    {
        tree.Write("etc/main.cf", "compatibility_level = 3.11\nmynetwork = 127.0.0.0/8\n" + Configs.TlsMainCf);

        var finding = Findings("etc").ShouldHaveSingleItem();
        finding.RuleId.ShouldBe("PF902");
        finding.Message.ShouldContain("did you mean mynetworks");
        finding.Message.ShouldContain("postconf warns \"unused parameter: mynetwork=127.0.0.0/8\"");
    }

    [Theory]
    [InlineData("message_size_limit = 50M", "bad numerical configuration: message_size_limit = 50M")]
    [InlineData("smtpd_helo_required = true", "bad boolean configuration: smtpd_helo_required = true")]
    public void A_value_postfix_refuses_is_a_bad_value_type_error(string line, string fatal)
    {
        tree.Write("etc/main.cf", $"compatibility_level = 3.11\n{line}\n" + Configs.TlsMainCf);

        var r = Cli.Run(tree.Root, "check", "etc", "--format", "json");
        r.ExitCode.ShouldBe(1, r.ToString());
        var finding = Findings("etc").ShouldHaveSingleItem();
        finding.RuleId.ShouldBe("PF908");
        finding.Severity.ShouldBe("error");
        finding.Message.ShouldContain($"\"fatal: {fatal}\"");
    }

    [Fact]
    public void Redundant_default_is_off_until_the_settings_turn_it_on()
    {
        // Inbound TLS only: smtp_tls_security_level = may would be a repeated default at level 3.11 too.
        tree.Write("etc/main.cf", "compatibility_level = 3.11\nmyorigin = $myhostname\nsmtpd_tls_security_level = may\nsmtpd_tls_chain_files = /etc/postfix/tls/mail.pem\n");
        Findings("etc").ShouldBeEmpty();

        tree.Write(".configlint.yml", "rules:\n  redundant-default: note\n");
        var finding = Findings("etc").ShouldHaveSingleItem();
        finding.RuleId.ShouldBe("PF912");
        finding.Severity.ShouldBe("note");
    }

    /// <summary>
    /// A certificate for the STARTTLS that smtpd_use_tls turns on, and outbound TLS (empty below level 3.11),
    /// so that only the deprecation is reported; smtpd_tls_security_level stays unset, as the fix depends on it.
    /// </summary>
    private const string CertificateAndOutboundTls = "smtpd_tls_chain_files = /etc/postfix/tls/mail.pem\nsmtp_tls_security_level = may\n";

    private List<(string RuleId, string Severity, int Line, int Column, string Message)> Findings(string dir, params string[] args)
    {
        var r = Cli.Run(tree.Root, ["check", dir, "--format", "json", .. args]);
        r.ExitCode.ShouldBeInRange(0, 1, r.ToString());
        return JsonDocument.Parse(r.Stdout).RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => (f.GetProperty("ruleId").GetString()!, f.GetProperty("severity").GetString()!, f.GetProperty("line").GetInt32(), f.GetProperty("column").GetInt32(), f.GetProperty("message").GetString()!))
            .ToList();
    }

    /// <summary>Every replacement of every SARIF fix: its region (start line, start column, end line, end column) and inserted text.</summary>
    private List<((int StartLine, int StartColumn, int EndLine, int EndColumn) Region, string Text)> SarifReplacements(string dir, params string[] args)
    {
        var r = Cli.Run(tree.Root, ["check", dir, "--format", "sarif", .. args]);
        r.ExitCode.ShouldBeInRange(0, 1, r.ToString());
        var result = new List<((int, int, int, int), string)>();
        foreach (var finding in JsonDocument.Parse(r.Stdout).RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray())
        {
            if (!finding.TryGetProperty("fixes", out var fixes))
            {
                continue;
            }

            foreach (var change in fixes.EnumerateArray().SelectMany(f => f.GetProperty("artifactChanges").EnumerateArray()))
            {
                foreach (var replacement in change.GetProperty("replacements").EnumerateArray())
                {
                    var region = replacement.GetProperty("deletedRegion");
                    var text = replacement.TryGetProperty("insertedContent", out var inserted) ? inserted.GetProperty("text").GetString()! : string.Empty;
                    result.Add(((region.GetProperty("startLine").GetInt32(), region.GetProperty("startColumn").GetInt32(), region.GetProperty("endLine").GetInt32(), region.GetProperty("endColumn").GetInt32()), text));
                }
            }
        }

        return result;
    }
}
