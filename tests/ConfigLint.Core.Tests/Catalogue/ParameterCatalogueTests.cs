using ConfigLint.TestSupport;
using System.Diagnostics;
using ConfigLint.Core.Catalogue;

namespace ConfigLint.Core.Tests.Catalogue;

public sealed class ParameterCatalogueTests
{
    private static readonly ParameterCatalogue Catalogue = PostfixReleases.Get("3.7").Parameters;

    [Fact]
    public void The_lists_made_once_per_release_are_what_a_scan_of_every_parameter_gives()
    {
        foreach (var release in PostfixReleases.All)
        {
            var catalogue = release.Parameters;
            var names = catalogue.All.Select(p => p.Name).ToList();
            string.Join(" ", catalogue.NamesEndingWith("_tls_protocols", "_tls_mandatory_protocols"))
                .ShouldBe(string.Join(" ", names.Where(n => n.EndsWith("_tls_protocols", StringComparison.Ordinal) || n.EndsWith("_tls_mandatory_protocols", StringComparison.Ordinal)).Order(StringComparer.Ordinal)), release.Series);
            catalogue.NamesEndingWith("_tls_protocols", "_tls_mandatory_protocols").ShouldContain("smtpd_tls_protocols");
            string.Join(" ", catalogue.NamesOfType(ParameterValueType.AddressMatchList))
                .ShouldBe(string.Join(" ", catalogue.All.Where(p => p.ValueType == ParameterValueType.AddressMatchList).Select(p => p.Name)), release.Series);
            catalogue.NamesOfType(ParameterValueType.AddressMatchList).ShouldContain("mynetworks");

            // Every name a default refers to, with every default that refers to it.
            var referred = catalogue.DefaultReferences.SelectMany(r => r.References).Distinct(StringComparer.Ordinal).ToList();
            referred.ShouldContain("mydestination");
            foreach (var name in referred.Append("no_such_name"))
            {
                string.Join(" ", catalogue.DefaultsReferring(name)).ShouldBe(
                    string.Join(" ", catalogue.DefaultReferences.Where(r => r.References.Contains(name, StringComparer.Ordinal)).Select(r => r.Name).Order(StringComparer.Ordinal)),
                    $"{release.Series} {name}");
            }
        }
    }

    [Fact]
    public void Every_builtin_parameter_of_postconf_d_is_in_the_catalogue()
    {
        var dump = CatalogueTestData.ReadDump("postconf-d-3.7-builtin-only.txt");

        dump.Count.ShouldBe(831);
        Catalogue.All.Select(p => p.Name).ShouldBe(dump.Select(d => d.Name), ignoreOrder: true);
        dump.ShouldAllBe(d => Catalogue.IsKnown(d.Name) && Catalogue.IsBuiltin(d.Name));
    }

    [Fact]
    public void Raw_defaults_are_exactly_what_postconf_d_prints()
    {
        // Release 3.7 is the upstream 3.7.22 build; Debian's 3.7.11 differs in a listed few
        // (Model/CatalogueDefaultsTests). Every release: PostfixReleasesTests.
        foreach (var (name, expected) in ReleaseData.ReadDump("3.7", "postconf-d-builtin-only.txt"))
        {
            Catalogue.RawDefault(name).ShouldBe(expected, $"default of {name}");
            Catalogue.TryGet(name, out var info).ShouldBeTrue();
            info.RawDefault.ShouldBe(expected);
        }
    }

    [Fact]
    public void Level_dependent_defaults_are_kept_as_unexpanded_expressions()
    {
        Catalogue.RawDefault("mynetworks_style").ShouldBe("${{$compatibility_level} <level {2} ? {subnet} : {host}}");
        Catalogue.RawDefault("relayhost").ShouldBe(string.Empty);
        Catalogue.RawDefault("smtpd_expansion_filter").ShouldStartWith(@"\t\40!""#$%&'()*+,-./0123456789");
    }

