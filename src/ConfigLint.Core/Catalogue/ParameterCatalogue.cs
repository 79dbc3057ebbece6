using System.Diagnostics.CodeAnalysis;

namespace ConfigLint.Core.Catalogue;

/// <summary>
/// A service-defined parameter recognised for a concrete master.cf service: <see cref="Name"/> =
/// <see cref="ServiceName"/> + <see cref="Family"/>.Suffix.
/// </summary>
public sealed record ServiceDefinedParameter(string Name, string ServiceName, ServiceParameterSuffix Family);

/// <summary>
/// The parameters one Postfix release knows: the built-in ones of <c>postconf -d</c> (with their raw
/// defaults), the legacy names postconf still accepts, and the service-defined families that master.cf
/// services add. Generated per release from tests/data/postfix/versions/ by
/// <c>bash tools/generate-catalogue.sh</c> and embedded as <c>catalogue/releases/X.Y/*.tsv</c>; see
/// <see cref="PostfixRelease.Parameters"/>. Names are case-sensitive, as in Postfix (POSTFIX-SEMANTICS.md §1).
/// </summary>
public sealed class ParameterCatalogue
{
    private readonly Dictionary<string, ParameterInfo> _parameters;
    private readonly Dictionary<string, IReadOnlyList<string>> _legacy;
    private readonly Dictionary<string, List<ServiceParameterSuffix>> _suffixesByCommand;
    private readonly Dictionary<string, bool> _dependsOnHost = new(StringComparer.Ordinal);
    private readonly Lock _dependsOnHostLock = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string[]> _namesEndingWith = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ParameterValueType, string[]> _namesOfType = new();

