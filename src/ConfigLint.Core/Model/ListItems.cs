using ConfigLint.Core.Parsing;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Model;

/// <summary>An element of a list value, its offset in the expanded text, and where it is written (null for a built-in default).</summary>
public readonly record struct ListItem(string Text, int Offset, Span? Span = null);

/// <summary>A list parameter as one service sees it: its effective value and its elements, each with its span.</summary>
public sealed record ParameterList(EffectiveValue Value, IReadOnlyList<ListItem> Items)
{
    public string Name => Value.Name;

    /// <summary>The first element equal to <paramref name="word"/> (case-insensitive, as Postfix compares restriction names), or null.</summary>
    public ListItem? Find(string word)
    {
        foreach (var item in Items)
        {
            if (item.Text.Equals(word, StringComparison.OrdinalIgnoreCase))
            {
                return item;
            }
        }

        return null;
    }
}

/// <summary>How Postfix splits list parameters.</summary>
public static class ListItems
{
    /// <summary>
    /// Splits a list value on commas and whitespace (CHARS_COMMA_SP), keeping <c>{...}</c> groups whole
    /// (inline:{ a, b }), as Postfix's list parameters do (mystrtok(3), mail_params.h).
    /// </summary>
    public static List<ListItem> Split(string value)
    {
        // Counted first, so the list is made at its size: growing it was a fortieth of what a fleet's
        // check allocated (a list value is split for every configuration).
        var count = 0;
        for (var i = 0; NextItem(value, ref i, out _);)
        {
            count++;
        }

        var items = new List<ListItem>(count);
        for (var i = 0; NextItem(value, ref i, out var start);)
        {
            items.Add(new ListItem(value[start..i], start));
        }

        return items;
    }

    /// <summary>Moves <paramref name="i"/> past the next item (and the separators before it); false at the end of the value.</summary>
    private static bool NextItem(string value, ref int i, out int start)
    {
        while (i < value.Length && (value[i] == ',' || LogicalLine.IsSpace(value[i])))
        {
            i++;
        }

        start = i;
        var level = 0;
        while (i < value.Length && (level > 0 || !(value[i] == ',' || LogicalLine.IsSpace(value[i]))))
        {
            if (value[i] == '{')
            {
                level++;
            }
            else if (value[i] == '}' && level > 0)
            {
                level--;
            }

            i++;
        }

        return i > start;
    }

    /// <summary>The elements of an effective value, each with the span where it is written.</summary>
    public static ParameterList Of(EffectiveValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Items;
    }

    /// <summary>The elements of <paramref name="value"/> with their spans, made anew (<see cref="EffectiveValue.Items"/> keeps them).</summary>
    internal static ParameterList Split(EffectiveValue value)
    {
        // The items are given their spans in place: a second list and an iterator for each list
        // read were a twentieth of what a fleet's check allocated.
        var items = Split(value.Value);
        for (var k = 0; k < items.Count; k++)
        {
            items[k] = items[k] with { Span = value.Expanded.SpanOf(items[k].Offset, items[k].Text.Length) };
        }

        return new(value, items);
    }
}
