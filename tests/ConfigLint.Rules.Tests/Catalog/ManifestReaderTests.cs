using System.Text.Json;
using ConfigLint.Core.Rules;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ConfigLint.Rules.Tests.Catalog;

/// <summary>
/// Issue 13: manifests, built-in and users', are read by <see cref="ManifestReader"/> (parser events, no
/// reflection, so a native build reads them too) instead of YamlDotNet's reflection-based deserializer.
/// The two must make the same <see cref="RuleManifest"/> of every built-in manifest and of every key a
/// manifest can have.
/// </summary>
public sealed class ManifestReaderTests
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();

    public static TheoryData<string> BuiltInManifests() => new(BuiltInManifestsCode.Files().Select(f => f.Source));

    [Theory]
    [MemberData(nameof(BuiltInManifests))]
    public void Every_built_in_manifest_reads_as_the_deserializer_reads_it(string name)
    {
        var yaml = BuiltInManifestsCode.Files().Single(f => f.Source == name).Yaml;

        Json(ManifestReader.Read(yaml, name)).ShouldBe(Json(Deserializer.Deserialize<RuleManifest>(yaml)));
    }

    [Fact]
    public void Every_key_and_every_null_form_reads_as_the_deserializer_reads_it()
    {
        const string yaml = """
            id: ACME001
            name: every-key
            title: "Quoted: title"
            category: custom
            severity: warning
            message: >-
              folded
              text
            summary: |
              literal
              text
            rationale: plain
            remediation:
            exceptions: ~
            references: [https://example.com/a, 'https://example.com/b']
            tags:
              - one
              - two
            precision: null
            security_severity: '7.5'
            status: experimental
            fix: safe
            enabled: false
            since: 0.1.0
            logic: coded
            check:
              parameter: smtpd_banner
              scope: every-smtpd
              equals: x
              not_equals: y
              one_of: [a, b]
              not_one_of: [c]
              matches: ^a
              list_contains: z
              list_lacks: w
              is_set: true
            thresholds:
              wide: "16"
              narrow: 24
            phase: after-suppressions
            needs: [main.cf, master.cf]
            """;

        var read = ManifestReader.Read(yaml, "every.yaml");

        Json(read).ShouldBe(Json(Deserializer.Deserialize<RuleManifest>(yaml)));
        read!.Remediation.ShouldBeNull();
        read.Message.ShouldBe("folded text");
        read.Check!.IsSet.ShouldBe(true);
        ManifestReader.Read(string.Empty, "empty.yaml").ShouldBeNull();
    }

    [Fact]
    public void An_unknown_key_is_an_error_at_its_line()
    {
        var e = Should.Throw<RuleManifestException>(() => ManifestReader.Read("id: PF999\nname: x\nseverty: error\n", "rules/x/PF999.yaml"));

        e.Line.ShouldBe(3);
        e.Message.ShouldBe("rules/x/PF999.yaml:3: unknown key 'severty'");
    }

    private static string Json(RuleManifest? manifest) => JsonSerializer.Serialize(manifest);
}
