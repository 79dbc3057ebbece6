using ConfigLint.Core.Model;
using ConfigLint.Core.Parsing;

namespace ConfigLint.Rules.Support;

/// <summary>
/// An SMTP server as a client meets it: the inet service that accepts connections, and the
/// service whose smtpd answers them. Usually the same; with postscreen(8) in front, the inet
/// service runs postscreen and hands clients to the <c>smtpd</c> service of type <c>pass</c>, whose
/// <c>-o</c> overrides then decide relaying (POSTSCREEN_README).
/// </summary>
public sealed record SmtpServer(MasterService Listening, MasterService Answering, IReadOnlyList<Listener> Listeners);

public static class SmtpdServices
{
    public static IEnumerable<SmtpServer> Find(PostfixConfig config)
    {
        if (config.Master is null)
        {
            yield break;
        }

        var services = config.Master.EffectiveServices.ToList();
        var passSmtpd = services.FirstOrDefault(s => s.TypeName == "pass" && s.Command.Text == "smtpd");
        foreach (var service in services.Where(s => s.TypeName == "inet"))
        {
            MasterService? answering = service.Command.Text switch
            {
                "smtpd" => service,
                "postscreen" => passSmtpd,
                _ => null,
            };
            if (answering is null)
            {
                continue;
            }

            var listeners = config.Listeners.Where(l => ReferenceEquals(l.Service, service)).ToList();
            yield return new SmtpServer(service, answering, listeners);
        }
    }
}
