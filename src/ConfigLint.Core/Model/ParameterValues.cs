using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Model;

/// <summary>
/// What every parameter is worth, for main.cf alone or for one master.cf service: the <c>-o</c>
/// override, else the last main.cf definition, else the built-in default at the effective
/// compatibility level, <c>$name</c>-expanded with provenance (postconf(5), master(5)).
/// </summary>
public sealed class ParameterValues
{
    private readonly ValueCache cache = new();
    private readonly Dictionary<(string Name, MasterService? Service), (RawValue Value, IReadOnlySet<string> Dependencies)> computed = [];
    private readonly Dictionary<MasterService, HashSet<string>> overridden = new(ReferenceEqualityComparer.Instance);
    private readonly EvaluationGuard guard = new();
    private readonly ExpansionBudget budget = new();
    private readonly MainCfDocument? main;
    private readonly IReadOnlyList<(string ServiceName, string Command)> masterServices;
    private IReadOnlyDictionary<string, ServiceDefinedParameter>? serviceDefinedNames;
    private (string Level, SharedDefaults Values)? shared;

    internal ParameterValues(MainCfDocument? main, MasterCfDocument? master, PostfixRelease release, HostFacts host)
    {
        this.main = main;

        // postconf_service.c pcf_register_service_parameters(): every master.cf entry, field 1 and field 8.
        masterServices = master?.Services.Select(s => (s.Name, s.Command.Text)).ToList() ?? [];
        Release = release;
        Host = host;
        var withOptions = 0;
        foreach (var service in master?.Services ?? [])
        {
            withOptions += service.Overrides.Count > 0 ? 1 : 0;
        }

        keepShared = withOptions <= KeptSharingServices;
    }

    /// <summary>
    /// Up to this many services with <c>-o</c> options, a service's view of a main.cf value it overrides
    /// nothing of is kept like its own values (see <see cref="SameAsMain"/>).
    /// </summary>
    private const int KeptSharingServices = 64;

    /// <summary>Whether <see cref="SameAsMain"/>'s views are kept: a usual master.cf has a few services with options.</summary>
    private readonly bool keepShared;

    /// <summary>The target release, whose defaults and compatibility levels apply.</summary>
    public PostfixRelease Release { get; }

    public ParameterCatalogue Catalogue => Release.Parameters;

    public HostFacts Host { get; }

    /// <summary>
    /// The known level whose defaults apply, one of the target's <see cref="PostfixRelease.KnownCompatibilityLevels"/>
    /// ("3.5" acts like "2"; with 3.7, "3.11" acts like "3.6").
    /// </summary>
    public string CompatibilityLevel { get; private set; } = CompatibilityLevels.Default;

    /// <summary>The compatibility_level setting as the target reads it (set once the model is built).</summary>
    public CompatibilityLevelSetting CompatibilityLevelSetting { get; private set; } = null!;

