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
}
