using ConfigLint.Core.Text;
using Shouldly;
using Xunit;

namespace ConfigLint.Core.Tests.Text;

/// <summary>A line's length is counted on its bytes without decoding it: it must be the decoded line's length.</summary>
public sealed class SourceTextTests
{
    [Fact]
    public void A_lines_length_is_the_length_of_its_text()
    {
        // ASCII, CRLF, a lone CR kept inside a line, two- to four-byte characters, invalid UTF-8 (each bad
        // sequence one U+FFFD), a byte-order mark, an empty line and a last line without a terminator.
        byte[] bytes =
        [
            .. "myhostname = mx\r\n"u8, .. "a\rb\n"u8, .. "é € 😀\n"u8, 0xFF, 0xC3, (byte)'x', 0xE2, 0x82, (byte)'\n',
            .. "\uFEFFmain\n"u8, (byte)'\n', .. "last"u8,
        ];
        var dir = Directory.CreateTempSubdirectory("configlint-source-").FullName;
        SourceText source;
        try
        {
            // Read from a file, so the invalid bytes stay as they are (a string could not hold them).
            File.WriteAllBytes(Path.Combine(dir, "main.cf"), bytes);
            source = SourceText.Load(Path.Combine(dir, "main.cf"), "main.cf", new List<Diagnostic>()).ShouldNotBeNull();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        var empty = SourceText.FromString("empty", string.Empty);
        source.Bytes.ToArray().ShouldBe(bytes);
        source.LineCount.ShouldBe(7);

        for (var line = -1; line <= source.LineCount + 2; line++)
        {
            source.LineLength(line).ShouldBe(source.LineText(line).Length, $"line {line}");
        }

        source.LineLength(1).ShouldBe("myhostname = mx".Length);
        source.LineLength(3).ShouldBe("é € 😀".Length);
        empty.LineLength(1).ShouldBe(0);
    }
}
