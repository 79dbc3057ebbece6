using System.Diagnostics.CodeAnalysis;

namespace ConfigLint.Core.Catalogue;

/// <summary>
/// One stable Postfix release series (3.4 … 3.11) as the catalogue knows it: built from the upstream
/// source of its newest patch release (<see cref="MailVersion"/>), with its parameters and defaults, the
/// compatibility levels it knows, its deprecation table and the stock main.cf and master.cf it ships.
/// Generated from tests/data/postfix/versions/ by <c>bash tools/generate-catalogue.sh</c>; get one from
/// <see cref="PostfixReleases"/>.
/// </summary>
public sealed class PostfixRelease : IComparable<PostfixRelease>
{
    private readonly Lazy<ParameterCatalogue> _parameters;
    private readonly Lazy<IReadOnlyList<ParameterDeprecation>> _deprecations;
    private readonly Lazy<Dictionary<string, ParameterDeprecation>> _deprecationsByName;
    private readonly Lazy<StockFile> _stockMainCf;
    private readonly Lazy<StockFile> _stockMasterCf;

    private PostfixRelease(
        string series,
        string mailVersion,
        string sourceTag,
        IReadOnlyList<string> levels,
        CompatibilityLevelSyntax syntax,
        Func<string, string> readFile)
    {
        Series = series;
        (Major, Minor) = ParseSeries(series) ?? throw new InvalidDataException($"release.tsv: bad series \"{series}\".");
        MailVersion = mailVersion;
        SourceTag = sourceTag;
        KnownCompatibilityLevels = levels;
        CompatibilityLevelSyntax = syntax;
        _parameters = new(() => ParameterCatalogue.Parse(readFile("parameters.tsv"), readFile("service-parameter-suffixes.tsv"), readFile("legacy-parameters.tsv")));
        _deprecations = new(() => ParseDeprecations(readFile("deprecated.tsv")));
        _deprecationsByName = new(() => _deprecations.Value.ToDictionary(d => d.Name, StringComparer.Ordinal));
        _stockMainCf = new(() => new StockFile($"<stock main.cf of Postfix {series}>", readFile("main.cf")));
        _stockMasterCf = new(() => new StockFile($"<stock master.cf of Postfix {series}>", readFile("master.cf")));
    }

    /// <summary>The release series, e.g. "3.7" or "3.10".</summary>
    public string Series { get; }

    /// <summary>The major number of the series (3).</summary>
    public int Major { get; }

    /// <summary>The minor number of the series (10 for "3.10").</summary>
    public int Minor { get; }

    /// <summary>The <c>mail_version</c> of the build the facts come from, e.g. "3.7.22".</summary>
    public string MailVersion { get; }

    /// <summary>The upstream source tag of that build, e.g. "v3.7.22".</summary>
    public string SourceTag { get; }

    /// <summary>
    /// The compatibility levels at which this release changes defaults, lowest first: "0", "1", "2" (3.4,
    /// 3.5), plus "3.6" (3.6 – 3.10), plus "3.11" (3.11). Each has a postconf -x dump in the data.
    /// </summary>
    public IReadOnlyList<string> KnownCompatibilityLevels { get; }

    /// <summary>The highest of <see cref="KnownCompatibilityLevels"/> (Postfix's LAST_COMPAT_LEVEL / CUR_COMPAT_LEVEL).</summary>
    public string NewestCompatibilityLevel => KnownCompatibilityLevels[^1];

    /// <summary>How this release reads a compatibility_level value (integer before 3.6).</summary>
    public CompatibilityLevelSyntax CompatibilityLevelSyntax { get; }

    /// <summary>
    /// Whether <c>$name</c> expansion knows named functions, <c>${domain_to_ascii{text}}</c> and
    /// <c>${domain_to_utf8{text}}</c>: new in 3.11 (util/mac_midna.c, registered by mail_params_init() and
    /// postconf); older releases reject the syntax.
    /// </summary>
    public bool HasMacroFunctions => Major > 3 || (Major == 3 && Minor >= 11);

