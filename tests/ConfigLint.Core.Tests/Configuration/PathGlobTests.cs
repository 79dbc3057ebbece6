using ConfigLint.Core.Configuration;

namespace ConfigLint.Core.Tests.Configuration;

public sealed class PathGlobTests
{
    [Theory]
    [InlineData("main.cf", "main.cf", true)]
    [InlineData("main.cf", "etc/postfix/main.cf", true)]
    [InlineData("main.cf", "etc/postfix/main.cf.orig", false)]
    [InlineData("*.orig", "etc/postfix/main.cf.orig", true)]
    [InlineData("legacy", "hosts/legacy/main.cf", true)]
    [InlineData("legacy/**", "legacy/a/b/main.cf", true)]
    [InlineData("legacy/**", "hosts/legacy/main.cf", false)]
    [InlineData("**/legacy/**", "hosts/legacy/main.cf", true)]
    [InlineData("hosts/*/main.cf", "hosts/mx1/main.cf", true)]
    [InlineData("hosts/*/main.cf", "hosts/mx1/old/main.cf", false)]
    [InlineData("hosts/**/main.cf", "hosts/mx1/old/main.cf", true)]
    [InlineData("hosts/**/main.cf", "hosts/main.cf", true)]
    [InlineData("/main.cf", "main.cf", true)]
    [InlineData("/main.cf", "etc/main.cf", false)]
    [InlineData("./etc", "etc/main.cf", true)]
    [InlineData("mx?", "hosts/mx1/main.cf", true)]
    [InlineData("mx[12]", "hosts/mx2/main.cf", true)]
    [InlineData("mx[!12]", "hosts/mx2/main.cf", false)]
    [InlineData("staging/", "staging/main.cf", true)]
    [InlineData("a.b", "axb/main.cf", false)]
    public void Matches_like_gitignore(string pattern, string path, bool expected)
    {
        var glob = PathGlob.TryParse(pattern, out var error);
        error.ShouldBeNull();
        glob.ShouldNotBeNull().MatchesPathOrParent(path).ShouldBe(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("/")]
    [InlineData("a[bc")]
    public void Patterns_that_match_nothing_are_errors(string pattern)
    {
        PathGlob.TryParse(pattern, out var error).ShouldBeNull();
        error.ShouldNotBeNullOrEmpty();
    }
}
