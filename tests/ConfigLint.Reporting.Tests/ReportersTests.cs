namespace ConfigLint.Reporting.Tests;

public class ReportersTests
{
    [Theory]
    [InlineData("text", typeof(TextReporter))]
    [InlineData("json", typeof(JsonReporter))]
    [InlineData("sarif", typeof(SarifReporter))]
    [InlineData("github", typeof(GitHubReporter))]
    [InlineData("SARIF", typeof(SarifReporter))]
    public void Each_format_name_gives_its_reporter(string name, Type type)
    {
        var reporter = Reporters.ByName(name);

        reporter.ShouldBeOfType(type);
        reporter!.Format.ShouldBe(name.ToLowerInvariant());
    }

    [Theory]
    [InlineData("xml")]
    [InlineData("")]
    public void An_unknown_format_name_gives_null(string name)
    {
        Reporters.ByName(name).ShouldBeNull();
    }

    [Fact]
    public void Every_listed_name_has_a_reporter()
    {
        Reporters.Names.ShouldAllBe(name => Reporters.ByName(name) != null);
    }
}
