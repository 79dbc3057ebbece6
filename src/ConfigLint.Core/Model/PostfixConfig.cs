using System.Net;
using System.Net.Sockets;
using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Model;

/// <summary>Which files make up one configuration, by their names inside the analysed directory.</summary>
public sealed record ConfigFiles(string? MainCf = "main.cf", string? MasterCf = "master.cf", string? Aliases = "aliases");

/// <summary>
/// One Postfix configuration directory as Postfix itself understands it: main.cf, master.cf and
/// aliases parsed, defaults at the effective compatibility level, <c>$name</c> expansion, per-service
/// <c>-o</c> overrides, listeners and match lists. Rules only ever see this model.
/// </summary>
public sealed class PostfixConfig
{
    private readonly Dictionary<(string Name, MasterService? Service), EffectiveValue> cache = [];
    private readonly List<Diagnostic> diagnostics = [];
    private IReadOnlyList<Listener>? listeners;

    private PostfixConfig(ConfigTree tree, ParameterCatalogue catalogue, HostFacts host)
    {
        Tree = tree;
        Catalogue = catalogue;
        Host = host;
    }

    public ConfigTree Tree { get; }

    public ParameterCatalogue Catalogue { get; }

    public HostFacts Host { get; }

    /// <summary>What the user said about NAT and public addresses (<c>network:</c> in .configlint.yml); rules such as PF203 read it.</summary>
    public NetworkHints Network { get; private set; } = NetworkHints.Unknown;

    public MainCfDocument? Main { get; private set; }

    public MasterCfDocument? Master { get; private set; }

    public AliasesDocument? Aliases { get; private set; }

    /// <summary>
    /// Every file this configuration was read from, with its lines: main.cf, master.cf, aliases and
    /// the <c>/file/name</c> files read so far. Reporters show these lines and fingerprint them.
    /// </summary>
    public IEnumerable<(string Path, IReadOnlyList<string> Lines)> SourceFiles =>
        new[] { Main?.Source, Master?.Source, Aliases?.Source }
            .OfType<SourceText>()
            .Select(s => (s.Path, s.Lines))
            .Concat(Tree.LoadedFiles);

    /// <summary>The <c># configlint:</c> suppression comments of main.cf, master.cf and aliases, parsed once with their text.</summary>
    public IReadOnlyList<SuppressionDirective> Suppressions =>
        [.. Main?.Suppressions ?? [], .. Master?.Suppressions ?? [], .. Aliases?.Suppressions ?? []];

    /// <summary>Everything the readers and the model noticed (PF0xx), in the order found.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => diagnostics;

    /// <summary>The effective compatibility level as Postfix acts on it: "0", "1", "2" or "3.6".</summary>
    public string CompatibilityLevel { get; private set; } = "0";

    /// <summary>Loads a configuration directory. Absent files are simply absent (a directory may hold only master.cf).</summary>
    public static PostfixConfig Load(string directory, string displayPrefix = "", ConfigFiles? files = null, HostFacts? host = null, ParameterCatalogue? catalogue = null, NetworkHints? network = null)
    {
        files ??= new ConfigFiles();
        var config = new PostfixConfig(new ConfigTree(directory, displayPrefix), catalogue ?? ParameterCatalogue.Postfix37, host ?? HostFacts.Unknown);
        config.Network = network ?? NetworkHints.Unknown;
        config.Main = config.ReadIfPresent(files.MainCf, MainCfParser.Parse);
        config.Master = config.ReadIfPresent(files.MasterCf, MasterCfParser.Parse);
        config.Aliases = config.ReadIfPresent(files.Aliases, AliasesParser.Parse);
        config.Initialise();
        return config;
    }

    /// <summary>Builds a model from texts in memory (tests, stdin).</summary>
    public static PostfixConfig FromText(string? mainCf, string? masterCf = null, string? aliases = null, HostFacts? host = null, NetworkHints? network = null)
    {
        var config = new PostfixConfig(new ConfigTree(Path.GetTempPath(), string.Empty), ParameterCatalogue.Postfix37, host ?? HostFacts.Unknown);
        config.Network = network ?? NetworkHints.Unknown;
        if (mainCf is not null)
        {
            config.Main = MainCfParser.Parse(SourceText.FromString("main.cf", mainCf));
        }

        if (masterCf is not null)
        {
            config.Master = MasterCfParser.Parse(SourceText.FromString("master.cf", masterCf));
        }

        if (aliases is not null)
        {
            config.Aliases = AliasesParser.Parse(SourceText.FromString("aliases", aliases));
        }

        config.Initialise();
        return config;
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

        var text = SourceText.Load(full, Tree.DisplayPath(name), diagnostics);
        return text is null ? null : parse(text);
    }

