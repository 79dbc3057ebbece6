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

    internal ParameterValues(MainCfDocument? main, ParameterCatalogue catalogue, HostFacts host)
    {
        this.main = main;
        Catalogue = catalogue;
        Host = host;
    }

    public ParameterCatalogue Catalogue { get; }

    public HostFacts Host { get; }

    /// <summary>The effective compatibility level as Postfix acts on it: "0", "1", "2" or "3.6".</summary>
    public string CompatibilityLevel { get; private set; } = "0";

    /// <summary>Maps any valid level onto the levels that change behaviour in 3.7 ("3.5" acts like "2").</summary>
    public static bool TryNormaliseLevel(string text, out string level)
    {
        var ok = CompatibilityLevels.TryNormalize(text, out var normalised);
        level = normalised ?? "0";
        return ok;
    }

    /// <summary>
    /// Settles the compatibility level and reports, as Postfix would at start-up, every value that
    /// cannot be expanded: postconf expands every main.cf value, so one bad macro anywhere makes
    /// every query fail ("macro processing error"). Each is reported at the definition that holds it.
    /// </summary>
    internal void Settle(MasterCfDocument? master, List<Diagnostic> diagnostics)
    {
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

        if (name == "mydomain" && (service?.Override("myhostname") is not null || main?.Get("myhostname") is not null))
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
}
