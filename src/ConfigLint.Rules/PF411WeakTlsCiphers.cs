using ConfigLint.Core.Model.Tls;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// PF411: a cipher grade parameter (<c>*_tls_ciphers</c>, <c>*_tls_mandatory_ciphers</c> of the target
/// release, in main.cf or a <c>-o</c>) names a weak grade: "null" (ciphers that do not encrypt), or "low"
/// or "export" where the release still has them as grades of their own (<see cref="TlsCipherGrades.IsWeak"/>:
/// Postfix 3.8 reads both as medium). Built-in defaults are medium and never reported.
/// </summary>
[Rule("PF411")]
public sealed class PF411WeakTlsCiphers : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        var reported = new HashSet<Span>();
        foreach (var (service, parameter, value) in TlsFindings.Settings(config, "_tls_ciphers", "_tls_mandatory_ciphers"))
        {
            if (!TlsCipherGrades.TryParse(value.Value.Trim(), out var grade) || !grade.IsWeak(config.Release)
                || ValueOrigin.Of(value) is not { } span || !reported.Add(span))
            {
                continue;
            }

            var list = config.Get(grade.CipherListParameter(), service);
            var effect = grade == TlsCipherGrade.Null
                ? $"{list.Name} = '{list.Value.Trim()}' selects only ciphers that do not encrypt, so a \"TLS\" session carries the mail in clear (or fails where OpenSSL refuses them)"
                : $"Postfix {config.Release.Series} asks OpenSSL for {list.Name} = '{list.Value.Trim()}', adding {(grade == TlsCipherGrade.Export ? "EXPORT, LOW and RC4" : "LOW and RC4")} ciphers that an OpenSSL which still has them negotiates; use medium (the default) or high";
            context.Report(span,
                context.Format(("what", TlsFindings.Describe(value, config)), ("effect", effect)),
                key: $"{parameter}|{grade.Name()}",
                severity: grade == TlsCipherGrade.Null ? Severity.Error : Severity.Warning);
        }
    }
}