    private ParameterCatalogue(
        IReadOnlyList<ParameterInfo> parameters,
        IReadOnlyList<ServiceParameterSuffix> suffixes,
        IReadOnlyDictionary<string, IReadOnlyList<string>> legacy)
    {
        _parameters = new Dictionary<string, ParameterInfo>(StringComparer.Ordinal);
        foreach (var p in parameters)
        {
            if (!_parameters.TryAdd(p.Name, p))
            {
                throw new InvalidDataException($"Parameter catalogue: duplicate parameter {p.Name}.");
            }
        }

        All = parameters;
        ServiceParameterSuffixes = suffixes;
        _suffixesByCommand = suffixes
            .GroupBy(s => s.Command, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        _legacy = legacy.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        LegacyNames = _legacy.Keys.Order(StringComparer.Ordinal).ToArray();
        DefaultReferences = parameters
            .Where(p => p.RawDefault.Contains('$', StringComparison.Ordinal))
            .Select(p => (p.Name, (IReadOnlyList<string>)ReferencedNames(p.RawDefault).ToArray()))
            .Where(r => r.Item2.Count > 0)
            .ToArray();
        LevelDependent = parameters.Where(p => ReferencedNames(p.RawDefault).Contains("compatibility_level", StringComparer.Ordinal)).ToArray();
    }

    /// <summary>
    /// The built-in parameters whose default refers to other names, with those names (in name order):
    /// scanned once per release instead of all 900 defaults once per checked configuration.
    /// </summary>
    public IReadOnlyList<(string Name, IReadOnlyList<string> References)> DefaultReferences { get; }

    /// <summary>
    /// The inverse of <see cref="DefaultReferences"/>: for a name, the built-in parameters whose default
    /// refers to it (<c>mydestination</c> → relay_domains, ...), in name order; empty for a name none refers to.
    /// </summary>
    public IReadOnlyList<string> DefaultsReferring(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var referrers = LazyInitializer.EnsureInitialized(ref _referrers, () => DefaultReferences
            .SelectMany(r => r.References.Select(reference => (Reference: reference, r.Name)))
            .GroupBy(x => x.Reference, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(x => x.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal));
        return referrers.TryGetValue(name, out var by) ? by : [];
    }

    private Dictionary<string, IReadOnlyList<string>>? _referrers;

    /// <summary>Every built-in parameter, in name order (831 in 3.7, 873 in 3.11).</summary>
    public IReadOnlyCollection<ParameterInfo> All { get; }

    /// <summary>
    /// The parameters whose raw default itself tests <c>$compatibility_level</c>
    /// (<c>${{$compatibility_level} &lt;level {3.6} ? {md5} : {sha256}}</c>), in name order: the defaults a
    /// compatibility level changes directly (3.11: append_dot_mydomain, mynetworks_style, relay_domains,
    /// smtp_tls_security_level, ...). Defaults that merely refer to one of them (lmtp_tls_security_level =
    /// $smtp_tls_security_level) change with it but are not listed.
    /// </summary>
    public IReadOnlyList<ParameterInfo> LevelDependent { get; }

    /// <summary>Every (command, suffix) family of service-defined parameters (POSTFIX-SEMANTICS.md §3).</summary>
    public IReadOnlyList<ServiceParameterSuffix> ServiceParameterSuffixes { get; }

    /// <summary>
    /// Names that are not built-in parameters but that postconf still knows because a built-in default
    /// refers to them (<c>virtual_alias_maps = $virtual_maps</c>, <c>smtp_fallback_relay = $fallback_relay</c>, ...).
    /// </summary>
    public IReadOnlyList<string> LegacyNames { get; }

    /// <summary>
    /// The built-in parameters whose name ends with one of <paramref name="suffixes"/>, in name order: the
    /// smtpd_, smtp_, lmtp_, tlsproxy_ ... family of one setting. Made once per release and suffix set; a
    /// fleet of 10,000 configurations asked this of all 873 names for every one of them.
    /// </summary>
    public IReadOnlyList<string> NamesEndingWith(params string[] suffixes)
    {
        ArgumentNullException.ThrowIfNull(suffixes);
        return _namesEndingWith.GetOrAdd(string.Join('\n', suffixes), _ => All
            .Select(p => p.Name)
            .Where(n => suffixes.Any(suffix => n.EndsWith(suffix, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToArray());
    }

    /// <summary>The built-in parameters of one value type, in name order, made once per release and type.</summary>
    public IReadOnlyList<string> NamesOfType(ParameterValueType type) =>
        _namesOfType.GetOrAdd(type, t => All.Where(p => p.ValueType == t).Select(p => p.Name).ToArray());

    /// <summary>Looks up a built-in parameter.</summary>
    public bool TryGet(string name, [MaybeNullWhen(false)] out ParameterInfo info)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _parameters.TryGetValue(name, out info);
    }

    /// <summary>Whether <paramref name="name"/> is one of the built-in parameters of <c>postconf -d</c>.</summary>
    public bool IsBuiltin(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _parameters.ContainsKey(name);
    }

    /// <summary>Whether <paramref name="name"/> is a legacy name that a built-in default refers to (see <see cref="LegacyNames"/>).</summary>
    public bool IsLegacy(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _legacy.ContainsKey(name);
    }

    /// <summary>
    /// Whether postconf knows <paramref name="name"/> without any master.cf or user reference: a built-in
    /// parameter or a legacy name. POSTFIX-SEMANTICS.md §3 rule 1 ("legacy names such as virtual_maps still
    /// count"); verified with postconf 3.7.11: <c>virtual_maps = ...</c> draws no "unused parameter" warning.
    /// Service-defined names need the master.cf services: see <see cref="IsServiceDefined"/>.
    /// </summary>
    public bool IsKnown(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _parameters.ContainsKey(name) || _legacy.ContainsKey(name);
    }

    /// <summary>
    /// The raw default as <c>postconf -d</c> prints it, or null for a name postconf does not know.
    /// A legacy name has the empty default (<c>postconf -d virtual_maps</c> prints <c>virtual_maps =</c>).
    /// </summary>
    public string? RawDefault(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_parameters.TryGetValue(name, out var info))
        {
            return info.RawDefault;
        }

        return _legacy.ContainsKey(name) ? string.Empty : null;
    }

    /// <summary>The names of the built-in parameters whose defaults refer to legacy name <paramref name="name"/>; empty if it is not one.</summary>
    public IReadOnlyList<string> LegacyReferencedBy(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _legacy.TryGetValue(name, out var by) ? by : [];
    }

    /// <summary>The service-defined parameter families a service running <paramref name="command"/> gets (none for e.g. discard or smtpd).</summary>
    public IReadOnlyList<ServiceParameterSuffix> SuffixesFor(string command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return _suffixesByCommand.TryGetValue(CommandName(command), out var list) ? list : [];
    }

    /// <summary>
    /// Whether <paramref name="name"/> is a service-defined parameter for one of <paramref name="masterServices"/>:
    /// <c>&lt;service&gt;&lt;suffix&gt;</c> where the service's command (master.cf field 8) is exactly local,
    /// error, virtual, smtp or lmtp (16 suffixes), pipe (those plus <c>_time_limit</c>) or spawn (<c>_time_limit</c>
    /// only); see POSTFIX-SEMANTICS.md §3. E.g. <c>relay_destination_concurrency_limit</c> with a service "relay"
    /// running smtp. A built-in parameter of the same name (local_destination_concurrency_limit) also counts
    /// when such a service exists.
    /// </summary>
    /// <param name="name">The parameter name (case-sensitive).</param>
    /// <param name="masterServices">
    /// The master.cf services as (service name = field 1, command = field 8). A command given with its
    /// arguments is cut at the first blank; paths are not stripped, as postconf compares the field as written.
    /// </param>
    public bool IsServiceDefined(string name, IEnumerable<(string serviceName, string command)> masterServices)
        => TryGetServiceDefined(name, masterServices, out _);

    /// <summary>
    /// Every service-defined name of <paramref name="masterServices"/> (a service name followed by a suffix of
    /// its command's families), found once for a configuration: looking a name up is then one hash probe, not
    /// a walk over every service (a 100,000-service master.cf made each of PF902's lookups walk them all).
    /// Where two services give the same name, the first one's, as <see cref="TryGetServiceDefined"/> finds it.
    /// </summary>
    public IReadOnlyDictionary<string, ServiceDefinedParameter> ServiceDefinedNames(IEnumerable<(string serviceName, string command)> masterServices)
    {
        ArgumentNullException.ThrowIfNull(masterServices);
        var names = new Dictionary<string, ServiceDefinedParameter>(StringComparer.Ordinal);
        foreach (var (serviceName, command) in masterServices)
        {
            if (string.IsNullOrEmpty(serviceName) || command is null || !_suffixesByCommand.TryGetValue(CommandName(command), out var families))
            {
                continue;
            }

            foreach (var family in families.Where(f => f.Suffix.Length > 0))
            {
                var name = serviceName + family.Suffix;
                names.TryAdd(name, new ServiceDefinedParameter(name, serviceName, family));
            }
        }

        return names;
    }

    /// <summary>Like <see cref="IsServiceDefined"/>, and says which service and family the name belongs to.</summary>
    public bool TryGetServiceDefined(
        string name,
        IEnumerable<(string serviceName, string command)> masterServices,
        [MaybeNullWhen(false)] out ServiceDefinedParameter parameter)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(masterServices);
        foreach (var (serviceName, command) in masterServices)
        {
            if (string.IsNullOrEmpty(serviceName) || command is null
                || name.Length <= serviceName.Length
                || !name.StartsWith(serviceName, StringComparison.Ordinal)
                || !_suffixesByCommand.TryGetValue(CommandName(command), out var families))
            {
                continue;
            }

            var suffix = name.AsSpan(serviceName.Length);
            foreach (var family in families)
            {
                if (suffix.SequenceEqual(family.Suffix))
                {
                    parameter = new ServiceDefinedParameter(name, serviceName, family);
                    return true;
                }
            }
        }

        parameter = null;
        return false;
    }

    /// <summary>
    /// Whether the effective default of <paramref name="name"/> depends on the machine: the parameter is
    /// <see cref="ParameterInfo.HostDependent"/> itself, or its raw default refers (directly or through other
    /// defaults) to one that is, e.g. <c>myorigin = $myhostname</c>, <c>mydestination</c>, <c>smtpd_banner</c>.
    /// False for names the catalogue does not know.
    /// </summary>
    public bool DependsOnHost(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_dependsOnHostLock)
        {
            return DependsOnHost(name, new HashSet<string>(StringComparer.Ordinal));
        }
    }

    private bool DependsOnHost(string name, HashSet<string> visiting)
    {
        if (_dependsOnHost.TryGetValue(name, out var known))
        {
            return known;
        }

        if (!_parameters.TryGetValue(name, out var info) || !visiting.Add(name))
        {
            return false;
        }

        var result = info.HostDependent
            || ReferencedNames(info.RawDefault).Any(r => DependsOnHost(r, visiting));
        visiting.Remove(name);
        _dependsOnHost[name] = result;
        return result;
    }

    /// <summary>
    /// The parameter names a raw value refers to with <c>$name</c>, <c>${name...}</c> or <c>$(name)</c>
    /// (POSTFIX-SEMANTICS.md §2); <c>$$</c> is a literal dollar. Names inside level expressions
    /// (<c>${{$compatibility_level} ...}</c>) are found too.
    /// </summary>
    internal static IEnumerable<string> ReferencedNames(string rawValue)
    {
        for (var i = 0; i < rawValue.Length; i++)
        {
            if (rawValue[i] != '$' || i + 1 >= rawValue.Length)
            {
                continue;
            }

            var j = i + 1;
            if (rawValue[j] == '$')
            {
                i = j;
                continue;
            }

            if (rawValue[j] is '{' or '(')
            {
                j++;
                while (j < rawValue.Length && rawValue[j] is ' ' or '\t')
                {
                    j++;
                }
            }

            var start = j;
            while (j < rawValue.Length && (char.IsAsciiLetterOrDigit(rawValue[j]) || rawValue[j] == '_'))
            {
                j++;
            }

            if (j > start)
            {
                yield return rawValue[start..j];
            }
        }
    }

    private static string CommandName(string command)
    {
        var trimmed = command.Trim();
        var blank = trimmed.AsSpan().IndexOfAny(' ', '\t');
        return blank < 0 ? trimmed : trimmed[..blank];
    }

    /// <summary>Builds a catalogue from the text of the three TSV files (see tools/generate-catalogue.sh for the format).</summary>
    internal static ParameterCatalogue Parse(string parametersTsv, string suffixesTsv, string legacyTsv)
    {
        var parameters = new List<ParameterInfo>();
        foreach (var (line, f) in CatalogueTsv.Rows(parametersTsv, "parameters.tsv", ["name", "value_type", "default", "host_dependent", "parsed_as", "minimum", "maximum", "time_unit"]))
        {
            var hostDependent = f[3] switch
            {
                "yes" => true,
                "no" => false,
                _ => throw new InvalidDataException($"parameters.tsv line {line}: host_dependent must be yes or no, not \"{f[3]}\"."),
            };
            parameters.Add(new ParameterInfo(f[0], ValueType(f[1], line), f[2], hostDependent) { Parsing = Parsing(f[4..], "parameters.tsv", line) });
        }

        var suffixes = new List<ServiceParameterSuffix>();
        foreach (var (line, f) in CatalogueTsv.Rows(suffixesTsv, "service-parameter-suffixes.tsv", ["command", "suffix", "value_type", "default", "parsed_as", "minimum", "maximum", "time_unit"]))
        {
            suffixes.Add(new ServiceParameterSuffix(f[0], f[1], ValueType(f[2], line), f[3]) { Parsing = Parsing(f[4..], "service-parameter-suffixes.tsv", line) });
        }

        var legacy = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (_, f) in CatalogueTsv.Rows(legacyTsv, "legacy-parameters.tsv", ["name", "referenced_by"]))
        {
            legacy[f[0]] = f[1].Split(',', StringSplitOptions.RemoveEmptyEntries);
        }

        return new ParameterCatalogue(parameters, suffixes, legacy);
    }

