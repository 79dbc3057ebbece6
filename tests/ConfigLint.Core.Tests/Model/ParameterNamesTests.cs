using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Model;
using ConfigLint.Core.Text;
using ConfigLint.TestSupport;

namespace ConfigLint.Core.Tests.Model;

/// <summary>
/// postconf's bookkeeping of parameter names (postconf_user.c, postconf_service.c, postconf_dbms.c): which
/// names it knows and which $name references nothing defines. The Differential tests check the same against
/// the real postconf 3.7 on the samples; test77 below against Postfix's own regression test.
/// </summary>
public sealed class ParameterNamesTests
{
    private static PostfixConfig Config(string main, string? master = null, string release = "3.11") =>
        PostfixConfig.FromText(main, master, release: PostfixReleases.Get(release));

    [Fact]
    public void Built_in_legacy_read_only_and_unused_names_are_told_apart()
    {
        var config = Config("mynetworks = 127.0.0.0/8\nvirtual_maps = hash:/x\nprocess_name = x\nmynetwork = 1.2.3.4\n", string.Empty);

        var names = config.ParameterNames;
        names.InMain("mynetworks").ShouldBe(ParameterNameKind.Builtin);
        names.InMain("virtual_maps").ShouldBe(ParameterNameKind.Legacy);
        names.InMain("process_name").ShouldBe(ParameterNameKind.ReadOnly);
        names.InMain("mynetwork").ShouldBe(ParameterNameKind.Unused);
    }

    [Theory]
    [InlineData("3.10", ParameterNameKind.ReadOnly)]
    [InlineData("3.11", ParameterNameKind.Builtin)]
    public void Service_name_is_read_only_until_3_11(string release, ParameterNameKind kind) =>
        Config("service_name = x\n", string.Empty, release).ParameterNames.InMain("service_name").ShouldBe(kind);

    [Fact]
    public void A_user_defined_name_is_used_when_a_dollar_reference_or_a_restriction_class_names_it()
    {
        var config = Config(
            "office = 10.0.0.0/8\nmynetworks = $office\nsmtpd_restriction_classes = strict\nstrict = reject\nlonely = 1\n",
            string.Empty);

        config.ParameterNames.InMain("office").ShouldBe(ParameterNameKind.UserDefined);
        config.ParameterNames.InMain("strict").ShouldBe(ParameterNameKind.UserDefined);
        config.ParameterNames.InMain("lonely").ShouldBe(ParameterNameKind.Unused);
    }

    [Fact]
    public void A_reference_from_master_cf_validates_main_cf_and_the_other_way_round()
    {
        const string master = "submission inet n - n - - smtpd\n  -o smtpd_client_restrictions=$mua_client\n  -o own=1\n  -o smtpd_sender_restrictions=$own\n  -o loose=1\n" +
                              "smtp inet n - n - - smtpd -o from_main=1\n";
        var config = Config("mua_client = permit_sasl_authenticated, reject\nsmtpd_banner = $myhostname $from_main\n", master);
        var submission = config.Master!.Services[0];
        var smtp = config.Master!.Services[1];

        config.ParameterNames.InMain("mua_client").ShouldBe(ParameterNameKind.UserDefined);
        config.ParameterNames.InService(submission, "own").ShouldBe(ParameterNameKind.UserDefined);
        config.ParameterNames.InService(submission, "loose").ShouldBe(ParameterNameKind.Unused);
        config.ParameterNames.InService(smtp, "from_main").ShouldBe(ParameterNameKind.UserDefined);
        config.ParameterNames.InService(submission, "mua_client").ShouldBe(ParameterNameKind.UserDefined, "main.cf's name is known everywhere once used");
    }

    [Fact]
    public void A_service_defined_name_needs_a_service_running_that_program()
    {
        const string main = "relay_destination_concurrency_limit = 5\n";
        Config(main, "relay unix - - n - - smtp\n").ParameterNames.InMain("relay_destination_concurrency_limit").ShouldBe(ParameterNameKind.ServiceDefined);
        Config(main, "relay unix - - n - - discard\n").ParameterNames.InMain("relay_destination_concurrency_limit").ShouldBe(ParameterNameKind.Unused);
    }

    [Fact]
    public void A_legacy_database_reference_validates_exactly_that_clients_parameters()
    {
        var config = Config("alias_maps = proxy:ldap:corp\ncorp_server_host = ldap.example.com\ncorp_server_hots = x\nnotes = mysql:other\nother_hosts = db\n", string.Empty);

        config.ParameterNames.InMain("corp_server_host").ShouldBe(ParameterNameKind.UserDefined);
        config.ParameterNames.InMain("corp_server_hots").ShouldBe(ParameterNameKind.Unused);
        config.ParameterNames.InMain("other_hosts").ShouldBe(ParameterNameKind.Unused, "only the values of Postfix parameters are scanned for database references");
    }