    /// <summary>
    /// Settles the compatibility level and reports, as Postfix would at start-up, every value that
    /// cannot be expanded: postconf expands every main.cf value, so one bad macro anywhere makes
    /// every query fail ("macro processing error"). Each is reported at the definition that holds it.
    /// </summary>
    internal void Settle(MasterCfDocument? master, List<Diagnostic> diagnostics)
    {
        var level = Get("compatibility_level");
        var malformed = false;
        if (!level.Expanded.Failed)
        {
            if (!CompatibilityLevels.TryNormalize(level.Value, Release, out var normalised))
            {
                malformed = true;
                diagnostics.Add(new Diagnostic(DiagnosticKind.MacroError, level.Provenance?.Span ?? FirstLineOfMain(),
                    $"{CompatibilityLevels.DescribeMalformed(Excerpt.Of(level.Value), Release)}; Postfix refuses to start."));
            }
            else
            {
                CompatibilityLevel = normalised;
            }
        }

        CompatibilityLevelSetting = new CompatibilityLevelSetting(
            level,
            CompatibilityLevel,
            malformed,
            !level.Expanded.Failed && CompatibilityLevels.IsAboveNewest(level.Value, Release),
            !level.Expanded.Failed && CompatibilityLevels.IsNewerThanRelease(level.Value, Release));

        foreach (var entry in main?.Effective.Values ?? [])
        {
            var value = Get(entry.Name);
            if (value.Expanded.Error is { } error && value.Provenance is MainCfProvenance && (value.Expanded.ErrorOrigin.Count == 0 || value.Expanded.ErrorOrigin.Contains(entry.Name)))
            {
                diagnostics.Add(Failure(value.Expanded, entry.NameSpan, entry.Name, error, "every Postfix program stops with \"macro processing error\""));
            }
        }

        foreach (var service in master?.EffectiveServices ?? [])
        {
            foreach (var o in service.Overrides)
            {
                var value = Get(o.Name, service);
                if (value.Expanded.Error is { } error && value.Provenance is MasterOverrideProvenance && (value.Expanded.ErrorOrigin.Count == 0 || value.Expanded.ErrorOrigin.Contains(o.Name) || !value.Expanded.ErrorOrigin.Any(n => main?.Get(n) is not null && service.Override(n) is null)))
                {
                    diagnostics.Add(Failure(value.Expanded, o.NameSpan, $"-o {o.Name} of {service.Key}", error, "the service stops with \"macro processing error\""));
                }
            }
        }
    }

    /// <summary>The diagnostic for a value that did not expand: Postfix's error, or ConfigLint's limit.</summary>
    private static Diagnostic Failure(Expansion expansion, Span span, string what, string error, string consequence) => expansion.ErrorKind switch
    {
        ExpansionErrorKind.Limit => new Diagnostic(DiagnosticKind.AnalysisLimit, span,
            $"Not evaluated: {error}. This is a limit of ConfigLint, not of Postfix (which would build the whole value); rules see {what} as empty."),
        ExpansionErrorKind.ComputedDefaultCycle => new Diagnostic(DiagnosticKind.MacroError, span,
            $"Cannot expand {what}: {error}; Postfix cannot evaluate such a cycle and does not start (it stops with a fatal error, e.g. \"bad mynetworks_style value\", or crashes)."),
        _ => new Diagnostic(DiagnosticKind.MacroError, span, $"Cannot expand {what}: {error}; {consequence}."),
    };

    private Span FirstLineOfMain() => main is { } m ? Span.Line(m.Source.Path, 1, m.Source.LineLength(1)) : Span.FileStart("main.cf");

    /// <summary>The raw value of a name for main.cf (service null) or one service, with its provenance; null if undefined.</summary>
    public RawValue? Lookup(string name, MasterService? service = null)
    {
        guard.Read(name);
        if (service?.Override(name) is { } o)
        {
            return new RawValue(name, o.Value.Text, o.Value, new MasterOverrideProvenance(service.Key, o.OptionSpan, o.Value.WholeSpan));
        }

        if (service is not null && name == "service_name")
        {
            // Postfix daemons set service_name to their master.cf service name (postconf(5) service_name).
            return new RawValue(name, service.Name, null, new HostProvenance($"the master.cf service name of {service.Key}"));
        }

        if (main?.Get(name) is { } entry)
        {
            return new RawValue(name, entry.Value.Text, entry.Value, new MainCfProvenance(entry.NameSpan, entry.Value.WholeSpan));
        }

        return DefaultOf(name, service, null);
    }

