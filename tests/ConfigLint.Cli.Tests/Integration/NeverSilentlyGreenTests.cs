using System.Text.Json;
using ConfigLint.TestSupport;

namespace ConfigLint.Cli.Tests.Integration;

/// <summary>
/// Issue 8: ConfigLint never prints green for something it did not look at. It finds every
/// configuration under a directory, assumes the stock master.cf where a repository keeps main.cf
/// alone (and says so), and gives the same findings however a path is spelled.
/// </summary>
public sealed class NeverSilentlyGreenTests : IDisposable
{
    private readonly TempTree tree = new();

    public void Dispose() => tree.Dispose();

    [Fact]
    public void A_main_cf_alone_is_checked_with_the_stock_master_cf_and_says_so()
    {
        tree.Write("role/main.cf", Configs.OpenRelayMainCf);

        var r = Cli.Run(tree.Root, "check", "role");

        r.ExitCode.ShouldBe(1, r.ToString());
        r.Stdout.ShouldContain("role/main.cf:3:14: error PF101 [open-relay-risk] smtp/inet of the stock master.cf");
        r.Stdout.ShouldContain("note: role: no master.cf; checked with the stock master.cf of Postfix 3.11");
        foreach (var format in new[] { "json", "sarif", "github" })
        {
            Cli.Run(tree.Root, "check", "role", "--format", format).Stdout.ShouldContain("stock master.cf of Postfix 3.11", customMessage: $"the {format} format names the assumption");
        }
    }

    [Fact]
    public void Findings_that_depend_on_the_stock_master_cf_point_only_into_files_that_exist()
    {
        tree.Write("role/main.cf", Configs.OpenRelayMainCf);

        var json = JsonDocument.Parse(Cli.Run(tree.Root, "check", "role", "--format", "json").Stdout);

        var files = json.RootElement.GetProperty("findings").EnumerateArray()
            .SelectMany(f => f.GetProperty("related").EnumerateArray().Select(r => r.GetProperty("file").GetString()).Append(f.GetProperty("file").GetString()))
            .Distinct().ToList();
        files.ShouldNotBeEmpty();
        files.ShouldAllBe(f => File.Exists(Path.Combine(tree.Root, f!)));
    }

    [Fact]
    public void With_master_cf_none_main_cf_is_checked_alone_and_the_rules_not_evaluated_are_named()
    {
        tree.Write("role/main.cf", Configs.OpenRelayMainCf);
        tree.Write("role/.configlint.yml", "master_cf: none\n");

        var r = Cli.Run(tree.Root, "check", "role");

        r.ExitCode.ShouldBe(0, r.ToString());
        r.Stdout.ShouldContain("note: role: no master.cf (master_cf: none) and no aliases; not evaluated: PF101, PF202, PF203, PF204, PF301, PF302, PF303, PF304, PF305, PF306, PF501, PF707.");
        r.Stdout.ShouldNotContain(" PF101 [");
    }

    [Fact]
    public void Effective_shows_a_service_of_the_stock_master_cf()
    {
        tree.Write("role/main.cf", Configs.OpenRelayMainCf);

        var r = Cli.Run(tree.Root, "effective", "role", "--service", "smtp/inet");

        r.ExitCode.ShouldBe(0, r.ToString());
        r.Stdout.ShouldContain("# smtp/inet of the stock master.cf for Postfix 3.11 at compatibility_level 3.11");
        r.Stdout.ShouldContain("# listener smtp/inet of the stock master.cf: 0.0.0.0:smtp");
    }

