using System.Globalization;
using ConfigLint.Core.Findings;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// PF304: indented option lines under a commented-out master.cf service line. Comment lines vanish inside a
/// logical line (util/readlline.c), so the indented lines after it continue the active service above: its
/// <c>-o</c> options (<c>smtpd_tls_security_level=encrypt</c> meant for submission) land on that service.
/// </summary>
[Rule("PF304")]
public sealed class PF304OrphanOptionLines : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        foreach (var service in config.Master?.EffectiveServices ?? [])
        {
            if (service.CommentedEntries.Count == 0)
            {
                continue;
            }

            var commented = service.CommentedEntries[0];
            var orphans = service.Arguments.Where(a => a.Span.StartLine > commented.Line).ToList();
            if (orphans.Count == 0)
            {
                continue;
            }

            var options = service.Overrides.Where(o => o.OptionSpan.StartLine > commented.Line).Select(o => $"{o.Name}={o.Value.Text}").ToList();
            var what = options.Count > 0 ? string.Join(", ", options) : string.Join(" ", orphans.Select(a => a.Text));
            var source = config.Master!.Source;
            var lines = orphans.Select(a => a.Span.StartLine).Distinct().Order().ToList();
            context.Report(
                orphans[0].Span,
                context.Format(
                    ("commented", $"{commented.Name}/{commented.Type}"),
                    ("cline", commented.Line.ToString(CultureInfo.InvariantCulture)),
                    ("service", service.Label),
                    ("line", service.FirstLine.ToString(CultureInfo.InvariantCulture)),
                    ("options", what)),
                [
                    new RelatedLocation(commented.Span, $"The commented-out service line {commented.Name}/{commented.Type}."),
                    new RelatedLocation(service.Service.Span, $"The service that gets the options: {service.Label}."),
                ],
                new Fix($"Comment out the option lines of {commented.Name}/{commented.Type} too", lines.Select(l => new Replacement(new Span(source.Path, l, 1, l, 1), "#")).ToList()),
                key: $"{service.Key}|{commented.Name}/{commented.Type}");
        }
    }
}
