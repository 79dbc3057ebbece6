using ConfigLint.Core.Parsing;

namespace ConfigLint.Core.Model;

/// <summary>
/// An SMTP server as a client meets it: the inet service that accepts connections, and the
/// service whose smtpd answers them. Usually the same; with postscreen(8) in front, the inet
/// service runs postscreen and hands clients to the <c>smtpd</c> service of type <c>pass</c>, whose
/// <c>-o</c> overrides then decide relaying (POSTSCREEN_README).
/// </summary>
public sealed record SmtpServer(MasterService Listening, MasterService Answering, IReadOnlyList<Listener> Listeners)
{
    /// <summary>The first listener on a non-loopback address, or null when the server is reachable from this host only.</summary>
    public Listener? Exposed => Listeners.FirstOrDefault(l => !l.IsLoopback);
}

/// <summary>
/// The one definition of "which master.cf services are SMTP servers": inet services whose command
/// is <c>smtpd</c>, and inet <c>postscreen</c> services paired with the <c>smtpd pass</c> service
/// that answers for them (master(5), postscreen(8)).
/// </summary>
public static class SmtpServers
{
    public static IReadOnlyList<SmtpServer> Find(MasterCfDocument? master, Listeners listeners)
    {
        if (master is null)
        {
            return [];
        }

        var services = master.EffectiveServices.ToList();
        var passSmtpd = services.FirstOrDefault(s => s.TypeName == "pass" && s.RunsSmtpd);
        var result = new List<SmtpServer>();
        foreach (var service in services.Where(s => s.TypeName == "inet"))
        {
            var answering = service.RunsSmtpd ? service : service.Command.Text == "postscreen" ? passSmtpd : null;
            if (answering is not null)
            {
                result.Add(new SmtpServer(service, answering, listeners.Of(service)));
            }
        }

        return result;
    }
}