    private void Initialise()
    {
        diagnostics.AddRange(Main?.Diagnostics ?? []);
        diagnostics.AddRange(Master?.Diagnostics ?? []);
        diagnostics.AddRange(Aliases?.Diagnostics ?? []);

        var level = Get("compatibility_level");
        if (!level.Expanded.Failed)
        {
            if (!TryNormaliseLevel(level.Value, out var normalised))
            {
                diagnostics.Add(new Diagnostic(DiagnosticKind.MacroError, level.Provenance?.Span ?? FirstLineOfMain(),
                    $"Malformed compatibility level syntax: \"{level.Value}\"; Postfix refuses to start."));
            }
            else
            {
                CompatibilityLevel = normalised;
            }
        }

        // postconf expands every main.cf value, so one bad macro anywhere makes every query fail
        // (POSTFIX-SEMANTICS.md §2). Report each at the definition that holds it.
        foreach (var entry in Main?.Effective.Values ?? [])
        {
            var value = Get(entry.Name);
            if (value.Expanded.Error is { } error && value.Provenance is MainCfProvenance && (value.Expanded.ErrorOrigin.Count == 0 || value.Expanded.ErrorOrigin.Contains(entry.Name)))
            {
                diagnostics.Add(new Diagnostic(DiagnosticKind.MacroError, entry.NameSpan, $"Cannot expand {entry.Name}: {error}; every Postfix program stops with \"macro processing error\"."));
            }
        }

        foreach (var service in Master?.EffectiveServices ?? [])
        {
            foreach (var o in service.Overrides)
            {
                var value = Get(o.Name, service);
                if (value.Expanded.Error is { } error && value.Provenance is MasterOverrideProvenance && (value.Expanded.ErrorOrigin.Count == 0 || value.Expanded.ErrorOrigin.Contains(o.Name) || !value.Expanded.ErrorOrigin.Any(n => Main?.Get(n) is not null && service.Override(n) is null)))
                {
                    diagnostics.Add(new Diagnostic(DiagnosticKind.MacroError, o.NameSpan, $"Cannot expand -o {o.Name} of {service.Key}: {error}; the service stops with \"macro processing error\"."));
                }
            }
        }
    }

    private Span FirstLineOfMain() => Main is { } m ? Span.Line(m.Source.Path, 1, m.Source.LineText(1).Length) : Span.FileStart("main.cf");

    /// <summary>Maps any valid level onto the levels that change behaviour in 3.7 ("3.5" acts like "2").</summary>
    public static bool TryNormaliseLevel(string text, out string level)
    {
        var ok = CompatibilityLevels.TryNormalize(text, out var normalised);
        level = normalised ?? "0";
        return ok;
    }

    /// <summary>The raw value of a name for main.cf (service null) or one service, with its provenance; null if undefined.</summary>
    public RawValue? Lookup(string name, MasterService? service = null)
    {
        if (service?.Override(name) is { } o)
        {
            return new RawValue(name, o.Value.Text, o.Value, new MasterOverrideProvenance(service.Key, o.OptionSpan, o.Value.WholeSpan));
        }

        if (service is not null && name == "service_name")
        {
            // Postfix daemons set service_name to their master.cf service name (postconf(5) service_name).
            return new RawValue(name, service.Name, null, new HostProvenance($"the master.cf service name of {service.Key}"));
        }

        if (Main?.Get(name) is { } entry)
        {
            return new RawValue(name, entry.Value.Text, entry.Value, new MainCfProvenance(entry.NameSpan, entry.Value.WholeSpan));
        }

        if (name == "mydomain" && (service?.Override("myhostname") is not null || Main?.Get("myhostname") is not null))
        {
            // mail_params.c check_mydomainname(): an unset mydomain is what follows the first dot of
            // myhostname, else "localdomain", so a configured myhostname decides it, not the host.
            // While myhostname is evaluated mydomain is still undefined ("mail.$mydomain" gives "mail.").
            var hostName = new Expander(n => n == "mydomain" ? null : Lookup(n, service)).Expand(Lookup("myhostname", service)!).Text;
            var dot = hostName.IndexOf('.', StringComparison.Ordinal);
            var derived = dot < 0 ? "localdomain" : hostName[(dot + 1)..];
            return new RawValue(name, derived.Replace("$", "$$", StringComparison.Ordinal), null, new DefaultProvenance(CompatibilityLevel));
        }

        if (Host.Values.TryGetValue(name, out var hostValue))
        {
            return new RawValue(name, hostValue, null, new HostProvenance(name));
        }

        if (name == "mynetworks")
        {
            // postconf(5) mynetworks: computed from mynetworks_style when not set. Only loopback is
            // known statically; "subnet" and "class" add the host's own (unknown) networks, which
            // rules judge from the style itself.
            var style = Get("mynetworks_style", service).Value.Trim();
            var computed = style == "host" ? "127.0.0.1/32 [::1]/128" : "127.0.0.0/8 [::1]/128";
            return new RawValue(name, computed, null, new DefaultProvenance(CompatibilityLevel));
        }

        if (Catalogue.RawDefault(name) is { } raw)
        {
            return new RawValue(name, raw, null, new DefaultProvenance(CompatibilityLevel));
        }

        return null;
    }

