using System.Text;
using ConfigLint.Core.Model;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Tests.Model;

/// <summary>
/// Issue 14, "bounded depth and work": no value, however it refers to others, overflows the stack
/// or takes unbounded time or memory. Cycles through computed defaults are located macro errors at
/// the members written in the files; amplifying chains and pattern files stop at ConfigLint's limits
/// with a located diagnostic. Budgets here are allocation counts, not times.
/// </summary>
public sealed class BoundedEvaluationTests : IDisposable
{
    /// <summary>No model in these tests may allocate more than this (the amplifying ones used gigabytes before).</summary>
    private const long AllocationBudget = 400L << 20;

    private readonly string dir = Directory.CreateTempSubdirectory("configlint-bounded-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static (PostfixConfig Config, long Allocated) Build(string mainCf, string? masterCf = null)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var config = PostfixConfig.FromText(mainCf, masterCf);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        allocated.ShouldBeLessThan(AllocationBudget, $"building the model allocated {allocated:N0} bytes");
        return (config, allocated);
    }

    [Theory]
    [InlineData("mynetworks_style = $mynetworks\n", 1)]
    [InlineData("mynetworks_style = ${mynetworks}x\n", 1)]
    [InlineData("compatibility_level = ${mynetworks?x}\n", 1)]
    [InlineData("inet_interfaces = all\nmynetworks_style = $mynetworks\n", 2)]
    public void A_cycle_through_the_computed_mynetworks_is_a_macro_error_at_the_written_member(string mainCf, int line)
    {
        var (config, _) = Build(mainCf);

        var d = config.Diagnostics.ShouldHaveSingleItem();
        d.Kind.ShouldBe(DiagnosticKind.MacroError);
        (d.Span.File, d.Span.StartLine, d.Span.StartColumn).ShouldBe(("main.cf", line, 1));
        d.Message.ShouldContain("depends on itself through a computed default");
    }

    [Fact]
    public void A_cycle_through_the_derived_mydomain_is_reported_at_both_written_members()
    {
        var (config, _) = Build("myhostname = $mynetworks\nmynetworks_style = $mydomain\n");

        config.Diagnostics.Select(d => (d.Kind, d.Span.StartLine, d.Span.StartColumn)).Order().ShouldBe(
            [(DiagnosticKind.MacroError, 1, 1), (DiagnosticKind.MacroError, 2, 1)]);
        config.Get("myhostname").Expanded.Failed.ShouldBeTrue();
        config.Get("mynetworks_style").Expanded.Failed.ShouldBeTrue();
    }

    [Fact]
    public void A_cycle_through_a_master_cf_override_is_reported_at_the_override()
    {
        var (config, _) = Build("compatibility_level = 3.6\n", "smtp inet n - y - - smtpd\n  -o mynetworks_style=$mynetworks\n");

        var d = config.Diagnostics.ShouldHaveSingleItem();
        (d.Kind, d.Span.File, d.Span.StartLine, d.Span.StartColumn).ShouldBe((DiagnosticKind.MacroError, "master.cf", 2, 6));
        config.Get("mynetworks_style").Expanded.Failed.ShouldBeFalse("main.cf's own mynetworks_style is the default and fine");
    }

    [Fact]
    public void Asking_for_a_member_of_the_cycle_first_gives_the_same_result()
    {
        // Rules may ask in any order; the model answers the same.
        var config = PostfixConfig.FromText("compatibility_level = 3.6\nmynetworks_style = $mynetworks\n");

        config.Lookup("mynetworks")!.Text.ShouldBe("127.0.0.0/8 [::1]/128");
        config.Get("mynetworks").Expanded.Failed.ShouldBeFalse();
        config.Get("mynetworks_style").Expanded.Failed.ShouldBeTrue();
    }

    [Theory]
    [InlineData("mynetworks_style = $mynetworks\n", "mynetworks", "2")]
    [InlineData("myhostname = $mynetworks\nmynetworks_style = $mydomain\n", "mydomain", "3.6")]
    [InlineData("myhostname = $mynetworks\nmynetworks_style = $mydomain\n", "mynetworks", "0")]
    public void A_default_at_another_level_meets_the_same_cycle_as_an_error(string mainCf, string name, string level)
    {
        // compatibility-level-outdated asks what each default would be at another level; the cycle is there too.
        var config = PostfixConfig.FromText(mainCf);

        var value = config.DefaultAt(name, level);

        value.Expanded.Failed.ShouldBeTrue();
        value.Expanded.ErrorKind.ShouldBe(ExpansionErrorKind.ComputedDefaultCycle);
    }

    [Fact]
    public void A_default_at_another_level_without_a_cycle_is_computed_from_the_style()
    {
        var config = PostfixConfig.FromText("mynetworks_style = host\n");

        config.DefaultAt("mynetworks", "2").Value.ShouldBe("127.0.0.1/32 [::1]/128");
    }

