using ConfigLint.Reporting;

namespace ConfigLint.Reporting.Tests;

/// <summary>The diff of <c>configlint fix --diff</c> reads like diff -u and git diff.</summary>
public sealed class UnifiedDiffTests
{
    [Fact]
    public void One_changed_line_with_three_lines_of_context()
    {
        var before = string.Join(string.Empty, Enumerable.Range(1, 10).Select(i => $"l{i}\n"));
        var after = before.Replace("l5\n", "L5\n", StringComparison.Ordinal);
        UnifiedDiff.Render("etc/main.cf", before, after).ShouldBe(
            "--- a/etc/main.cf\n+++ b/etc/main.cf\n@@ -2,7 +2,7 @@\n l2\n l3\n l4\n-l5\n+L5\n l6\n l7\n l8\n");
    }

    [Fact]
    public void Distant_changes_make_two_hunks_and_near_ones_one()
    {
        var before = string.Join(string.Empty, Enumerable.Range(1, 20).Select(i => $"l{i}\n"));
        var two = UnifiedDiff.Render("f", before, before.Replace("l2\n", "x\n", StringComparison.Ordinal).Replace("l18\n", "y\n", StringComparison.Ordinal));
        two.Split("\n@@ ").Length.ShouldBe(3);
        two.ShouldContain("@@ -1,5 +1,5 @@");
        two.ShouldContain("@@ -15,6 +15,6 @@");
        var one = UnifiedDiff.Render("f", before, before.Replace("l2\n", "x\n", StringComparison.Ordinal).Replace("l7\n", "y\n", StringComparison.Ordinal));
        one.Split("\n@@ ").Length.ShouldBe(2);
    }

    [Fact]
    public void Removed_and_inserted_lines_and_a_missing_final_newline()
    {
        UnifiedDiff.Render("f", "a\nb\nc", "a\nc").ShouldBe("--- a/f\n+++ b/f\n@@ -1,3 +1,2 @@\n a\n-b\n c\n\\ No newline at end of file\n");
        UnifiedDiff.Render("f", "a\n", "# note\na\n").ShouldBe("--- a/f\n+++ b/f\n@@ -1 +1,2 @@\n+# note\n a\n");
    }

    [Fact]
    public void A_file_outside_the_repository_keeps_its_absolute_name_without_a_and_b() =>
        UnifiedDiff.Render("/srv/postfix/main.cf", "a\n", "b\n").ShouldBe("--- /srv/postfix/main.cf\n+++ /srv/postfix/main.cf\n@@ -1 +1 @@\n-a\n+b\n");

    [Fact]
    public void Equal_texts_give_only_the_header() =>
        UnifiedDiff.Render("f", "a\n", "a\n").ShouldBe("--- a/f\n+++ b/f\n");
}
