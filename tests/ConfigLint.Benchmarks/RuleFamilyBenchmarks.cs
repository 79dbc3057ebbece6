using BenchmarkDotNet.Attributes;
using ConfigLint.Core.Engine;
using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.Core.Rules;
using ConfigLint.Rules;

namespace ConfigLint.Benchmarks;

/// <summary>
/// Each rule family (rules/&lt;category&gt;/) run by <see cref="Analyzer"/> over a representative
/// configuration: Debian's main.cf with relay, TLS and SASL settings, master.cf with submission
/// and submissions on, and an aliases file, loaded from a directory (the files rules look at it).
/// The model is built once and warmed by every rule in the setup, so this is the rules' own cost.
/// </summary>
[MemoryDiagnoser]
public class RuleFamilyBenchmarks
{
    private string directory = null!;
    private PostfixConfig config = null!;
    private LoadedRule[] rules = [];

    [Params("relay", "listeners", "master", "tls", "protocol", "identity", "aliases", "files", "hygiene", "syntax")]
    public string Category { get; set; } = "relay";

    [GlobalSetup]
    public void Setup()
    {
        directory = Directory.CreateTempSubdirectory("configlint-bench-").FullName;
        File.WriteAllText(Path.Combine(directory, "main.cf"), BenchData.RepresentativeMainCf);
        File.WriteAllText(Path.Combine(directory, "master.cf"), BenchData.ServicesMasterCf);
        File.WriteAllText(Path.Combine(directory, "aliases"), BenchData.RepresentativeAliases);
        config = PostfixConfig.Load(directory);
        rules = BuiltInRules.Rules.Where(r => r.Descriptor.Category == Category).ToArray();
        if (rules.Length == 0)
        {
            throw new InvalidOperationException($"No built-in rule has the category {Category}.");
        }

        Analyzer.Run(config, BuiltInRules.Rules);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(directory, recursive: true);

    [Benchmark]
    public List<Finding> Run() => Analyzer.Run(config, rules);
}
