using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using ConfigLint.Benchmarks;

// ConfigLint's micro-benchmarks (issue 13). Every BenchmarkDotNet option works, e.g.
//   dotnet run -c Release --project tests/ConfigLint.Benchmarks -- --filter '*'
//   dotnet run -c Release --project tests/ConfigLint.Benchmarks -- --filter '*Parsing*' --job short
// --quick (ours): a smoke run, in this process, with one warm-up and three iterations of each
// benchmark; the figures are rough, the point is that every benchmark still runs.
var quick = args.Contains("--quick");
var rest = args.Where(a => a != "--quick").ToArray();
// Reports go to BenchmarkDotNet.Artifacts/ at the repository root (ignored by git) unless --artifacts says otherwise.
IConfig config = DefaultConfig.Instance.WithArtifactsPath(Path.Combine(BenchData.Root, "BenchmarkDotNet.Artifacts"));
if (quick)
{
    config = config.AddJob(Job.Dry
        .WithWarmupCount(1)
        .WithIterationCount(3)
        .WithToolchain(InProcessEmitToolchain.Instance)
        .WithId("quick"));
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchData).Assembly).Run(rest, config);
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
