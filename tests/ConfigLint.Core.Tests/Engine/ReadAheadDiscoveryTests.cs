using ConfigLint.Core.Configuration;
using ConfigLint.Core.Engine;
using Shouldly;
using Xunit;

namespace ConfigLint.Core.Tests.Engine;

/// <summary>
/// Discovery lists the subdirectories of a large directory on other threads ahead of the walk
/// (ConfigDiscovery's read-ahead). What it finds, skips and reports, and in which order, must be what
/// the walk finds alone: templates, directories whose settings are unusable, links, nested fleets.
/// </summary>
public sealed class ReadAheadDiscoveryTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("configlint-readahead-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void The_read_ahead_finds_what_the_walk_alone_finds(int readers)
    {
        Build();
        var unusable = new HashSet<string>(StringComparer.Ordinal) { Path.Combine(root, "host017"), Path.Combine(root, "host099") };
        ConfigLintSettings? SettingsFor(string dir) => unusable.Contains(dir) ? null : ConfigLintSettings.Default;

        var alone = ConfigDiscovery.Find([root], root, SettingsFor);
        var ahead = ConfigDiscovery.Find([root], root, SettingsFor, readers: readers);

        alone.Inputs.Count.ShouldBe(150 - 2 + 70, "every host but the two with unusable settings, and the nested fleet");
        alone.Skipped.Count.ShouldBeGreaterThanOrEqualTo(20, "the templates are skipped");
        ahead.Inputs.ShouldBe(alone.Inputs);
        ahead.Skipped.ShouldBe(alone.Skipped);
        ahead.Errors.ShouldBe(alone.Errors);
        ahead.EmptyPaths.ShouldBe(alone.EmptyPaths);
    }

    [Fact]
    public void Directories_the_walk_does_not_enter_leave_nothing_of_what_was_read_ahead()
    {
        Build();

        // The walk stops at the settings of every host but one: the read-ahead has read (some of)
        // them anyway, and nothing of what it read may appear.
        var first = Path.Combine(root, "host001");
        ConfigLintSettings? SettingsFor(string dir) => dir == root || dir == first ? ConfigLintSettings.Default : null;
        var found = ConfigDiscovery.Find([root], root, SettingsFor, readers: 2);

        found.Inputs.ShouldHaveSingleItem().Directory.ShouldBe(first);
        found.Skipped.ShouldBeEmpty("host000's template was read ahead, but the walk never entered host000");
        found.Inputs.ShouldBe(ConfigDiscovery.Find([root], root, SettingsFor).Inputs);
    }

    [Fact]
    public void A_directory_is_asked_for_without_its_own_settings_file_only_when_its_listing_has_none()
    {
        Build();

        // Named like a settings file in any case, or a directory of that name: looked for as usual.
        File.WriteAllText(Path.Combine(root, "host003", ".configlint.yml"), "fail_level: error\n");
        File.WriteAllText(Path.Combine(root, "host004", ".ConfigLint.YAML"), "fail_level: error\n");
        Directory.CreateDirectory(Path.Combine(root, "host005", ".configlint.yaml"));
        var asked = new Dictionary<string, string>(StringComparer.Ordinal);
        ConfigLintSettings? Any(string dir)
        {
            asked[dir] = "any";
            return ConfigLintSettings.Default;
        }

        ConfigLintSettings? Unset(string dir)
        {
            asked[dir] = "unset";
            return ConfigLintSettings.Default;
        }

        var found = ConfigDiscovery.Find([root], root, Any, readers: 2, settingsForUnset: Unset);

        found.Inputs.Count.ShouldBe(150 + 70);
        asked[Path.Combine(root, "host001")].ShouldBe("unset", "read ahead, and nothing in it is named like a settings file");
        asked[Path.Combine(root, "host003")].ShouldBe("any");
        asked[Path.Combine(root, "host004")].ShouldBe("any");
        asked[Path.Combine(root, "host005")].ShouldBe("any");
        asked[root].ShouldBe("any", "the walk reads the root itself");
        asked[Path.Combine(root, "nested", "node01")].ShouldBe("any", "the nested fleet is read by the walk, not ahead");
    }

    /// <summary>
    /// 150 hosts, every seventh main.cf a Jinja template (by its text), a link to a host directory,
    /// and a nested fleet of 70 more (its own read-ahead would be a second level: the walk reads it).
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void A_configuration_directory_of_files_only_comes_with_their_names_and_one_with_a_directory_without(int readers)
    {
        Build();
        File.WriteAllText(Path.Combine(root, "host001", "sasl_passwd"), "x\n");
        File.WriteAllText(Path.Combine(root, "host002", ".hidden"), "x\n");
        Directory.CreateDirectory(Path.Combine(root, "host003", "tls"));
        File.CreateSymbolicLink(Path.Combine(root, "host004", "aliases"), "/etc/aliases");

        var inputs = ConfigDiscovery.Find([root], root, _ => ConfigLintSettings.Default, readers: readers).Inputs.ToDictionary(i => Path.GetFileName(i.Directory), i => i.Top);

        inputs["host005"].ShouldNotBeNull().Names.ShouldBe(["main.cf", "master.cf"]);
        inputs["host005"].ShouldBeSameAs(inputs["host006"], "the usual names are one instance for every directory");
        inputs["host001"].ShouldNotBeNull().Names.ShouldBe(["main.cf", "master.cf", "sasl_passwd"]);
        inputs["host002"].ShouldNotBeNull().Names.ShouldBe([".hidden", "main.cf", "master.cf"]);
        inputs["host003"].ShouldBeNull("below a directory the tree must look for itself");
        inputs["host004"].ShouldNotBeNull().Names.ShouldBe(["aliases", "main.cf", "master.cf"]);
        inputs.ContainsKey("host050-link").ShouldBeFalse();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Only_subdirectories_the_walk_entered_are_said_to_be_no_link(int readers)
    {
        // The checks resolve such a directory through its parent without readlink(2): the directory named
        // on the command line, or reached through a link, must never be one of them.
        Build();
        File.WriteAllText(Path.Combine(root, "main.cf"), "myhostname = top.example.org\n");

        var found = ConfigDiscovery.Find([root], root, _ => ConfigLintSettings.Default, readers: readers);
        var linked = ConfigDiscovery.Find([Path.Combine(root, "host050-link")], root, _ => ConfigLintSettings.Default, readers: readers);

        found.Inputs.Single(i => i.Directory == root).ListedAsNoLink.ShouldBeFalse();
        found.Inputs.Where(i => i.Directory != root).ShouldAllBe(i => i.ListedAsNoLink);
        found.Inputs.ShouldNotContain(i => i.Directory.Contains("host050-link"), "a link to a directory is not walked");
        linked.Inputs.ShouldHaveSingleItem().ListedAsNoLink.ShouldBeFalse();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(40)]
    public void A_link_to_a_directory_is_never_walked_whether_few_or_many_directories_are_listed(int directories)
    {
        // Few subdirectories are each asked whether they are a link; from four on, the directory is listed
        // again without links. Either way a link to a configuration is not walked, and every real one is.
        for (var i = 0; i < directories; i++)
        {
            var dir = Path.Combine(root, $"d{i:D2}");
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "main.cf"), "compatibility_level = 3.6\n");
        }

        Directory.CreateSymbolicLink(Path.Combine(root, "a-link"), Path.Combine(root, "d00"));
        Directory.CreateSymbolicLink(Path.Combine(root, "z-link"), Path.Combine(root, $"d{directories - 1:D2}"));
        File.CreateSymbolicLink(Path.Combine(root, "main.cf"), Path.Combine(root, "d00", "main.cf"));

        var found = ConfigDiscovery.Find([root], root, _ => ConfigLintSettings.Default, readers: 2);

        found.Inputs.Select(i => Path.GetFileName(i.Directory)).ShouldBe(
            [Path.GetFileName(root), .. Enumerable.Range(0, directories).Select(i => $"d{i:D2}")],
            "the root (its main.cf is a link to a file, which the model judges), then every real directory");
    }

    private void Build()
    {
        for (var i = 0; i < 150; i++)
        {
            var dir = Path.Combine(root, $"host{i:D3}");
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "main.cf"), i % 7 == 0 ? "myhostname = {{ inventory_hostname }}\n" : $"myhostname = host{i}.example.org\n");
            File.WriteAllText(Path.Combine(dir, "master.cf"), "smtp inet n - y - - smtpd\n");
        }

        Directory.CreateSymbolicLink(Path.Combine(root, "host050-link"), Path.Combine(root, "host050"));
        for (var i = 0; i < 70; i++)
        {
            var dir = Path.Combine(root, "nested", $"node{i:D2}");
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "main.cf"), "compatibility_level = 3.6\n");
        }
    }
}
