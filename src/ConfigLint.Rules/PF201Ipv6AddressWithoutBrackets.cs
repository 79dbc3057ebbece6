using ConfigLint.Core.Findings;
using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Model;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>PF201: an IPv6 address in an address match list without [] is a lookup table name to Postfix.</summary>
[Rule("PF201")]
public sealed class PF201Ipv6AddressWithoutBrackets : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        var parameters = config.Catalogue.NamesOfType(ParameterValueType.AddressMatchList);
        var seen = new HashSet<Span>();
        var services = new List<Core.Parsing.MasterService?> { null };
        services.AddRange(config.Master?.EffectiveServices ?? []);
        foreach (var service in services)
        {
            foreach (var parameter in parameters)
            {
                if (service is not null && service.Override(parameter) is null)
                {
                    continue;
                }

                var value = config.Get(parameter, service);
                if (value.IsDefault || value.Expanded.Failed)
                {
                    continue;
                }

                foreach (var element in config.MatchList(parameter, service).Elements)
                {
                    if (element.Kind != MatchElementKind.IPv6Network || element.Bracketed || element.Span is not { } span || !seen.Add(span))
                    {
                        continue;
                    }

                    var pattern = element.Pattern;
                    var slash = pattern.IndexOf('/', StringComparison.Ordinal);
                    var fixedText = (element.Negated ? "!" : string.Empty) + (slash >= 0 ? $"[{pattern[..slash]}]{pattern[slash..]}" : $"[{pattern}]");
                    var where = element.FromFile is null ? parameter : $"{parameter} (via {element.FromFile})";
                    var message = context.Format(
                        ("what", slash >= 0 ? "network" : "address"),
                        ("element", element.Text),
                        ("parameter", where),
                        ("fixed", fixedText),
                        ("type", pattern[..pattern.IndexOf(':', StringComparison.Ordinal)]));
                    var fix = new Fix($"Write {element.Text} as {fixedText}", [new Replacement(span, fixedText)]);
                    context.Report(span, message, fix: fix, key: element.Text);
                }
            }
        }
    }
}
