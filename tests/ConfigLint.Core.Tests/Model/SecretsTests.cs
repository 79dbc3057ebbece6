using ConfigLint.Core.Model;
using ConfigLint.Core.Model.Tables;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Tests.Model;

/// <summary>SMTP client passwords in the tree: found where Postfix would use them, and never shown.</summary>
public sealed class SecretsTests : IDisposable
{
    private const string Password = "Tr0ub4dor-and-3";
    private readonly string dir = Directory.CreateTempSubdirectory("configlint-secrets-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private PostfixConfig Load(string main, params (string Path, string Text)[] files)
    {
        File.WriteAllText(Path.Combine(dir, "main.cf"), main);
        foreach (var (path, text) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(dir, path))!);
            File.WriteAllText(Path.Combine(dir, path), text);
        }

        return PostfixConfig.Load(dir);
    }

    [Fact]
    public void The_source_of_a_password_map_is_read_and_entries_without_a_password_are_not_secrets()
    {
        var config = Load("smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd\n",
            ("sasl_passwd", $"# relay\n[smtp.example.com]:587 user:{Password}\nother.example.com justauser\nempty.example.com user:\n"));
        var source = config.Secrets.Sources.ShouldHaveSingleItem();
        source.Kind.ShouldBe(PasswordSourceKind.PasswordMap);
        source.Parameter.ShouldBe("smtp_sasl_password_maps");
        source.File.ShouldBe("sasl_passwd");
        var entry = source.Entries.ShouldHaveSingleItem();
        entry.Key.ShouldBe("[smtp.example.com]:587");
        entry.KeySpan.ShouldBe(new Span("sasl_passwd", 2, 1, 2, 23));
        entry.Password.Pieces.ShouldBe([new Span("sasl_passwd", 2, 29, 2, 29 + Password.Length)]);
    }

    [Fact]
    public void Static_and_inline_tables_and_service_overrides_hold_passwords_too()
    {
        File.WriteAllText(Path.Combine(dir, "master.cf"), "relay unix - - n - - smtp -o smtp_sasl_password_maps=inline:{relay.example.net=u2:Second-Pw-22,{ other.example = u3:with blank }}\n");
        var config = Load($"lmtp_sasl_password_maps = static:lmtpuser:{Password}\n");
        var sources = config.Secrets.Sources;
        sources.Select(s => (s.Kind, s.Parameter, s.File, string.Join(",", s.Entries.Select(e => e.Key)))).ShouldBe(
        [
            (PasswordSourceKind.InlineValue, "-o smtp_sasl_password_maps of relay/unix", "master.cf", "relay.example.net,other.example"),
            (PasswordSourceKind.InlineValue, "lmtp_sasl_password_maps", "main.cf", "every destination"),
        ], ignoreOrder: true);
        var lines = config.SourceFiles.ToDictionary(f => f.Path, f => f.Lines);
        lines["master.cf"][0].ShouldBe("relay unix - - n - - smtp -o smtp_sasl_password_maps=inline:{relay.example.net=u2:************,{ other.example = u3:********** }}");
        lines["main.cf"][0].ShouldBe($"lmtp_sasl_password_maps = static:lmtpuser:{new string('*', Password.Length)}");
    }

    [Fact]
    public void A_file_named_like_a_password_table_is_found_anywhere_in_the_tree_but_not_in_hidden_directories()
    {
        var config = Load("compatibility_level = 3.6\n",
            ("secrets/relay_passwd", $"relay.example.net u:{Password}\n"),
            (".git/sasl_passwd", $"relay.example.net u:{Password}\n"),
            ("sasl_passwd.db", "binary"));
        var source = config.Secrets.Sources.ShouldHaveSingleItem();
        source.Kind.ShouldBe(PasswordSourceKind.NamedLikePasswordTable);
        source.File.ShouldBe("secrets/relay_passwd");
    }

    [Fact]
    public void The_lines_reporters_show_and_the_messages_never_hold_a_password()
    {
        var config = Load($"smtp_sasl_password_maps = static:u:{Password}, hash:/etc/postfix/sasl_passwd\n",
            ("sasl_passwd", $"[smtp.example.com]:587 user:{Password}\n  # comment\nb.example u:short\n"));
        var files = config.SourceFiles.ToDictionary(f => f.Path, f => f.Lines);
        files["main.cf"][0].ShouldBe($"smtp_sasl_password_maps = static:u:{new string('*', Password.Length)}, hash:/etc/postfix/sasl_passwd");
        files["sasl_passwd"][0].ShouldBe($"[smtp.example.com]:587 user:{new string('*', Password.Length)}");
        files["sasl_passwd"][2].ShouldBe("b.example u:*****");
        string.Join('\n', files.Values.SelectMany(l => l)).ShouldNotContain(Password);
        config.Secrets.Redact($"value = static:u:{Password}").ShouldBe($"value = static:u:{new string('*', Password.Length)}");
    }

    [Fact]
    public void A_configuration_read_from_text_does_not_search_the_temporary_directory()
    {
        var config = PostfixConfig.FromText("compatibility_level = 3.6\n");
        config.Secrets.Sources.ShouldBeEmpty();
    }

    [Fact]
    public void A_postmap_source_is_key_whitespace_value_with_continuation_lines()
    {
        var table = PostmapSource.Parse(SourceText.FromString("t", "# c\nkey1 value one\nkey2\n  continued value\nlonely\nkey3\tx\n"));
        table.Entries.Select(e => (e.Key, e.Value.Text)).ShouldBe([("key1", "value one"), ("key2", "continued value"), ("key3", "x")]);
        table.Entries[1].Value.SpanOf(0, 9).ShouldBe(new Span("t", 4, 3, 4, 12));
    }
}
