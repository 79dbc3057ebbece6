using ConfigLint.Core.Text;

namespace ConfigLint.Core.Parsing;

/// <summary>One <c>$name</c> written in a value, with where it is written.</summary>
/// <param name="Name">The parameter name it refers to.</param>
/// <param name="Span">Where the name is written (without the <c>$</c> and braces).</param>
/// <param name="IsConditional">
/// True for <c>${name?value}</c> and <c>${name:value}</c>, which only test whether the name has a non-empty
/// value; false for a plain <c>$name</c>, <c>${name}</c> or <c>$(name)</c>, which is replaced by the value.
/// </param>
public sealed record MacroReference(string Name, Span Span, bool IsConditional);

/// <summary>
/// The parameter names a written value refers to, as postconf finds them when it scans values
/// (mac_expand(3) with MAC_EXP_FLAG_SCAN, postconf_user.c): every <c>$name</c>, <c>${name...}</c> and
/// <c>$(name...)</c>, in both branches of a conditional and inside relational expressions. <c>$$</c> is a
/// literal dollar; <c>${name{text}}</c> is a Postfix 3.11 named function, not a parameter.
/// </summary>
public static class MacroReferences
{
    public static IReadOnlyList<MacroReference> In(ValueText value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Text;
        var result = new List<MacroReference>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '$' || i + 1 >= text.Length)
            {
                continue;
            }

            var j = i + 1;
            if (text[j] == '$')
            {
                i = j;
                continue;
            }

            var braced = text[j] is '{' or '(';
            if (braced)
            {
                j++;
                while (j < text.Length && LogicalLine.IsSpace(text[j]))
                {
                    j++;
                }
            }

            var start = j;
            while (j < text.Length && (char.IsAsciiLetterOrDigit(text[j]) || text[j] == '_'))
            {
                j++;
            }

            if (j == start)
            {
                continue;
            }

            var after = j;
            while (braced && after < text.Length && LogicalLine.IsSpace(text[after]))
            {
                after++;
            }

            var next = after < text.Length ? text[after] : '\0';
            if (braced && next == '{')
            {
                continue;
            }

            result.Add(new MacroReference(text[start..j], value.SpanOf(start, j - start), braced && next is '?' or ':'));
            i = j - 1;
        }

        return result;
    }
}