    /// <summary>
    /// What a name is worth when neither main.cf nor a <c>-o</c> sets it: derived (mydomain from a configured
    /// myhostname), supplied by the host, computed (mynetworks), else the release's built-in default.
    /// <paramref name="atLevel"/>: the defaults at another compatibility level (<see cref="DefaultAt"/>), or
    /// null for the configuration's own.
    /// </summary>
    private RawValue? DefaultOf(string name, MasterService? service, LevelView? atLevel)
    {
        var level = atLevel?.Level ?? CompatibilityLevel;
        if (name == "mydomain" && (service?.Override("myhostname") is not null || main?.Get("myhostname") is not null))
        {
            return atLevel is null ? Computed(name, service, DerivedMydomain) : ComputedAt(name, atLevel, DerivedMydomainAt);
        }

        if (Host.TryGetValue(name, out var hostValue))
        {
            return new RawValue(name, hostValue, null, new HostProvenance(name));
        }

        if (name == "mynetworks")
        {
            return atLevel is null ? Computed(name, service, ComputedMynetworks) : ComputedAt(name, atLevel, ComputedMynetworksAt);
        }

        if (Catalogue.RawDefault(name) is { } raw)
        {
            return new RawValue(name, raw, null, new DefaultProvenance(level));
        }

        // A service-derived name (relay_destination_concurrency_limit for a service relay running smtp)
        // defaults to its family's global parameter, as postconf -x shows it.
        if (TryGetServiceDefined(name, out var serviceDefined))
        {
            return new RawValue(name, serviceDefined.Family.RawDefault, null, new DefaultProvenance(level));
        }

        return null;
    }

    /// <summary>Whether <paramref name="name"/> is a service-defined parameter of this master.cf (<c>relay_destination_concurrency_limit</c>), looked up in an index made once.</summary>
    internal bool TryGetServiceDefined(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out ServiceDefinedParameter parameter) =>
        (serviceDefinedNames ??= Catalogue.ServiceDefinedNames(masterServices)).TryGetValue(name, out parameter);

    /// <summary>A default Postfix computes from other parameters, computed once per context.</summary>
    private RawValue Computed(string name, MasterService? service, Func<MasterService?, string> compute)
    {
        var key = (name, ContextOf(name, service));
        if (computed.TryGetValue(key, out var known))
        {
            guard.Read(known.Dependencies);
            return known.Value;
        }

        // A frame of its own, so what the computation reads is remembered with it.
        var frame = guard.Enter(name, new ComputedDefault(key.Item2), reference: false);
        try
        {
            var value = new RawValue(name, compute(service), null, new DefaultProvenance(CompatibilityLevel));
            computed[key] = (value, guard.ReadBy(frame));
            return value;
        }
        finally
        {
            guard.Leave(frame);
        }
    }

    /// <summary>
    /// mail_params.c check_mydomainname(): an unset mydomain is what follows the first dot of
    /// myhostname, else "localdomain", so a configured myhostname decides it, not the host. While
    /// myhostname is evaluated mydomain is still undefined ("mail.$mydomain" gives "mail.").
    /// </summary>
    private string DerivedMydomain(MasterService? service)
    {
        var myhostname = Lookup("myhostname", service)!;
        var expander = new Expander(n => n == "mydomain" ? null : Lookup(n, service), null, guard, new MydomainUnset(ContextOf("myhostname", service)), budget, Release.HasMacroFunctions);
        return DomainPart(expander.Expand(myhostname).Text);
    }

    /// <summary>What follows the first dot of a host name, else "localdomain", as a raw value ($ doubled).</summary>
    private static string DomainPart(string hostName)
    {
        var dot = hostName.IndexOf('.', StringComparison.Ordinal);
        var derived = dot < 0 ? "localdomain" : hostName[(dot + 1)..];
        return derived.Replace("$", "$$", StringComparison.Ordinal);
    }

    /// <summary>
    /// postconf(5) mynetworks: computed from mynetworks_style when not set. Only loopback is known
    /// statically; "subnet" and "class" add the host's own (unknown) networks, which rules judge
    /// from the style itself.
    /// </summary>
    private string ComputedMynetworks(MasterService? service) => MynetworksFor(Get("mynetworks_style", service).Value);

