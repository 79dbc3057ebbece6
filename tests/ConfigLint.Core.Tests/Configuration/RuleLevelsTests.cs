using ConfigLint.Core.Configuration;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Tests.Configuration;

/// <summary>Profiles and <c>rules:</c> turn into the levels the analyzer runs with.</summary>
public sealed class RuleLevelsTests
{
    // Stand-ins shaped like the built-in rules (categories, tags and default levels are what profiles select on).
    private static readonly RuleDescriptor[] Rules =
    [
        Rule("PF004", "aliases-syntax-error", "syntax", Severity.Warning, "syntax", "aliases"),
        Rule("PF002", "main-cf-syntax-error", "syntax", Severity.Error, "syntax"),
        Rule("PF010", "suppression-without-reason", "syntax", Severity.Warning, "suppressions"),
        Rule("PF011", "unused-suppression", "syntax", Severity.Note, "suppressions"),
        Rule("PF101", "open-relay-risk", "relay", Severity.Error, "security", "relay"),
        Rule("PF201", "ipv6-address-without-brackets", "listeners", Severity.Error, "correctness", "ipv6"),
        Rule("PF202", "loopback-only-overridden-by-master-address", "listeners", Severity.Error, "security", "exposure"),
        Rule("PF203", "backup-mx-without-proxy-interfaces", "listeners", Severity.Warning, "reliability", "mx"),
        Rule("TLS001", "weak-tls", "tls", Severity.Note, "security", "tls"),
    ];

    private static RuleDescriptor Rule(string id, string name, string category, Severity severity, params string[] tags) => new()
    {
        Id = id,
        Name = name,
        Title = name,
        Category = category,
        DefaultSeverity = severity,
        Message = "m",
        Summary = "s",
        Rationale = "r",
        Remediation = "x",
        Tags = tags,
    };

    private static Dictionary<string, Severity> Levels(string yaml)
    {
        var settings = SettingsLoader.Parse(yaml, Path.Combine(Path.GetTempPath(), ".configlint.yml"), ".configlint.yml");
        var selection = RuleLevels.Resolve(Rules, settings);
        return Rules.ToDictionary(r => r.Id, selection.SeverityOf);
    }

    private static Dictionary<string, Severity> Defaults() => Rules.ToDictionary(r => r.Id, r => r.DefaultSeverity);

    private static Dictionary<string, Severity> Changed(Dictionary<string, Severity> levels) =>
        levels.Where(kv => kv.Value != Defaults()[kv.Key]).ToDictionary();

    [Fact]
    public void No_settings_keep_the_defaults() => Changed(Levels("")).ShouldBeEmpty();

    [Fact]
    public void Ids_names_and_categories_relevel_and_the_most_specific_wins()
    {
        var levels = Levels("rules:\n  listeners: note\n  backup-mx-without-proxy-interfaces: error\n  pf201: off\n  tls: warning\n");
        Changed(levels).ShouldBe(new Dictionary<string, Severity>
        {
            ["PF201"] = Severity.None,
            ["PF202"] = Severity.Note,
            ["PF203"] = Severity.Error,
            ["TLS001"] = Severity.Warning,
        }, ignoreOrder: true);
    }

    [Fact]
    public void An_id_beats_a_name_whatever_the_order()
    {
        Levels("rules:\n  PF101: warning\n  open-relay-risk: off\n")["PF101"].ShouldBe(Severity.Warning);
    }

    [Fact]
    public void The_mx_profile_makes_relay_and_listener_rules_errors()
    {
        Changed(Levels("profiles: [mx]\n")).ShouldBe(new Dictionary<string, Severity> { ["PF203"] = Severity.Error });
    }

    [Fact]
    public void The_submission_profile_switches_off_mx_rules()
    {
        Changed(Levels("profiles: [submission]\n")).ShouldBe(new Dictionary<string, Severity> { ["PF203"] = Severity.None });
    }

    [Fact]
    public void The_null_client_profile_switches_off_mx_and_aliases_rules()
    {
        Changed(Levels("profiles: [null-client]\n")).ShouldBe(new Dictionary<string, Severity> { ["PF203"] = Severity.None, ["PF004"] = Severity.None }, ignoreOrder: true);
    }

    [Fact]
    public void The_cis_profile_makes_security_and_syntax_rules_errors()
    {
        Changed(Levels("profiles: [cis]\n")).ShouldBe(new Dictionary<string, Severity>
        {
            ["PF004"] = Severity.Error,
            ["TLS001"] = Severity.Error,
        }, ignoreOrder: true);
    }

    [Fact]
    public void The_stig_profile_makes_warnings_and_security_rules_errors()
    {
        Changed(Levels("profiles: [stig]\n")).ShouldBe(new Dictionary<string, Severity>
        {
            ["PF004"] = Severity.Error,
            ["PF010"] = Severity.Error,
            ["PF203"] = Severity.Error,
            ["TLS001"] = Severity.Error,
        }, ignoreOrder: true);
    }