    [Fact]
    public void Undefined_references_carry_their_span_and_whether_they_only_test_the_name()
    {
        var config = Config(
            "myorigin = $mydomian\nsmtpd_banner = ${bar?x} $$literal $myhostname\nmailbox_command = procmail -a $EXTENSION\nprocess_name = $nothing\n",
            "submission inet n - n - - smtpd -o smtpd_client_restrictions=$mua_client_restrictions\n");

        var undefined = config.ParameterNames.Undefined.Select(u => (u.Reference.Name, u.Parameter, u.Reference.IsConditional, u.Service?.Key, u.Reference.Span.StartLine, u.Reference.Span.StartColumn)).ToList();
        undefined.ShouldBe(
            [
                ("mua_client_restrictions", "smtpd_client_restrictions", false, "submission/inet", 1, 63),
                ("mydomian", "myorigin", false, null, 1, 13),
                ("bar", "smtpd_banner", true, null, 2, 18),
            ],
            ignoreOrder: true);
        config.ParameterNames.IsReferenced("mydomian").ShouldBeTrue();
        config.ParameterNames.IsReferenced("EXTENSION").ShouldBeFalse("mailbox_command is not expanded when it is read");
    }

    /// <summary>
    /// Postfix's own regression test test77 (postconf -nc . on test77-main.cf with an empty master.cf): the names
    /// postconf calls unused are exactly the ones the model calls unused.
    /// </summary>
    [Fact]
    public void The_unused_names_of_postconf_test77_are_the_models()
    {
        var main = File.ReadAllText(Path.Combine(RepoPaths.Data, "corpus", "vdukhovni__postfix", "postfix__src__postconf__test77-main.cf"));
        var expected = File.ReadAllLines(Path.Combine(RepoPaths.Data, "postfix", "postconf-regression", "test77.ref"))
            .Where(l => l.Contains(": unused parameter: ", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(": unused parameter: ", StringComparison.Ordinal) + ": unused parameter: ".Length)..].Split('=')[0])
            .ToList();

        var config = Config(main, string.Empty);
        var unused = config.Main!.Effective.Keys.Where(n => config.ParameterNames.InMain(n) == ParameterNameKind.Unused).Order(StringComparer.Ordinal).ToList();

        expected.Count.ShouldBe(19);
        unused.ShouldBe(expected.Order(StringComparer.Ordinal).ToList());
    }

    [Theory]
    [InlineData("3.7", "ldap:a proxy:mysql:b mysql:/etc/postfix/c.cf pcre:{{/x/ ldap:d}} debug:ldap:e pipemap:{ldap:f, memcache:.g}", "ldap:a mysql:b ldap:d ldap:f")]
    [InlineData("3.8", "pcre:{{/x/ ldap:d}} {ldap:h}", "ldap:h")]
    [InlineData("3.11", "debug:ldap:e mongodb:m", "ldap:e mongodb:m")]
    [InlineData("3.8", "mongodb:m", "")]
    public void Database_references_are_found_as_each_release_finds_them(string release, string value, string expected) =>
        DatabaseReferences.Find(value, PostfixReleases.Get(release)).Select(r => $"{r.Type}:{r.Prefix}")
            .ShouldBe(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    [Theory]
    [InlineData("{ldap:a {mysql:b} ldap:c", "ldap:a mysql:b ldap:c")]
    [InlineData("a}b ldap:x} {ldap:y}}", "ldap:x} ldap:y")]
    public void Unclosed_and_stray_braces_are_read_as_mystrtokq_reads_them(string value, string expected) =>
        DatabaseReferences.Find(value, PostfixReleases.Get("3.7")).Select(r => $"{r.Type}:{r.Prefix}")
            .ShouldBe(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>
    /// The fuzz finding tests/fuzz-regressions/overbudget-4d3fb2fb8225: a value of 18,000 nested braces
    /// overflowed the stack (a call per level), and counting through every level again took 12 s. Now each
    /// level steps over the groups inside it; the work counted grows linearly.
    /// </summary>
    [Fact]
    public void Deeply_nested_braces_are_scanned_in_linear_work_without_recursion()
    {
        static (List<string> Found, long Steps) Scan(int depth)
        {
            var value = new string('{', depth) + "ldap:deep" + new string('}', depth) + " mysql:flat " + new string('{', depth);
            var before = OperationCounter.Current;
            var found = DatabaseReferences.Find(value, PostfixReleases.Get("3.7")).Select(r => $"{r.Type}:{r.Prefix}").ToList();
            return (found, OperationCounter.Current - before);
        }

        var small = Scan(10_000);
        var large = Scan(100_000);

        small.Found.ShouldBe(["ldap:deep", "mysql:flat"]);
        large.Found.ShouldBe(["ldap:deep", "mysql:flat"]);
        large.Steps.ShouldBeLessThanOrEqualTo(small.Steps * 10 + 1000, "ten times the braces, at most ten times the work");
    }
}