    [Fact]
    public void Check_dot_at_a_repository_root_finds_etc_postfix()
    {
        tree.Write("repo/etc/postfix/main.cf", Configs.OpenRelayMainCf);
        tree.Write("repo/README.md", "# my mail server\n");
        Directory.CreateDirectory(tree["repo/.git"]);

        var r = Cli.Run(tree["repo"], "check", ".");

        r.ExitCode.ShouldBe(1, r.ToString());
        r.Stdout.ShouldContain("etc/postfix/main.cf:3:14: error PF101");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_empty_directory_or_one_of_unrelated_files_is_exit_2_with_the_message(bool unrelatedFiles)
    {
        Directory.CreateDirectory(tree["empty"]);
        if (unrelatedFiles)
        {
            tree.Write("empty/README.md", "hello\n");
            tree.Write("empty/docs/notes.txt", "main.cf is elsewhere\n");
        }

        var r = Cli.Run(tree.Root, "check", "empty");

        r.ExitCode.ShouldBe(2, r.ToString());
        r.Stderr.ShouldContain("configlint: error: no Postfix configuration (main.cf, master.cf, aliases) found under empty");
        r.Stdout.ShouldNotContain("no findings");
    }

    [Fact]
    public void A_directory_is_searched_recursively_but_not_git_node_modules_bin_obj_or_excluded_ones()
    {
        tree.Write("repo/hosts/a/main.cf", Configs.OpenRelayMainCf);
        tree.Write("repo/hosts/b/deep/master.cf", Configs.SmtpMasterCf);
        foreach (var skipped in new[] { ".git", "node_modules", "bin", "obj", "old" })
        {
            tree.Write($"repo/{skipped}/main.cf", Configs.OpenRelayMainCf);
        }

        tree.Write("repo/.configlint.yml", "exclude: [old]\n");

        var json = JsonDocument.Parse(Cli.Run(tree["repo"], "check", ".", "--format", "json").Stdout).RootElement;

        json.GetProperty("configurations").GetInt32().ShouldBe(2);
        json.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("file").GetString()).Distinct().ShouldBe(["hosts/a/main.cf"]);
    }

    [Fact]
    public void Templates_are_reported_as_skipped_once_and_read_on_request()
    {
        tree.Write("role/templates/main.cf.j2", "myhostname = {{ inventory_hostname }}\nmynetworks = 0.0.0.0/0\ninet_interfaces = all\ncompatibility_level = 3.11\n");
        tree.Write("role/files/main.cf", "mynetworks = {{ networks }}\n");
        tree.Write("role/real/main.cf", "compatibility_level = 3.11\nmynetworks_style = host\nsmtpd_banner = ${{$myhostname} == {x} ? {a} : {b}}\nclient_class = cidr:{{!172.16.0.42 REJECT}}, reject\n");

        var r = Cli.Run(tree.Root, "check", "role");

        r.Stdout.ShouldContain("note: role/templates/main.cf.j2: skipped: a Jinja template, not read as a Postfix file");
        r.Stdout.ShouldContain("note: role/files/main.cf: skipped: a template (it holds {{, {% or <%)");
        r.Stdout.Split("main.cf.j2: skipped").Length.ShouldBe(2, "reported once");
        r.Stdout.ShouldNotContain("role/real/main.cf: skipped", Case.Sensitive, "Postfix's own ${{…}} and inline table cidr:{{…}} are not template markers");
        SarifNotifications(Cli.Run(tree.Root, "check", "role", "--format", "sarif").Stdout).ShouldContain(m => m.Contains("main.cf.j2: skipped", StringComparison.Ordinal));

        tree.Write("role/.configlint.yml", "templates: check\n");
        var included = Cli.Run(tree.Root, "check", "role");
        included.Stdout.ShouldNotContain("skipped");
        included.Stdout.ShouldContain("role/templates/main.cf.j2:2:14: error PF101");
    }

