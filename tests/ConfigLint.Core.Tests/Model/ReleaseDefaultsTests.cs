using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Model;
using ConfigLint.Core.Tests.Catalogue;
using Xunit.Abstractions;

namespace ConfigLint.Core.Tests.Model;

/// <summary>
/// The proof of issue 10: for every release of the catalogue (3.4 … 3.11) and every compatibility level it
/// knows, the model's value of every parameter equals what that release's <c>postconf -x</c> printed with
/// main.cf = <c>compatibility_level = L</c> and its stock master.cf (tests/data/postfix/versions/X.Y/
/// postconf-x-compat-L.txt): all built-in parameters and the service-derived names of the stock master.cf.
/// The level expressions of the raw defaults go through the model's expander, not a lookup table. Debian's
/// installed 3.7 against the model: <see cref="CatalogueDefaultsTests"/>.
/// </summary>
public sealed class ReleaseDefaultsTests(ITestOutputHelper output)
{
    /// <summary>Values postconf takes from its own process (the dumps blank process_id), not from configuration.</summary>
    private static readonly HashSet<string> PerProcess = ["process_id", "process_name"];

    /// <summary>Every (release, level) with a dump, oldest release first.</summary>
    public static TheoryData<string, string> ReleaseLevels()
    {
        var data = new TheoryData<string, string>();
        foreach (var series in ReleaseData.Series)
        {
            foreach (var level in ReleaseData.DumpedLevels(series))
            {
                data.Add(series, level);
            }
        }

        return data;
    }

    private static string Fold(string value) => string.Join(' ', value.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public void The_proof_covers_all_eight_releases_and_every_level_each_one_knows()
    {
        var rows = ReleaseLevels().Select(r => ((string)r[0], (string)r[1])).ToList();

        rows.Select(r => r.Item1).Distinct().ShouldBe(PostfixReleases.All.Select(r => r.Series));
        rows.Count.ShouldBe(PostfixReleases.All.Sum(r => r.KnownCompatibilityLevels.Count));
        rows.Count.ShouldBe(31);
        foreach (var release in PostfixReleases.All)
        {
            rows.Where(r => r.Item1 == release.Series).Select(r => r.Item2).ShouldBe(release.KnownCompatibilityLevels);
        }
    }

    [Theory]
    [MemberData(nameof(ReleaseLevels))]
    public void Every_parameter_at_every_level_equals_the_releases_postconf_x_dump(string series, string level)
    {
        var release = PostfixReleases.Get(series);
        var dump = ReleaseData.ReadDump(series, $"postconf-x-compat-{level}.txt");

        // The dumps were made on host.example.test with loopback only: the catalogue's host-dependent
        // defaults are those values, so the model needs no host facts.
        var config = PostfixConfig.FromText($"compatibility_level = {level}\n", assumeStockMasterCf: true, release: release);
        config.Diagnostics.ShouldBeEmpty();
        config.CompatibilityLevel.ShouldBe(level);

        var differences = new List<string>();
        var builtins = 0;
        var serviceDerived = 0;
        foreach (var (name, expected) in dump)
        {
            if (release.Parameters.IsBuiltin(name))
            {
                builtins++;
            }
            else if (config.TryGetServiceDefined(name, out _))
            {
                serviceDerived++;
            }
            else
            {
                differences.Add($"{name}: in the dump, but neither built-in nor service-derived in the model");
                continue;
            }

            if (PerProcess.Contains(name))
            {
                continue;
            }

            var actual = config.Get(name);
            if (actual.Expanded.Error is { } error)
            {
                differences.Add($"{name}: ours fails ({error}), postconf '{expected}'");
            }
            else if (Fold(actual.Value) != Fold(expected))
            {
                differences.Add($"{name}: ours '{actual.Value}', postconf '{expected}'");
            }
        }

        output.WriteLine($"{series} at level {level}: {builtins} built-in and {serviceDerived} service-derived parameters, {differences.Count} differences");
        differences.ShouldBeEmpty();
        builtins.ShouldBe(release.Parameters.All.Count);
        serviceDerived.ShouldBe(ReleaseData.ReadDump(series, "postconf-d.txt").Count - release.Parameters.All.Count);
        serviceDerived.ShouldBeGreaterThan(0);
    }

    [Theory]
    [MemberData(nameof(ReleaseLevels))]
    public void The_default_at_a_level_equals_the_dump_of_that_level_whatever_level_main_cf_has(string series, string level)
    {
        var release = PostfixReleases.Get(series);
        var dump = ReleaseData.ReadDump(series, $"postconf-x-compat-{level}.txt").ToDictionary(d => d.Name, d => d.Value, StringComparer.Ordinal);

        // A main.cf at another level: DefaultAt evaluates the built-in defaults as if it were at this one.
        var other = level == CompatibilityLevels.Default ? release.NewestCompatibilityLevel : CompatibilityLevels.Default;
        var config = PostfixConfig.FromText($"compatibility_level = {other}\n", assumeStockMasterCf: true, release: release);

        var differences = release.Parameters.All
            .Where(p => !PerProcess.Contains(p.Name) && p.Name != "compatibility_level")
            .Select(p => (p.Name, Ours: config.DefaultAt(p.Name, level).Value, Theirs: dump[p.Name]))
            .Where(x => Fold(x.Ours) != Fold(x.Theirs))
            .Select(x => $"{x.Name}: ours '{x.Ours}', postconf '{x.Theirs}'")
            .ToList();

        differences.ShouldBeEmpty();
    }

    [Fact]
    public void With_3_11_and_level_3_11_the_smtp_client_encrypts_opportunistically()
    {
        // RELEASE_NOTES-3.11: at compatibility_level 3.11 smtp_tls_security_level defaults to "may".
        var config = PostfixConfig.FromText("compatibility_level = 3.11\n", release: PostfixReleases.Get("3.11"));

        config.Get("smtp_tls_security_level").Value.ShouldBe("may");
        config.Get("tlsproxy_client_security_level").Value.ShouldBe("may");
        config.DefaultAt("smtp_tls_security_level", "3.6").Value.ShouldBe(string.Empty);
        config.Catalogue.LevelDependent.Select(p => p.Name).ShouldContain("smtp_tls_security_level");
    }
}
