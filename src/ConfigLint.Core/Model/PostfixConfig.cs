using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Model.Smtpd;
using ConfigLint.Core.Model.Tables;
using ConfigLint.Core.Model.Tls;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Model;

/// <summary>Which files make up one configuration, by their names inside the analysed directory.</summary>
public sealed record ConfigFiles(string? MainCf = "main.cf", string? MasterCf = "master.cf", string? Aliases = "aliases")
{
    /// <summary>main.cf, master.cf and aliases: what almost every configuration has, one instance for all of a fleet's.</summary>
    public static ConfigFiles Standard { get; } = new();
}

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
    private readonly Dictionary<MasterService, SmtpdPipeline> pipelines = [];
    private readonly Dictionary<MasterService, SmtpClientTls> clients = [];
    private SmtpClientTls? mainClient;
    private OutboundRoute? outbound;
    private SmtpdPipeline? mainPipeline;
    private Listeners? listeners;
    private IReadOnlyList<SmtpServer>? smtpServers;
    private LocalAliases? localAliases;
    private Secrets? secrets;
    private string? aliasesFile;
    private bool searchTree;
    private ParameterNames? parameterNames;
    private List<object>? derived;

    private PostfixConfig(ConfigTree tree, PostfixRelease release, HostFacts host, NetworkHints? network)
    {
        Tree = tree;
        Release = release;
        Host = host;
        Network = network ?? NetworkHints.Unknown;
        Values = null!;
        MatchLists = null!;
        Tables = null!;
    }

    public ConfigTree Tree { get; }

    /// <summary>
    /// The Postfix release the configuration is checked for (the target: <c>--postfix-version</c>,
    /// <c>postfix_version:</c>, else the newest the catalogue has). Its defaults, compatibility levels,
    /// deprecation table and stock files are the ones the model and every rule use.
    /// </summary>
    public PostfixRelease Release { get; }

    /// <summary>The target release's parameters (<see cref="PostfixRelease.Parameters"/>).</summary>
    public ParameterCatalogue Catalogue => Release.Parameters;

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

    /// <summary>Lookup tables the configuration names, read from the tree where ConfigLint evaluates them.</summary>
    public LookupTables Tables { get; private set; }

    /// <summary>Every inet listener: (address, port) pairs master binds.</summary>
    public Listeners Listeners => listeners ??= new Listeners(Master, Values);

    /// <summary>
    /// Which parameter names postconf knows here (built-in, legacy, service-defined, user-defined and used)
    /// and the <c>$name</c> references nothing defines: what "postconf -n" warns about as "unused parameter"
    /// and "undefined parameter".
    /// </summary>
    public ParameterNames ParameterNames => parameterNames ??= new ParameterNames(Main, Master, Values, name => TryGetServiceDefined(name, out _));

    /// <summary>
    /// What rules derive from this configuration and share, made by the first rule that asks and let go
    /// with the configuration: one value of each type. It replaces a ConditionalWeakTable keyed by the
    /// configuration, whose lookup and dependent handle cost a fleet about 2 % of its checks. Like the
    /// model's other lazy parts it is not locked: a configuration's rules run one after another.
    /// </summary>
    public T Derived<T>(Func<PostfixConfig, T> make)
        where T : class
    {
        derived ??= [];
        foreach (var value in derived)
        {
            if (value is T known)
            {
                return known;
            }
        }

        var made = make(this);
        derived.Add(made);
        return made;
    }

    /// <summary>The inet services that accept SMTP clients, with the smtpd that answers them.</summary>
    public IReadOnlyList<SmtpServer> SmtpServers => smtpServers ??= Model.SmtpServers.Find(Master, Listeners);

    /// <summary>The aliases this configuration uses: the tables of alias_maps as local(8) searches them, read from the tree.</summary>
    public LocalAliases LocalAliases => localAliases ??= new LocalAliases(this, aliasesFile);

    /// <summary>The SMTP client passwords the tree holds (password tables, static: and inline: values, *_passwd files).</summary>
    public Secrets Secrets => secrets ??= new Secrets(this, searchTree);

    /// <summary>
    /// Every file this configuration was read from, with its lines: main.cf, master.cf, aliases and
    /// the <c>/file/name</c> files read so far. Reporters show these lines and fingerprint them. An
    /// assumed stock master.cf is not a file of the configuration and is not listed. Passwords are
    /// masked (<see cref="Model.Secrets"/>): no snippet, line hash or fingerprint ever holds one.
    /// </summary>
    public IEnumerable<(string Path, IReadOnlyList<string> Lines)> SourceFiles
    {
        get
        {
            var secrets = Secrets;
            return new[] { Main?.Source, MasterIsStock ? null : Master?.Source, Aliases?.Source }
                .OfType<SourceText>()
                .Select(s => (s.Path, s.Lines))
                .Concat(Tree.LoadedFiles)
                .Select(f => (f.Path, secrets.Redact(f.Path, f.Lines)))
                .ToList();
        }
    }

    /// <summary>The <c># configlint:</c> suppression comments of main.cf, master.cf and aliases, parsed once with their text.</summary>
    public IReadOnlyList<SuppressionDirective> Suppressions =>
        [.. Main?.Suppressions ?? [], .. Master?.Suppressions ?? [], .. Aliases?.Suppressions ?? []];

    /// <summary>Everything the readers and the model noticed (PF0xx), in the order found.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => diagnostics;

    /// <summary>
    /// The known level whose defaults apply, one of <see cref="PostfixRelease.KnownCompatibilityLevels"/> of the
    /// target ("0", "1", "2", "3.6", "3.11"); "0" when the level is malformed (Postfix then refuses to start).
    /// </summary>
    public string CompatibilityLevel => Values.CompatibilityLevel;

    /// <summary>The compatibility_level setting as the target release reads it: written value, known level, malformed, above what the release knows.</summary>
    public CompatibilityLevelSetting CompatibilityLevelSetting => Values.CompatibilityLevelSetting;

    /// <summary>The release series whose smtpd restrictions apply ("3.7"): the target release's.</summary>
    public string TargetSeries => Release.Series;

    /// <summary>
    /// Loads a configuration directory. Absent files are simply absent (a directory may hold only
    /// master.cf). When main.cf is there but master.cf is not and <paramref name="assumeStockMasterCf"/>
    /// is set, the stock master.cf of <paramref name="release"/> stands in for it.
    /// </summary>
    /// <param name="boundary">Where symbolic links may lead (see <see cref="ConfigTree.Boundary"/>); null: the directory itself.</param>
    /// <param name="release">The target release; null: <see cref="PostfixReleases.Newest"/>.</param>
    /// <param name="top">What discovery's listing showed in the directory (see <see cref="ConfigTree.MayExist"/>); null: not known.</param>
    public static PostfixConfig Load(string directory, string displayPrefix = "", ConfigFiles? files = null, HostFacts? host = null, PostfixRelease? release = null, NetworkHints? network = null, bool assumeStockMasterCf = false, string? boundary = null, TopFiles? top = null)
    {
        files ??= new ConfigFiles();
        var config = new PostfixConfig(new ConfigTree(directory, displayPrefix, boundary, top), release ?? PostfixReleases.Newest, host ?? HostFacts.Unknown, network)
        {
            aliasesFile = files.Aliases,
            searchTree = true,
        };
        config.Main = config.ReadIfPresent(files.MainCf, MainCfParser.Parse);
        config.Master = config.ReadIfPresent(files.MasterCf, MasterCfParser.Parse);
        config.Aliases = config.ReadIfPresent(files.Aliases, AliasesParser.Parse);
        if (config.Master is null && config.Main is not null && assumeStockMasterCf)
        {
            config.Master = Stock(config.Release.StockMasterCf);
        }

        config.Initialise();
        return config;
    }

    /// <summary>Builds a model from texts in memory (tests, stdin).</summary>
    /// <param name="release">The target release; null: <see cref="PostfixReleases.Newest"/>.</param>
    public static PostfixConfig FromText(string? mainCf, string? masterCf = null, string? aliases = null, HostFacts? host = null, NetworkHints? network = null, bool assumeStockMasterCf = false, PostfixRelease? release = null)
    {
        var config = new PostfixConfig(new ConfigTree(Path.GetTempPath(), string.Empty), release ?? PostfixReleases.Newest, host ?? HostFacts.Unknown, network) { aliasesFile = "aliases" };
        if (mainCf is not null)
        {
            config.Main = MainCfParser.Parse(SourceText.FromString("main.cf", mainCf));
        }

        if (masterCf is not null)
        {
            config.Master = MasterCfParser.Parse(SourceText.FromString("master.cf", masterCf));
        }
        else if (mainCf is not null && assumeStockMasterCf)
        {
            config.Master = Stock(config.Release.StockMasterCf);
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

        // What discovery listed is there (a link that leads nowhere included, as File.Exists sees it): the
        // read says what it is, without normalising the path for MayExist or two stat(2) calls first.
        var full = Path.Combine(Tree.Root, name);
        if (!Tree.IsListed(name) && (!Tree.MayExist(name) || (!File.Exists(full) && !Directory.Exists(full))))
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
        Values = new ParameterValues(Main, Master, Release, Host);
        MatchLists = new MatchLists(Values, Tree, diagnostics);
        Tables = new LookupTables(Tree, () => Values.Get("config_directory").Value);
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
        var names = Catalogue.NamesOfType(ParameterValueType.AddressMatchList);
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            // A built-in default that names no file and refers to nothing has nothing to report
            // (most of the 60-odd lists of a small main.cf): a rule that asks reads it then.
            if (Lookup(name) is { Provenance: DefaultProvenance } raw && raw.Text.AsSpan().IndexOfAny('$', '/') < 0)
            {
                continue;
            }

            if (MayReport(Values.Get(name)))
            {
                MatchLists.Of(name);
            }
        }

        foreach (var service in Master?.EffectiveServices ?? [])
        {
            foreach (var o in service.Overrides)
            {
                if (names.Contains(o.Name) && MayReport(Values.Get(o.Name, service)))
                {
                    MatchLists.Of(o.Name, service);
                }
            }
        }
    }

    /// <summary>
    /// Whether reading a list can report anything (see <see cref="MatchLists"/>): only a <c>/file/name</c>
    /// element (its file is read) or a list at the element limit can. Any other list says nothing until a
    /// rule asks for it, and many never are: the defaults that repeat <c>$mynetworks</c>
    /// (smtpd_forbid_bare_newline_exclusions, …) were each read for every configuration of a fleet.
    /// </summary>
    private static bool MayReport(EffectiveValue value)
    {
        var items = ListItems.Of(value).Items;
        if (items.Count >= MatchLists.MaxElements)
        {
            return true;
        }

        foreach (var item in items)
        {
            var text = item.Text.AsSpan();
            if (text.StartsWith('/') || text.StartsWith("!/"))
            {
                return true;
            }
        }

        return false;
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

    /// <summary>The one pipeline of every smtpd service without -o options (see <see cref="Smtpd"/>).</summary>
    private SmtpdPipeline? plainPipeline;

    /// <summary>
    /// The smtpd restriction pipeline of one service (null: main.cf's settings alone): its five
    /// restriction stages with classes, and what they do with a client.
    /// </summary>
    public SmtpdPipeline Smtpd(MasterService? service)
    {
        if (service is null)
        {
            return mainPipeline ??= new SmtpdPipeline(Values, Tables, null, TargetSeries);
        }

        if (service.Overrides.Count == 0)
        {
            // Without -o options every value is main.cf's (ParameterValues shares them the same
            // way), so 100,000 such services share one pipeline instead of building 100,000.
            return plainPipeline ??= new SmtpdPipeline(Values, Tables, service, TargetSeries);
        }

        if (!pipelines.TryGetValue(service, out var pipeline))
        {
            pipeline = new SmtpdPipeline(Values, Tables, service, TargetSeries);
            pipelines[service] = pipeline;
        }

        return pipeline;
    }

    /// <summary>
    /// What smtpd does about TLS and SASL for one service (null: main.cf's settings alone): the
    /// <see cref="SmtpdPipeline.Tls"/> of a pipeline already built; for every service without -o options
    /// one shared answer (they all see main.cf's values); else made afresh and not kept, so that a master.cf
    /// of 100,000 loopback services keeps nothing per service (issue 14) and no rule makes it 100,000 times.
    /// </summary>
    public SmtpdTls InboundTls(MasterService? service) =>
        service is null ? Smtpd(null).Tls
        : pipelines.TryGetValue(service, out var pipeline) ? pipeline.Tls
        : service.Overrides.Count == 0 ? plainTls ??= new SmtpdTls(Values, service)
        : new SmtpdTls(Values, service);

    /// <summary>The TLS of every smtpd service without -o options (see <see cref="InboundTls"/>).</summary>
    private SmtpdTls? plainTls;

    /// <summary>
    /// What an smtp(8) client service does about TLS and SASL (null: main.cf's settings alone), with its
    /// <c>-o</c> overrides.
    /// </summary>
    public SmtpClientTls OutboundTls(MasterService? service)
    {
        if (service is null)
        {
            return mainClient ??= new SmtpClientTls(Values, null);
        }

        if (!clients.TryGetValue(service, out var client))
        {
            client = new SmtpClientTls(Values, service);
            clients[service] = client;
        }

        return client;
    }

    /// <summary>The master.cf services that run the smtp(8) client (<c>smtp</c>, <c>relay</c>, …).</summary>
    public IEnumerable<MasterService> SmtpClientServices => Master?.EffectiveServices.Where(s => s.Command.Text == "smtp") ?? [];

    /// <summary>Where mail to other domains goes: relayhost, default_transport and its master.cf entry.</summary>
    public OutboundRoute Outbound => outbound ??= new OutboundRoute(Values, Master);

    /// <summary>
    /// Every <c>type:name</c> lookup table a parameter value names, where it is written (after
    /// <c>$name</c> expansion), for main.cf and each master.cf service's <c>-o</c> overrides, once per
    /// written place.
    /// </summary>
    public IEnumerable<TableReference> TableReferences()
    {
        var seen = new HashSet<(string, Span?)>();

        // The names written in main.cf, then those only -o options write, each once in that order.
        var written = new HashSet<string>(StringComparer.Ordinal);
        var names = new List<string>();
        foreach (var name in Main?.Effective.Keys ?? [])
        {
            if (written.Add(name))
            {
                names.Add(name);
            }
        }

        foreach (var service in Master?.EffectiveServices ?? [])
        {
            foreach (var option in service.Overrides)
            {
                if (written.Add(option.Name))
                {
                    names.Add(option.Name);
                }
            }
        }

        // A service that overrides nothing a value depends on shares main.cf's expansion: split it once.
        // One without -o options shares all of them (only service_name differs per service), so it is
        // not asked at all: a fleet's master.cf asked every value once more for each such service.
        var services = new List<MasterService?> { null };
        var serviceName = written.Contains("service_name");
        foreach (var service in Master?.EffectiveServices ?? [])
        {
            if (service.Overrides.Count > 0 || serviceName)
            {
                services.Add(service);
            }
        }

        var split = new HashSet<Expansion>(ReferenceEqualityComparer.Instance);
        foreach (var service in services)
        {
            foreach (var name in names)
            {
                var value = Get(name, service);

                // A table is type:name (dict_open3): a value without a colon names none, and is not split for this.
                if (!split.Add(value.Expanded) || !value.Value.Contains(':', StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (var item in ListItems.Of(value).Items)
                {
                    if (item.Text.StartsWith('[') || item.Text.StartsWith('{') || TableReference.Parse(item.Text, item.Span) is not { } reference
                        || !seen.Add((reference.Text, item.Span)))
                    {
                        continue;
                    }

                    yield return reference;
                }
            }
        }
    }

    /// <summary>The elements of an address match list parameter for main.cf or one service.</summary>
    public MatchList MatchList(string name, MasterService? service = null) => MatchLists.Of(name, service);

    /// <summary>
    /// The built-in default of <paramref name="name"/> at compatibility level <paramref name="level"/>, expanded
    /// with everything else as this configuration has it (see <see cref="ParameterValues.DefaultAt"/>).
    /// </summary>
    public EffectiveValue DefaultAt(string name, string level, MasterService? service = null) => Values.DefaultAt(name, level, service);

    /// <summary>
    /// Whether <paramref name="name"/> is a service-derived parameter of this configuration's master.cf
    /// (<c>&lt;service&gt;_destination_concurrency_limit</c> for a service running smtp, local, lmtp, virtual,
    /// error or pipe; <c>&lt;service&gt;_time_limit</c> for pipe and spawn): postconf knows such a name
    /// (postconf_service.c pcf_register_service_parameters(), every master.cf entry counts). With an assumed
    /// stock master.cf, its services count, as on the host.
    /// </summary>
    public bool TryGetServiceDefined(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out ServiceDefinedParameter parameter)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Values.TryGetServiceDefined(name, out parameter);
    }
}
