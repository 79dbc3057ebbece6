using ConfigLint.Core.Text;

namespace ConfigLint.Core.Model.Tls;

/// <summary>Where the text of an effective value is written, for findings that point at what causes a value.</summary>
public static class ValueOrigin
{
    /// <summary>
    /// The written span the value comes from: the whole expanded text when it comes from one written
    /// value (also a default that expands to a written one: <c>smtpd_sasl_tls_security_options</c> is
    /// <c>$smtpd_sasl_security_options</c>), else the value as written, else the name of an empty value
    /// (<c>name =</c>). Null for a value that is a built-in default all through.
    /// </summary>
    public static Span? Of(EffectiveValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Value;
        var trimmed = text.Trim();
        if (trimmed.Length > 0 && value.Expanded.SpanOf(text.IndexOf(trimmed, StringComparison.Ordinal), trimmed.Length) is { } mapped)
        {
            return mapped;
        }

        // A default that is nothing but another parameter ($smtpd_sasl_security_options) is written where
        // that one is: an empty smtpd_sasl_security_options that smtpd_sasl_tls_security_options inherits.
        var provenance = value.Provenance is MainCfProvenance or MasterOverrideProvenance
            ? value.Provenance
            : value.Raw is { } raw && Reference(raw.Text) is { } name
                ? value.Expanded.Steps.FirstOrDefault(s => s.Name == name)?.Provenance
                : null;
        return provenance switch
        {
            MainCfProvenance main => trimmed.Length > 0 ? main.ValueSpan : main.NameSpan,
            MasterOverrideProvenance o => trimmed.Length > 0 ? o.ValueSpan : o.OptionSpan,
            _ => null,
        };
    }

    /// <summary>The name in a value that is one reference and nothing else (<c>$name</c>, <c>${name}</c>, <c>$(name)</c>), or null.</summary>
    private static string? Reference(string text)
    {
        var t = text.Trim();
        if (t.Length < 2 || t[0] != '$')
        {
            return null;
        }

        var inner = t[1] is '{' or '(' && t.Length > 3 && t[^1] == (t[1] == '{' ? '}' : ')') ? t[2..^1] : t[1..];
        return inner.Length > 0 && inner.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? inner : null;
    }

    /// <summary>True when a boolean parameter is yes (Postfix's CONFIG_BOOL: yes or no, in any case).</summary>
    public static bool IsYes(EffectiveValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Value.Trim().Equals("yes", StringComparison.OrdinalIgnoreCase);
    }
}