    /// <summary>The effective value for main.cf alone (what master and most daemons see).</summary>
    public EffectiveValue Get(string name) => Get(name, null);

    /// <summary>The effective value for one master.cf service: -o override, else main.cf, else the default.</summary>
    public EffectiveValue Get(string name, MasterService? service)
    {
        // An override only matters for its own service; without one, all services share main.cf's value.
        var key = (name, service is not null && (service.Overrides.Count > 0 || name == "service_name") ? service : null);
        if (cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var raw = Lookup(name, key.Item2);
        var expander = new Expander(n => Lookup(n, key.Item2));
        var expanded = raw is null ? new Expansion(string.Empty, [], [], [name], null)
            : RawParameters.IsRaw(name) ? Verbatim(raw)
            : expander.Expand(raw);
        var value = new EffectiveValue(name, raw, expanded, service);
        cache[key] = value;
        return value;
    }

    /// <summary>A raw parameter's own value: as written, not expanded (see <see cref="RawParameters"/>).</summary>
    private static Expansion Verbatim(RawValue raw) =>
        new(raw.Text, raw.Source is null ? [] : [new MappedRun(0, raw.Text.Length, raw.Source, 0)], [], [], null);

    /// <summary>Every inet listener: (address, port) pairs master binds (master(5), postconf(5) inet_interfaces).</summary>
    public IReadOnlyList<Listener> Listeners => listeners ??= ComputeListeners();

    /// <summary>The protocols inet_protocols enables ("ipv4", "ipv6").</summary>
    public IReadOnlySet<AddressFamily> Protocols
    {
        get
        {
            var set = new HashSet<AddressFamily>();
            foreach (var p in Split(Get("inet_protocols").Value))
            {
                switch (p.Text.ToLowerInvariant())
                {
                    case "all":
                        set.Add(AddressFamily.InterNetwork);
                        set.Add(AddressFamily.InterNetworkV6);
                        break;
                    case "ipv4":
                        set.Add(AddressFamily.InterNetwork);
                        break;
                    case "ipv6":
                        set.Add(AddressFamily.InterNetworkV6);
                        break;
                }
            }

            return set;
        }
    }

    private List<Listener> ComputeListeners()
    {
        var result = new List<Listener>();
        if (Master is null)
        {
            return result;
        }

        var protocols = Protocols;
        var interfaces = Get("inet_interfaces");
        foreach (var service in Master.EffectiveServices.Where(s => s.TypeName == "inet"))
        {
            var port = service.Port;
            var portNumber = WellKnownPorts.Resolve(port);
            if (service.Host is { Length: > 0 } host)
            {
                var ip = InetInterface.ParseAddress(host);
                var wildcard = host == "*" || (ip is not null && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)));
                result.Add(new Listener(service, host, ip, wildcard, port, portNumber, ListenerSource.ServiceName, service.Service.Span));
                continue;
            }

            var interfaceSpanFallback = interfaces.Provenance?.Span ?? service.Service.Span;
            foreach (var item in Split(interfaces.Value))
            {
                var span = interfaces.Expanded.SpanOf(item.Offset, item.Text.Length) ?? interfaceSpanFallback;
                var element = InetInterface.Parse(item.Text);
                switch (element.Kind)
                {
                    case InetInterfaceKind.All:
                        if (protocols.Contains(AddressFamily.InterNetwork))
                        {
                            result.Add(new Listener(service, "0.0.0.0", IPAddress.Any, true, port, portNumber, ListenerSource.InetInterfaces, span));
                        }

                        if (protocols.Contains(AddressFamily.InterNetworkV6))
                        {
                            result.Add(new Listener(service, "::", IPAddress.IPv6Any, true, port, portNumber, ListenerSource.InetInterfaces, span));
                        }

                        break;
                    case InetInterfaceKind.LoopbackOnly:
                        if (protocols.Contains(AddressFamily.InterNetwork))
                        {
                            result.Add(new Listener(service, "127.0.0.1", IPAddress.Loopback, false, port, portNumber, ListenerSource.InetInterfaces, span));
                        }

                        if (protocols.Contains(AddressFamily.InterNetworkV6))
                        {
                            result.Add(new Listener(service, "::1", IPAddress.IPv6Loopback, false, port, portNumber, ListenerSource.InetInterfaces, span));
                        }

                        break;
                    default:
                        if (element.Address is { } ip && !protocols.Contains(ip.AddressFamily))
                        {
                            // Postfix: "host not found" at start-up; nothing is bound for it.
                            break;
                        }

                        result.Add(new Listener(service, element.Host, element.Address, false, port, portNumber, ListenerSource.InetInterfaces, span));
                        break;
                }
            }
        }