    [Fact]
    public void Myhostname_that_refers_to_the_mydomain_it_decides_is_no_cycle()
    {
        // mail_params.c: while myhostname is evaluated for an unset mydomain, mydomain is undefined.
        var (config, _) = Build("myhostname = mail.$mydomain\n");

        config.Diagnostics.ShouldBeEmpty();
        config.Get("myhostname").Value.ShouldBe("mail.");
    }

    [Fact]
    public void A_23_line_doubling_chain_stops_at_the_value_that_passes_the_limit()
    {
        // e22 = xy, each line above doubles it: e0 would be 16,777,216 characters (3 GB before issue 14).
        var (config, allocated) = Build(Doubling(23, "xy"));

        // e6 is 131,072 characters in 65,536 pieces: 131,072 + 16 x 65,536 is past the limit.
        var d = config.Diagnostics.ShouldHaveSingleItem();
        d.Kind.ShouldBe(DiagnosticKind.AnalysisLimit);
        (d.Span.StartLine, d.Span.StartColumn).ShouldBe((7, 1));
        d.Message.ShouldContain("expanding e6 takes more than 1,048,576 characters");
        config.Get("e7").Value.Length.ShouldBe(1 << 16);
        config.Get("e0").Expanded.ErrorKind.ShouldBe(ExpansionErrorKind.Limit);
        allocated.ShouldBeLessThan(200L << 20);
    }

    [Fact]
    public void A_41_line_doubling_chain_is_no_worse()
    {
        // 2^41 characters: Postfix itself would run out of memory.
        var (config, _) = Build(Doubling(41, "xy"));

        config.Diagnostics.ShouldHaveSingleItem().Span.StartLine.ShouldBe(25);
    }

    [Fact]
    public void A_doubling_chain_of_empty_values_does_no_exponential_work()
    {
        // Nothing to copy, but 2^40 lookups if each $name were expanded anew.
        var (config, _) = Build(Doubling(41, string.Empty));

        config.Diagnostics.ShouldBeEmpty();
        config.Get("e0").Value.ShouldBeEmpty();
    }

    [Fact]
    public void A_doubling_chain_evaluated_inline_is_stopped_by_the_step_limit()
    {
        // myhostname is evaluated inline for the unset mydomain, where no value is reused.
        var (config, _) = Build("myhostname = $e0\n" + Doubling(41, string.Empty));

        config.Get("mydomain").Value.ShouldBe("localdomain");
        config.Get("myhostname").Expanded.Failed.ShouldBeFalse();
    }

    [Fact]
    public void Many_values_that_each_copy_a_large_one_stop_at_the_total_limit()
    {
        var big = new string('x', 1_000_000);
        var main = new StringBuilder($"big = {big}\n");
        for (var i = 0; i < 100; i++)
        {
            main.Append(CultureInfoInvariant($"copy{i} = $big\n"));
        }

        var (config, _) = Build(main.ToString());

        var limits = config.Diagnostics.Where(d => d.Kind == DiagnosticKind.AnalysisLimit).ToList();
        limits.Count.ShouldBeGreaterThan(50);
        limits.ShouldAllBe(d => d.Message.Contains("33,554,432 characters"));
        config.Get("copy0").Value.Length.ShouldBe(1_000_000);
    }