    [Fact]
    public void A_file_skipped_as_a_template_is_not_read_in_its_place()
    {
        // Postfix reads what the template renders, which is not here: a skipped file gives no finding,
        // whether its directory is searched or a sibling is named (as pre-commit names changed files).
        tree.Write("t1/main.cf", "myhostname = {{ host }}\nmynetworks = 0.0.0.0/0\ninet_interfaces = all\n");
        tree.Write("t1/master.cf", Configs.SmtpMasterCf);
        tree.Write("t2/main.cf", "compatibility_level = 3.11\nmyhostname = a.example.org\n");
        tree.Write("t2/master.cf", "smtp      inet  n       -       y       -       -       smtpd\n  -o {{ option }}=yes\n");

        foreach (var paths in new[] { new[] { "t1", "t2" }, new[] { "t1/master.cf", "t2/main.cf" } })
        {
            var json = JsonDocument.Parse(Cli.Run(tree.Root, ["check", .. paths, "--format", "json"]).Stdout).RootElement;
            var files = json.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("file").GetString()).Distinct().ToList();
            files.ShouldNotContain("t1/main.cf", string.Join(' ', paths));
            files.ShouldNotContain("t2/master.cf", string.Join(' ', paths));
            files.ShouldContain("t2/main.cf", "the rest of t2 is checked (with the stock master.cf)");
            var notes = json.GetProperty("notes").EnumerateArray().Select(n => n.GetProperty("message").GetString()).ToList();
            notes.ShouldContain(n => n!.StartsWith("t1/main.cf: skipped: a template", StringComparison.Ordinal));
            notes.ShouldContain(n => n!.StartsWith("t2/master.cf: skipped: a template", StringComparison.Ordinal));

            // What the configuration's own notes say of the skipped file: there, but not read.
            notes.ShouldContain(n => n!.StartsWith("t1: main.cf skipped (a template) and no aliases; not evaluated: ", StringComparison.Ordinal), string.Join('\n', notes));
            notes.ShouldContain(n => n!.StartsWith("t2: master.cf skipped (a template); checked with the stock master.cf", StringComparison.Ordinal), string.Join('\n', notes));
            notes.ShouldNotContain(n => n!.StartsWith("t1: no main.cf", StringComparison.Ordinal) || n.StartsWith("t2: no master.cf", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_directory_spelled_with_a_slash_dot_slash_absolute_or_through_a_symlink_gives_the_same_findings()
    {
        tree.CopyFromRepo("samples/PF101/bad-file-list", "cfg");
        File.CreateSymbolicLink(tree["link"], tree["cfg"]);

        string Findings(string path) => string.Join('\n', JsonDocument.Parse(Cli.Run(tree.Root, "check", path, "--format", "json").Stdout).RootElement
            .GetProperty("findings").EnumerateArray().Select(f => $"{f.GetProperty("ruleId")} {Path.GetFileName(f.GetProperty("file").GetString())}:{f.GetProperty("line")}:{f.GetProperty("column")} {f.GetProperty("fingerprint")}"));

        var plain = Findings("cfg");
        plain.ShouldContain("PF101 ", Case.Sensitive, "the sample's finding in its /file/name list is found");
        Findings("cfg/").ShouldBe(plain);
        Findings("./cfg").ShouldBe(plain);
        Findings(tree["cfg"]).ShouldBe(plain);
        Findings("link").ShouldBe(plain);
        Cli.Run(tree.Root, "check", "cfg/").Stdout.ShouldNotContain("//");
    }

    [Fact]
    public void The_same_configuration_named_four_ways_is_checked_once()
    {
        tree.Write("g5/main.cf", Configs.OpenRelayMainCf);
        tree.Write("g5/master.cf", Configs.SmtpMasterCf);

        var json = JsonDocument.Parse(Cli.Run(tree.Root, "check", "g5", "g5/", "./g5", "g5/main.cf", "--format", "json").Stdout).RootElement;

        json.GetProperty("configurations").GetInt32().ShouldBe(1);
        json.GetProperty("findings").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public void Run_from_a_subdirectory_SARIF_paths_are_relative_to_the_repository_root()
    {
        tree.Write("repo/etc/postfix/main.cf", Configs.OpenRelayMainCf);
        Directory.CreateDirectory(tree["repo/.git"]);
        Directory.CreateDirectory(tree["repo/ci"]);

        var sarif = JsonDocument.Parse(Cli.Run(tree["repo/ci"], "check", "../etc/postfix", "--format", "sarif").Stdout).RootElement;
        var run = sarif.GetProperty("runs")[0];
        var location = run.GetProperty("results")[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation");

        location.GetProperty("uri").GetString().ShouldBe("etc/postfix/main.cf");
        location.GetProperty("uriBaseId").GetString().ShouldBe("%SRCROOT%");
        run.GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString().ShouldBe(new Uri(tree["repo"] + "/").AbsoluteUri);

        var github = Cli.Run(tree["repo/ci"], "check", "../etc/postfix", "--format", "github").Stdout;
        github.ShouldContain("::error file=etc/postfix/main.cf,line=3");

        var rooted = JsonDocument.Parse(Cli.Run(tree["repo/ci"], "check", "../etc/postfix", "--format", "sarif", "--root", "../etc").Stdout).RootElement;
        rooted.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString().ShouldBe("postfix/main.cf");
    }

    [Fact]
    public void Fingerprints_do_not_depend_on_the_directory_configlint_runs_from()
    {
        tree.Write("repo/etc/postfix/main.cf", Configs.OpenRelayMainCf);
        Directory.CreateDirectory(tree["repo/.git"]);
        Directory.CreateDirectory(tree["repo/ci"]);

        string Fingerprint(string cwd, string path) => JsonDocument.Parse(Cli.Run(cwd, "check", path, "--format", "json").Stdout).RootElement.GetProperty("findings")[0].GetProperty("fingerprint").GetString()!;

        Fingerprint(tree["repo/ci"], "../etc/postfix").ShouldBe(Fingerprint(tree["repo"], "etc/postfix"));
    }

    [Fact]
    public void A_named_master_cf_stands_for_its_whole_configuration_and_reports_findings_in_main_cf()
    {
        tree.Write("etc/main.cf", "compatibility_level = 3.11\ninet_interfaces = all\nmynetworks = 0.0.0.0/0\nsmtpd_relay_restrictions = reject\n");
        tree.Write("etc/master.cf", Configs.SmtpMasterCf + "  -o smtpd_relay_restrictions=permit_mynetworks,reject\n");

        var r = Cli.Run(tree.Root, "check", "etc/master.cf");

        r.ExitCode.ShouldBe(1, r.ToString());
        r.Stdout.ShouldContain("etc/main.cf:3:14: error PF101");
    }

    [Fact]
    public void An_input_error_is_never_followed_by_no_findings()
    {
        tree.Write("etc/main.cf", "compatibility_level = 3.11\n");

        var r = Cli.Run(tree.Root, "check", "etc", "missing-dir");

        r.ExitCode.ShouldBe(2, r.ToString());
        r.Stderr.ShouldContain("missing-dir: no such file or directory");
        r.Stdout.ShouldNotContain("no findings");
        r.Stdout.ShouldContain("incomplete: 1 input error");
        JsonDocument.Parse(Cli.Run(tree.Root, "check", "etc", "missing-dir", "--format", "json").Stdout).RootElement.GetProperty("complete").GetBoolean().ShouldBeFalse();
        JsonDocument.Parse(Cli.Run(tree.Root, "check", "etc", "missing-dir", "--format", "sarif").Stdout).RootElement
            .GetProperty("runs")[0].GetProperty("invocations")[0].GetProperty("executionSuccessful").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public void A_clean_run_says_how_many_configurations_it_checked()
    {
        tree.Write("a/main.cf", "compatibility_level = 3.11\n" + Configs.TlsMainCf);
        tree.Write("b/main.cf", "compatibility_level = 3.11\n" + Configs.TlsMainCf);

        var r = Cli.Run(tree.Root, "check", ".");

        r.ExitCode.ShouldBe(0, r.ToString());
        r.Stdout.ShouldContain("no findings (2 configurations checked)");
        r.Stdout.ShouldStartWith("configlint ");
        r.Stdout.ShouldContain("target Postfix 3.11");
    }

    private static List<string> SarifNotifications(string sarif) =>
        JsonDocument.Parse(sarif).RootElement.GetProperty("runs")[0].GetProperty("invocations")[0].GetProperty("toolExecutionNotifications")
            .EnumerateArray().Select(n => n.GetProperty("message").GetProperty("text").GetString()!).ToList();
}

/// <summary>Issue 8: <c>check D</c> and <c>check D/</c> are the same run, over every sample.</summary>
public sealed class TrailingSlashTests
{
    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(RepoPaths.Samples, "*", SearchOption.AllDirectories)
                     .Where(d => Directory.GetFiles(d).Any(f => Path.GetFileName(f) is "main.cf" or "master.cf" or "aliases"))
                     .Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(RepoPaths.Root, dir).Replace('\\', '/'));
        }

        return data;
    }

    [Theory]
    [SweepTest]
    [MemberData(nameof(Samples))]
    public void Check_D_and_check_D_slash_give_byte_identical_json(string sample)
    {
        var plain = Cli.Run(RepoPaths.Root, "check", sample, "--format", "json");
        var slash = Cli.Run(RepoPaths.Root, "check", sample + "/", "--format", "json");

        slash.Stdout.ShouldBe(plain.Stdout);
        slash.ExitCode.ShouldBe(plain.ExitCode);
        plain.Stdout.ShouldNotMatch("\"file\": \"[^\"]*//", "no doubled slash in a path");
    }
}
