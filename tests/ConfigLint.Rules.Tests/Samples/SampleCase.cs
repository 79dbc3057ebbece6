using ConfigLint.Core.Findings;
using System.Text;
using System.Text.RegularExpressions;
using ConfigLint.Core.Engine;
using ConfigLint.Core.Model;
using ConfigLint.Rules;
using ConfigLint.TestSupport;

namespace ConfigLint.Rules.Tests.Samples;

/// <summary>An expected finding: rule, file, line and column (null line and column for <c># expect-file:</c>).</summary>
public sealed record Expectation(string RuleId, string File, int? Line, int? Column = null)
{
    public override string ToString() => Line is null ? $"{RuleId} {File}" : $"{RuleId} {File}:{Line}:{Column}";
}

/// <summary>
/// One miniature configuration directory under samples/&lt;ID&gt;/bad*|good*. Expectations are
/// comment lines next to the input (ruff-style fixtures): <c># expect: PF101@14</c> directly above the
/// line that must be reported, with the column where the finding starts (exact spans are the
/// promise), <c># expect-file: PF001</c> for a finding anywhere in that file.
/// </summary>
public sealed partial class SampleCase
{
    private SampleCase(string ruleId, string name, string directory)
    {
        RuleId = ruleId;
        Name = name;
        Directory = directory;
    }

    public string RuleId { get; }

    public string Name { get; }

    public string Directory { get; }

    public bool IsBad => Name.StartsWith("bad", StringComparison.Ordinal);

    public string DisplayPrefix => $"samples/{RuleId}/{Name}/";

    public override string ToString() => $"{RuleId}/{Name}";

    [GeneratedRegex(@"^\s*#\s*expect(-file)?:\s*(.+?)\s*$")]
    private static partial Regex ExpectLine();

    [GeneratedRegex(@"^(PF[0-9]{3}|[A-Z][A-Z0-9]*[0-9]{3})@([0-9]+)$")]
    private static partial Regex ColumnMarker();

    public static IEnumerable<SampleCase> All()
    {
        foreach (var ruleDir in System.IO.Directory.GetDirectories(RepoPaths.Samples).Order(StringComparer.Ordinal))
        {
            var id = Path.GetFileName(ruleDir);
            if (!Regex.IsMatch(id, "^PF[0-9]{3}$"))
            {
                continue;
            }

            foreach (var caseDir in System.IO.Directory.GetDirectories(ruleDir).Order(StringComparer.Ordinal))
            {
                yield return new SampleCase(id, Path.GetFileName(caseDir), caseDir);
            }
        }
    }

    public static SampleCase Get(string key) => All().Single(c => c.ToString() == key);

    public HashSet<Expectation> Expectations()
    {
        var expected = new HashSet<Expectation>();
        foreach (var file in System.IO.Directory.GetFiles(Directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var display = DisplayPrefix + Path.GetRelativePath(Directory, file).Replace('\\', '/');
            var lines = Encoding.UTF8.GetString(File.ReadAllBytes(file)).Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n');
            var pending = new List<string>();
            for (var i = 0; i < lines.Length; i++)
            {
                var m = ExpectLine().Match(lines[i]);
                if (m.Success)
                {
                    var ids = m.Groups[2].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    if (m.Groups[1].Success)
                    {
                        foreach (var id in ids)
                        {
                            expected.Add(new Expectation(id, display, null));
                        }
                    }
                    else
                    {
                        pending.AddRange(ids);
                    }

                    var noColumn = m.Groups[1].Success ? null : ids.FirstOrDefault(id => !ColumnMarker().IsMatch(id));
                    noColumn.ShouldBeNull($"{display}:{i + 1}: write '# expect: {noColumn}@COLUMN' with the column the finding starts at");

                    continue;
                }

                foreach (var marker in pending)
                {
                    var c = ColumnMarker().Match(marker);
                    expected.Add(c.Success
                        ? new Expectation(c.Groups[1].Value, display, i + 1, int.Parse(c.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))
                        : new Expectation(marker, display, i + 1));
                }

                pending.Clear();
            }
        }

        return expected;
    }

    /// <summary>
    /// The sample checked exactly as <c>configlint check DIR</c> checks it: through the engine, with
    /// the stock master.cf where it has none. The findings are those it reports: a finding that a
    /// reasoned suppression comment in the sample silences is not one (the fixed version of a
    /// PF010 or PF011 sample is such a comment).
    /// </summary>
    public List<Finding> Run()
    {
        var result = LintEngine.Run(new LintRequest { Paths = [Directory], WorkingDirectory = RepoPaths.Root, BuiltInRules = BuiltInRules.Rules });
        result.Errors.ShouldBeEmpty($"{DisplayPrefix}: the sample could not be checked");
        return [.. result.Findings.Where(f => f.Suppression is null)];
    }

    /// <summary>The findings as expectations (a file-level expectation matches any line in that file).</summary>
    public HashSet<Expectation> Actual(IEnumerable<Finding> findings, HashSet<Expectation> expected)
    {
        var actual = new HashSet<Expectation>();
        foreach (var f in findings)
        {
            var fileLevel = new Expectation(f.RuleId, f.Span.File, null);
            actual.Add(expected.Contains(fileLevel) ? fileLevel : new Expectation(f.RuleId, f.Span.File, f.Span.StartLine, f.Span.StartColumn));
        }

        return actual;
    }
}