    private static string MynetworksFor(string style) => style.Trim() == "host" ? "127.0.0.1/32 [::1]/128" : "127.0.0.0/8 [::1]/128";

    /// <summary>
    /// The built-in default of <paramref name="name"/> had compatibility_level been <paramref name="level"/>,
    /// expanded with everything else as this configuration has it (main.cf, <c>-o</c> of
    /// <paramref name="service"/>, the host): what the parameter would become at another level if main.cf
    /// kept not setting it. E.g. with target 3.11, <c>smtp_tls_security_level</c> is empty at "3.6" and
    /// <c>may</c> at "3.11". <paramref name="level"/> is any level the release accepts ("3.7" acts like 3.6);
    /// its raw text is what <c>$compatibility_level</c> expands to. Evaluated under the model's guard and
    /// budget, so a cycle through a computed default is an error here too.
    /// </summary>
    public EffectiveValue DefaultAt(string name, string level, MasterService? service = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(level);
        var known = CompatibilityLevels.TryNormalize(level, Release, out var normalised) ? normalised : level;
        var view = new LevelView(level, known, ContextOf(name, service) ?? service);
        RawValue? value = null;
        Expansion expanded;
        try
        {
            value = DefaultOf(name, service, view);
            expanded = value is null ? new Expansion(string.Empty, [], [], [name], null)
                : RawParameters.IsRaw(name) ? Verbatim(value)
                : ExpanderAt(view).Expand(value);
        }
        catch (ExpansionFailure f)
        {
            value ??= new RawValue(name, string.Empty, null, new DefaultProvenance(known));
            expanded = new Expansion(string.Empty, [], [], [], f.Message, f.Origin.Count > 0 ? f.Origin : [name], f.Kind);
        }

        return new EffectiveValue(name, value, expanded, service);
    }

    /// <summary>A name as it would be at <paramref name="view"/>'s level: what the configuration sets, else the default there.</summary>
    private RawValue? LookupAt(string name, LevelView view)
    {
        if (name == "compatibility_level")
        {
            return new RawValue(name, view.Text, null, new DefaultProvenance(view.Level));
        }

        var raw = Lookup(name, view.Service);
        return raw?.Provenance is DefaultProvenance ? DefaultOf(name, view.Service, view) : raw;
    }

    /// <summary>An inline expander for another level, whose frames are keyed by the view (a cycle through it is met again).</summary>
    private Expander ExpanderAt(LevelView view) =>
        new(n => LookupAt(n, view), null, guard, view, budget, Release.HasMacroFunctions);

    /// <summary>A computed default at another level, as one frame of the guard (not kept: levels are asked rarely).</summary>
    private RawValue ComputedAt(string name, LevelView view, Func<LevelView, string> compute)
    {
        var frame = guard.Enter(name, new ComputedDefault(view), reference: false);
        try
        {
            return new RawValue(name, compute(view), null, new DefaultProvenance(view.Level));
        }
        finally
        {
            guard.Leave(frame);
        }
    }

    private string DerivedMydomainAt(LevelView view)
    {
        var expander = new Expander(n => n == "mydomain" ? null : LookupAt(n, view), null, guard, new MydomainUnset(view), budget, Release.HasMacroFunctions);
        return DomainPart(expander.Expand(LookupAt("myhostname", view)!).Text);
    }

    private string ComputedMynetworksAt(LevelView view) =>
        MynetworksFor(LookupAt("mynetworks_style", view) is { } style ? ExpanderAt(view).Expand(style).Text : string.Empty);

