using System.Text;
using ConfigLint.Core.Engine;
using Shouldly;
using Xunit;

namespace ConfigLint.Core.Tests.Engine;

/// <summary>
/// Discovery tells a template by its marks on the file's bytes, without decoding them; that must say
/// what the same test on the decoded text says, for any bytes (invalid UTF-8 included).
/// </summary>
public sealed class TemplateSniffTests
{
    [Theory]
    [InlineData("myhostname = {{ inventory_hostname }}\n", true)]
    [InlineData("{% if relay %}relayhost = x{% endif %}\n", true)]
    [InlineData("mydomain = <%= @domain %>\n", true)]
    [InlineData("{{x}}", true)]
    [InlineData("relay_domains = ${{$compatibility_level} <level {2} ? {$mydestination} : {}}\n", false)]
    [InlineData("smtpd_client_restrictions = cidr:{{!172.16.0.42 REJECT}}\n", false)]
    [InlineData("mynetworks = 127.0.0.0/8\n", false)]
    [InlineData("é{{x}}", true)]
    [InlineData("${{", false)]
    [InlineData("", false)]
    public void Known_texts(string text, bool template) =>
        ConfigDiscovery.LooksLikeTemplate(Encoding.UTF8.GetBytes(text)).ShouldBe(template);

    [Fact]
    public void The_bytes_say_what_the_decoded_text_says()
    {
        var random = new Random(20261205);
        byte[] alphabet = [(byte)'{', (byte)'}', (byte)'%', (byte)'<', (byte)'$', (byte)':', (byte)'a', (byte)' ', (byte)'\n', 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80, 0xFF, 0x80, 0xC0];
        var templates = 0;
        for (var n = 0; n < 20_000; n++)
        {
            var bytes = new byte[random.Next(0, 12)];
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = alphabet[random.Next(alphabet.Length)];
            }

            var expected = OnText(Encoding.UTF8.GetString(bytes));
            templates += expected ? 1 : 0;
            ConfigDiscovery.LooksLikeTemplate(bytes).ShouldBe(expected, Convert.ToHexString(bytes));
        }

        templates.ShouldBeGreaterThan(500, "the cases include templates");
    }

    [Fact]
    public void Long_texts_with_marks_far_apart_say_the_same()
    {
        // The search skips to the next '{' or '<' many bytes at a time: marks at every distance from
        // the start and the end of texts longer than a vector, and a '$' or ':' just before a "{{".
        var random = new Random(20261206);
        string[] marks = ["{", "<", "%", "{{", "{%", "<%", "${{", ":{{", "<{", "{<"];
        var templates = 0;
        for (var n = 0; n < 5_000; n++)
        {
            var text = new StringBuilder();
            for (var length = random.Next(0, 300); text.Length < length;)
            {
                text.Append(random.Next(60) == 0 ? marks[random.Next(marks.Length)] : "a");
            }

            var bytes = Encoding.UTF8.GetBytes(text.ToString());

            var expected = OnText(Encoding.UTF8.GetString(bytes));
            templates += expected ? 1 : 0;
            ConfigDiscovery.LooksLikeTemplate(bytes).ShouldBe(expected, Convert.ToHexString(bytes));
        }

        templates.ShouldBeGreaterThan(500, "the cases include templates");
        templates.ShouldBeLessThan(4_500, "the cases include texts that are not");
    }

    /// <summary>The test as it was written on decoded text.</summary>
    private static bool OnText(string text)
    {
        for (var i = 0; i + 1 < text.Length; i++)
        {
            var c = text[i];
            var next = text[i + 1];
            if ((c == '{' && next == '{' && (i == 0 || text[i - 1] is not ('$' or ':'))) || (c == '{' && next == '%') || (c == '<' && next == '%'))
            {
                return true;
            }
        }

        return false;
    }
}
