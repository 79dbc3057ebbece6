using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Model;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Tests.Model;

/// <summary>The model for a target release: what a rule author reads from <see cref="PostfixConfig"/> (issue 10).</summary>
public sealed class TargetReleaseModelTests
{
    private static PostfixRelease R(string series) => PostfixReleases.Get(series);

    [Fact]
    public void The_model_uses_the_catalogue_of_its_target()
    {
        var config37 = PostfixConfig.FromText("compatibility_level = 3.6\n", release: R("3.7"));
        var config311 = PostfixConfig.FromText("compatibility_level = 3.6\n", release: R("3.11"));

        config37.Release.Series.ShouldBe("3.7");
        config37.Catalogue.ShouldBeSameAs(R("3.7").Parameters);
        config37.Catalogue.IsKnown("requiretls_enable").ShouldBeFalse();
        config311.Catalogue.IsKnown("requiretls_enable").ShouldBeTrue();
        config37.Get("requiretls_enable").IsDefined.ShouldBeFalse();
        config311.Get("requiretls_enable").Value.ShouldBe("yes");
    }

    [Theory]
    [InlineData("3.7", "3.11", "3.6", true, true)]
    [InlineData("3.7", "3.7", "3.6", true, false)]
    [InlineData("3.7", "3.6", "3.6", false, false)]
    [InlineData("3.10", "3.11", "3.6", true, true)]
    [InlineData("3.11", "3.11", "3.11", false, false)]
    [InlineData("3.11", "3.12", "3.11", true, true)]
    [InlineData("3.5", "3.6", "2", true, true)]
    [InlineData("3.5", "2", "2", false, false)]
    public void A_level_above_what_the_target_knows_is_accepted_and_recognisable(string series, string written, string level, bool aboveNewest, bool namesNewer)
    {
        var config = PostfixConfig.FromText($"compatibility_level = {written}\n", release: R(series));

        var setting = config.CompatibilityLevelSetting;
        setting.Level.ShouldBe(level);
        config.CompatibilityLevel.ShouldBe(level);
        setting.IsMalformed.ShouldBeFalse();
        setting.IsAboveNewest.ShouldBe(aboveNewest);
        setting.NamesNewerRelease.ShouldBe(namesNewer);
        setting.IsWrittenInMainCf.ShouldBeTrue();
        setting.Definition!.NameSpan.StartLine.ShouldBe(1);
        setting.Value.Value.ShouldBe(written);

        // Postfix says nothing about such a level (compat_level.c rejects only malformed syntax).
        config.Diagnostics.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("3.11", "abc", "Malformed compatibility level syntax: \"abc\"")]
    [InlineData("3.5", "x3", "Bad numerical configuration: compatibility_level = x3")]
    [InlineData("3.5", "3.6x", null)]
    public void A_malformed_level_is_said_as_the_target_says_it(string series, string written, string? message)
    {
        var config = PostfixConfig.FromText($"compatibility_level = {written}\n", release: R(series));
        if (message is null)
        {
            // 3.4 and 3.5 cut a value that starts with a digit and holds a dot to its atoi() (mail_params.c).
            config.CompatibilityLevelSetting.IsMalformed.ShouldBeFalse();
            config.CompatibilityLevel.ShouldBe("2");
            return;
        }

        config.CompatibilityLevelSetting.IsMalformed.ShouldBeTrue();
        config.CompatibilityLevel.ShouldBe("0");
        config.Diagnostics.ShouldContain(d => d.Kind == DiagnosticKind.MacroError && d.Message.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_level_the_setting_is_the_built_in_default()
    {
        var setting = PostfixConfig.FromText("myhostname = mx.example.com\n").CompatibilityLevelSetting;

        setting.IsWrittenInMainCf.ShouldBeFalse();
        setting.Definition.ShouldBeNull();
        setting.Level.ShouldBe("0");
        setting.Value.Provenance.ShouldBeOfType<DefaultProvenance>();
    }

    [Fact]
    public void A_byte_order_mark_stays_part_of_the_first_name_as_in_postfix()
    {
        // postconf 3.7.11: "unused parameter: ???compatibility_level=3.6", and compatibility_level = 0.
        var config = PostfixConfig.FromText("\uFEFFcompatibility_level = 3.6\nmyhostname = mx.example.com\n");

        config.CompatibilityLevel.ShouldBe("0");
        config.CompatibilityLevelSetting.IsWrittenInMainCf.ShouldBeFalse();
        config.Main!.ByteOrderMark.ShouldBe(new Span("main.cf", 1, 1, 1, 2));
        var entry = config.Main.Entries[0];
        entry.Name.ShouldBe("\uFEFFcompatibility_level");
        entry.StartsWithByteOrderMark.ShouldBeTrue();
        entry.NameWithoutByteOrderMark.ShouldBe("compatibility_level");
        config.Catalogue.IsKnown(entry.Name).ShouldBeFalse();
        config.Main.Entries[1].StartsWithByteOrderMark.ShouldBeFalse();
        config.Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void A_byte_order_mark_before_a_comment_is_the_fatal_postfix_reports_and_the_message_says_why()
    {
        // postconf 3.7.11: fatal: main.cf, line 1: missing '=' after attribute name: "???# a comment".
        var config = PostfixConfig.FromText("\uFEFF# a comment\ncompatibility_level = 3.6\n");

        config.Main!.ByteOrderMark.ShouldNotBeNull();
        config.Diagnostics.ShouldHaveSingleItem().Message.ShouldContain("Missing '=' after attribute name");
        config.Diagnostics[0].Message.ShouldContain("byte-order mark");
        PostfixConfig.FromText("myhostname mx\n").Diagnostics.ShouldHaveSingleItem().Message.ShouldNotContain("byte-order mark");
        PostfixConfig.FromText("compatibility_level = 3.6\n").Main!.ByteOrderMark.ShouldBeNull();
    }

    [Fact]
    public void The_default_at_another_level_is_expanded_with_the_rest_of_the_configuration()
    {
        var config = PostfixConfig.FromText("compatibility_level = 3.6\nsmtp_tls_security_level = encrypt\n", release: R("3.11"));

        config.DefaultAt("smtp_tls_security_level", "3.11").Value.ShouldBe("may");
        config.DefaultAt("smtp_tls_security_level", "3.6").Value.ShouldBe(string.Empty);
        config.DefaultAt("smtp_tls_security_level", "3.11").Provenance.ShouldBe(new DefaultProvenance("3.11"));

        // tlsproxy_client_security_level falls back to $smtp_tls_security_level: the written value counts, as in Postfix.
        config.DefaultAt("tlsproxy_client_security_level", "3.11").Value.ShouldBe("encrypt");
        config.DefaultAt("mynetworks_style", "0").Value.ShouldBe("subnet");
        config.DefaultAt("mynetworks", "0").Value.ShouldBe("127.0.0.0/8 [::1]/128");
        config.DefaultAt("mynetworks", "2").Value.ShouldBe("127.0.0.1/32 [::1]/128");
        config.DefaultAt("no_such_parameter", "2").IsDefined.ShouldBeFalse();
    }

    [Fact]
    public void Service_derived_names_are_known_for_the_services_of_master_cf_and_default_like_postconf()
    {
        const string master = "relay     unix  -       -       n       -       -       smtp\nmydeliver unix  -       n       n       -       -       pipe flags=R user=nobody argv=/bin/true\n";
        var config = PostfixConfig.FromText("default_destination_concurrency_limit = 5\n", master, release: R("3.11"));

        config.TryGetServiceDefined("relay_destination_concurrency_limit", out var relay).ShouldBeTrue();
        relay.ServiceName.ShouldBe("relay");
        relay.Family.Suffix.ShouldBe("_destination_concurrency_limit");
        config.Get("relay_destination_concurrency_limit").Value.ShouldBe("5");
        config.TryGetServiceDefined("mydeliver_time_limit", out _).ShouldBeTrue();
        config.Get("mydeliver_time_limit").Value.ShouldBe("1000s");
        config.TryGetServiceDefined("relay_time_limit", out _).ShouldBeFalse();
        config.TryGetServiceDefined("smtp_destination_concurrency_limit", out _).ShouldBeFalse();
        config.Get("relay_time_limit").IsDefined.ShouldBeFalse();
    }

    [Fact]
    public void The_stock_master_cf_is_that_of_the_target()
    {
        var config = PostfixConfig.FromText("compatibility_level = 3.6\n", assumeStockMasterCf: true, release: R("3.5"));

        config.MasterIsStock.ShouldBeTrue();
        config.Master!.Source.Path.ShouldBe("<stock master.cf of Postfix 3.5>");
        config.Master.Services.Single(s => s.Key == "relay/unix").Override("syslog_name")!.Value.Text.ShouldBe("postfix/$service_name");
        PostfixConfig.FromText("compatibility_level = 3.6\n", assumeStockMasterCf: true).Master!.Source.Path.ShouldBe("<stock master.cf of Postfix 3.11>");
    }

    [Fact]
    public void The_named_functions_of_3_11_expand_and_older_releases_reject_them()
    {
        const string main = "mydomain = example.com\nx = ${domain_to_ascii{$mydomain}}\ny = ${domain_to_ascii{bücher.example}}\nz = ${domain_to_utf8{xn--bcher-kva.example}}\n";
        var config311 = PostfixConfig.FromText(main, release: R("3.11"));

        config311.Get("x").Value.ShouldBe("example.com");
        config311.Get("y").Value.ShouldBe("xn--bcher-kva.example");
        config311.Get("z").Value.ShouldBe("bücher.example");
        config311.Get("smtp_requiretls_policy").Value.ShouldStartWith("inline:{{example.com=opportunistic}, {.example.com=opportunistic}");
        config311.Diagnostics.ShouldBeEmpty();

        var config310 = PostfixConfig.FromText(main, release: R("3.10"));
        config310.Get("x").Expanded.Failed.ShouldBeTrue();
        config310.Diagnostics.Count(d => d.Kind == DiagnosticKind.MacroError).ShouldBe(3);

        PostfixConfig.FromText("x = ${nope{y}}\n", release: R("3.11")).Get("x").Expanded.Error!.ShouldContain("unknown function \"nope\"");
    }

    [Fact]
    public void The_level_dependent_parameters_are_those_whose_default_tests_the_level()
    {
        R("3.11").Parameters.LevelDependent.Select(p => p.Name).ShouldBe(
        [
            "append_dot_mydomain", "lmtp_tls_fingerprint_digest", "mynetworks_style", "relay_domains", "respectful_logging",
            "smtp_tls_fingerprint_digest", "smtp_tls_security_level", "smtpd_relay_before_recipient_restrictions",
            "smtpd_relay_restrictions", "smtpd_tls_fingerprint_digest", "smtputf8_enable",
        ]);
        R("3.5").Parameters.LevelDependent.Select(p => p.Name).ShouldBe(
            ["append_dot_mydomain", "mynetworks_style", "relay_domains", "smtpd_relay_restrictions", "smtputf8_enable"]);
    }

    [Fact]
    public void A_parameter_has_its_type_and_the_limits_postfix_enforces()
    {
        var catalogue = R("3.11").Parameters;

        catalogue.TryGet("message_size_limit", out var size).ShouldBeTrue();
        size.ValueType.ShouldBe(ParameterValueType.Size);
        size.Parsing!.Kind.ShouldBe(ParsedValueKind.Long);
        size.Parsing.FatalError("message_size_limit", "50M").ShouldBe("bad numerical configuration: message_size_limit = 50M");
        size.Parsing.FatalError("message_size_limit", "52428800").ShouldBeNull();

        catalogue.TryGet("smtpd_helo_required", out var helo).ShouldBeTrue();
        helo.ValueType.ShouldBe(ParameterValueType.Boolean);
        helo.Parsing!.FatalError("smtpd_helo_required", "true").ShouldBe("bad boolean configuration: smtpd_helo_required = true");

        catalogue.TryGet("maximal_queue_lifetime", out var lifetime).ShouldBeTrue();
        lifetime.Parsing!.Kind.ShouldBe(ParsedValueKind.Time);
        lifetime.Parsing.TimeUnit.ShouldBe('d');
        lifetime.Parsing.FatalError("maximal_queue_lifetime", "5x").ShouldBe("parameter maximal_queue_lifetime: bad time value or unit: 5x");

        catalogue.TryGet("default_process_limit", out var processes).ShouldBeTrue();
        processes.Parsing!.Minimum.ShouldBe(1);
        processes.Parsing.FatalError("default_process_limit", "0").ShouldBe("invalid default_process_limit parameter value 0 < 1");

        catalogue.TryGet("myhostname", out var hostName).ShouldBeTrue();
        hostName.Parsing.ShouldBeNull();
    }

    [Fact]
    public void A_size_parameter_reads_the_number_postfix_reads_or_none_when_postfix_stops()
    {
        var catalogue = R("3.11").Parameters;
        catalogue.TryGet("queue_minfree", out var minfree).ShouldBeTrue();

        minfree.Parsing!.Number("queue_minfree", "15000000").ShouldBe(15000000);
        minfree.Parsing.Number("queue_minfree", " 0").ShouldBe(0);
        minfree.Parsing.Number("queue_minfree", "50M").ShouldBeNull("strtol stops at the unit: Postfix stops with bad numerical configuration");
        minfree.Parsing.Number("queue_minfree", string.Empty).ShouldBeNull();

        catalogue.TryGet("smtpd_helo_required", out var helo).ShouldBeTrue();
        helo.Parsing!.Number("smtpd_helo_required", "yes").ShouldBeNull("a boolean is not a number");
    }
}
