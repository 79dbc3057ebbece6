using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Model;

/// <summary>Which files make up one configuration, by their names inside the analysed directory.</summary>
public sealed record ConfigFiles(string? MainCf = "main.cf", string? MasterCf = "master.cf", string? Aliases = "aliases");

/// <summary>
/// One Postfix configuration as Postfix itself understands it. The parsed files, plus the parts of
/// the model each with one job: <see cref="Values"/> (every parameter for main.cf or one service),
/// <see cref="Listeners"/> (what master binds), <see cref="SmtpServers"/> (which services talk
/// SMTP to clients), <see cref="MatchLists"/> (address match lists with their files). Rules only
/// ever see this model.
/// </summary>
public sealed class PostfixConfig
{
    private readonly List<Diagnostic> diagnostics = [];
    private Listeners? listeners;
    private IReadOnlyList<SmtpServer>? smtpServers;

    private PostfixConfig(ConfigTree tree, ParameterCatalogue catalogue, HostFacts host, NetworkHints? network)
    {
        Tree = tree;
        Catalogue = catalogue;
        Host = host;
        Network = network ?? NetworkHints.Unknown;
        Values = null!;
        MatchLists = null!;
    }

    public ConfigTree Tree { get; }

    public ParameterCatalogue Catalogue { get; }

    public HostFacts Host { get; }

    /// <summary>What the user said about NAT and public addresses (<c>network:</c> in .configlint.yml); the backup-MX rule reads it.</summary>
    public NetworkHints Network { get; }

    public MainCfDocument? Main { get; private set; }

    public MasterCfDocument? Master { get; private set; }

    public AliasesDocument? Aliases { get; private set; }

    /// <summary>
    /// True when the configuration has no master.cf of its own and <see cref="Master"/> is the stock
    /// master.cf of the target release, assumed (the package supplies it on a real host).
    /// </summary>
    public bool MasterIsStock => Master is { } m && m.Services.Count > 0 && m.Services[0].IsStock;

    /// <summary>Every parameter's effective value, for main.cf or one service.</summary>
    public ParameterValues Values { get; private set; }

    /// <summary>Address match lists with their elements and <c>/file/name</c> contents.</summary>
    public MatchLists MatchLists { get; private set; }

    /// <summary>Every inet listener: (address, port) pairs master binds.</summary>
    public Listeners Listeners => listeners ??= new Listeners(Master, Values);

    /// <summary>The inet services that accept SMTP clients, with the smtpd that answers them.</summary>
    public IReadOnlyList<SmtpServer> SmtpServers => smtpServers ??= Model.SmtpServers.Find(Master, Listeners);

    /// <summary>
    /// Every file this configuration was read from, with its lines: main.cf, master.cf, aliases and
    /// the <c>/file/name</c> files read so far. Reporters show these lines and fingerprint them. An
    /// assumed stock master.cf is not a file of the configuration and is not listed.
    /// </summary>
    public IEnumerable<(string Path, IReadOnlyList<string> Lines)> SourceFiles =>
        new[] { Main?.Source, MasterIsStock ? null : Master?.Source, Aliases?.Source }
            .OfType<SourceText>()
            .Select(s => (s.Path, s.Lines))
            .Concat(Tree.LoadedFiles);

    /// <summary>The <c># configlint:</c> suppression comments of main.cf, master.cf and aliases, parsed once with their text.</summary>
    public IReadOnlyList<SuppressionDirective> Suppressions =>
        [.. Main?.Suppressions ?? [], .. Master?.Suppressions ?? [], .. Aliases?.Suppressions ?? []];

    /// <summary>Everything the readers and the model noticed (PF0xx), in the order found.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => diagnostics;

    /// <summary>The effective compatibility level as Postfix acts on it: "0", "1", "2" or "3.6".</summary>
    public string CompatibilityLevel => Values.CompatibilityLevel;

    /// <summary>
    /// Loads a configuration directory. Absent files are simply absent (a directory may hold only
    /// master.cf). When main.cf is there but master.cf is not, <paramref name="stockMasterCf"/> (the
    /// text of the target release's stock master.cf), if given, stands in for it.
    /// </summary>
    /// <param name="boundary">Where symbolic links may lead (see <see cref="ConfigTree.Boundary"/>); null: the directory itself.</param>
    public static PostfixConfig Load(string directory, string displayPrefix = "", ConfigFiles? files = null, HostFacts? host = null, ParameterCatalogue? catalogue = null, NetworkHints? network = null, StockFile? stockMasterCf = null, string? boundary = null)
    {
        files ??= new ConfigFiles();
        var config = new PostfixConfig(new ConfigTree(directory, displayPrefix, boundary), catalogue ?? ParameterCatalogue.Postfix37, host ?? HostFacts.Unknown, network);
        config.Main = config.ReadIfPresent(files.MainCf, MainCfParser.Parse);
        config.Master = config.ReadIfPresent(files.MasterCf, MasterCfParser.Parse);
        config.Aliases = config.ReadIfPresent(files.Aliases, AliasesParser.Parse);
        if (config.Master is null && config.Main is not null && stockMasterCf is not null)
        {
            config.Master = Stock(stockMasterCf);
        }

        config.Initialise();
        return config;
    }