    /// <summary>
    /// Evaluates, before <paramref name="root"/>, the written values it refers to, each after the
    /// values it refers to in turn (an iterative depth-first walk over the <c>$name</c>s written in
    /// main.cf and in the service's <c>-o</c> options; a cycle is cut where it closes; a value already
    /// kept ends the walk there). Each value is then made from values already kept, in time linear in
    /// the file. Evaluated from the top instead, a chain <c>p0 = $p1</c>, <c>p1 = $p2</c>, … walks 100
    /// levels for every line before the nesting limit stops it, and nothing on the way is kept
    /// (50,000 lines: 21 s). Defaults are left to the evaluation itself: their chains are short.
    /// </summary>
    private void EvaluateReferencesFirst(string root, MasterService? service, MasterService? owner)
    {
        if (Written(root, owner) is not { } rootText || rootText.IndexOf('$', StringComparison.Ordinal) < 0)
        {
            return;
        }

        var visited = new HashSet<string>(StringComparer.Ordinal) { root };
        var onWalk = new Dictionary<string, int>(StringComparer.Ordinal) { [root] = 0 };
        var walk = new List<(string Name, IEnumerator<string> References)> { (root, ParameterCatalogue.ReferencedNames(rootText).GetEnumerator()) };

        // Values on a cycle are left to the evaluation from the top, so that the cycle is reported from
        // the value asked first, as before (every member fails with it either way).
        var cycleFrom = int.MaxValue;
        while (walk.Count > 0)
        {
            var (current, references) = walk[^1];
            if (references.MoveNext())
            {
                var next = references.Current;
                if (onWalk.TryGetValue(next, out var at))
                {
                    cycleFrom = Math.Min(cycleFrom, at);
                }
                else if (visited.Add(next) && !Known(next, service) && Written(next, owner) is { } text)
                {
                    onWalk[next] = walk.Count;
                    walk.Add((next, ParameterCatalogue.ReferencedNames(text).GetEnumerator()));
                }

                continue;
            }

            var index = walk.Count - 1;
            walk.RemoveAt(index);
            onWalk.Remove(current);
            references.Dispose();
            if (index == 0 || index >= cycleFrom)
            {
                cycleFrom = index == cycleFrom ? int.MaxValue : cycleFrom;
                continue;
            }

            Get(current, service, reference: false);
        }
    }

    /// <summary>Whether <paramref name="name"/>'s value for the service is kept, or is main.cf's kept value (<see cref="SameAsMain"/>).</summary>
    private bool Known(string name, MasterService? service)
    {
        var owner = ContextOf(name, service);
        return cache.TryGetValue(name, owner, out _) || SharesMain(name, owner);
    }

    /// <summary>Whether the service's value of <paramref name="name"/> is main.cf's kept value (<see cref="SameAsMain"/>).</summary>
    private bool SharesMain(string name, MasterService? owner) =>
        owner is not null && MayShare(name, owner) && cache.TryGetValue(name, null, out var mainValue) && Holds(mainValue, owner);

    /// <summary>The value written for <paramref name="name"/> in the service's <c>-o</c> options or in main.cf, or null.</summary>
    private string? Written(string name, MasterService? owner) =>
        owner?.Override(name)?.Value.Text ?? main?.Get(name)?.Value.Text;

    /// <summary>The effective value for one master.cf service (null: main.cf alone, what master and most daemons see).</summary>
    public EffectiveValue Get(string name, MasterService? service = null)
    {
        var owner = ContextOf(name, service);
        var kept = cache.TryGetValue(name, owner, out var cached);
        if (kept && guard.TryReuse(cached!.Height))
        {
            // The common case, with one lookup: rules ask every service for the same names.
            guard.Read(cached.Dependencies);
            return cached;
        }

        // Known(name, service), without asking the cache a second time.
        if (guard.Depth == 0 && !kept && !SharesMain(name, owner))
        {
            EvaluateReferencesFirst(name, service, owner);
        }

        return Get(name, service, reference: false);
    }