    [Fact]
    public void Later_profiles_win_and_rules_beat_profiles()
    {
        Levels("profiles: [mx, submission]\n")["PF203"].ShouldBe(Severity.None);
        Levels("profiles: [submission, mx]\n")["PF203"].ShouldBe(Severity.Error);
        Levels("profiles: [submission]\nrules:\n  PF203: warning\n")["PF203"].ShouldBe(Severity.Warning);
    }

    [Fact]
    public void Every_documented_profile_exists_and_changes_something()
    {
        Profiles.All.Select(p => p.Name).ShouldBe(["mx", "submission", "null-client", "cis", "stig"]);
        foreach (var p in Profiles.All)
        {
            Changed(Levels($"profiles: [{p.Name}]\n")).ShouldNotBeEmpty($"profile {p.Name} changes nothing");
        }
    }

    [Fact]
    public void An_unknown_rule_key_is_an_error_at_its_line()
    {
        var e = Should.Throw<ConfigurationException>(() => Levels("rules:\n  PF101: off\n  PF1O1: off\n"));
        e.Line.ShouldBe(3);
        e.Message.ShouldContain("'PF1O1' is not a rule ID, rule name or category");
    }
}

/// <summary>An opt-in rule (manifest <c>enabled: false</c>) is off until settings or a profile name it.</summary>
public sealed class OptInRuleLevelsTests
{
    private static readonly RuleDescriptor[] Rules =
    [
        new()
        {
            Id = "PF912", Name = "redundant-default", Title = "t", Category = "hygiene", DefaultSeverity = Severity.Note,
            Message = "m", Summary = "s", Rationale = "r", Remediation = "x", Tags = ["hygiene"], EnabledByDefault = false,
        },
        new()
        {
            Id = "PF502", Name = "vrfy-enabled", Title = "t", Category = "protocol", DefaultSeverity = Severity.Warning,
            Message = "m", Summary = "s", Rationale = "r", Remediation = "x", Tags = ["security"], EnabledByDefault = false,
        },
        new()
        {
            Id = "PF503", Name = "helo-not-required", Title = "t", Category = "protocol", DefaultSeverity = Severity.Warning,
            Message = "m", Summary = "s", Rationale = "r", Remediation = "x", Tags = ["hardening", "spam"], EnabledByDefault = false,
        },
        new()
        {
            Id = "PF205", Name = "effective-listeners", Title = "t", Category = "listeners", DefaultSeverity = Severity.Note,
            Message = "m", Summary = "s", Rationale = "r", Remediation = "x", Tags = ["exposure", "inventory"], EnabledByDefault = false,
        },
    ];

    private static Severity Level(string yaml, string id)
    {
        var settings = SettingsLoader.Parse(yaml, Path.Combine(Path.GetTempPath(), ".configlint.yml"), ".configlint.yml");
        return RuleLevels.Resolve(Rules, settings).SeverityOf(Rules.Single(r => r.Id == id));
    }

    [Fact]
    public void An_opt_in_rule_is_off_by_default_and_on_when_named_or_selected_by_a_profile()
    {
        Level(string.Empty, "PF912").ShouldBe(Severity.None);
        Level("rules:\n  PF912: note\n", "PF912").ShouldBe(Severity.Note);
        Level("rules:\n  redundant-default: warning\n", "PF912").ShouldBe(Severity.Warning);
        Level(string.Empty, "PF502").ShouldBe(Severity.None);
        Level("profiles: [cis]\n", "PF502").ShouldBe(Severity.Error, "cis makes every security rule an error");
    }

    [Theory]
    [InlineData("", Severity.None, Severity.None, Severity.None)]
    [InlineData("profiles: [mx]\n", Severity.Warning, Severity.Warning, Severity.None)]
    [InlineData("profiles: [submission]\n", Severity.None, Severity.None, Severity.None)]
    [InlineData("profiles: [null-client]\n", Severity.None, Severity.None, Severity.Note)]
    [InlineData("profiles: [cis]\n", Severity.Error, Severity.Warning, Severity.Note)]
    [InlineData("profiles: [stig]\n", Severity.Error, Severity.Error, Severity.Note)]
    [InlineData("profiles: [mx]\nrules:\n  PF205: note\n", Severity.Warning, Severity.Warning, Severity.Note)]
    public void Vrfy_helo_and_the_listener_inventory_are_on_where_the_profiles_say(string yaml, Severity vrfy, Severity helo, Severity listeners)
    {
        Level(yaml, "PF502").ShouldBe(vrfy);
        Level(yaml, "PF503").ShouldBe(helo);

        // mx makes the listener rules errors but keeps the inventory off; the audits list it as a note.
        Level(yaml, "PF205").ShouldBe(listeners);
    }
}