    /// <summary>Builds a model from texts in memory (tests, stdin).</summary>
    public static PostfixConfig FromText(string? mainCf, string? masterCf = null, string? aliases = null, HostFacts? host = null, NetworkHints? network = null, StockFile? stockMasterCf = null)
    {
        var config = new PostfixConfig(new ConfigTree(Path.GetTempPath(), string.Empty), ParameterCatalogue.Postfix37, host ?? HostFacts.Unknown, network);
        if (mainCf is not null)
        {
            config.Main = MainCfParser.Parse(SourceText.FromString("main.cf", mainCf));
        }

        if (masterCf is not null)
        {
            config.Master = MasterCfParser.Parse(SourceText.FromString("master.cf", masterCf));
        }
        else if (mainCf is not null && stockMasterCf is not null)
        {
            config.Master = Stock(stockMasterCf);
        }

        if (aliases is not null)
        {
            config.Aliases = AliasesParser.Parse(SourceText.FromString("aliases", aliases));
        }

        config.Initialise();
        return config;
    }

    private static MasterCfDocument Stock(StockFile stock)
    {
        var document = MasterCfParser.Parse(SourceText.FromString(stock.DisplayName, stock.Text));
        foreach (var service in document.Services)
        {
            service.IsStock = true;
        }

        return document;
    }

    private T? ReadIfPresent<T>(string? name, Func<SourceText, T> parse)
        where T : class
    {
        if (name is null)
        {
            return null;
        }

        var full = Path.Combine(Tree.Root, name);
        if (!File.Exists(full) && !Directory.Exists(full))
        {
            return null;
        }

        var text = SourceText.Load(full, Tree.DisplayPath(name), diagnostics, Tree.Boundary);
        return text is null ? null : parse(text);
    }

    private void Initialise()
    {
        diagnostics.AddRange(Main?.Diagnostics ?? []);
        diagnostics.AddRange(MasterIsStock ? [] : Master?.Diagnostics ?? []);
        diagnostics.AddRange(Aliases?.Diagnostics ?? []);
        Values = new ParameterValues(Main, Catalogue, Host);
        MatchLists = new MatchLists(Values, Tree, diagnostics);
        Values.Settle(Master, diagnostics);
        ReadAddressMatchLists();
    }

    /// <summary>
    /// Reads every address match list main.cf and the master.cf overrides give (with their pattern
    /// files) before any rule runs, so what reading them finds (a file that includes itself, one
    /// outside the tree, a list past ConfigLint's limits) is among <see cref="Diagnostics"/> whatever
    /// order the rules ask in. Lists left at a default without <c>/file/name</c> cost nothing.
    /// </summary>
    private void ReadAddressMatchLists()
    {
        var names = Catalogue.All.Where(p => p.ValueType == ParameterValueType.AddressMatchList).Select(p => p.Name).ToList();
        foreach (var name in names)
        {
            MatchLists.Of(name);
        }

        foreach (var service in Master?.EffectiveServices ?? [])
        {
            foreach (var o in service.Overrides)
            {
                if (names.Contains(o.Name))
                {
                    MatchLists.Of(o.Name, service);
                }
            }
        }
    }

    /// <summary>True for a span in a file the configuration does not have (the assumed stock master.cf).</summary>
    public bool IsAssumed(Span span) => MasterIsStock && span.File == Master!.Source.Path;

    /// <summary>The raw value of a name for main.cf (service null) or one service, with its provenance; null if undefined.</summary>
    public RawValue? Lookup(string name, MasterService? service = null) => Values.Lookup(name, service);

    /// <summary>The effective value for main.cf alone (what master and most daemons see).</summary>
    public EffectiveValue Get(string name) => Values.Get(name);

    /// <summary>The effective value for one master.cf service: -o override, else main.cf, else the default.</summary>
    public EffectiveValue Get(string name, MasterService? service) => Values.Get(name, service);

    /// <summary>A list parameter's elements with their spans, for main.cf or one service.</summary>
    public ParameterList List(string name, MasterService? service = null) => ListItems.Of(Values.Get(name, service));

    /// <summary>The elements of an address match list parameter for main.cf or one service.</summary>
    public MatchList MatchList(string name, MasterService? service = null) => MatchLists.Of(name, service);
}
