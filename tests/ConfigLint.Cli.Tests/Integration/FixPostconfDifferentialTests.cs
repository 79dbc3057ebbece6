using System.Text.RegularExpressions;
using ConfigLint.Core.Engine;
using ConfigLint.TestSupport;
using Shouldly;
using Xunit;
using Xunit.Abstractions;

namespace ConfigLint.Cli.Tests.Integration;

/// <summary>
/// Issue 12's differential proof: for every bad sample and corpus file, <c>postconf -n</c> and
/// <c>postconf -P</c> (the installed Postfix) of the fixed files differ from the originals' only in
/// parameters the applied fixes wrote: a name on a line a fix replaced, or a name its new text
/// sets. Safe fixes only, then safe and unsafe together.
/// </summary>
[SystemTest]
public sealed partial class FixPostconfDifferentialTests(ITestOutputHelper output)
{
    [RequiresPostfixFact]
    public void Postconf_of_the_fixed_files_differs_only_in_what_the_fixes_wrote()
    {
        Prerequisites.RequirePostfix();
        var compared = 0;
        var failures = new List<string>();
        foreach (var (name, _) in FixCases.All())
        {
            foreach (var unsafeFixes in new[] { false, true })
            {
                using var copy = FixCases.Copy(name);
                if (FixCases.Fix(copy.Root, unsafeFixes, write: false).Files.Count == 0)
                {
                    continue;
                }

                var before = Views(copy.Root);
                var result = FixCases.Fix(copy.Root, unsafeFixes, write: true);

                var allowed = Written(result);
                var after = Views(copy.Root);
                compared++;
                var changed = before.Keys.Union(after.Keys)
                    .Where(k => !before.TryGetValue(k, out var b) || !after.TryGetValue(k, out var a) || a != b)
                    .ToList();
                var unexpected = changed.Where(k => !allowed.Contains(k.Split('|')[^1])).ToList();
                output.WriteLine($"{name} ({(unsafeFixes ? "unsafe" : "safe")}): postconf differs in [{string.Join(", ", changed)}]; fixes wrote [{string.Join(", ", allowed.Order(StringComparer.Ordinal))}]");
                if (unexpected.Count > 0)
                {
                    failures.Add($"{name}: postconf differs in {string.Join(", ", unexpected)}, which no fix wrote");
                }
            }
        }

        compared.ShouldBeGreaterThan(20, "the samples hold fixable findings");
        failures.ShouldBeEmpty();
    }

    /// <summary>postconf -n (name → value) and postconf -P (service|name → value) of a directory.</summary>
    private static Dictionary<string, string> Views(string dir)
    {
        var views = new Dictionary<string, string>(StringComparer.Ordinal);
        var n = Postconf.Run(dir, "-n");
        foreach (var p in PostconfOutput.ParseNameValues(n.Stdout))
        {
            views[p.Name] = p.Value;
        }

        if (File.Exists(Path.Combine(dir, "master.cf")))
        {
            foreach (var p in PostconfOutput.ParseMasterP(Postconf.Run(dir, "-P").Stdout))
            {
                views[$"{p.Service}/{p.Type}|{p.Name}"] = p.Value;
            }
        }

        // A file postconf refuses is compared by what it says about it.
        views["(exit)"] = n.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // Each run's sandbox is another directory.
        views.Remove("config_directory");
        return views;
    }

    /// <summary>Every parameter name a fix touched: on the lines it replaced (before), and in its new text.</summary>
    private static HashSet<string> Written(FixResult result)
    {
        var names = new HashSet<string>(StringComparer.Ordinal) { "(exit)" };
        foreach (var pass in result.Passes)
        {
            var lines = pass.Before.Split('\n');
            foreach (var r in pass.Fixes.SelectMany(f => f.Finding.Fix!.Replacements))
            {
                // The logical line a replaced line belongs to: back to the line that starts it.
                for (var line = r.Span.StartLine; line <= Math.Min(r.Span.EndLine, lines.Length); line++)
                {
                    // (Comment and blank lines inside a logical line do not end it: postconf(5).)
                    var start = line;
                    while (start > 1 && IsContinuationOrComment(lines[start - 1]))
                    {
                        start--;
                    }

                    names.UnionWith(NamesIn(lines[start - 1]));
                    names.UnionWith(NamesIn(lines[line - 1]));
                }

                names.UnionWith(NamesIn(r.NewText));
            }
        }

        return names;
    }

    private static bool IsContinuationOrComment(string line) =>
        line.Trim().Length == 0 || line.TrimStart().StartsWith('#')
        || (char.IsWhiteSpace(line[0]) && !line.TrimStart().StartsWith("-o", StringComparison.Ordinal));

    private static IEnumerable<string> NamesIn(string text) =>
        AssignedName().Matches(text).Select(m => m.Groups[1].Value).Concat(OptionName().Matches(text).Select(m => m.Groups[1].Value));

    [GeneratedRegex(@"(?m)^[\s\uFEFF]*([A-Za-z0-9_]+)\s*=")]
    private static partial Regex AssignedName();

    [GeneratedRegex(@"-o\s*\{?\s*([A-Za-z0-9_]+)\s*=")]
    private static partial Regex OptionName();
}
