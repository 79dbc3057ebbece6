using System.Globalization;
using ConfigLint.Core.Findings;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF305: two master.cf entries for one master service. master keys a service by its canonical name and its
/// type (master_ent.c get_master_ent(): an inet port as a number, a numeric host canonicalised; a unix socket
/// under private/ or public/), and a later entry replaces the earlier one with "duplicate master.cf entry for
/// service ... -- using the last entry" (master_conf.c master_config()). The earlier entry and its -o options
/// never run.
/// </summary>
[Rule("PF305")]
public sealed class PF305MasterDuplicateService : IRuleLogic
{
    public void Check(RuleContext context)
    {
        if (context.Config.MasterIsStock)
        {
            return;
        }

        foreach (var earlier in context.Config.Master?.Services ?? [])
        {
            if (earlier.ReplacedBy is null)
            {
                continue;
            }

            var last = earlier.ReplacedBy;
            while (last.ReplacedBy is { } later)
            {
                last = later;
            }

            var same = earlier.Name == last.Name ? string.Empty : $" as {last.Key} (master reads \"{earlier.Name}\" and \"{last.Name}\" as the same {Describe(earlier)})";
            context.Report(
                earlier.Service.Span,
                context.Format(
                    ("service", earlier.Key),
                    ("line", last.FirstLine.ToString(CultureInfo.InvariantCulture)),
                    ("same", same)),
                [new RelatedLocation(last.Service.Span, $"The entry master runs for this service: {last.Key}")],
                key: $"{earlier.Key}@{earlier.FirstLine}");
        }
    }

    private static string Describe(MasterService service) =>
        service.TypeName == "inet" ? $"endpoint {service.MasterIdentity}" : $"socket {service.MasterIdentity}";
}
