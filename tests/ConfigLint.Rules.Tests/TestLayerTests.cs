using ConfigLint.TestSupport;

namespace ConfigLint.Rules.Tests;

/// <summary>`bash scripts/test.sh --fast` runs only unit tests: every test that needs a system prerequisite must say it is a system test.</summary>
public sealed class TestLayerTests
{
    [Fact]
    public void Every_test_that_needs_a_system_prerequisite_is_marked_as_a_system_test()
    {
        TestLayers.UnmarkedSystemTests(typeof(TestLayerTests).Assembly).ShouldBeEmpty("mark these [SystemTest]");
    }
}
