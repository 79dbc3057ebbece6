using ConfigLint.Core.Catalogue;
using ConfigLint.Core.Findings;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF511: queue_minfree below 1.5 times message_size_limit, both enforcing (non-zero). smtpd checks it
/// when it starts and logs "queue_minfree(N) should be at least 1.5*message_size_limit(M)"
/// (src/smtpd/smtpd.c, pre_jail_init(): ENFORCING_SIZE_LIMIT(var_queue_minfree) &amp;&amp;
/// ENFORCING_SIZE_LIMIT(var_message_limit) &amp;&amp; var_queue_minfree / 1.5 &lt; var_message_limit), per
/// smtpd service with its master.cf <c>-o</c> overrides.
/// </summary>
[Rule("PF511")]
public sealed class PF511QueueMinfreeRatio : IRuleLogic
{
    public void Check(RuleContext context)
    {
        var config = context.Config;
        var findings = new SmtpdFindings();
        // Services that override neither share main.cf's value: parse each value once.
        var numbers = new Dictionary<Core.Model.EffectiveValue, long?>(ReferenceEqualityComparer.Instance);
        long? Parsed(Core.Model.EffectiveValue value) =>
            numbers.TryGetValue(value, out var known) ? known : numbers[value] = Number(config, value);

        foreach (var (server, _) in SmtpdFindings.Services(config))
        {
            var minfree = config.Get("queue_minfree", server.Answering);
            var limit = config.Get("message_size_limit", server.Answering);
            if (Parsed(minfree) is not { } free || Parsed(limit) is not { } size
                || free <= 0 || size <= 0 || free / 1.5 >= size || Written.Where(minfree) is not { } span)
            {
                continue;
            }

            var hit = findings.At(span, $"{free}|{size}", () => new SmtpdFindings.Hit(span, $"{free}|{size}"));
            hit.Values["free"] = free.ToString(System.Globalization.CultureInfo.InvariantCulture);
            hit.Values["size"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture);
            hit.Values["least"] = ((long)Math.Ceiling(size * 1.5)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (Written.Where(limit) is { } limitSpan)
            {
                hit.Related.Add(new RelatedLocation(limitSpan, $"message_size_limit = {size}."));
            }

            hit.AddServer(server);
        }

        findings.Report(context, (hit, who) => context.Format(("who", who), ("free", hit.Values["free"]), ("size", hit.Values["size"]), ("least", hit.Values["least"])));
    }

    private static long? Number(Core.Model.PostfixConfig config, Core.Model.EffectiveValue value) =>
        ParameterSettings.ParsingOf(config, value.Name) is { } parsing && !value.Expanded.Failed ? parsing.Number(value.Name, value.Value) : null;
}