    [SystemTest]
    [Fact]
    public async Task The_checked_in_catalogue_matches_what_the_generator_produces_from_the_release_data()
    {
        var outDir = Directory.CreateTempSubdirectory("configlint-catalogue-").FullName;
        try
        {
            var start = new ProcessStartInfo("bash")
            {
                WorkingDirectory = CatalogueTestData.Root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine("tools", "generate-catalogue.sh"));
            start.ArgumentList.Add("--out-dir");
            start.ArgumentList.Add(outDir);

            using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            process.ExitCode.ShouldBe(0, $"bash tools/generate-catalogue.sh failed:\n{await stdout}{await stderr}");

            var generated = Files(outDir);
            var checkedIn = Files(ReleaseData.ReleasesCatalogueDir);
            checkedIn.ShouldBe(generated, "src/ConfigLint.Core/Catalogue/releases/ holds other files than the generator writes: run `bash tools/generate-catalogue.sh` and commit the result");
            generated.Count.ShouldBe((ReleaseData.Series.Count * 7) + 1);
            foreach (var file in generated)
            {
                var fresh = File.ReadAllText(Path.Combine(outDir, file));
                var committed = File.ReadAllText(Path.Combine(ReleaseData.ReleasesCatalogueDir, file)).Replace("\r\n", "\n", StringComparison.Ordinal);
                (fresh == committed).ShouldBeTrue(
                    $"src/ConfigLint.Core/Catalogue/releases/{file} is out of date with tests/data/postfix: run `bash tools/generate-catalogue.sh` and commit the result. First difference: {FirstDifference(committed, fresh)}");
            }
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    private static List<string> Files(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    [Theory]
    [InlineData("mynetworks", ParameterValueType.AddressMatchList)]
    [InlineData("debug_peer_list", ParameterValueType.AddressMatchList)]
    [InlineData("smtpd_client_event_limit_exceptions", ParameterValueType.AddressMatchList)]
    [InlineData("smtpd_relay_restrictions", ParameterValueType.RestrictionList)]
    [InlineData("smtpd_recipient_restrictions", ParameterValueType.RestrictionList)]
    [InlineData("smtpd_relay_before_recipient_restrictions", ParameterValueType.Boolean)]
    [InlineData("mydestination", ParameterValueType.DomainList)]
    [InlineData("relay_domains", ParameterValueType.DomainList)]
    [InlineData("alias_maps", ParameterValueType.LookupTable)]
    [InlineData("header_checks", ParameterValueType.LookupTable)]
    [InlineData("message_size_limit", ParameterValueType.Size)]
    [InlineData("mailbox_size_limit", ParameterValueType.Size)]
    [InlineData("smtpd_helo_required", ParameterValueType.Boolean)]
    [InlineData("append_dot_mydomain", ParameterValueType.Boolean)]
    [InlineData("postscreen_helo_required", ParameterValueType.Boolean)]
    [InlineData("maximal_queue_lifetime", ParameterValueType.Time)]
    [InlineData("smtpd_timeout", ParameterValueType.Time)]
    [InlineData("default_process_limit", ParameterValueType.Integer)]
    [InlineData("smtpd_hard_error_limit", ParameterValueType.Integer)]
    [InlineData("inet_interfaces", ParameterValueType.List)]
    [InlineData("smtpd_banner", ParameterValueType.String)]
    [InlineData("compatibility_level", ParameterValueType.String)]
    [InlineData("tls_random_source", ParameterValueType.String)]
    public void Well_known_parameters_have_the_expected_value_type(string name, ParameterValueType expected)
    {
        Catalogue.TryGet(name, out var info).ShouldBeTrue();
        info.ValueType.ShouldBe(expected);
    }

    [Theory]
    [InlineData("myhostname", true)]
    [InlineData("mydomain", true)]
    [InlineData("mynetworks", true)]
    [InlineData("process_id", true)]
    [InlineData("config_directory", true)]
    [InlineData("myorigin", false)]
    [InlineData("mydestination", false)]
    [InlineData("message_size_limit", false)]
    public void Defaults_postconf_computed_from_the_machine_are_flagged_host_dependent(string name, bool expected)
    {
        Catalogue.TryGet(name, out var info).ShouldBeTrue();
        info.HostDependent.ShouldBe(expected);
    }

    [Fact]
    public void Every_default_naming_the_generating_host_is_flagged_host_dependent()
    {
        Catalogue.All.Where(p => p.RawDefault.Contains("example.test", StringComparison.Ordinal))
            .ShouldAllBe(p => p.HostDependent);
    }

    [Theory]
    [InlineData("myorigin", true)]
    [InlineData("mydestination", true)]
    [InlineData("smtpd_banner", true)]
    [InlineData("myhostname", true)]
    [InlineData("message_size_limit", false)]
    [InlineData("alias_maps", false)]
    [InlineData("no_such_parameter", false)]
    public void Defaults_that_refer_to_a_host_dependent_one_depend_on_the_host(string name, bool expected)
    {
        Catalogue.DependsOnHost(name).ShouldBe(expected);
    }

    [Fact]
    public void Names_are_case_sensitive_and_unknown_names_have_no_default()
    {
        Catalogue.IsKnown("myhostname").ShouldBeTrue();
        Catalogue.IsKnown("MyHostname").ShouldBeFalse();
        Catalogue.IsKnown("smtpd_relay_restriction").ShouldBeFalse();
        Catalogue.TryGet("smtpd_relay_restriction", out _).ShouldBeFalse();
        Catalogue.RawDefault("smtpd_relay_restriction").ShouldBeNull();
    }

    [Fact]
    public void Legacy_names_that_builtin_defaults_refer_to_are_known_but_not_builtin()
    {
        // POSTFIX-SEMANTICS.md §3 rule 1: "legacy names such as virtual_maps still count".
        Catalogue.IsKnown("virtual_maps").ShouldBeTrue();
        Catalogue.IsBuiltin("virtual_maps").ShouldBeFalse();
        Catalogue.TryGet("virtual_maps", out _).ShouldBeFalse();
        Catalogue.RawDefault("virtual_maps").ShouldBe(string.Empty);
        Catalogue.LegacyReferencedBy("virtual_maps").ShouldBe(["virtual_alias_maps"]);
        Catalogue.IsKnown("smtpd_client_connection_limit_exceptions").ShouldBeTrue();
        Catalogue.IsKnown("authorized_verp_clients").ShouldBeTrue();

        // Runtime macros of default_rbl_reply and forward_path are not parameters: postconf reports
        // `rbl_code = 1` and `home = x` in main.cf as unused.
        Catalogue.IsKnown("rbl_code").ShouldBeFalse();
        Catalogue.IsKnown("home").ShouldBeFalse();
        Catalogue.LegacyNames.ShouldAllBe(n => !Catalogue.IsBuiltin(n));
    }

    [Fact]
    public void A_service_running_smtp_defines_its_destination_concurrency_limit()
    {
        Catalogue.IsServiceDefined("relay_destination_concurrency_limit", [("relay", "smtp")]).ShouldBeTrue();
        Catalogue.IsBuiltin("relay_destination_concurrency_limit").ShouldBeFalse();
    }

    [Fact]
    public void Lmtp_parameters_need_a_service_running_lmtp()
    {
        Catalogue.IsServiceDefined("lmtp_destination_concurrency_limit", [("smtp", "smtp"), ("relay", "smtp")]).ShouldBeFalse();
        Catalogue.IsServiceDefined("lmtp_destination_concurrency_limit", [("lmtp", "lmtp")]).ShouldBeTrue();
    }

    [Fact]
    public void A_service_of_an_unknown_name_defines_nothing()
    {
        Catalogue.IsServiceDefined("fooxport_destination_concurrency_limit", CatalogueTestData.DebianMasterServices()).ShouldBeFalse();
    }

    [Fact]
    public void A_pipe_service_also_defines_a_time_limit()
    {
        Catalogue.IsServiceDefined("mypipe_time_limit", [("mypipe", "pipe")]).ShouldBeTrue();
        Catalogue.IsServiceDefined("mypipe_destination_rate_delay", [("mypipe", "pipe")]).ShouldBeTrue();
        Catalogue.IsServiceDefined("mysmtp_time_limit", [("mysmtp", "smtp")]).ShouldBeFalse();
    }

    [Fact]
    public void A_spawn_service_defines_only_a_time_limit()
    {
        Catalogue.IsServiceDefined("policy_time_limit", [("policy", "spawn")]).ShouldBeTrue();
        Catalogue.IsServiceDefined("policy_destination_concurrency_limit", [("policy", "spawn")]).ShouldBeFalse();
        Catalogue.SuffixesFor("spawn").Select(s => s.Suffix).ShouldBe(["_time_limit"]);
    }

    [Fact]
    public void Discard_services_get_no_service_defined_parameters()
    {
        Catalogue.IsServiceDefined("discard_destination_concurrency_limit", [("discard", "discard")]).ShouldBeFalse();
        Catalogue.IsServiceDefined("discard_time_limit", [("discard", "discard")]).ShouldBeFalse();
        Catalogue.SuffixesFor("discard").ShouldBeEmpty();
        Catalogue.SuffixesFor("smtpd").ShouldBeEmpty();
    }

    [Fact]
    public void The_command_is_matched_exactly_and_may_carry_its_arguments()
    {
        Catalogue.IsServiceDefined("maildrop_time_limit", [("maildrop", "pipe flags=DRXhu user=vmail argv=/usr/bin/maildrop")]).ShouldBeTrue();
        Catalogue.IsServiceDefined("relay_destination_concurrency_limit", [("relay", "/usr/lib/postfix/sbin/smtp")]).ShouldBeFalse();
        Catalogue.IsServiceDefined("relay_destination_concurrency_limit", [("relay", "SMTP")]).ShouldBeFalse();
    }

    [Fact]
    public void Delivery_commands_have_sixteen_suffixes_pipe_seventeen_and_spawn_one()
    {
        foreach (var command in new[] { "local", "error", "virtual", "smtp", "lmtp" })
        {
            Catalogue.SuffixesFor(command).Count.ShouldBe(16, command);
            Catalogue.SuffixesFor(command).ShouldNotContain(s => s.Suffix == "_time_limit");
        }

        Catalogue.SuffixesFor("pipe").Count.ShouldBe(17);
        Catalogue.SuffixesFor("spawn").Count.ShouldBe(1);
        Catalogue.ServiceParameterSuffixes.Count.ShouldBe((5 * 16) + 17 + 1);
    }

    [Fact]
    public void Service_defined_parameters_carry_the_default_and_type_postconf_gives_them()
    {
        Catalogue.TryGetServiceDefined("relay_destination_rate_delay", [("relay", "smtp")], out var parameter).ShouldBeTrue();
        parameter.ServiceName.ShouldBe("relay");
        parameter.Family.RawDefault.ShouldBe("$default_destination_rate_delay");
        parameter.Family.ValueType.ShouldBe(ParameterValueType.Time);

        Catalogue.TryGetServiceDefined("mypipe_time_limit", [("mypipe", "pipe")], out var timeLimit).ShouldBeTrue();
        timeLimit.Family.RawDefault.ShouldBe("$command_time_limit");
    }

    [Fact]
    public void Every_service_defined_parameter_postconf_lists_for_debians_master_cf_is_recognised()
    {
        var services = CatalogueTestData.DebianMasterServices();
        var builtin = CatalogueTestData.ReadDump("postconf-d-3.7-builtin-only.txt").Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        var extra = CatalogueTestData.ReadDump("postconf-d-3.7.txt").Where(d => !builtin.Contains(d.Name)).ToList();

        extra.Count.ShouldBe(212);
        foreach (var (name, rawDefault) in extra)
        {
            Catalogue.TryGetServiceDefined(name, services, out var parameter).ShouldBeTrue(name);
            parameter.Family.RawDefault.ShouldBe(rawDefault, name);
        }
    }

    [Fact]
    public void References_are_found_in_every_spelling()
    {
        ParameterCatalogue.ReferencedNames("$a ${b} $(c) ${ d } ${e?x} ${{$f} == {1}} $$g h").ShouldBe(["a", "b", "c", "d", "e", "f"]);
    }

    private static string FirstDifference(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            var e = i < expectedLines.Length ? expectedLines[i] : "<end of file>";
            var a = i < actualLines.Length ? actualLines[i] : "<end of file>";
            if (e != a)
            {
                return $"line {i + 1}: checked in \"{e}\", generated \"{a}\"";
            }
        }

        return "none";
    }
}
