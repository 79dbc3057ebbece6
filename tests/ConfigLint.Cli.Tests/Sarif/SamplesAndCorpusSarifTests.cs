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
            var file = Path.Combine(RepoPaths.Shared, row[0]);
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

    [RequiresSarifValidatorsFact]
    public void Sarif_of_every_sample_and_corpus_file_passes_both_validators()
    {
        Prerequisites.RequireSarifValidators();
        var dir = Directory.CreateTempSubdirectory("configlint-sarif-");
        try
        {
            var rules = BuiltInRules.Rules;
            var written = new List<string>();
            var results = 0;
            foreach (var (name, directory, prefix, files) in Inputs())
            {
                var config = PostfixConfig.Load(directory, prefix, files);
                var findings = Analyzer.Run(config, rules);
                results += findings.Count;
                var sources = new Dictionary<string, IReadOnlyList<string>>();
                foreach (var s in new[] { config.Main?.Source, config.Master?.Source, config.Aliases?.Source })
                {
                    if (s is not null)
                    {
                        sources[s.Path] = s.Lines;
                    }
                }

                var input = new ReportInput(rules.Select(r => r.Descriptor).ToList(), findings, p => sources.GetValueOrDefault(p), "configlint", "0.1.0", null);
                var path = Path.Combine(dir.FullName, $"{written.Count:D3}.sarif");
                using (var writer = new StreamWriter(path))
                {
                    new SarifReporter().Write(input, writer);
                }

                // Every result has a region and a relative URI, whatever the validators say.
                using var doc = JsonDocument.Parse(File.ReadAllText(path));
                foreach (var result in doc.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray())
                {
                    var location = result.GetProperty("locations")[0].GetProperty("physicalLocation");
                    location.GetProperty("region").GetProperty("startLine").GetInt32().ShouldBeGreaterThan(0, name);
                    location.GetProperty("artifactLocation").GetProperty("uri").GetString()!.ShouldNotStartWith("/", customMessage: name);
                }

                written.Add(path);
            }

            output.WriteLine($"{written.Count} SARIF logs, {results} results");
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