    private EffectiveValue Get(string name, MasterService? service, bool reference)
    {
        // An override only matters for its own service; without one, all services share main.cf's value.
        var owner = ContextOf(name, service);
        if (cache.TryGetValue(name, owner, out var cached) && guard.TryReuse(cached.Height))
        {
            guard.Read(cached.Dependencies);
            return cached;
        }

        if (owner is not null && SameAsMain(name, owner) is { } shared)
        {
            // Kept where few services have options: rules ask a submission service for the same names
            // again and again, and each time made the view anew (the views and their checks: some 1.5 %
            // of a fleet's check). Not kept for a master.cf of thousands of such services: each would
            // keep a copy per name.
            if (keepShared)
            {
                cache.Set(name, owner, shared);
            }

            guard.Read(shared.Dependencies);
            return shared;
        }

        if (owner is null && ReusableDefault(name) is { } known && guard.TryReuse(known.Height) && budget.TryCharge(known.Charged))
        {
            guard.Read(known.Dependencies);
            var reused = new EffectiveValue(name, known.Raw, known.Expanded, service, known.Dependencies, known.Height);
            cache.Set(name, owner, reused);
            return reused;
        }

        var charged = budget.Used;
        var frame = guard.Enter(name, owner, reference);
        EffectiveValue value;
        try
        {
            RawValue? raw = null;
            Expansion expanded;
            try
            {
                raw = Lookup(name, owner);
                expanded = raw is null ? new Expansion(string.Empty, [], [], [name], null)
                    : RawParameters.IsRaw(name) ? Verbatim(raw)
                    : Expand(raw, owner, frame);
            }
            catch (ExpansionFailure f) when (f.Owner >= frame)
            {
                // The cycle started here (or a computed default of this very name failed): this value fails.
                raw ??= new RawValue(name, string.Empty, null, new DefaultProvenance(CompatibilityLevel));
                expanded = new Expansion(string.Empty, [], [], [], f.Message, f.Origin.Count > 0 ? f.Origin : [name], f.Kind);
            }

            // A failure is the value's own wherever it is reused (a nesting failure is only kept by the outermost frame).
            value = new EffectiveValue(name, raw, expanded, service, guard.ReadBy(frame), expanded.Failed ? 0 : guard.HeightOf(frame));
        }
        finally
        {
            guard.Leave(frame);
        }

        cache.Set(name, owner, value);
        if (owner is null)
        {
            Share(value, budget.Used - charged);
        }

        return value;
    }

    /// <summary>
    /// Expands a value as <paramref name="owner"/> sees it. A method of its own so that the lambdas'
    /// closure is made only when a value is evaluated, not at every <see cref="Get(string, MasterService?, bool)"/>
    /// that finds it made already (15 MB of a 3,000-configuration fleet's allocations).
    /// </summary>
    private Expansion Expand(RawValue raw, MasterService? owner, int frame) =>
        (owner is null ? mainExpander ??= ExpanderFor(null) : ExpanderFor(owner)).ExpandOwned(raw, frame);

    /// <summary>
    /// The expander of main.cf's values, made once: an Expander keeps no state between expansions (each has
    /// its own), and main.cf's 100-odd evaluations a configuration each made one and two closures.
    /// </summary>
    private Expander? mainExpander;

    private Expander ExpanderFor(MasterService? owner) =>
        new(n => Lookup(n, owner), n => RawParameters.IsRaw(n) ? null : Get(n, owner, reference: true).Expanded, guard, owner, budget, Release.HasMacroFunctions);

    /// <summary>
    /// The value another configuration of the same release and compatibility level made of
    /// <paramref name="name"/>, when here too it is the built-in default and so is every name it read:
    /// then it is the same value (see <see cref="SharedDefaults"/>). Null: it must be evaluated here.
    /// </summary>
    private SharedDefault? ReusableDefault(string name)
    {
        if (!IsDefaultHere(name) || !SharedValues().TryGetValue(name, out var known))
        {
            return null;
        }

        foreach (var read in known.Dependencies)
        {
            if (read != name && !IsDefaultHere(read))
            {
                return null;
            }
        }

        return known;
    }

