namespace ConfigLint.Core.Model;

/// <summary>
/// Values Postfix computes from the machine it runs on (myhostname from the system name, the
/// default mynetworks from the interfaces). A static analysis does not know them; by default the
/// catalogue's placeholders stand in (host.example.test). The differential tests pass what a
/// sandboxed postconf reports, so both sides compute from the same host.
/// </summary>
public sealed class HostFacts
{
    public static HostFacts Unknown { get; } = new(new Dictionary<string, string>());

    public HostFacts(IReadOnlyDictionary<string, string> values) => Values = values;

    public IReadOnlyDictionary<string, string> Values { get; }
}
