using ConfigLint.Core.Parsing;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Model;

/// <summary>
/// The name master itself gives an <c>inet</c> service. master canonicalises the endpoint before
/// it compares entries (master_ent.c: "so that we correctly handle reload requests after someone
/// changes 25 into smtp"): a numeric host becomes <c>[address]:port</c> in its printed form, a
/// host name <c>[name]:port</c>, a port name its number. Two entries with the same canonical
/// name and type are one service to master (master_conf.c): it logs "duplicate master.cf entry
/// for service" and uses the last one, even when their names are written differently
/// (<c>smtp inet</c> and <c>25 inet</c>). postconf -M compares the names as written and lists both.
/// </summary>
public static class MasterServiceNames
{
    /// <summary>master's canonical name of an inet service (<c>25</c>, <c>[127.0.0.1]:25</c>, <c>[mx.example.com]:587</c>).</summary>
    public static string Canonical(MasterService service)
    {
        var port = WellKnownPorts.Resolve(service.Port)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? service.Port;
        if (service.Host is not { Length: > 0 } host)
        {
            return port;
        }

        var address = InetInterface.ParseAddress(host);
        return $"[{address?.ToString() ?? host}]:{port}";
    }

    /// <summary>
    /// Marks every effective inet entry that a later entry with the same canonical name replaces as
    /// not effective, with a diagnostic at the later entry (entries whose names are written the
    /// same are already handled by the parser).
    /// </summary>
    internal static void MarkReplaced(MasterCfDocument master, ICollection<Diagnostic> diagnostics)
    {
        var seen = new Dictionary<string, MasterService>(StringComparer.Ordinal);
        foreach (var service in master.EffectiveServices.Where(s => s.TypeName == "inet").ToList())
        {
            var name = Canonical(service);
            if (seen.TryGetValue(name, out var earlier))
            {
                earlier.IsEffective = false;
                diagnostics.Add(new Diagnostic(DiagnosticKind.MasterCfSyntax, service.Service.Span,
                    $"Duplicate master.cf entry for service \"{service.Key}\": master names it \"{name}\", as it does \"{earlier.Key}\" on line {earlier.FirstLine}, uses the last entry and ignores the earlier one."));
            }

            seen[name] = service;
        }
    }
}
