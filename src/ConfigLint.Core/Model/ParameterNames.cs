using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Parsing;

namespace ConfigLint.Core.Model;

/// <summary>Why postconf knows a parameter name, or that it does not.</summary>
public enum ParameterNameKind
{
    /// <summary>A built-in parameter of the target release.</summary>
    Builtin,

    /// <summary>A built-in that Postfix computes itself (process_name, ...): the assignment is ignored.</summary>
    ReadOnly,

    /// <summary>A legacy name a built-in default still refers to (<c>virtual_maps</c>).</summary>
    Legacy,

    /// <summary>A <c>&lt;service&gt;_...</c> name of a master.cf service (<c>relay_destination_concurrency_limit</c>).</summary>
    ServiceDefined,

    /// <summary>
    /// A user-defined name that counts as used: a <c>$name</c> refers to it, it is a restriction class, or it
    /// completes a legacy <c>ldap:name</c>-style database client reference.
    /// </summary>
    UserDefined,

    /// <summary>Nothing uses it: postconf warns "unused parameter" and no Postfix program reads it.</summary>
    Unused,
}

/// <summary>A <c>$name</c> in a written value that nothing defines (postconf: "undefined parameter: NAME").</summary>
/// <param name="Reference">The reference and where it is written.</param>
/// <param name="Parameter">The parameter whose value holds it.</param>
/// <param name="Service">The service whose <c>-o</c> holds it, or null for main.cf.</param>
public sealed record UndefinedReference(MacroReference Reference, string Parameter, MasterService? Service);

/// <summary>
/// Which parameter names postconf knows for this configuration, per name space (main.cf, and each master.cf
/// service's <c>-o</c> names), and the <c>$name</c> references nothing defines. This is postconf's own
/// bookkeeping (postconf_user.c pcf_register_user_parameters(), postconf_service.c, postconf_dbms.c): a name
/// is known when it is built-in or legacy, service-defined for a master.cf service, or user-defined and
/// used: a <c>$name</c> in a main.cf value or an <c>-o</c> value refers to it, it is listed in
/// <c>smtpd_restriction_classes</c>, or it completes a legacy database reference (<c>ldap:name</c> makes
/// <c>name_server_host</c> ... valid). Every other name draws "unused parameter" and is read by nothing.
/// </summary>
public sealed class ParameterNames
{
    private readonly MainCfDocument? main;
    private readonly IReadOnlyList<MasterService> services;
    private readonly PostfixRelease release;
    private readonly ParameterValues values;
    private readonly Func<string, bool> isServiceDefined;
    private readonly HashSet<string> global = new(StringComparer.Ordinal);
    private readonly Dictionary<MasterService, HashSet<string>> local = [];

    /// <summary>The services with an <c>-o</c> of each name, in master.cf order: a name main.cf's values mention is looked up once, not in every service.</summary>
    private readonly Dictionary<string, List<MasterService>> overriding = new(StringComparer.Ordinal);
    private readonly List<(string Type, string Prefix)> globalDatabaseReferences = [];
    private readonly Dictionary<MasterService, List<(string Type, string Prefix)>> localDatabaseReferences = [];
    private readonly HashSet<string> referenced = new(StringComparer.Ordinal);
    private readonly List<UndefinedReference> undefined = [];

    internal ParameterNames(MainCfDocument? main, MasterCfDocument? master, ParameterValues values, Func<string, bool> isServiceDefined)
    {
        this.main = main;
        services = master?.Services ?? [];
        release = values.Release;
        this.values = values;
        this.isServiceDefined = isServiceDefined;
        foreach (var service in services.Where(s => s.Overrides.Count > 0))
        {
            // Only a service with -o options can have names of its own: 100,000 without keep nothing here.
            local[service] = new HashSet<string>(StringComparer.Ordinal);
            localDatabaseReferences[service] = [];
            foreach (var name in service.Overrides.Select(o => o.Name).Distinct(StringComparer.Ordinal))
            {
                (overriding.TryGetValue(name, out var list) ? list : overriding[name] = []).Add(service);
            }
        }

        // postconf scans the -o name spaces, then the defaults main.cf leaves alone, then main.cf; the
        // result does not depend on the order.
        foreach (var service in services)
        {
            if (service.Override("smtpd_restriction_classes") is not null)
            {
                foreach (var name in ListWords(values.Get("smtpd_restriction_classes", service).Value))
                {
                    Flag(name, service);
                }
            }

            foreach (var o in EffectiveOverrides(service))
            {
                Scan(o.Name, o.Value, service);
            }
        }

        // A default main.cf leaves alone supplies the names it refers to. Flagging only marks names that
        // main.cf or a -o writes, so those are the ones looked up, each among the defaults that refer to it.
        foreach (var name in (main?.Effective.Keys ?? []).Concat(overriding.Keys).ToList())
        {
            if (Catalogue.DefaultsReferring(name).Any(parameter => main?.Get(parameter) is null && !RawParameters.IsRaw(parameter)))
            {
                Flag(name, null);
            }
        }

        foreach (var name in ListWords(values.Get("smtpd_restriction_classes").Value))
        {
            Flag(name, null);
        }

        foreach (var entry in main?.Effective.Values ?? [])
        {
            Scan(entry.Name, entry.Value, null);
        }
    }

