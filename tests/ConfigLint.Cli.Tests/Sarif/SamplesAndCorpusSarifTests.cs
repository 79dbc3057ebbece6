using ConfigLint.Core.Findings;
using System.Text.Json;
using ConfigLint.Core.Engine;
using ConfigLint.Core.Model;
using ConfigLint.Reporting;
using ConfigLint.Rules;
using ConfigLint.TestSupport;
using Xunit.Abstractions;

namespace ConfigLint.Cli.Tests.Sarif;

/// <summary>
/// The SARIF ConfigLint writes for every sample and every real-world corpus file passes both
/// validators (official schema + multitool with GitHub's ingestion rules), in CI.
/// </summary>
[SystemTest]
public sealed class SamplesAndCorpusSarifTests(ITestOutputHelper output)
{
    private static IEnumerable<(string Name, string Directory, string Prefix, ConfigFiles Files)> Inputs()
    {
        foreach (var ruleDir in Directory.GetDirectories(RepoPaths.Samples).Order(StringComparer.Ordinal))
        {
            foreach (var caseDir in Directory.GetDirectories(ruleDir).Order(StringComparer.Ordinal))
            {
                var rel = Path.GetRelativePath(RepoPaths.Root, caseDir).Replace('\\', '/');
                yield return (rel, caseDir, rel + "/", new ConfigFiles());
            }
        }

        foreach (var row in File.ReadAllLines(Path.Combine(RepoPaths.Corpus, "MANIFEST.tsv")).Skip(1).Select(l => l.Split('\t')).Where(r => r[0].StartsWith("corpus/", StringComparison.Ordinal)))
        {
            var file = Path.Combine(RepoPaths.Data, row[0]);
            var name = Path.GetFileName(file);
            var files = row[5] switch
            {
                "main.cf" => new ConfigFiles(name, null, null),
                "master.cf" => new ConfigFiles(null, name, null),
                _ => new ConfigFiles(null, null, name),
            };
            yield return (row[0], Path.GetDirectoryName(file)!, Path.GetDirectoryName(row[0])!.Replace('\\', '/') + "/", files);
        }
    }

    /// <summary>
    /// One log for all samples and one for the whole corpus, as a single <c>configlint check</c> over
    /// many paths writes it (one run, every rule listed): the multitool costs seconds per log.
    /// </summary>
    [RequiresSarifValidatorsFact]
    public void Sarif_of_every_sample_and_corpus_file_passes_both_validators()
    {
        Prerequisites.RequireSarifValidators();
        var dir = Directory.CreateTempSubdirectory("configlint-sarif-");
        try
        {
            var rules = BuiltInRules.Rules;
            var groups = Inputs().GroupBy(i => i.Name.StartsWith("samples/", StringComparison.Ordinal) ? "samples" : "corpus");
            var written = new List<string>();
            foreach (var group in groups)
            {
                var findings = new List<ConfigLint.Core.Findings.Finding>();
                var sources = new Dictionary<string, IReadOnlyList<string>>();
                foreach (var (name, directory, prefix, files) in group)
                {
                    var config = PostfixConfig.Load(directory, prefix, files);
                    findings.AddRange(Analyzer.Run(config, rules));
                    foreach (var (loaded, lines) in config.SourceFiles)
                    {
                        sources[loaded] = lines;
                    }
                }

                var input = new ReportInput(rules.Select(r => r.Descriptor).ToList(), findings, p => sources.GetValueOrDefault(p), "configlint/" + group.Key, "0.1.0", null);
                var path = Path.Combine(dir.FullName, $"{group.Key}.sarif");
                using (var writer = new StreamWriter(path))
                {
                    new SarifReporter().Write(input, writer);
                }

                // Every result has a region and a relative URI, whatever the validators say.
                using var doc = JsonDocument.Parse(File.ReadAllText(path));
                var results = doc.RootElement.GetProperty("runs")[0].GetProperty("results");
                foreach (var result in results.EnumerateArray())
                {
                    var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
                    location.GetProperty("region").GetProperty("startLine").GetInt32().ShouldBeGreaterThan(0);
                    location.GetProperty("artifactLocation").GetProperty("uri").GetString()!.ShouldNotStartWith("/");
                }

                output.WriteLine($"{group.Key}: {group.Count()} configurations, {results.GetArrayLength()} results");
                written.Add(path);
            }

            var validation = SarifValidation.Validate([.. written]);
            output.WriteLine(validation.Stdout);
            validation.ExitCode.ShouldBe(0, validation.Stdout + validation.Stderr);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
