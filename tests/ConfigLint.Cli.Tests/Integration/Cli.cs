using System.Text;
using ConfigLint.TestSupport;

namespace ConfigLint.Cli.Tests.Integration;

/// <summary>The outcome of one in-process <c>configlint</c> run.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>Runs the real command in-process (<see cref="CliApp.Run"/>) with a given working directory.</summary>
public static class Cli
{
    public static CliResult Run(string workingDirectory, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CliApp.Run(args, stdout, stderr, workingDirectory);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Splits a documented shell command line (no quoting in our snippets) and drops the leading 'configlint'.</summary>
    public static string[] ArgsOf(string commandLine)
    {
        var words = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        words[0].ShouldBe("configlint", $"'{commandLine}' is not a configlint command");
        return words[1..];
    }
}

/// <summary>A temporary directory tree, deleted on dispose.</summary>
public sealed class TempTree : IDisposable
{
    public TempTree(string prefix = "configlint-it-") => Root = Directory.CreateTempSubdirectory(prefix).FullName;

    public string Root { get; }

    public string this[string relative] => Path.Combine(Root, relative);

    /// <summary>Writes a file (creating its directories); text is written exactly as given, UTF-8 without BOM.</summary>
    public string Write(string relative, string text)
    {
        var full = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text, new UTF8Encoding(false));
        return full;
    }

    /// <summary>Copies a directory of the repository (e.g. samples/PF203/bad-relay-domains) into the tree.</summary>
    public string CopyFromRepo(string repoRelative, string to)
    {
        var source = Path.Combine(RepoPaths.Root, repoRelative);
        var target = Path.Combine(Root, to);
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var dest = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(dest)!);
            File.Copy(file, dest, overwrite: true);
        }

        return target;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
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

/// <summary>Configurations the integration tests share.</summary>
public static class Configs
{
    /// <summary>Debian's shipped master.cf (smtp on port 25 via inet_interfaces).</summary>
    public static string DebianMasterCf => File.ReadAllText(Path.Combine(RepoPaths.Data, "postfix", "debian-shipped", "master.cf"));

    /// <summary>
    /// TLS in and out, as every public MX should have it (keeps PF407 and PF408 out of tests about other
    /// rules): opportunistic STARTTLS with a certificate, and opportunistic TLS for outbound mail.
    /// </summary>
    public const string TlsMainCf = "smtpd_tls_security_level = may\nsmtpd_tls_chain_files = /etc/postfix/tls/mail.pem\nsmtp_tls_security_level = may\n";

    /// <summary>An open relay: PF101 (error) on line 3, and nothing else.</summary>
    public const string OpenRelayMainCf = "compatibility_level = 3.11\ninet_interfaces = all\nmynetworks = 0.0.0.0/0\n" + TlsMainCf;

    /// <summary>A minimal master.cf with an smtpd on port 25.</summary>
    public const string SmtpMasterCf = "smtp      inet  n       -       y       -       -       smtpd\n";
}
