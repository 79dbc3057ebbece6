using ConfigLint.Core.Model;

namespace ConfigLint.Core.Tests.Model;

/// <summary>What Postfix's valid_hostname() accepts, and the names rules treat as unqualified.</summary>
public sealed class HostNamesTests
{
    [Theory]
    [InlineData("mail.example.com")]
    [InlineData("mail_01.example.com")]
    [InlineData("a-b.example")]
    [InlineData("mail")]
    [InlineData("1mail.example.com")]
    public void Postfix_accepts(string name) => HostNames.Problem(name).ShouldBeNull();

    [Theory]
    [InlineData("", "empty hostname")]
    [InlineData("mail.example.com.", "misplaced delimiter")]
    [InlineData(".example.com", "misplaced delimiter")]
    [InlineData("mail..example.com", "misplaced delimiter")]
    [InlineData("-mail.example.com", "misplaced hyphen")]
    [InlineData("mail-.example.com", "misplaced hyphen")]
    [InlineData("mail.example.com-", "misplaced hyphen")]
    [InlineData("mail example.com", "invalid character 32(decimal)")]
    [InlineData("mail@example.com", "invalid character 64(decimal)")]
    [InlineData("192.0.2.1", "numeric hostname")]
    public void Postfix_refuses(string name, string problem) => HostNames.Problem(name).ShouldBe(problem);

    [Fact]
    public void Labels_and_names_have_rfc_1035_limits()
    {
        HostNames.Problem(new string('a', 63) + ".example").ShouldBeNull();
        HostNames.Problem(new string('a', 64) + ".example").ShouldBe("hostname label too long");
        HostNames.Problem(string.Join('.', Enumerable.Repeat(new string('a', 63), 4))).ShouldBeNull("255 characters");
        var name = string.Join('.', Enumerable.Repeat(new string('a', 63), 5));
        HostNames.Problem(name).ShouldBe($"bad length {name.Length}");
    }

    [Theory]
    [InlineData("mail", true, false)]
    [InlineData("localhost", true, true)]
    [InlineData("LOCALHOST.localdomain", false, true)]
    [InlineData("mail.example.com", false, false)]
    public void Unqualified_and_localhost_names(string name, bool unqualified, bool localhost)
    {
        HostNames.IsUnqualified(name).ShouldBe(unqualified);
        HostNames.IsLocalhost(name).ShouldBe(localhost);
    }
}
