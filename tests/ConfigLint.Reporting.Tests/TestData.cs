using ConfigLint.Core.Findings;
using ConfigLint.Core.Engine;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Reporting.Tests;

/// <summary>Synthetic rules, files and findings; reporters only need these, never a model.</summary>
internal static class TestData
{
    public static readonly RuleDescriptor OpenRelay = new()
    {
        Id = "PF101",
        Name = "open-relay-risk",
        Title = "Open relay risk",
        Category = "relay",
        DefaultSeverity = Severity.Error,
        Message = "mynetworks admits {what}",
        Summary = "mynetworks admits clients from the whole Internet.",
        Rationale = "Every address in mynetworks may relay mail to any destination.",
        Remediation = "Limit mynetworks to the networks you administer.",
        Exceptions = "None.",
        References = ["https://www.postfix.org/postconf.5.html#mynetworks"],
        Tags = ["security", "relay"],
        Precision = "very-high",
        SecuritySeverity = "9.1",
    };

    public static readonly RuleDescriptor Ipv6Brackets = new()
    {
        Id = "PF201",
        Name = "ipv6-address-without-brackets",
        Title = "IPv6 address without brackets",
        Category = "listeners",
        DefaultSeverity = Severity.Warning,
        Message = "IPv6 address {address} needs brackets",
        Summary = "An IPv6 address in a match list needs square brackets.",
        Rationale = "Postfix reads the colons of a bare IPv6 address as a table reference.",
        Remediation = "Write the address as [address].",
    };

    public static readonly RuleDescriptor QuietRule = new()
    {
        Id = "PF901",
        Name = "unknown-parameter",
        Title = "Unknown parameter",
        Category = "hygiene",
        DefaultSeverity = Severity.Note,
        Message = "unknown parameter {name}",
        Summary = "A parameter Postfix does not know.",
        Rationale = "Postfix ignores it with a warning.",
        Remediation = "Remove or correct it.",
    };

    public static IReadOnlyList<RuleDescriptor> Rules { get; } = [OpenRelay, Ipv6Brackets, QuietRule];

    public static Dictionary<string, string[]> Files() => new(StringComparer.Ordinal)
    {
        ["main.cf"] =
        [
            "# relay settings",
            "mynetworks = 0.0.0.0/0",
            "",
            "smtpd_client_restrictions = permit_mynetworks,",
            "    reject",
            "debug_peer_list = 2001:db8::1",
        ],
        ["sub dir/master.cf"] =
        [
            "smtp\tinet\tn\t-\ty\t-\t-\tsmtpd",
            "  -o smtpd_relay_restrictions=permit",
        ],
    };

    public static Finding RelayFinding() => new()
    {
        RuleId = "PF101",
        RuleName = "open-relay-risk",
        Severity = Severity.Error,
        Message = "mynetworks admits every IPv4 address",
        Span = new Span("main.cf", 2, 14, 2, 23),
        Related = [new RelatedLocation(new Span("sub dir/master.cf", 1, 1, 1, 5), "smtp listens on every interface")],
        Fix = new Fix(
            "Limit mynetworks to loopback",
            [new Replacement(new Span("main.cf", 2, 14, 2, 23), "127.0.0.0/8")]),
        LogicalKey = "PF101|mynetworks|0.0.0.0/0",
    };

    public static Finding Ipv6Finding() => new()
    {
        RuleId = "PF201",
        RuleName = "ipv6-address-without-brackets",
        Severity = Severity.Warning,
        Message = "IPv6 address 2001:db8::1 needs brackets",
        Span = new Span("main.cf", 6, 19, 6, 30),
    };

    public static Finding SuppressedFinding(string kind = "inSource") => new()
    {
        RuleId = "PF201",
        RuleName = "ipv6-address-without-brackets",
        Severity = Severity.Warning,
        Message = "relay restriction overridden",
        Span = new Span("sub dir/master.cf", 2, 3, 2, 37),
        Suppression = new Suppression(kind, "lab relay, reviewed", new Span("sub dir/master.cf", 1, 1, 1, 5)),
    };

    public static ReportInput Input(
        IEnumerable<Finding> findings,
        IReadOnlyDictionary<string, string[]>? files = null,
        IReadOnlyList<RuleDescriptor>? rules = null,
        string? category = null,
        string? sourceRootUri = "file:///srv/checkout/")
    {
        // Reporters show findings in the order the engine gives them: sorted once, by the engine.
        var sources = files ?? Files();
        return new ReportInput(
            rules ?? Rules,
            LintEngine.Sorted(findings),
            path => sources.TryGetValue(path, out var lines) ? lines : null,
            category,
            "1.2.3",
            sourceRootUri);
    }

    public static string Render(IReporter reporter, ReportInput input)
    {
        using var output = new StringWriter { NewLine = "\n" };
        reporter.Write(input, output);
        return output.ToString();
    }

    public static string[] RenderLines(IReporter reporter, ReportInput input) =>
        Render(reporter, input).Split('\n');
}
