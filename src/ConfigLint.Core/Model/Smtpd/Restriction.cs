using ConfigLint.Core.Model.Tables;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Model.Smtpd;

/// <summary>
/// One restriction of an smtpd restriction list, as smtpd_check_parse() splits it (commas and
/// whitespace, <c>{...}</c> kept whole): its name, the word it takes (a table, a DNS list, a policy
/// server, seconds), where both are written, and — for a restriction class — the class's own list.
/// A bare <c>type:table</c> is shorthand for the stage's own <c>check_*_access</c> (generic_checks()).
/// </summary>
public sealed record Restriction
{
    /// <summary>The word as written (<c>permit_mynetworks</c>, a class name, or the table of a shorthand).</summary>
    public required string Name { get; init; }

    /// <summary>Where the name is written; null for a built-in default.</summary>
    public Span? Span { get; init; }

    /// <summary>What <see cref="Name"/> means to smtpd; null for a class name or an unknown word.</summary>
    public RestrictionInfo? Info { get; init; }

    /// <summary>The table, DNS list domain, policy server or number that follows, or null.</summary>
    public string? Argument { get; init; }

    public Span? ArgumentSpan { get; init; }

    /// <summary>For a name listed in smtpd_restriction_classes: the class's list as this service sees it.</summary>
    public RestrictionList? Class { get; init; }

    /// <summary>True for a bare <c>type:table</c>: the stage's <c>check_*_access</c> with that table.</summary>
    public bool IsShorthandTable { get; init; }

    /// <summary>A restriction that takes a word was written last, without it (smtpd answers 451 when it gets there).</summary>
    public bool MissingArgument { get; init; }

    /// <summary>The table a <c>check_*_access</c> (or a shorthand) consults.</summary>
    public TableReference? Table { get; init; }

    /// <summary>Not a restriction smtpd knows and not a class: "unknown smtpd restriction", 451 4.3.5 at run time.</summary>
    public bool IsUnknown => Info is null && Class is null && !IsShorthandTable;

    /// <summary>
    /// For an unknown word that is set as a parameter (<c>name = ...</c> in main.cf or a <c>-o</c>) but
    /// not listed in smtpd_restriction_classes: where it is set. smtpd does not read it as a class.
    /// </summary>
    public Span? UnlistedDefinition { get; init; }

    /// <summary>As written, with its argument (<c>check_client_access cidr:/etc/postfix/clients</c>).</summary>
    public string Text => Argument is null || IsShorthandTable ? Name : $"{Name} {Argument}";

    public override string ToString() => Text;
}

/// <summary>An smtpd restriction list parameter (or a restriction class) as one service sees it, parsed.</summary>
public sealed class RestrictionList
{
    internal RestrictionList(string parameter, EffectiveValue value, IReadOnlyList<Restriction> items, string series)
    {
        Parameter = parameter;
        Value = value;
        Items = items;
        Series = series;
    }

    /// <summary>The release series whose has_required() and vocabulary apply.</summary>
    public string Series { get; }

    /// <summary>The parameter (<c>smtpd_relay_restrictions</c>) or class name.</summary>
    public string Parameter { get; }

    public EffectiveValue Value { get; }

    public IReadOnlyList<Restriction> Items { get; }

    public bool IsEmpty => Items.Count == 0;

    /// <summary>
    /// has_required() of smtpd_check.c: the list names a default deny
    /// (<see cref="RestrictionReleases.RequiredDenies"/> of the release) before any <c>permit</c>,
    /// looking into restriction classes; <c>warn_if_reject</c> disqualifies the word after it. A
    /// <c>permit</c> inside a class ends only that class's search.
    /// </summary>
    public Restriction? RequiredDeny() => RequiredDeny(0);

    /// <summary>The <c>permit</c> at which has_required() stops looking (in this list or a class it names), or null.</summary>
    public Restriction? PermitBeforeRequiredDeny()
    {
        if (RequiredDeny() is not null)
        {
            return null;
        }

        for (var i = 0; i < Items.Count; i++)
        {
            var item = Items[i];
            if (item.Info?.Effect == RestrictionEffect.WarnIfReject && i + 1 < Items.Count)
            {
                i++;
                continue;
            }

            if (item.Info?.Effect == RestrictionEffect.Permit)
            {
                return item;
            }
        }

        return null;
    }

    private Restriction? RequiredDeny(int depth)
    {
        var required = RestrictionReleases.RequiredDenies(Series);
        for (var i = 0; i < Items.Count; i++)
        {
            var item = Items[i];
            if (item.Info?.Effect == RestrictionEffect.WarnIfReject && i + 1 < Items.Count)
            {
                i++;
                continue;
            }

            if (item.Info?.Effect == RestrictionEffect.Permit)
            {
                return null;
            }

            if (item.Info is not null && required.Contains(item.Name, StringComparer.OrdinalIgnoreCase))
            {
                return item;
            }

            if (item.Class is { } c && depth < SmtpdRestrictions.MaxClassDepth && c.RequiredDeny(depth + 1) is not null)
            {
                return item;
            }
        }

        return null;
    }

    /// <summary>
    /// Restrictions smtpd never evaluates because an earlier one always ends the list: <c>permit</c>,
    /// and — unless <c>warn_if_reject</c> turns them into a log line — <c>reject</c>, <c>defer</c> and
    /// <c>check_relay_domains</c>. smtpd logs "restriction `x' after `permit' is ignored" when it gets
    /// there (generic_checks(); has_required() at start-up for the relay lists).
    /// </summary>
    public IgnoredRestrictions? Ignored()
    {
        // Kept: a list is shared by every smtpd that does not override it (100,000 services, one list).
        if (!ignoredKnown)
        {
            ignored = FindIgnored();
            ignoredKnown = true;
        }

        return ignored;
    }

    private bool ignoredKnown;
    private IgnoredRestrictions? ignored;

    private IgnoredRestrictions? FindIgnored()
    {
        var warned = false;
        for (var i = 0; i < Items.Count; i++)
        {
            var item = Items[i];
            if (item.Info?.Effect == RestrictionEffect.WarnIfReject)
            {
                warned = true;
                continue;
            }

            var ends = item.Info is not null && item.MissingArgument is false && item.Name.ToLowerInvariant() switch
            {
                "permit" => true,
                "reject" or "defer" or "check_relay_domains" => !warned,
                _ => false,
            };
            warned = false;
            if (ends && i + 1 < Items.Count)
            {
                return new IgnoredRestrictions(item, Items.Skip(i + 1).ToList());
            }
        }

        return null;
    }

    /// <summary>Every restriction of the list and of the classes it names, depth first.</summary>
    public IEnumerable<Restriction> Flatten() => Flatten(0);

    private IEnumerable<Restriction> Flatten(int depth)
    {
        foreach (var item in Items)
        {
            yield return item;
            if (item.Class is { } c && depth < SmtpdRestrictions.MaxClassDepth)
            {
                foreach (var inner in c.Flatten(depth + 1))
                {
                    yield return inner;
                }
            }
        }
    }
}

/// <summary>A restriction that always ends its list, and the ones after it that smtpd therefore never evaluates.</summary>
public sealed record IgnoredRestrictions(Restriction Terminal, IReadOnlyList<Restriction> Ignored);
