using ConfigLint.Core.Text;

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

    private readonly NameFilter names;

    public HostFacts(IReadOnlyDictionary<string, string> values)
    {
        Values = values;
        names = NameFilter.Of(values.Keys);
    }

    public IReadOnlyDictionary<string, string> Values { get; }

    /// <summary>The host's value of <paramref name="name"/>, found without hashing the names it cannot be.</summary>
    public bool TryGetValue(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out string value)
    {
        if (!names.MayContain(name))
        {
            value = null;
            return false;
        }

        return Values.TryGetValue(name, out value);
    }
}
