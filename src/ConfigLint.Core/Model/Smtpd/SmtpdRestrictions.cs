using ConfigLint.Core.Model.Tables;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Model.Smtpd;

/// <summary>
/// Reads smtpd restriction lists for one service the way smtpd_check_init() does: each list
/// split by smtpd_check_parse(), each name of smtpd_restriction_classes bound to its own list
/// (a user parameter in main.cf or a <c>-o</c> of the service), so a class name in a list leads to
/// the restrictions it stands for.
/// </summary>
public sealed class SmtpdRestrictions
{
    /// <summary>How deep classes that name classes are followed (smtpd itself has no limit; a cycle would never end).</summary>
    public const int MaxClassDepth = 20;

    private readonly ParameterValues values;
    private readonly MasterService? service;
    private readonly Dictionary<string, RestrictionList> classes = new(StringComparer.Ordinal);
    private readonly HashSet<string> classNames;

    internal SmtpdRestrictions(ParameterValues values, MasterService? service, string series)
    {
        this.values = values;
        this.service = service;
        Series = series;
        Classes = ListItems.Of(values.Get("smtpd_restriction_classes", service));
        classNames = Classes.Items.Select(i => i.Text).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>smtpd_restriction_classes as this service sees it.</summary>
    public ParameterList Classes { get; }

    /// <summary>The release series whose vocabulary and has_required() apply.</summary>
    public string Series { get; }

    /// <summary>The lists of the classes smtpd_restriction_classes names and defines, by name.</summary>
    public IReadOnlyList<RestrictionList> DefinedClasses =>
        definedClasses ??= [.. Classes.Items.Select(i => Class(i.Text)).OfType<RestrictionList>().Where(c => !c.Value.Value.Trim().Equals(string.Empty, StringComparison.Ordinal))];

    private RestrictionList[]? definedClasses;

    /// <summary>
    /// Class names with no definition: smtpd stops at start-up with "restriction class `name' needs
    /// a definition" (smtpd_check_init()). Each is the span of the name in smtpd_restriction_classes.
    /// </summary>
    public IEnumerable<ListItem> UndefinedClasses =>
        Classes.Items.Where(i => string.IsNullOrWhiteSpace(values.Get(i.Text, service).Value));

    /// <summary>A restriction list parameter (<c>smtpd_relay_restrictions</c>, …) with its classes.</summary>
    public RestrictionList List(string parameter) => Parse(parameter, values.Get(parameter, service), 0);

    /// <summary>The list a restriction class stands for, or null when the name is no class.</summary>
    public RestrictionList? Class(string name) => Class(name, 0);

    /// <summary>An access(5) result that is itself a list of restrictions, evaluated in place.</summary>
    public RestrictionList Inline(string text, Span span)
    {
        var value = new EffectiveValue("(access table result)", null, new Expansion(text, [], [], [], null), service);
        return Parse("(access table result)", value, 0, span);
    }

    private RestrictionList? Class(string name, int depth)
    {
        // The class table is case-sensitive (the "XXX" in has_required()): "MyClass" is not "myclass".
        if (!classNames.Contains(name) || depth > MaxClassDepth)
        {
            return null;
        }

        if (depth == 0 && classes.TryGetValue(name, out var cached))
        {
            return cached;
        }

        var list = Parse(name, values.Get(name, service), depth + 1);
        if (depth == 0)
        {
            classes[name] = list;
        }

        return list;
    }

    private RestrictionList Parse(string parameter, EffectiveValue value, int depth, Span? wholeSpan = null)
    {
        var items = ListItems.Of(value).Items;
        var result = new List<Restriction>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var span = item.Span ?? wholeSpan;
            var info = RestrictionVocabulary.Find(item.Text);
            if (info is null && (item.Text.Contains(':') || item.Text.StartsWith('{')))
            {
                result.Add(new Restriction
                {
                    Name = item.Text,
                    Span = span,
                    IsShorthandTable = true,
                    Argument = item.Text,
                    ArgumentSpan = span,
                    Table = TableReference.Parse(item.Text, span),
                });
                continue;
            }

            if (info is null)
            {
                var c = Class(item.Text, depth);
                result.Add(new Restriction
                {
                    Name = item.Text,
                    Span = span,
                    Class = c,
                    UnlistedDefinition = c is null ? values.Lookup(item.Text, service)?.Provenance switch
                    {
                        MainCfProvenance m => m.NameSpan,
                        MasterOverrideProvenance o => o.OptionSpan,
                        _ => null,
                    } : null,
                });
                continue;
            }

            if (info.Argument == RestrictionArgument.None)
            {
                result.Add(new Restriction { Name = item.Text, Span = span, Info = info });
                continue;
            }

            // is_map_command() and the DNS-list and policy restrictions take the next word.
            if (i + 1 >= items.Count)
            {
                result.Add(new Restriction { Name = item.Text, Span = span, Info = info, MissingArgument = true });
                continue;
            }

            var argument = items[++i];
            var argumentSpan = argument.Span ?? wholeSpan;
            result.Add(new Restriction
            {
                Name = item.Text,
                Span = span,
                Info = info,
                Argument = argument.Text,
                ArgumentSpan = argumentSpan,
                Table = info.Argument == RestrictionArgument.Table ? TableReference.Parse(argument.Text, argumentSpan) : null,
            });
        }

        return new RestrictionList(parameter, value, result, Series);
    }
}
