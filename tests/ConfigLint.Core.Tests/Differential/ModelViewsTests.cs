using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Model;

namespace ConfigLint.Core.Tests.Differential;

/// <summary>
/// The differential test's renderings of the model in postconf's output forms. The expected
/// texts are real postconf 3.7.11 output for the same inputs (run while writing these tests), so
/// the comparison logic itself is pinned without needing Postfix here.
/// </summary>
public sealed class ModelViewsTests
{
    private static readonly string DebianMasterCf = File.ReadAllText(DifferentialRunner.DebianMasterCf);

    [Fact]
    public void Fold_collapses_whitespace_runs_and_trims()
    {
        ModelViews.Fold("  a    b\tc  {x   y} ").ShouldBe("a b c {x y}");
        ModelViews.Fold(string.Empty).ShouldBe(string.Empty);
    }

    [Fact]
    public void ReferencedNames_finds_every_form_in_every_branch_but_not_a_literal_dollar()
    {
        ModelViews.ReferencedNames("$a ${b} $(c) $$d ${e?$f} ${ g :x} ${{$h} == {x} ? {$i} : {j}} $k.tail $")
            .ShouldBe(["a", "b", "c", "e", "f", "g", "h", "i", "k"]);
    }

    [Fact]
    public void DatabaseParameterNames_takes_legacy_table_names_but_not_paths_or_inline_tables()
    {
        var names = ModelViews.DatabaseParameterNames("ldap:aa, proxy:ldap:bb mysql:/etc/x.cf pcre:{cc} ldap:{dd} proxy:ee memcache:.rel").ToList();

        names.ShouldContain("aa_domain");
        names.ShouldContain("aa_query_filter");
        names.ShouldContain("bb_search_base");
        names.Count.ShouldBe(2 * ModelViews.DatabaseSuffixes["ldap"].Length);
    }

    [Fact]
    public void NamesPostconfLists_follows_postconf_n()
    {
        // postconf -n on this main.cf (with Debian's master.cf) listed exactly these names.
        const string mainCf = """
            myhostname = mx.example.com
            virtual_maps = hash:/etc/postfix/virtual
            relay_destination_concurrency_limit = 2
            fooxport_destination_concurrency_limit = 2
            process_id = 5
            used_by_ref = x
            smtpd_banner = $myhostname ${used_in_cond?yes}
            used_in_cond = 1
            unused_user = $also_unused
            also_unused = 2
            smtpd_restriction_classes = classA
            classA = permit
            classB = permit
            mailbox_command = procmail $raw_ref
            raw_ref = 3
            header_checks = ldap:aa $used_by_ref
            aa_domain = 1
            aa_bogus = 1
            """;
        var config = PostfixConfig.FromText(mainCf, DebianMasterCf);

        ModelViews.NamesPostconfLists(config).Order(StringComparer.Ordinal).ShouldBe(
        [
            "aa_domain", "also_unused", "classA", "header_checks", "mailbox_command", "myhostname",
            "relay_destination_concurrency_limit", "smtpd_banner", "smtpd_restriction_classes", "used_by_ref",
            "used_in_cond", "virtual_maps",
        ]);
    }

    [Fact]
    public void RenderMasterEntry_prints_like_postconf_M()
    {
        const string masterCf = """
            smtp      inet  n       -       y       -       -       smtpd -v -o smtpd_helo_required=yes
              -o { milter_macro = {a b}  c }
              -o novalue -o x={y}
            pipe1     unix  -       n       n       -       -       pipe
              flags=F user=nobody argv=/usr/bin/foo ${recipient} { a b } -o not_an_option=1
            pipe2     unix  -       n       n       -       -       pipe { first arg } {second  arg}
            """;
        var config = PostfixConfig.FromText(string.Empty, masterCf);

        // postconf -M, columns folded to single blanks; note "first arg" without braces.
        ModelViews.MasterM(config).ShouldBe(
        [
            "smtp inet n - y - - smtpd -v -o smtpd_helo_required=yes -o {milter_macro={a b}  c} -o novalue -o x={y}",
            "pipe1 unix - n n - - pipe flags=F user=nobody argv=/usr/bin/foo ${recipient} {a b} -o not_an_option=1",
            "pipe2 unix - n n - - pipe first arg {second  arg}",
        ]);
        ModelViews.MasterP(config).ShouldBe(
        [
            "smtp/inet/milter_macro = {a b} c",
            "smtp/inet/smtpd_helo_required = yes",
            "smtp/inet/x = {y}",
        ]);
    }

    [Fact]
    public void MasterP_prints_the_merged_overrides_for_duplicates_registered_after_the_first_o()
    {
        const string masterCf = """
            smtp      inet  n       -       y       -       -       smtpd
            pickup    unix  n       -       y       60      1       pickup
            smtp      inet  n       -       y       -       -       smtpd -o smtpd_helo_required=yes
            smtp      inet  n       -       y       -       -       smtpd -o smtpd_helo_required=no -o a=b
            """;

        ModelViews.MasterP(PostfixConfig.FromText(string.Empty, masterCf)).ShouldBe(
        [
            "smtp/inet/a = b",
            "smtp/inet/smtpd_helo_required = no",
            "smtp/inet/a = b",
            "smtp/inet/smtpd_helo_required = no",
        ]);
    }

    [Fact]
    public void The_raw_parameter_list_agrees_with_the_model()
    {
        foreach (var name in ModelViews.RawParameters)
        {
            RawParameters.IsRaw(name).ShouldBeTrue(name);
        }

        RawParameters.IsRaw("smtpd_banner").ShouldBeFalse();
    }

    [Fact]
    public void ResolveProcessId_matches_any_number_in_place_of_the_placeholder()
    {
        var model = $"debugger_command = ddd postconf {DifferentialRunner.ProcessIdPlaceholder} & sleep 5";

        DifferentialRunner.ResolveProcessId(model, ["biff = no", "debugger_command = ddd postconf 4711 & sleep 5"])
            .ShouldBe("debugger_command = ddd postconf 4711 & sleep 5");
        DifferentialRunner.ResolveProcessId(model, ["debugger_command = gdb postconf 4711 & sleep 5"]).ShouldBe(model);
        DifferentialRunner.ResolveProcessId("biff = no", ["biff = yes"]).ShouldBe("biff = no");
    }

    [Fact]
    public void Diff_pairs_the_two_versions_of_a_name_and_reports_a_pure_reordering()
    {
        DifferentialRunner.Diff(["a = 1", "b = 2", "c = 3"], ["a = 1", "b = two", "c = 3", "d = 4"]).ShouldBe(
        [
            "postconf: b = 2",
            "model:    b = two",
            "model:    d = 4",
        ]);
        DifferentialRunner.Diff(["x", "y"], ["y", "x"]).ShouldBe(["same lines in another order; line 1:", "postconf: x", "model:    y"]);
    }
}
