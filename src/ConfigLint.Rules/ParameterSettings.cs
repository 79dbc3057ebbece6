using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// One parameter setting as the parameter-hygiene rules see it: a main.cf definition that Postfix uses
/// (the last one of its name) or the last <c>-o name=value</c> of a name in a master.cf service.
/// </summary>
internal sealed record ParameterSetting(string Name, Span NameSpan, ValueText Value, MasterService? Service, MainCfEntry? Entry, MasterOverride? Override)
{
    /// <summary>The whole setting: <c>name = value</c> in main.cf, <c>-o name=value</c> in master.cf.</summary>
    public Span WholeSpan => Override is { } o ? o.OptionSpan : new Span(NameSpan.File, NameSpan.StartLine, NameSpan.StartColumn, Value.WholeSpan.EndLine, Value.WholeSpan.EndColumn);

    /// <summary>How messages name where it is set: "main.cf" or "-o of submission/inet".</summary>
    public string Where => Service is null ? "main.cf" : $"-o of {Service.Label}";

    /// <summary>How postconf prints it in a warning: <c>name=value</c>, a byte-order mark shown as Postfix's terminal shows it.</summary>
    public string PostconfText => $"{ParameterSettings.Display(Name)}={Value.Text}";

    /// <summary>The same setting written with another name and value, in the file's own syntax.</summary>
    public string Rewritten(string name, string value) =>
        Override is null ? $"{name} = {value}"
        : value.Any(LogicalLine.IsSpace) || value.Contains('{', StringComparison.Ordinal) ? $"-o {{ {name} = {value} }}"
        : $"-o {name}={value}";

    /// <summary>A replacement that removes the setting (its main.cf lines go, terminators included; an <c>-o</c> goes from its line).</summary>
    public Replacement Deletion(PostfixConfig config)
    {
        if (Entry is { } e && config.Main is { } main)
        {
            return new Replacement(new Span(main.Source.Path, e.FirstLine, 1, e.LastLine + 1, 1), string.Empty);
        }

        return new Replacement(WholeSpan, string.Empty);
    }
}

/// <summary>Lookups the parameter-hygiene rules (PF9xx, PF3xx) share.</summary>
internal static class ParameterSettings
{
    /// <summary>
    /// Both lists of a configuration, made once (<see cref="PostfixConfig.Derived"/>): eight rules read
    /// them, and each made them anew (10 KB a fleet configuration each time). Let go with the configuration.
    /// </summary>
    private sealed record Lists(IReadOnlyList<ParameterSetting> Main, IReadOnlyList<ParameterSetting> Master);

    /// <summary>The main.cf definitions Postfix uses (the last of each name), in file order.</summary>
    public static IReadOnlyList<ParameterSetting> InMain(PostfixConfig config) => Of(config).Main;

    /// <summary>The <c>-o</c> settings daemons use (the last of each name in each effective service), in file order.</summary>
    public static IReadOnlyList<ParameterSetting> InMaster(PostfixConfig config) => Of(config).Master;

    private static Lists Of(PostfixConfig config) => config.Derived(static c => new Lists(MainSettings(c), MasterSettings(c)));

    private static List<ParameterSetting> MainSettings(PostfixConfig config)
    {
        var settings = new List<ParameterSetting>();
        foreach (var e in config.Main?.Entries ?? [])
        {
            if (ReferenceEquals(config.Main!.Get(e.Name), e))
            {
                settings.Add(new ParameterSetting(e.Name, e.NameSpan, e.Value, null, e, null));
            }
        }

        return settings;
    }

    /// <summary>Loops, not a query per service: most services of a master.cf have no <c>-o</c> at all.</summary>
    private static List<ParameterSetting> MasterSettings(PostfixConfig config)
    {
        var settings = new List<ParameterSetting>();
        foreach (var s in config.Master?.EffectiveServices ?? [])
        {
            foreach (var o in s.Overrides)
            {
                if (ReferenceEquals(s.Override(o.Name), o))
                {
                    settings.Add(new ParameterSetting(o.Name, o.NameSpan, o.Value, s, null, o));
                }
            }
        }

        return settings;
    }

    /// <summary>Both, main.cf first.</summary>
    public static IEnumerable<ParameterSetting> All(PostfixConfig config) => InMain(config).Concat(InMaster(config));

    /// <summary>What postconf makes of the setting's name in its name space.</summary>
    public static ParameterNameKind Kind(PostfixConfig config, ParameterSetting setting) =>
        setting.Service is null ? config.ParameterNames.InMain(setting.Name) : config.ParameterNames.InService(setting.Service, setting.Name);

    /// <summary>
    /// How Postfix parses a built-in or service-defined parameter, or null for a string (or an unknown name).
    /// compatibility_level is read its own way (the model's CompatibilityLevelSetting; 3.4 and 3.5 cut "3.6"
    /// to 3 instead of refusing it), so it has none here.
    /// </summary>
    public static ValueParsing? ParsingOf(PostfixConfig config, string name) =>
        name == "compatibility_level" ? null
        : config.Catalogue.TryGet(name, out var info) ? info.Parsing
        : config.TryGetServiceDefined(name, out var serviceDefined) ? serviceDefined.Family.Parsing
        : null;

    /// <summary>A name as messages show it: a leading byte-order mark becomes <c>&lt;BOM&gt;</c>.</summary>
    public static string Display(string name) =>
        name.Length > 0 && name[0] == ByteOrderMark.Character ? "<BOM>" + name[1..] : name;

    /// <summary>" (did you mean NAME?)" for the known parameter closest to <paramref name="name"/>, or empty.</summary>
    public static string DidYouMean(PostfixConfig config, string name)
    {
        var candidates = config.Catalogue.All.Select(p => p.Name).Concat(config.Catalogue.LegacyNames);
        return NearestName.Find(name, candidates) is { } near ? $" (did you mean {near}?)" : string.Empty;
    }

    /// <summary>Whether the release names <paramref name="name"/> in its deprecation table, or a newer release knows it: other rules report those.</summary>
    public static bool IsDeprecatedOrNewer(PostfixConfig config, string name) =>
        config.Release.TryGetDeprecation(name, out _) || PostfixReleases.FirstKnowingAfter(config.Release, name) is not null;

    /// <summary>
    /// Whether a main.cf definition has text that belongs to something else: an inline <c>#</c> comment or an
    /// indented line that reads as another parameter's definition (PF907, PF906 report those as the cause).
    /// </summary>
    public static bool HasForeignText(PostfixConfig config, MainCfEntry? entry) =>
        entry is not null && (HasInlineComment(entry) || AccidentalContinuations(config, entry).Any());

    /// <summary>An inline comment that counts: not in a raw parameter, whose value a shell or a later stage reads.</summary>
    public static bool HasInlineComment(MainCfEntry entry) => entry.InlineComment is not null && !RawParameters.IsRaw(entry.Name);

    /// <summary>The indented lines of <paramref name="entry"/> that read as a definition of a parameter some Postfix release knows.</summary>
    public static IEnumerable<MainCfContinuation> AccidentalContinuations(PostfixConfig config, MainCfEntry entry) =>
        entry.Continuations.Where(c => c.DefinitionName is { } n
            && (PostfixReleases.Knowing(n).Count > 0 || config.TryGetServiceDefined(n, out _)));
}
