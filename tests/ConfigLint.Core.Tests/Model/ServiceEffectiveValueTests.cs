using ConfigLint.Core.Model;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Tests.Model;

/// <summary>The value a parameter has for one master.cf service: -o override, else main.cf, else the default.</summary>
public sealed class ServiceEffectiveValueTests
{
    private const string MainCf =
        "compatibility_level = 3.6\n" +               // 1
        "myhostname = mx.example.com\n" +             // 2
        "smtpd_tls_security_level = may\n" +          // 3
        "user_def_m = reject\n" +                     // 4
        "smtpd_banner = $myhostname ESMTP\n";         // 5

    private const string MasterCf =
        "smtp       inet n - y - - smtpd\n" +                               // 1
        "submission inet n - y - - smtpd\n" +                               // 2
        "  -o syslog_name=postfix/submission\n" +                           // 3
        "  -o smtpd_tls_security_level=encrypt\n" +                         // 4
        "  -o user_def_m=permit\n" +                                        // 5
        "  -o smtpd_helo_restrictions=$user_def_m\n" +                      // 6
        "  -o myhostname=sub.example.com\n" +                               // 7
        "  -o { smtpd_client_restrictions = permit_sasl_authenticated, reject }\n"; // 8

    private static (PostfixConfig Config, MasterService Smtp, MasterService Submission) Load()
    {
        var config = PostfixConfig.FromText(MainCf, MasterCf);
        config.Diagnostics.ShouldBeEmpty();
        var services = config.Master!.EffectiveServices.ToList();
        return (config, services.Single(s => s.Key == "smtp/inet"), services.Single(s => s.Key == "submission/inet"));
    }

    [Theory]
    [InlineData(3, true)]
    [InlineData(64, true)]
    [InlineData(65, false)]
    public void A_services_view_of_a_main_cf_value_is_kept_only_while_few_services_have_options(int services, bool kept)
    {
        // Each service overrides a name smtpd_banner does not read, so each sees main.cf's value; the view
        // is kept (asked again, the same object) up to 64 services with options, and made anew past them.
        var master = string.Concat(Enumerable.Range(0, services).Select(i => $"s{i} inet n - y - - smtpd\n  -o syslog_name=postfix/s{i}\n"));
        var config = PostfixConfig.FromText(MainCf, master);
        var all = config.Master!.EffectiveServices;
        all.Count.ShouldBe(services);

        foreach (var service in new[] { all[0], all[^1] })
        {
            var first = config.Get("smtpd_banner", service);
            var again = config.Get("smtpd_banner", service);

            first.Value.ShouldBe("mx.example.com ESMTP");
            first.Service.ShouldBe(service);
            again.Value.ShouldBe(first.Value);
            again.Service.ShouldBe(service);
            ReferenceEquals(first, again).ShouldBe(kept);
        }
    }

    [Fact]
    public void An_o_override_beats_main_cf_for_its_service_only()
    {
        var (config, smtp, submission) = Load();

        config.Get("smtpd_tls_security_level", submission).Value.ShouldBe("encrypt");
        config.Get("smtpd_tls_security_level", smtp).Value.ShouldBe("may");
        config.Get("smtpd_tls_security_level").Value.ShouldBe("may");
    }

    [Fact]
    public void An_override_has_its_master_cf_provenance()
    {
        var (config, _, submission) = Load();

        var p = config.Get("smtpd_tls_security_level", submission).Provenance.ShouldBeOfType<MasterOverrideProvenance>();
        p.ServiceKey.ShouldBe("submission/inet");
        p.OptionSpan.ShouldBe(new Span("master.cf", 4, 3, 4, 38));
        p.ValueSpan.ShouldBe(new Span("master.cf", 4, 31, 4, 38));
        p.Describe().ShouldBe("master.cf:4 (-o of submission/inet)");
    }

    [Fact]
    public void Without_an_override_a_service_sees_main_cf_with_its_provenance()
    {
        var (config, smtp, _) = Load();

        var value = config.Get("smtpd_tls_security_level", smtp);
        var p = value.Provenance.ShouldBeOfType<MainCfProvenance>();
        p.NameSpan.StartLine.ShouldBe(3);
        p.Describe().ShouldBe("main.cf:3");
    }

    [Fact]
    public void Without_override_or_main_cf_a_service_sees_the_default()
    {
        var (config, _, submission) = Load();

        var value = config.Get("smtpd_helo_required", submission);
        value.Value.ShouldBe("no");
        value.IsDefault.ShouldBeTrue();
        value.Provenance.ShouldBeOfType<DefaultProvenance>().CompatibilityLevel.ShouldBe("3.6");
    }

    [Fact]
    public void A_name_inside_an_override_resolves_against_the_services_overrides()
    {
        var (config, _, submission) = Load();

        var value = config.Get("smtpd_helo_restrictions", submission);

        value.Value.ShouldBe("permit");
        value.Expanded.Steps.ShouldHaveSingleItem().Provenance.ShouldBeOfType<MasterOverrideProvenance>().ServiceKey.ShouldBe("submission/inet");
    }

    [Fact]
    public void A_main_cf_value_sees_the_services_overrides_of_the_names_it_references()
    {
        var (config, smtp, submission) = Load();

        config.Get("smtpd_banner", submission).Value.ShouldBe("sub.example.com ESMTP");
        config.Get("smtpd_banner", smtp).Value.ShouldBe("mx.example.com ESMTP");
        config.Get("smtpd_banner").Value.ShouldBe("mx.example.com ESMTP");
    }

    [Fact]
    public void A_braced_override_value_keeps_its_commas_and_spaces()
    {
        var (config, _, submission) = Load();

        config.Get("smtpd_client_restrictions", submission).Value.ShouldBe("permit_sasl_authenticated, reject");
    }

    [Fact]
    public void A_macro_error_in_an_override_is_reported_at_the_override()
    {
        var config = PostfixConfig.FromText("compatibility_level = 3.6\n", "smtp inet n - y - - smtpd\n  -o smtpd_banner=${oops\n");

        var d = config.Diagnostics.ShouldHaveSingleItem();
        d.Kind.ShouldBe(DiagnosticKind.MacroError);
        d.Message.ShouldContain("smtp/inet");
        d.Span.ShouldBe(new Span("master.cf", 2, 6, 2, 18));
    }

    [Fact]
    public void The_duplicate_service_that_master_ignores_does_not_contribute_overrides()
    {
        var config = PostfixConfig.FromText(
            "compatibility_level = 3.6\n",
            "smtp inet n - y - - smtpd -o smtpd_banner=first\nsmtp inet n - y - - smtpd -o smtpd_banner=second\n");

        var smtp = config.Master!.EffectiveServices.ShouldHaveSingleItem();
        config.Get("smtpd_banner", smtp).Value.ShouldBe("second");
    }
}