        return result;
    }

    /// <summary>An element of a list value and its offset in the expanded text.</summary>
    public readonly record struct ListItem(string Text, int Offset);

    /// <summary>
    /// Splits a list value on commas and whitespace (CHARS_COMMA_SP), keeping <c>{...}</c> groups whole
    /// (inline:{ a, b }), as Postfix's list parameters do.
    /// </summary>
    public static List<ListItem> Split(string value)
    {
        var items = new List<ListItem>();
        var i = 0;
        while (i < value.Length)
        {
            while (i < value.Length && (value[i] == ',' || LogicalLine.IsSpace(value[i])))
            {
                i++;
            }

            var start = i;
            var level = 0;
            while (i < value.Length && (level > 0 || !(value[i] == ',' || LogicalLine.IsSpace(value[i]))))
            {
                if (value[i] == '{')
                {
                    level++;
                }
                else if (value[i] == '}' && level > 0)
                {
                    level--;
                }

                i++;
            }

            if (i > start)
            {
                items.Add(new ListItem(value[start..i], start));
            }
        }

        return items;
    }

    /// <summary>
    /// The elements of an address match list parameter for main.cf or one service, <c>/file/name</c>
    /// contents read from the analysed tree and inserted in place.
    /// </summary>
    public MatchList MatchList(string name, MasterService? service = null)
    {
        var value = Get(name, service);
        var elements = new List<MatchElement>();
        foreach (var item in Split(value.Value))
        {
            var span = value.Expanded.SpanOf(item.Offset, item.Text.Length);
            var provenance = ProvenanceOf(value, item.Offset);
            var element = Model.MatchList.Classify(item.Text, span, provenance, null);
            elements.Add(element);
            if (element.Kind == MatchElementKind.File && !element.Negated)
            {
                elements.AddRange(ReadPatternFile(element.Pattern, 0));
            }
        }

        return new MatchList(name, value, elements);
    }

    private static Provenance? ProvenanceOf(EffectiveValue value, int offset)
    {
        foreach (var run in value.Expanded.Runs)
        {
            if (offset >= run.Offset && offset < run.Offset + run.Length)
            {
                var span = run.Source.WholeSpan;
                return value.Raw?.Source == run.Source ? value.Provenance : new MainCfProvenance(span, span);
            }
        }

        return value.Provenance;
    }

    private IEnumerable<MatchElement> ReadPatternFile(string postfixPath, int depth)
    {
        var relative = Tree.Map(postfixPath, Get("config_directory").Value);
        if (relative is null || depth > 5)
        {
            yield break;
        }

        var fileDiagnostics = new List<Diagnostic>();
        var text = Tree.Read(relative, fileDiagnostics);
        if (text is null)
        {
            yield break;
        }

        for (var n = 1; n <= text.Lines.Count; n++)
        {
            var line = text.Lines[n - 1];
            if (LogicalLine.IsComment(line))
            {
                continue;
            }

            foreach (var item in Split(line))
            {
                var span = new Span(text.Path, n, item.Offset + 1, n, item.Offset + 1 + item.Text.Length);
                var element = Model.MatchList.Classify(item.Text, span, null, text.Path);
                yield return element;
                if (element.Kind == MatchElementKind.File && !element.Negated)
                {
                    foreach (var nested in ReadPatternFile(element.Pattern, depth + 1))
                    {
                        yield return nested;
                    }
                }
            }
        }
    }
}
