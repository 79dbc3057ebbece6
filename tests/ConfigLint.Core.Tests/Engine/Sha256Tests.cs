using System.Text;
using ConfigLint.Core.Findings;
using Shouldly;
using Xunit;

namespace ConfigLint.Core.Tests.Engine;

/// <summary>The fingerprints' own SHA-256 gives the standard's bytes: a fingerprint that changed would reopen every alert a user closed.</summary>
public class Sha256Tests
{
    [Theory]
    // FIPS 180-4's examples (NIST CSRC "Example Algorithms": SHA256.pdf).
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    public void The_standard_examples(string text, string hex)
    {
        Sha256.HexOf(text).ShouldBe(hex);
    }

    [Fact]
    public void Every_length_around_the_block_edges_and_the_stack_buffer_agrees_with_the_library()
    {
        // Lengths 0 to 1,200 cross the 55/56-byte padding edge, whole blocks, and the 512-byte buffer
        // kept on the stack; characters of one to four UTF-8 bytes.
        var random = new Random(13);
        string[] pieces = ["a", "é", "…", "😀", "\0", "x"];
        for (var length = 0; length <= 1200; length++)
        {
            var text = new StringBuilder();
            while (Encoding.UTF8.GetByteCount(text.ToString()) < length)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
            }

            var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
            Sha256.HexOf(text.ToString()).ShouldBe(expected, $"length {length}");
        }
    }

    [Fact]
    public void A_million_bytes()
    {
        // FIPS 180-4's long example: one million 'a'.
        Sha256.HexOf(new string('a', 1_000_000)).ShouldBe("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    }
}