    /// <summary>Keeps a value for other configurations when it is a built-in default made of built-in defaults alone, with nothing of this configuration in it.</summary>
    private void Share(EffectiveValue value, long charged)
    {
        var name = value.Name;
        if (value.Raw?.Provenance is not DefaultProvenance || value.Expanded.Failed || value.Expanded.Runs.Count > 0
            || value.Dependencies is not HashSet<string> { Count: <= EvaluationGuard.MaxTracked } dependencies || !IsDefaultHere(name) || Catalogue.RawDefault(name) is null)
        {
            return;
        }

        foreach (var read in dependencies)
        {
            // A name only master.cf defines (relay_destination_concurrency_limit) is this configuration's own.
            if (read != name && (!IsDefaultHere(read) || Catalogue.RawDefault(read) is null))
            {
                return;
            }
        }

        foreach (var step in value.Expanded.Steps)
        {
            if (step.Provenance is not (null or DefaultProvenance))
            {
                return;
            }
        }

        SharedValues().TryAdd(name, new SharedDefault(value.Raw, value.Expanded, dependencies, value.Height, charged));
    }

    /// <summary>
    /// Whether <paramref name="name"/> takes the release's built-in default here: neither main.cf nor
    /// the host sets it, and it is not one of the defaults Postfix computes from other values.
    /// </summary>
    private bool IsDefaultHere(string name) =>
        name is not ("mydomain" or "mynetworks") && main?.Get(name) is null && !Host.TryGetValue(name, out _);

    private SharedDefaults SharedValues()
    {
        if (shared is not { } kept || !ReferenceEquals(kept.Level, CompatibilityLevel))
        {
            kept = (CompatibilityLevel, SharedDefaults.For(Release, CompatibilityLevel));
            shared = kept;
        }

        return kept.Values;
    }

    /// <summary>The service whose view of <paramref name="name"/> may differ from main.cf's, or null when it is main.cf's.</summary>
    private static MasterService? ContextOf(string name, MasterService? service) =>
        service is not null && (service.Overrides.Count > 0 || name == "service_name") ? service : null;

    /// <summary>
    /// main.cf's value, when the service overrides nothing it was computed from: 100,000 services
    /// with unrelated <c>-o</c> options share one evaluation instead of repeating it.
    /// </summary>
    private EffectiveValue? SameAsMain(string name, MasterService service)
    {
        if (!MayShare(name, service))
        {
            return null;
        }

        var mainValue = Get(name, null);
        if (!Holds(mainValue, service))
        {
            return null;
        }

        return new EffectiveValue(name, mainValue.Raw, mainValue.Expanded, service, mainValue.Dependencies, mainValue.Height);
    }

    /// <summary>Whether the service may see main.cf's value of <paramref name="name"/>: it neither overrides it nor is it service_name.</summary>
    private static bool MayShare(string name, MasterService service) => name != "service_name" && service.Override(name) is null;

    /// <summary>Whether main.cf's value holds for the service too: it overrides nothing the value was computed from.</summary>
    private bool Holds(EffectiveValue mainValue, MasterService service) =>
        !mainValue.Dependencies.Contains("service_name") && !EvaluationGuard.ReadsAnyOf(mainValue.Dependencies, OverriddenNames(service));

    private HashSet<string> OverriddenNames(MasterService service)
    {
        if (!overridden.TryGetValue(service, out var names))
        {
            names = new HashSet<string>(service.Overrides.Select(o => o.Name), StringComparer.Ordinal);
            overridden[service] = names;
        }

        return names;
    }

