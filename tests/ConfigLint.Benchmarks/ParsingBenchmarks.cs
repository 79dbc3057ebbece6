using BenchmarkDotNet.Attributes;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Text;

namespace ConfigLint.Benchmarks;

/// <summary>The text → parsing stage: main.cf (Debian's and a generated large one), master.cf and aliases.</summary>
[MemoryDiagnoser]
public class ParsingBenchmarks
{
    private SourceText debianMain = null!;
    private SourceText largeMain = null!;
    private SourceText debianMaster = null!;
    private SourceText aliases = null!;
    private string aliasesText = null!;

    /// <summary>Lines of the generated aliases file.</summary>
    private const int AliasLines = 100_000;

    [GlobalSetup]
    public void Setup()
    {
        debianMain = SourceText.FromString("main.cf", BenchData.DebianMainCf);
        largeMain = SourceText.FromString("main.cf", BenchData.LargeMainCf(20_000));
        debianMaster = SourceText.FromString("master.cf", BenchData.DebianMasterCf);
        aliasesText = BenchData.Aliases(AliasLines);
        aliases = SourceText.FromString("aliases", aliasesText);
    }

    [Benchmark]
    public MainCfDocument MainCfDebian() => MainCfParser.Parse(debianMain);

    /// <summary>About 20,000 settings (1 MB): user-defined names, continuation lines, comments.</summary>
    [Benchmark]
    public MainCfDocument MainCfLarge() => MainCfParser.Parse(largeMain);

    [Benchmark]
    public MasterCfDocument MasterCfDebian() => MasterCfParser.Parse(debianMaster);

    /// <summary>Parsing alone: the text is split into lines once, in the setup.</summary>
    [Benchmark]
    public AliasesDocument Aliases100k() => AliasesParser.Parse(aliases);

    /// <summary>What a run does with the file's text: split into lines, then parse.</summary>
    [Benchmark]
    public AliasesDocument Aliases100kFromText() => AliasesParser.Parse(SourceText.FromString("aliases", aliasesText));
}
