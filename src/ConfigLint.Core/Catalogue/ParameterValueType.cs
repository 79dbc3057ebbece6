namespace ConfigLint.Core.Catalogue;

/// <summary>
/// What kind of value a Postfix parameter takes. <see cref="Integer"/>, <see cref="Size"/>,
/// <see cref="Time"/> and <see cref="Boolean"/> are exactly the parameters Postfix itself parses so
/// (<see cref="ParameterInfo.Parsing"/>, from its CONFIG_*_TABLE entries). postconf has no type
/// information for the string-valued rest, so the catalogue tells the list kinds apart heuristically
/// from postconf(5) wording, the parameter name and its default (see tools/generate-catalogue.sh);
/// treat those as a strong hint, not a grammar.
/// </summary>
public enum ParameterValueType
{
    /// <summary>Free text or a single word (a path, a hostname, a transport, an action).</summary>
    String,

    /// <summary><c>yes</c> / <c>no</c>.</summary>
    Boolean,

    /// <summary>A plain number.</summary>
    Integer,

    /// <summary>A time interval with a unit (<c>300s</c>, <c>1h</c>, <c>5d</c>); a bare number means seconds.</summary>
    Time,

    /// <summary>A size in bytes (<c>message_size_limit</c>, <c>*_size_limit</c>, <c>*_size</c>).</summary>
    Size,

    /// <summary>Comma- and/or whitespace-separated values that are none of the more specific list kinds.</summary>
    List,

    /// <summary>
    /// Network/netmask patterns, host or .domain names, <c>/file/name</c>, <c>type:table</c> and
    /// <c>!pattern</c>, matched first-match-wins (<c>mynetworks</c>, <c>debug_peer_list</c>, ...;
    /// POSTFIX-SEMANTICS.md §7).
    /// </summary>
    AddressMatchList,

    /// <summary>Domain names, <c>/file/name</c> and <c>type:table</c> (<c>mydestination</c>, <c>relay_domains</c>, ...).</summary>
    DomainList,

    /// <summary>One or more <c>type:table</c> lookup tables (<c>*_maps</c>, <c>*_checks</c>, ...).</summary>
    LookupTable,

    /// <summary>An SMTP server access restriction list (<c>smtpd_*_restrictions</c>).</summary>
    RestrictionList,
}

/// <summary>The spelling of <see cref="ParameterValueType"/> in the catalogue TSV files.</summary>
internal static class ParameterValueTypeNames
{
    private static readonly Dictionary<string, ParameterValueType> ByName = new(StringComparer.Ordinal)
    {
        ["string"] = ParameterValueType.String,
        ["boolean"] = ParameterValueType.Boolean,
        ["integer"] = ParameterValueType.Integer,
        ["time"] = ParameterValueType.Time,
        ["size"] = ParameterValueType.Size,
        ["list"] = ParameterValueType.List,
        ["address_match_list"] = ParameterValueType.AddressMatchList,
        ["domain_list"] = ParameterValueType.DomainList,
        ["lookup_table"] = ParameterValueType.LookupTable,
        ["restriction_list"] = ParameterValueType.RestrictionList,
    };

    public static bool TryParse(string text, out ParameterValueType type) => ByName.TryGetValue(text, out type);
}