    /// <summary>
    /// The values kept, by name for main.cf and by (name, service) for a service with <c>-o</c> options:
    /// most questions are main.cf's, and a string key alone is hashed without the randomised hash a
    /// tuple's string gets (a tenth of a fleet check went to hashing tuples).
    /// </summary>
    private sealed class ValueCache
    {
        // Room for what a small configuration's rules ask (some 130 values) from the start, not grown
        // five times on the way.
        private readonly Dictionary<string, EffectiveValue> main = new(128);
        // Made when a service first keeps a value, with room for what rules ask of a submission service
        // (its views of main.cf's values are kept too): grown from empty it was reallocated six times.
        private Dictionary<(string Name, MasterService Service), EffectiveValue>? services;

        public bool TryGetValue(string name, MasterService? owner, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out EffectiveValue value)
        {
            if (owner is null)
            {
                return main.TryGetValue(name, out value);
            }

            value = null;
            return services is not null && services.TryGetValue((name, owner), out value);
        }

        public void Set(string name, MasterService? owner, EffectiveValue value)
        {
            if (owner is null)
            {
                main[name] = value;
            }
            else
            {
                (services ??= new(128))[(name, owner)] = value;
            }
        }
    }

    /// <summary>A raw parameter's own value: as written, not expanded (see <see cref="RawParameters"/>).</summary>
    private static Expansion Verbatim(RawValue raw) =>
        new(raw.Text, raw.Source is null ? [] : [new MappedRun(0, raw.Text.Length, raw.Source, 0)], [], [], null);

    /// <summary>The frames of a computed default, apart from the parameter's own (keyed by the service or a <see cref="LevelView"/>).</summary>
    private sealed record ComputedDefault(object? Context);

    /// <summary>Names looked up while myhostname is evaluated for an unset mydomain (mydomain is undefined there).</summary>
    private sealed record MydomainUnset(object? Context);

    /// <summary>A value made of built-in defaults alone, as another configuration evaluated it, with what its evaluation cost.</summary>
    /// <param name="Dependencies">A set of its own (walked without boxing an enumerator each time it is asked for).</param>
    private sealed record SharedDefault(RawValue Raw, Expansion Expanded, HashSet<string> Dependencies, int Height, long Charged);

    /// <summary>
    /// The values of one release and compatibility level that are built-in defaults made of built-in
    /// defaults alone (smtpd_tls_protocols, smtp_tls_ciphers, …): the same in every configuration that
    /// sets none of the names they read, so a fleet evaluates each once instead of once per
    /// configuration (a hundred of them each time, a fifth of a fleet's check). Kept per release while
    /// the release is in use; a value holds no span, file or service of the configuration that made it.
    /// Bounded by the release's catalogue: only its parameter names are kept.
    /// </summary>
    private sealed class SharedDefaults
    {
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<PostfixRelease, System.Collections.Concurrent.ConcurrentDictionary<string, SharedDefaults>> ByRelease = new();

        private readonly Lock adding = new();

        /// <summary>
        /// Read by every worker for every first evaluation, added to some hundred times a release and level:
        /// a dictionary that is never changed, replaced by a copy with the new value (a plain dictionary's
        /// lookup, without a concurrent one's).
        /// </summary>
        private volatile Dictionary<string, SharedDefault> values = new(StringComparer.Ordinal);

        public static SharedDefaults For(PostfixRelease release, string level) =>
            ByRelease.GetValue(release, _ => new(StringComparer.Ordinal)).GetOrAdd(level, _ => new SharedDefaults());

        public bool TryGetValue(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out SharedDefault value) => values.TryGetValue(name, out value);

        public void TryAdd(string name, SharedDefault value)
        {
            lock (adding)
            {
                if (!values.ContainsKey(name))
                {
                    values = new Dictionary<string, SharedDefault>(values, StringComparer.Ordinal) { [name] = value };
                }
            }
        }
    }

    /// <summary>
    /// Names looked up as they would be at another compatibility level (<see cref="DefaultAt"/>): <paramref name="Text"/>
    /// is what <c>$compatibility_level</c> says, <paramref name="Level"/> the known level it acts like.
    /// </summary>
    private sealed record LevelView(string Text, string Level, MasterService? Service);
}
