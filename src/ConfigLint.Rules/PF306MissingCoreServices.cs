using ConfigLint.Core.Model;
using ConfigLint.Core.Model.Tables;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Rules;

/// <summary>
/// PF306: a real master.cf without a service Postfix's own programs connect to. master runs only what master.cf
/// lists; a client of a missing service finds no socket ("connect #1 to subsystem private/rewrite: No such file or
/// directory", mail_connect.c/clnt_stream.c) and retries for ever. The service names are parameters
/// (<c>rewrite_service_name</c> ...), read from the configuration. Which services: those every configuration needs
/// (cleanup, qmgr, rewrite, bounce, defer, trace, pickup), proxymap when a proxy: table is used, postlog when
/// maillog_file is set (postfix-script check-fatal: "missing 'postlog' service in master.cf"), and the transports
/// the address classes in use deliver with (resolve.c).
/// </summary>
[Rule("PF306")]
public sealed class PF306MissingCoreServices : IRuleLogic
{
    private static readonly (string Parameter, string Consequence)[] Always =
    [
        ("cleanup_service_name", "smtpd, pickup and bounce hand every message to cleanup(8): no message can enter the queue"),
        ("queue_service_name", "nothing wakes the queue manager qmgr(8): no message in the queue is ever delivered"),
        ("rewrite_service_name", "smtpd, cleanup and qmgr wait for trivial-rewrite(8) to rewrite and resolve every address: smtpd stops answering at MAIL FROM"),
        ("bounce_service_name", "delivery agents cannot record a failed delivery with bounce(8): the message stays in the queue and no bounce is sent"),
        ("defer_service_name", "delivery agents cannot record a deferred delivery: the message is retried for ever without a delay notice"),
        ("trace_service_name", "delivery agents cannot record what they did (trace(8)): deliveries fail with \"bounce or trace service failure\""),
        ("pickup_service_name", "mail submitted with sendmail(1) (cron, scripts, local users) stays in the maildrop queue"),
    ];

    public void Check(RuleContext context)
    {
        var config = context.Config;
        if (config.Master is not { } master || config.MasterIsStock)
        {
            return;
        }

        var names = master.EffectiveServices.Where(s => s.TypeName != "inet").Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

        // A master.cf with few of the core services is a fragment (the lines a deployment adds to the stock
        // file, or an example), not the file master runs: nothing is said about it.
        var present = Always.Count(a => names.Contains(config.Get(a.Parameter).Value.Trim()));
        if (present < context.Rule.Threshold("core_services_for_a_whole_file"))
        {
            return;
        }
        var fileStart = Span.FileStart(master.Source.Path);
        var reported = new HashSet<string>(StringComparer.Ordinal);

        foreach (var (parameter, consequence) in Always)
        {
            Missing(config.Get(parameter).Value.Trim(), consequence, fileStart, null);
        }

        // What else is needed depends on main.cf; without it ConfigLint assumes nothing (a master.cf checked
        // alone is often deployed with a main.cf that is not in the tree).
        if (config.Main is null)
        {
            return;
        }

        // smtpd opens local_recipient_maps (default proxy:unix:passwd.byname $alias_maps) and its other tables at
        // start-up; a proxy: table is read through proxymap(8). Without it smtpd never sends its 220 greeting.
        foreach (var server in master.EffectiveServices.Where(s => s.RunsSmtpd))
        {
            var item = config.List("local_recipient_maps", server).Items.FirstOrDefault(i => TableReference.Parse(i.Text, i.Span)?.Type == "proxy");
            if (item.Text is not null)
            {
                Missing(config.Get("proxymap_service_name").Value.Trim(),
                    $"{server.Label} reads local_recipient_maps ({item.Text}) through proxymap(8) at start-up and never sends its 220 greeting",
                    item.Span ?? server.Service.Span, null);
                break;
            }
        }

        if (!reported.Contains(config.Get("proxymap_service_name").Value.Trim())
            && config.TableReferences().FirstOrDefault(t => t.Type == "proxy") is { } proxy)
        {
            Missing(config.Get("proxymap_service_name").Value.Trim(), $"the daemons that read {proxy.Text} wait for proxymap(8) for ever", proxy.Span ?? fileStart, null);
        }

        var maillog = config.Get("maillog_file");
        if (maillog.Value.Trim().Length > 0 && config.Catalogue.IsKnown("postlog_service_name"))
        {
            var postlog = config.Get("postlog_service_name").Value.Trim();
            if (!master.EffectiveServices.Any(s => s.Name == postlog && s.TypeName == "unix-dgram"))
            {
                Report(postlog + "/unix-dgram", $"maillog_file is set, and `postfix start` refuses to start with \"missing 'postlog' service in master.cf\"", maillog.Provenance?.Span ?? fileStart);
            }
        }

        // The transports of the address classes that can occur (resolve.c): the default class always, the
        // others when their domain list is not empty.
        Transport("default_transport", null);
        Transport("local_transport", "mydestination");
        Transport("relay_transport", "relay_domains");
        Transport("virtual_transport", "virtual_mailbox_domains");

        void Transport(string parameter, string? domains)
        {
            if (domains is not null && config.Get(domains).Value.Trim().Length == 0)
            {
                return;
            }

            var value = config.Get(parameter);
            var transport = value.Value.Trim();
            var name = TransportValue.Parse(transport).Transport;
            if (name.Length == 0)
            {
                return; // empty-transport reports it
            }

            var because = domains is null ? "mail for remote domains" : $"mail for the domains of {domains}";
            Missing(name, $"{parameter} = {transport}: qmgr(8) cannot reach the transport and defers {because} for ever", value.Provenance?.Span ?? fileStart, parameter);
        }

        void Missing(string name, string consequence, Span span, string? key)
        {
            if (name.Length > 0 && !names.Contains(name))
            {
                Report(name, consequence, span, key);
            }
        }

        void Report(string service, string consequence, Span span, string? key = null)
        {
            if (reported.Add(service))
            {
                context.Report(span, context.Format(("service", service), ("consequence", consequence)), key: key ?? service);
            }
        }
    }
}
