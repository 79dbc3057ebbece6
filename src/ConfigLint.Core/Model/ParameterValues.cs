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
    private readonly Dictionary<(string Name, MasterService? Service), EffectiveValue> cache = [];
    private readonly MainCfDocument? main;
    private readonly IReadOnlyList<(string ServiceName, string Command)> masterServices;

    internal ParameterValues(MainCfDocument? main, MasterCfDocument? master, PostfixRelease release, HostFacts host)
    {
        this.main = main;

        // postconf_service.c pcf_register_service_parameters(): every master.cf entry, field 1 and field 8.
        masterServices = master?.Services.Select(s => (s.Name, s.Command.Text)).ToList() ?? [];
        Release = release;
        Host = host;
    }

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
                    $"{CompatibilityLevels.DescribeMalformed(level.Value, Release)}; Postfix refuses to start."));
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
                diagnostics.Add(new Diagnostic(DiagnosticKind.MacroError, entry.NameSpan, $"Cannot expand {entry.Name}: {error}; every Postfix program stops with \"macro processing error\"."));
            }
        }

        foreach (var service in master?.EffectiveServices ?? [])
        {
            foreach (var o in service.Overrides)
            {
                var value = Get(o.Name, service);
                if (value.Expanded.Error is { } error && value.Provenance is MasterOverrideProvenance && (value.Expanded.ErrorOrigin.Count == 0 || value.Expanded.ErrorOrigin.Contains(o.Name) || !value.Expanded.ErrorOrigin.Any(n => main?.Get(n) is not null && service.Override(n) is null)))
                {
                    diagnostics.Add(new Diagnostic(DiagnosticKind.MacroError, o.NameSpan, $"Cannot expand -o {o.Name} of {service.Key}: {error}; the service stops with \"macro processing error\"."));
                }
            }
        }
    }

    private Span FirstLineOfMain() => main is { } m ? Span.Line(m.Source.Path, 1, m.Source.LineText(1).Length) : Span.FileStart("main.cf");

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

        if (main?.Get(name) is { } entry)
        {
            return new RawValue(name, entry.Value.Text, entry.Value, new MainCfProvenance(entry.NameSpan, entry.Value.WholeSpan));
        }

        return LookupDefault(name, service, CompatibilityLevel, n => Lookup(n, service));
    }

    /// <summary>
    /// What a name is worth when neither main.cf nor a <c>-o</c> sets it: derived (mydomain from a configured
    /// myhostname), supplied by the host, computed (mynetworks), else the release's built-in default.
    /// <paramref name="lookup"/> resolves the other names it needs.
    /// </summary>
    private RawValue? LookupDefault(string name, MasterService? service, string level, Func<string, RawValue?> lookup)
    {
        if (name == "mydomain" && (service?.Override("myhostname") is not null || main?.Get("myhostname") is not null))
        {
            // mail_params.c check_mydomainname(): an unset mydomain is what follows the first dot of
            // myhostname, else "localdomain", so a configured myhostname decides it, not the host.
            // While myhostname is evaluated mydomain is still undefined ("mail.$mydomain" gives "mail.").
            var hostName = NewExpander(n => n == "mydomain" ? null : lookup(n)).Expand(lookup("myhostname")!).Text;
            var dot = hostName.IndexOf('.', StringComparison.Ordinal);
            var derived = dot < 0 ? "localdomain" : hostName[(dot + 1)..];
            return new RawValue(name, derived.Replace("$", "$$", StringComparison.Ordinal), null, new DefaultProvenance(level));
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
            var style = lookup("mynetworks_style") is { } styleValue ? NewExpander(lookup).Expand(styleValue).Text.Trim() : string.Empty;
            var computed = style == "host" ? "127.0.0.1/32 [::1]/128" : "127.0.0.0/8 [::1]/128";
            return new RawValue(name, computed, null, new DefaultProvenance(level));
        }

        if (Catalogue.RawDefault(name) is { } raw)
        {
            return new RawValue(name, raw, null, new DefaultProvenance(level));
        }

        // A service-derived name (relay_destination_concurrency_limit for a service relay running smtp)
        // defaults to its family's global parameter, as postconf -x shows it.
        if (Catalogue.TryGetServiceDefined(name, masterServices, out var serviceDefined))
        {
            return new RawValue(name, serviceDefined.Family.RawDefault, null, new DefaultProvenance(level));
        }

        return null;
    }

    /// <summary>
    /// The built-in default of <paramref name="name"/> had compatibility_level been <paramref name="level"/>,
    /// expanded with everything else as this configuration has it (main.cf, <c>-o</c> of
    /// <paramref name="service"/>, the host): what the parameter would become at another level if main.cf
    /// kept not setting it. E.g. with target 3.11, <c>smtp_tls_security_level</c> is empty at "3.6" and
    /// <c>may</c> at "3.11". <paramref name="level"/> is any level the release accepts ("3.7" acts like 3.6);
    /// its raw text is what <c>$compatibility_level</c> expands to.
    /// </summary>
    public EffectiveValue DefaultAt(string name, string level, MasterService? service = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(level);
        var known = CompatibilityLevels.TryNormalize(level, Release, out var normalised) ? normalised : level;

        RawValue? AtLevel(string n)
        {
            if (n == "compatibility_level")
            {
                return new RawValue(n, level, null, new DefaultProvenance(known));
            }

            var raw = Lookup(n, service);
            return raw?.Provenance is DefaultProvenance ? LookupDefault(n, service, known, AtLevel) : raw;
        }

        var value = LookupDefault(name, service, known, AtLevel);
        var expanded = value is null ? new Expansion(string.Empty, [], [], [name], null)
            : RawParameters.IsRaw(name) ? Verbatim(value)
            : NewExpander(AtLevel).Expand(value);
        return new EffectiveValue(name, value, expanded, service);
    }

    /// <summary>An expander for this release's macro syntax (named functions since 3.11).</summary>
    private Expander NewExpander(Func<string, RawValue?> lookup) => new(lookup, Release.HasMacroFunctions);

    /// <summary>The effective value for one master.cf service (null: main.cf alone, what master and most daemons see).</summary>
    public EffectiveValue Get(string name, MasterService? service = null)
    {
        // An override only matters for its own service; without one, all services share main.cf's value.
        var key = (name, service is not null && (service.Overrides.Count > 0 || name == "service_name") ? service : null);
        if (cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var raw = Lookup(name, key.Item2);
        var expander = NewExpander(n => Lookup(n, key.Item2));
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
}
