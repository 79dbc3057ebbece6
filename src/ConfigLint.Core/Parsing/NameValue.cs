namespace ConfigLint.Core.Parsing;

/// <summary>
/// Postfix's split_nameval(3), used for main.cf lines and master.cf <c>-o</c> values alike: the
/// name runs to whitespace or '=', blanks may surround the '=', leading blanks of the value go.
/// </summary>
internal static class NameValue
{
    public enum Problem
    {
        None,
        MissingName,
        MissingEquals,
    }

    public readonly record struct Parts(int NameEnd, int EqualsSign, int ValueStart);

    public static Problem Split(string text, out Parts parts)
    {
        var nameEnd = 0;
        while (nameEnd < text.Length && !LogicalLine.IsSpace(text[nameEnd]) && text[nameEnd] != '=')
        {
            nameEnd++;
        }

        var eq = nameEnd;
        while (eq < text.Length && LogicalLine.IsSpace(text[eq]))
        {
            eq++;
        }

        var valueStart = eq + 1;
        while (valueStart < text.Length && LogicalLine.IsSpace(text[valueStart]))
        {
            valueStart++;
        }

        parts = new Parts(nameEnd, eq, Math.Min(valueStart, text.Length));
        if (nameEnd == 0)
        {
            return Problem.MissingName;
        }

        return eq >= text.Length || text[eq] != '=' ? Problem.MissingEquals : Problem.None;
    }

    /// <summary>The value as a mapped slice; an empty value is placed just after the '='.</summary>
    public static ValueText Value(ValueText whole, Parts parts)
    {
        var value = whole.Slice(parts.ValueStart, whole.Text.Length - parts.ValueStart);
        if (value.Segments.Count > 0)
        {
            return value;
        }

        var at = whole.SpanOf(parts.EqualsSign, 1);
        return ValueText.Single(string.Empty, at.File, at.StartLine, at.EndColumn);
    }
}