    [Fact]
    public void A_name_referenced_many_times_is_copied_not_re_expanded()
    {
        var main = new StringBuilder("base = x $myhostname\n");
        main.Append("wide = ").AppendJoin(' ', Enumerable.Repeat("$base", 10_000)).Append('\n');

        var (config, _) = Build(main.ToString());

        config.Get("wide").Expanded.Steps.Select(s => s.Name).ShouldBe(["base", "myhostname"]);
        config.Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void A_service_that_overrides_nothing_a_value_depends_on_shares_main_cf_s_expansion()
    {
        var config = PostfixConfig.FromText(
            "compatibility_level = 3.6\nmynetworks = $office\noffice = 10.1.0.0/16\n",
            "smtp inet n - y - - smtpd -o smtpd_banner=x\nsubmission inet n - y - - smtpd -o office=10.2.0.0/16\n");
        var smtp = config.Master!.Services[0];
        var submission = config.Master.Services[1];

        ReferenceEquals(config.Get("mynetworks", smtp).Expanded, config.Get("mynetworks").Expanded).ShouldBeTrue();
        config.Get("mynetworks", smtp).Service.ShouldBe(smtp);
        config.Get("mynetworks", submission).Value.ShouldBe("10.2.0.0/16");
        config.Get("mynetworks").Value.ShouldBe("10.1.0.0/16");
    }

    [Fact]
    public void A_service_that_overrides_an_input_of_a_computed_default_gets_its_own_value()
    {
        var config = PostfixConfig.FromText("compatibility_level = 3.6\n", "smtp inet n - y - - smtpd -o mynetworks_style=subnet\nrelay unix - - n - - smtp -o smtp_helo_timeout=1\n");

        config.Get("mynetworks").Value.ShouldBe("127.0.0.1/32 [::1]/128");
        config.Get("mynetworks", config.Master!.Services[0]).Value.ShouldBe("127.0.0.0/8 [::1]/128");
        config.Get("mynetworks", config.Master.Services[1]).Value.ShouldBe("127.0.0.1/32 [::1]/128");
    }

    [Fact]
    public void A_pattern_file_that_includes_itself_twelve_times_is_read_once_with_a_diagnostic_per_mention()
    {
        File.WriteAllText(Path.Combine(dir, "main.cf"), "mynetworks = /etc/postfix/pat\n");
        File.WriteAllText(Path.Combine(dir, "pat"), string.Concat(Enumerable.Repeat("/etc/postfix/pat\n", 12)) + "10.0.0.0/8\n");

        var before = GC.GetAllocatedBytesForCurrentThread();
        var config = PostfixConfig.Load(dir);
        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBeLessThan(AllocationBudget);

        var elements = config.MatchList("mynetworks").Elements;
        elements.Count.ShouldBe(14);
        var limits = config.Diagnostics.Where(d => d.Kind == DiagnosticKind.AnalysisLimit).ToList();
        limits.Select(d => (d.Span.File, d.Span.StartLine, d.Span.StartColumn)).ShouldBe(Enumerable.Range(1, 12).Select(n => ("pat", n, 1)));
        limits[0].Message.ShouldContain("includes itself");
    }

    [Fact]
    public void Pattern_files_that_multiply_stop_at_the_element_limit()
    {
        // a names b 12 times, b names c 12 times, ...: 12^5 elements without a cycle.
        File.WriteAllText(Path.Combine(dir, "main.cf"), "mynetworks = /etc/postfix/p0\n");
        for (var level = 0; level < 5; level++)
        {
            File.WriteAllText(Path.Combine(dir, $"p{level}"), string.Concat(Enumerable.Repeat($"/etc/postfix/p{level + 1}\n", 12)));
        }

        File.WriteAllText(Path.Combine(dir, "p5"), "10.0.0.0/8\n");

        var config = PostfixConfig.Load(dir);

        config.MatchList("mynetworks").Elements.Count.ShouldBe(MatchLists.MaxElements);
        config.Diagnostics.ShouldHaveSingleItem().Message.ShouldContain("reaches 100,000 elements");
    }

    [Fact]
    public void A_list_at_the_element_limit_is_reported_when_the_model_is_built_without_a_pattern_file()
    {
        // Lists are read up front only where reading can report something: a /file/name, or this many
        // elements. debug_peer_list is read by no rule, so the limit shows only if the model reads it.
        var elements = string.Join(' ', Enumerable.Range(0, MatchLists.MaxElements + 1).Select(i => $"h{i}.example"));
        File.WriteAllText(Path.Combine(dir, "main.cf"), $"debug_peer_list = {elements}\nsmtpd_forbid_bare_newline_exclusions = $mynetworks 192.0.2.0/24\n");

        var config = PostfixConfig.Load(dir);

        config.Diagnostics.ShouldHaveSingleItem().Message.ShouldContain("reaches 100,000 elements");
    }

    [Fact]
    public void Pattern_files_nested_deeper_than_the_limit_are_a_diagnostic()
    {
        File.WriteAllText(Path.Combine(dir, "main.cf"), "mynetworks = /etc/postfix/p0\n");
        for (var level = 0; level < 10; level++)
        {
            File.WriteAllText(Path.Combine(dir, $"p{level}"), $"10.0.{level}.0/24 /etc/postfix/p{level + 1}\n");
        }

        var config = PostfixConfig.Load(dir);

        var d = config.Diagnostics.ShouldHaveSingleItem();
        d.Kind.ShouldBe(DiagnosticKind.AnalysisLimit);
        d.Span.File.ShouldBe($"p{MatchLists.MaxFileDepth}");
        d.Message.ShouldContain("nested more than 5 pattern files deep");
    }

    [Fact]
    public void A_list_shared_by_services_is_read_once()
    {
        var master = new StringBuilder();
        for (var i = 0; i < 1000; i++)
        {
            master.Append(CultureInfoInvariant($"{10000 + i} inet n - y - - smtpd -o smtpd_banner=b{i}\n"));
        }

        var config = PostfixConfig.FromText("mynetworks = 10.0.0.0/8 192.168.0.0/16\n", master.ToString());
        var first = config.MatchList("mynetworks", config.Master!.Services[0]);
        var last = config.MatchList("mynetworks", config.Master.Services[^1]);

        ReferenceEquals(first.Elements, last.Elements).ShouldBeTrue();
        last.Value.Service.ShouldBe(config.Master.Services[^1]);
    }

    /// <summary><c>e0 = $e1$e1</c> … <c>e(n-1) = leaf</c>.</summary>
    private static string Doubling(int lines, string leaf)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < lines - 1; i++)
        {
            sb.Append(CultureInfoInvariant($"e{i} = $e{i + 1}$e{i + 1}\n"));
        }

        return sb.Append(CultureInfoInvariant($"e{lines - 1} = {leaf}\n")).ToString();
    }

    private static string CultureInfoInvariant(FormattableString text) => FormattableString.Invariant(text);
}
