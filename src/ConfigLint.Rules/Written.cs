using ConfigLint.Core.Model;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>Where a setting is written, for a finding about its value.</summary>
internal static class Written
{
    /// <summary>
    /// The value's span in main.cf or the master.cf <c>-o</c> option (the name, or the whole option, when
    /// the value is empty), or null for a default nobody wrote.
    /// </summary>
    public static Span? Where(EffectiveValue value) => value.Provenance switch
    {
        MainCfProvenance m => m.ValueSpan.IsEmpty ? m.NameSpan : m.ValueSpan,
        MasterOverrideProvenance o => o.ValueSpan.IsEmpty ? o.OptionSpan : o.ValueSpan,
        _ => null,
    };

    /// <summary>The master.cf line of the service a client connects to: where a default that applies to it is reported.</summary>
    public static Span Service(SmtpServer server) => server.Listening.Service.Span;

    /// <summary>True for "yes" (case-insensitive), as Postfix reads a boolean.</summary>
    public static bool Yes(EffectiveValue value) => value.Value.Trim().Equals("yes", StringComparison.OrdinalIgnoreCase);
}
