using ConfigLint.Core.Model;
using Shouldly;
using Xunit;

namespace ConfigLint.Core.Tests.Model;

/// <summary>What <see cref="ConfigTree.FindFiles"/> looks in (PF801 finds password tables with it).</summary>
public sealed class ConfigTreeTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("configlint-tree-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    private void Write(string relative)
    {
        var full = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, "x\n");
    }

    [Fact]
    public void Files_with_the_suffix_are_found_three_directories_deep_in_name_order_but_not_in_hidden_or_linked_places()
    {
        foreach (var file in new[]
        {
            "sasl_passwd", "b/relay_passwd", "a/sasl_passwd", "a/b/c/deep_passwd", "a/b/c/d/too_deep_passwd",
            ".hidden_passwd", ".git/x_passwd", "node_modules/y_passwd", "a/passwd.db", "a/passwdx", "a/sub_passwd/inside_passwd",
        })
        {
            Write(file);
        }

        Directory.CreateDirectory(Path.Combine(root, "elsewhere"));
        File.WriteAllText(Path.Combine(root, "elsewhere", "other_passwd"), "x\n");
        Directory.CreateSymbolicLink(Path.Combine(root, "linked"), Path.Combine(root, "elsewhere"));
        File.CreateSymbolicLink(Path.Combine(root, "link_passwd"), Path.Combine(root, "sasl_passwd"));

        new ConfigTree(root, "cfg/").FindFiles("_passwd").ShouldBe(
        [
            "a/b/c/deep_passwd", "a/sasl_passwd", "a/sub_passwd/inside_passwd", "b/relay_passwd", "elsewhere/other_passwd", "sasl_passwd",
        ]);
    }

    [Fact]
    public void With_discoverys_listing_of_a_root_of_files_only_absent_names_are_known_without_asking_and_matches_are_still_walked()
    {
        Write("main.cf");
        Write("sasl_passwd");
        File.CreateSymbolicLink(Path.Combine(root, "link_passwd"), Path.Combine(root, "sasl_passwd"));
        var top = TopFiles.Of(["sasl_passwd", "main.cf", "link_passwd"]);
        var tree = new ConfigTree(root, "cfg/", top: top);

        tree.MayExist("main.cf").ShouldBeTrue();
        tree.MayExist("etc/../main.cf").ShouldBeTrue("as File.Exists reads it");
        tree.MayExist(Path.Combine(root, "main.cf")).ShouldBeTrue();
        tree.MayExist("aliases").ShouldBeFalse();
        tree.MayExist("etc/aliases").ShouldBeFalse("nothing lies below a root of files only");
        tree.MayExist("../elsewhere").ShouldBeTrue("outside the root: the file system decides");

        // A name with the suffix is there: the walk runs and judges it (the link is left out, as without the listing).
        tree.FindFiles("_passwd").ShouldBe(["sasl_passwd"]);

        // None is: nothing is listed again, even where the disk has gained one since.
        new ConfigTree(root, "cfg/", top: TopFiles.Of(["main.cf"])).FindFiles("_passwd").ShouldBeEmpty();
        new ConfigTree(root, "cfg/").FindFiles("_passwd").ShouldBe(["sasl_passwd"]);
        new ConfigTree(root, "cfg/").MayExist("aliases").ShouldBeTrue("without a listing nothing is known");
    }

    [Fact]
    public void The_usual_sets_of_names_are_one_instance_each_and_others_keep_every_name()
    {
        TopFiles.Of(["master.cf", "main.cf"]).ShouldBeSameAs(TopFiles.Of(["main.cf", "master.cf"]));
        TopFiles.Of(["main.cf", "master.cf"]).Names.ShouldBe(["main.cf", "master.cf"]);
        TopFiles.Of([]).Names.ShouldBeEmpty();
        TopFiles.Of(["aliases", "main.cf", "master.cf"]).Names.ShouldBe(["aliases", "main.cf", "master.cf"]);
        var other = TopFiles.Of(["main.cf", ".hidden", "relay_passwd"]);
        other.Names.ShouldBe([".hidden", "main.cf", "relay_passwd"]);
        other.Contains("relay_passwd").ShouldBeTrue();
        other.Contains("master.cf").ShouldBeFalse();
    }
}