    private ParameterCatalogue Catalogue => release.Parameters;

    /// <summary>Every <c>$name</c> in main.cf and in <c>-o</c> values that nothing defines, in file order.</summary>
    public IReadOnlyList<UndefinedReference> Undefined => undefined;

    /// <summary>What postconf makes of main.cf name <paramref name="name"/>.</summary>
    public ParameterNameKind InMain(string name) => Kind(name, null);

    /// <summary>What postconf makes of the <c>-o</c> name <paramref name="name"/> of <paramref name="service"/>.</summary>
    public ParameterNameKind InService(MasterService service, string name)
    {
        ArgumentNullException.ThrowIfNull(service);
        return Kind(name, service);
    }

    /// <summary>Whether a <c>$name</c> in main.cf or in any <c>-o</c> value refers to <paramref name="name"/>.</summary>
    public bool IsReferenced(string name) => referenced.Contains(name);

    private ParameterNameKind Kind(string name, MasterService? service)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Catalogue.IsBuiltin(name))
        {
            return ReadOnlyParameters.IsReadOnly(name, release) ? ParameterNameKind.ReadOnly : ParameterNameKind.Builtin;
        }

        if (Catalogue.IsLegacy(name))
        {
            return ParameterNameKind.Legacy;
        }

        if (isServiceDefined(name))
        {
            return ParameterNameKind.ServiceDefined;
        }

        var references = service is not null && localDatabaseReferences.TryGetValue(service, out var own) ? globalDatabaseReferences.Concat(own) : globalDatabaseReferences;
        return global.Contains(name)
            || (service is not null && local.TryGetValue(service, out var names) && names.Contains(name))
            || references.Any(r => name.Length > r.Prefix.Length + 1 && name.StartsWith(r.Prefix + "_", StringComparison.Ordinal)
                && DatabaseClientParameters.IsParameter(r.Type, name[(r.Prefix.Length + 1)..]))
            ? ParameterNameKind.UserDefined
            : ParameterNameKind.Unused;
    }

    /// <summary>The last <c>-o</c> of each name: postconf keeps a service's overrides in a dictionary.</summary>
    private static IEnumerable<MasterOverride> EffectiveOverrides(MasterService service) =>
        service.Overrides.Where(o => ReferenceEquals(service.Override(o.Name), o));

    /// <summary>pcf_scan_user_parameter_namespace() for one name=value.</summary>
    private void Scan(string name, ValueText value, MasterService? service)
    {
        var builtin = Catalogue.IsBuiltin(name);
        if (builtin && ReadOnlyParameters.IsReadOnly(name, release))
        {
            return; // postconf deletes the assignment without looking at it
        }

        if (builtin && RawParameters.IsRaw(name))
        {
            return; // "do not expand" parameters: their $ means something else
        }

        foreach (var reference in MacroReferences.In(value))
        {
            referenced.Add(reference.Name);
            if (!Flag(reference.Name, service) && !IsKnownGlobally(reference.Name))
            {
                undefined.Add(new UndefinedReference(reference, name, service));
            }
        }

        if (builtin || isServiceDefined(name))
        {
            // postconf expands the value first (pcf_register_dbms_parameters()).
            var references = service is null ? globalDatabaseReferences : localDatabaseReferences[service];
            var expanded = values.Get(name, service);
            if (!expanded.Expanded.Failed)
            {
                references.AddRange(DatabaseReferences.Find(expanded.Value, release));
            }
        }
    }

    private bool IsKnownGlobally(string name) => Catalogue.IsKnown(name) || isServiceDefined(name);

    /// <summary>
    /// pcf_flag_user_parameter(): a name that a <c>$name</c> or a restriction class list mentions becomes valid
    /// where it has a name=value (the service's own <c>-o</c>, else main.cf; from main.cf also every service's
    /// <c>-o</c>). Returns whether some name=value supplies it.
    /// </summary>
    private bool Flag(string name, MasterService? service)
    {
        var supplied = false;
        if (service?.Override(name) is not null)
        {
            supplied = true;
            local[service].Add(name);
        }
        else if (main?.Get(name) is not null)
        {
            supplied = true;
            global.Add(name);
        }

        if (service is null && overriding.TryGetValue(name, out var others))
        {
            supplied = true;
            foreach (var other in others)
            {
                local[other].Add(name);
            }
        }

        return supplied;
    }

    /// <summary>The words of a list value (CHARS_COMMA_SP: commas and blanks separate).</summary>
    private static IEnumerable<string> ListWords(string value) =>
        value.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The separators of a Postfix list (once, not an array per call).</summary>
    private static readonly char[] ListSeparators = [',', ' ', '\t', '\r', '\n'];
}