    /// <summary>The parsed_as, minimum, maximum and time_unit columns; null when all are empty (a string).</summary>
    private static ValueParsing? Parsing(string[] columns, string file, int line)
    {
        if (columns.All(c => c.Length == 0))
        {
            return null;
        }

        var kind = columns[0] switch
        {
            "int" => ParsedValueKind.Int,
            "long" => ParsedValueKind.Long,
            "time" => ParsedValueKind.Time,
            "bool" => ParsedValueKind.Bool,
            _ => throw new InvalidDataException($"{file} line {line}: parsed_as must be int, long, time or bool, not \"{columns[0]}\"."),
        };
        char? unit = columns[3] switch
        {
            "" when kind != ParsedValueKind.Time => null,
            [var c] when kind == ParsedValueKind.Time && "smhdw".Contains(c, StringComparison.Ordinal) => c,
            _ => throw new InvalidDataException($"{file} line {line}: bad time_unit \"{columns[3]}\" for {columns[0]}."),
        };
        return new ValueParsing(kind, Bound(columns[1], file, line), Bound(columns[2], file, line), unit);
    }

    private static long? Bound(string text, string file, int line) =>
        text.Length == 0 ? null
        : long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value
        : throw new InvalidDataException($"{file} line {line}: a limit must be a non-negative number, not \"{text}\".");

    private static ParameterValueType ValueType(string text, int line) =>
        ParameterValueTypeNames.TryParse(text, out var type)
            ? type
            : throw new InvalidDataException($"Parameter catalogue line {line}: unknown value type \"{text}\".");
}
