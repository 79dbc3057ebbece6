namespace ConfigLint.Cli.Tests.Integration;

/// <summary>
/// Issue 11, secrets-in-tree: a password in the checked tree is reported, and no output of any
/// format (text with its source snippets, json, SARIF with its snippets and line hashes, GitHub
/// annotations, the effective command) ever contains it, whichever rule's message or line would
/// otherwise carry it.
/// </summary>
public sealed class SecretOutputTests : IDisposable
{
    private const string MapPassword = "Map-Secret-7f3a9c";
    private const string StaticPassword = "Static-Secret-b41e2d";
    private const string NamedPassword = "Named-Secret-0c9d55";

    private readonly TempTree tree = new();

    public void Dispose() => tree.Dispose();

    private void WriteConfiguration()
    {
        tree.Write("etc/postfix/main.cf",
            "compatibility_level = 3.6\nmyhostname = mx.example.com\nrelayhost = [smtp.example.com]:587\nsmtp_sasl_auth_enable = yes\nsmtp_tls_security_level = encrypt\n" +
            $"smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd, static:fallback:{StaticPassword}\n" +
            // A line Postfix rejects: PF002 quotes it in its message.
            $"broken line with {StaticPassword}\n");
        tree.Write("etc/postfix/sasl_passwd", $"# relay account\n[smtp.example.com]:587 relayuser:{MapPassword}\n");
        tree.Write("etc/postfix/old/relay_passwd", $"[relay.example.net]:submission backup:{NamedPassword}\n");
        tree.Write("etc/postfix/master.cf", "smtp inet n - n - - smtpd\n" +
            $"relay unix - - n - - smtp -o smtp_sasl_password_maps=static:other:{MapPassword}\n");
    }

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    [InlineData("sarif")]
    [InlineData("github")]
    public void No_format_contains_a_password_of_the_tree(string format)
    {
        WriteConfiguration();
        var r = Cli.Run(tree.Root, "check", "etc/postfix", "--format", format, "--include-suppressed");

        r.ExitCode.ShouldBe(1, r.ToString());
        var output = r.Stdout + r.Stderr;
        output.ShouldContain("PF801");
        output.ShouldContain("PF002");
        foreach (var secret in new[] { MapPassword, StaticPassword, NamedPassword })
        {
            output.ShouldNotContain(secret, Case.Sensitive, $"the {format} output shows a password");
        }
    }

    [Fact]
    public void Each_place_that_holds_a_password_is_one_finding()
    {
        WriteConfiguration();
        var r = Cli.Run(tree.Root, "check", "etc/postfix", "--format", "text");
        r.Stdout.ShouldContain("etc/postfix/sasl_passwd:2:1: error PF801 [secrets-in-tree]");
        r.Stdout.ShouldContain("etc/postfix/main.cf:6:58: error PF801 [secrets-in-tree]");
        r.Stdout.ShouldContain("etc/postfix/old/relay_passwd:1:1: error PF801 [secrets-in-tree]");
        r.Stdout.ShouldContain("etc/postfix/master.cf:2:54: error PF801 [secrets-in-tree]");
        r.Stdout.ShouldContain("relayuser:" + new string('*', MapPassword.Length), Case.Sensitive, "the snippet shows the line with the password masked");
    }

    [Fact]
    public void The_effective_command_masks_passwords()
    {
        WriteConfiguration();
        var r = Cli.Run(tree.Root, "effective", "etc/postfix");
        var output = r.Stdout + r.Stderr;
        output.ShouldContain("static:fallback:" + new string('*', StaticPassword.Length));
        output.ShouldNotContain(StaticPassword);
        output.ShouldNotContain(MapPassword);
    }
}
