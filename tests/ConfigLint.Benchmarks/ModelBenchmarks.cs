using BenchmarkDotNet.Attributes;
using ConfigLint.Core.Model;
using ConfigLint.Core.Model.Smtpd;

namespace ConfigLint.Benchmarks;

/// <summary>
/// The model: <c>$name</c> expansion, match lists and the smtpd pipelines. The model is lazy and
/// caches what it computes, so each operation builds a fresh <see cref="PostfixConfig"/>;
/// <see cref="Build"/> is that cost alone (the baseline), the others add what they name.
/// </summary>
[MemoryDiagnoser]
public class ModelBenchmarks
{
    private string main = null!;
    private string master = null!;
    private string bigList = null!;
    private string[] names = [];

    [GlobalSetup]
    public void Setup()
    {
        main = BenchData.RepresentativeMainCf;
        master = BenchData.ServicesMasterCf;
        bigList = BenchData.MynetworksMainCf(2_000);
        names = PostfixConfig.FromText(main, master).Catalogue.All.Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
    }

    [Benchmark(Baseline = true)]
    public PostfixConfig Build() => PostfixConfig.FromText(main, master);

    /// <summary>Every parameter Postfix knows, expanded for main.cf (<c>postconf</c> without <c>-n</c>).</summary>
    [Benchmark]
    public int ExpandEveryParameter()
    {
        var config = PostfixConfig.FromText(main, master);
        var length = 0;
        foreach (var name in names)
        {
            length += config.Get(name).Value.Length;
        }

        return length;
    }

    /// <summary>The expansion of every parameter for each smtpd service (their -o overrides).</summary>
    [Benchmark]
    public int ExpandPerSmtpdService()
    {
        var config = PostfixConfig.FromText(main, master);
        var length = 0;
        foreach (var server in config.SmtpServers)
        {
            foreach (var name in names)
            {
                length += config.Get(name, server.Answering).Value.Length;
            }
        }

        return length;
    }

    /// <summary>The match lists the relay rules read, for main.cf and each smtpd service.</summary>
    [Benchmark]
    public int MatchLists()
    {
        var config = PostfixConfig.FromText(main, master);
        var count = 0;
        foreach (var service in config.SmtpServers.Select(s => s.Answering).Prepend(null))
        {
            count += config.MatchList("mynetworks", service).Elements.Count
                + config.MatchList("relay_domains", service).Elements.Count
                + config.MatchList("mydestination", service).Elements.Count;
        }

        return count;
    }

    /// <summary>A mynetworks of 2,000 networks, one per continuation line.</summary>
    [Benchmark]
    public int MatchListOf2000Networks() => PostfixConfig.FromText(bigList, master).MatchList("mynetworks").Elements.Count;

    /// <summary>Each smtpd service's restriction pipeline, walked for a client from anywhere.</summary>
    [Benchmark]
    public int SmtpdPipelines()
    {
        var config = PostfixConfig.FromText(main, master);
        var count = 0;
        foreach (var server in config.SmtpServers)
        {
            count += config.Smtpd(server.Answering).Walk(SmtpClient.Stranger).Count;
        }

        return count;
    }
}
