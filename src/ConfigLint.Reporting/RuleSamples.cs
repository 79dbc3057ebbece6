using System.Text;
using System.Text.RegularExpressions;
using ConfigLint.Core.Engine;
using ConfigLint.Core.Rules;

namespace ConfigLint.Reporting;

/// <summary>One file of a sample as a reader sees it: without the test markers.</summary>
/// <param name="Name">Its path inside the sample directory, with '/'.</param>
/// <param name="Bytes">Its content with the <c># expect:</c> lines removed.</param>
public sealed record SampleFile(string Name, byte[] Bytes)
{
    /// <summary>Longer files are not shown on a page (the example would drown in them).</summary>
    public const int MaxShownBytes = 4000;

    /// <summary>The text to show, or null for a binary file (a NUL byte) or one too long to show.</summary>
    public string? Text => Array.IndexOf(Bytes, (byte)0) >= 0 || Bytes.Length > MaxShownBytes
        ? null
        : Encoding.UTF8.GetString(Bytes).Replace("\r", string.Empty, StringComparison.Ordinal).TrimEnd('\n');

    public bool SameContentAs(SampleFile other) => Bytes.AsSpan().SequenceEqual(other.Bytes);
}

/// <summary>
/// A sample directory of a rule (<c>samples/&lt;ID&gt;/bad-&lt;case&gt;</c> or <c>good-&lt;case&gt;</c>)
/// as the rule's doc page shows it. <c>good-&lt;case&gt;</c> is the fixed version of
/// <c>bad-&lt;case&gt;</c>: the page shows such a pair as an example, with ConfigLint's output for
/// the bad one.
/// </summary>
public sealed partial class RuleSample
{
    private RuleSample(string name, IReadOnlyList<SampleFile> files)
    {
        Name = name;
        Files = files;
    }

    /// <summary>The directory name, e.g. <c>bad-world</c>.</summary>
    public string Name { get; }

    public bool IsBad => Name.StartsWith("bad", StringComparison.Ordinal);

    /// <summary>The name without <c>bad-</c> or <c>good-</c>: what pairs a bad sample with its fix.</summary>
    public string Case => Name.StartsWith("bad-", StringComparison.Ordinal) ? Name[4..]
        : Name.StartsWith("good-", StringComparison.Ordinal) ? Name[5..]
        : Name;

    /// <summary>The files in name order (a README.md in the directory is for contributors and left out).</summary>
    public IReadOnlyList<SampleFile> Files { get; }

    /// <summary>The test markers of the sample tests (<c># expect: ID</c>, <c># expect-file: ID</c>), which readers must not see.</summary>
    [GeneratedRegex(@"^\s*#\s*expect(-file)?:")]
    private static partial Regex TestMarker();

    public static bool IsTestMarker(string line) => TestMarker().IsMatch(line);

    /// <summary>Every sample directory of a rule, in name order; none when it has no samples.</summary>
    public static IReadOnlyList<RuleSample> Of(string samplesRoot, string ruleId)
    {
        var dir = Path.Combine(samplesRoot, ruleId);
        if (!Directory.Exists(dir))
        {
            return [];
        }

        return Directory.GetDirectories(dir)
            .Where(d => Path.GetFileName(d).StartsWith("bad", StringComparison.Ordinal) || Path.GetFileName(d).StartsWith("good", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(Load)
            .ToList();
    }

    private static RuleSample Load(string directory)
    {
        var files = Directory.GetFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => (Name: Path.GetRelativePath(directory, f).Replace('\\', '/'), Full: f))
            .Where(f => f.Name != "README.md")
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => new SampleFile(f.Name, WithoutTestMarkers(File.ReadAllBytes(f.Full))))
            .ToList();
        return new RuleSample(Path.GetFileName(directory), files);
    }

    /// <summary>
    /// The bytes without the marker lines. Done on bytes, not decoded text, so binary samples
    /// keep every other byte as it is. Removing a whole-line comment changes nothing Postfix
    /// reads: its reader of main.cf, master.cf and aliases ignores comment lines, also between
    /// the lines of one continued entry (readllines() in Postfix's src/util/readlline.c).
    /// </summary>
    private static byte[] WithoutTestMarkers(byte[] bytes)
    {
        var kept = new List<byte>(bytes.Length);
        var start = 0;
        while (start < bytes.Length)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', start);
            var next = end < 0 ? bytes.Length : end + 1;
            var line = Encoding.Latin1.GetString(bytes, start, (end < 0 ? bytes.Length : end) - start);
            if (!IsTestMarker(line))
            {
                kept.AddRange(bytes.AsSpan(start, next - start));
            }

            start = next;
        }

        return [.. kept];
    }

    /// <summary>
    /// What <c>configlint check .</c> prints in a directory holding exactly the shown files
    /// (default settings, no colour), without the first line naming ConfigLint's version, so the
    /// page does not change with every release. The real engine and text reporter produce it.
    /// </summary>
    public string Output(IReadOnlyList<LoadedRule> rules)
    {
        var dir = Directory.CreateTempSubdirectory("configlint-docs-");
        try
        {
            foreach (var file in Files)
            {
                var path = Path.Combine(dir.FullName, file.Name);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, file.Bytes);
            }

            // An empty settings file stops the search for a .configlint.yml in the directories
            // above the temporary one: the page shows the defaults, whatever the machine has.
            if (!Files.Any(f => f.Name is ".configlint.yml" or ".configlint.yaml"))
            {
                File.WriteAllText(Path.Combine(dir.FullName, ".configlint.yml"), string.Empty);
            }

            var result = LintEngine.Run(new LintRequest { Paths = ["."], WorkingDirectory = dir.FullName, BuiltInRules = rules });
            if (result.Errors.Count > 0)
            {
                throw new InvalidOperationException($"sample {Name} could not be checked: {string.Join("; ", result.Errors)}");
            }

            var report = ReportInput.From(result, category: null, toolVersion: string.Empty) with { Target = null };
            using var text = new StringWriter { NewLine = "\n" };
            new TextReporter().Write(report, text);
            var output = text.ToString().TrimEnd('\n');
            return output.Contains(dir.FullName, StringComparison.Ordinal)
                ? throw new InvalidOperationException($"the output for sample {Name} names the temporary directory it ran in")
                : output;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
