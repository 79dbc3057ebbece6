using ConfigLint.Core.Model;

namespace ConfigLint.Core.Tests.Model;

/// <summary>What rules derive from a configuration and share (<see cref="PostfixConfig.Derived"/>): made once per configuration and type.</summary>
public sealed class DerivedValuesTests
{
    private sealed record First(string Text);

    private sealed record Second(int Number);

    [Fact]
    public void A_derived_value_is_made_once_per_configuration_and_type()
    {
        var config = PostfixConfig.FromText("myhostname = a.example.org\n");
        var other = PostfixConfig.FromText("myhostname = b.example.org\n");
        var made = 0;
        First Make(PostfixConfig c)
        {
            made++;
            return new First(c.Get("myhostname").Value);
        }

        var first = config.Derived(Make);
        config.Derived(Make).ShouldBeSameAs(first);
        first.Text.ShouldBe("a.example.org");
        config.Derived(c => new Second(42)).Number.ShouldBe(42, "a second type has a value of its own");
        config.Derived(Make).ShouldBeSameAs(first, "and leaves the first one as it was");
        other.Derived(Make).Text.ShouldBe("b.example.org", "each configuration has its own");
        made.ShouldBe(2);
    }
}