    /// <summary>The release's parameters: names, value types, raw defaults, limits.</summary>
    public ParameterCatalogue Parameters => _parameters.Value;

    /// <summary>Postfix's deprecation table for this release, in Postfix's order (empty before 3.9).</summary>
    public IReadOnlyList<ParameterDeprecation> Deprecations => _deprecations.Value;

    /// <summary>The main.cf the release ships (conf/main.cf).</summary>
    public StockFile StockMainCf => _stockMainCf.Value;

    /// <summary>
    /// The master.cf the release ships (conf/master.cf): what a host runs when the analysed repository holds
    /// a main.cf but no master.cf. The active services are the same in 3.4 – 3.11; only the relay
    /// service's <c>-o syslog_name</c> differs before 3.6.
    /// </summary>
    public StockFile StockMasterCf => _stockMasterCf.Value;

    /// <summary>Looks up <paramref name="name"/> in <see cref="Deprecations"/>.</summary>
    public bool TryGetDeprecation(string name, [MaybeNullWhen(false)] out ParameterDeprecation deprecation)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _deprecationsByName.Value.TryGetValue(name, out deprecation);
    }

    /// <summary>Orders by series: 3.9 &lt; 3.10.</summary>
    public int CompareTo(PostfixRelease? other) =>
        other is null ? 1 : Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    /// <summary>The series ("3.7").</summary>
    public override string ToString() => Series;

    /// <summary>"3.7" → (3, 7); null for anything but two dot-separated numbers.</summary>
    internal static (int Major, int Minor)? ParseSeries(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        return dot > 0
            && int.TryParse(text.AsSpan(0, dot), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var major)
            && int.TryParse(text.AsSpan(dot + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var minor)
            ? (major, minor)
            : null;
    }

    /// <summary>Builds a release from its generated files; <paramref name="readFile"/> returns one file's text by name.</summary>
    internal static PostfixRelease Load(Func<string, string> readFile)
    {
        ArgumentNullException.ThrowIfNull(readFile);
        var facts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (line, f) in CatalogueTsv.Rows(readFile("release.tsv"), "release.tsv", ["key", "value"]))
        {
            if (!facts.TryAdd(f[0], f[1]))
            {
                throw new InvalidDataException($"release.tsv line {line}: {f[0]} given twice.");
            }
        }

        string Fact(string key) => facts.TryGetValue(key, out var value) && value.Length > 0
            ? value
            : throw new InvalidDataException($"release.tsv: no {key}.");

        var levels = Fact("compatibility_levels").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (levels[0] != CompatibilityLevels.Default)
        {
            throw new InvalidDataException($"release.tsv: the lowest compatibility level must be 0, not {levels[0]}.");
        }

        var syntax = Fact("compatibility_level_syntax") switch
        {
            "integer" => CompatibilityLevelSyntax.Integer,
            "version" => CompatibilityLevelSyntax.Version,
            var other => throw new InvalidDataException($"release.tsv: compatibility_level_syntax must be integer or version, not {other}."),
        };
        return new PostfixRelease(Fact("series"), Fact("mail_version"), Fact("source_tag"), levels, syntax, readFile);
    }

    private static List<ParameterDeprecation> ParseDeprecations(string text)
    {
        var list = new List<ParameterDeprecation>();
        foreach (var (line, f) in CatalogueTsv.Rows(text, "deprecated.tsv", ["name", "advice", "status"]))
        {
            var removed = f[2] switch
            {
                "removed" => true,
                "deprecated" => false,
                _ => throw new InvalidDataException($"deprecated.tsv line {line}: status must be deprecated or removed, not \"{f[2]}\"."),
            };
            list.Add(new ParameterDeprecation(f[0], f[1], removed));
        }

        return list;
    }
}
