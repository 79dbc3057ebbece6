namespace ConfigLint.Reporting.Tests;

/// <summary>
/// The port is proven against the expected values in github/codeql-action's own
/// <c>src/fingerprints.test.ts</c> (test "hash"): same inputs, same hashes, line by line.
/// </summary>
public class PrimaryLocationLineHashTests
{
    private static readonly string[] NormalizedNewlineHashes =
    [
        "e9496ae3ebfced30:1",
        "fb7c023a8b9ccb3f:1",
        "ce8ba1a563dcdaca:1",
        "e20e36e16fcb0cc8:1",
        "b3edc88f2938467e:1",
        "c8e28b0b4002a3a0:1",
        "c129715d7a2bc9a3:1",
    ];

    public static TheoryData<string, string[]> CodeqlActionVectors() => new()
    {
        { string.Empty, ["c129715d7a2bc9a3:1"] },
        { " a\nb\n  \t\tc\n d", ["271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"] },
        {
            " hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End",
            ["8b7cf3e952e7aeb2:1", "b1ae1287ec4718d9:1", "bff680108adb0fcc:1", "c6805c5e1288b612:1", "b86d3392aea1be30:1", "e6ceba753e1a442:1"]
        },
        { " hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n", NormalizedNewlineHashes },
        { " hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r", NormalizedNewlineHashes },
        { " hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n", NormalizedNewlineHashes },
        { " hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n", NormalizedNewlineHashes },
        {
            string.Concat(Enumerable.Repeat("Lorem ipsum dolor sit amet.\n", 10)),
            [
                "a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:2", "a7f2ff13bc495cf2:3", "a7f2ff13bc495cf2:4",
                "a7f2ff13bc495cf2:5", "a7f2ff13bc495cf2:6", "a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1",
                "55ec222b86bcae53:1", "cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1",
            ]
        },
        {
            "x = 2\nx = 1\nprint(x)\nx = 3\nprint(x)\nx = 4\nprint(x)\n",
            [
                "e54938cc54b302f1:1", "bb609acbe9138d60:1", "1131fd5871777f34:1", "5c482a0f8b35ea28:1",
                "54517377da7028d2:1", "2c644846cb18d53e:1", "f1b89f20de0d133:1", "c129715d7a2bc9a3:1",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(CodeqlActionVectors))]
    public void Every_line_gets_the_hash_that_codeql_action_computes(string text, string[] expected)
    {
        PrimaryLocationLineHash.Compute(text).ShouldBe(expected);
    }

    [Fact]
    public void Lines_without_terminators_are_hashed_as_a_file_that_ends_with_a_newline()
    {
        string[] lines = [" hello; \t", "world!!!", string.Empty, string.Empty, "  \t\tGreetings", " End"];

        PrimaryLocationLineHash.ComputeFromLines(lines).ShouldBe(NormalizedNewlineHashes);
        PrimaryLocationLineHash.ComputeFromLines([]).ShouldBe(["c129715d7a2bc9a3:1"]);
    }

    [Fact]
    public void A_long_file_gets_one_hash_per_line_and_the_hash_looks_only_forward()
    {
        var lines = Enumerable.Range(1, 500).Select(i => $"parameter_{i} = value number {i * 7919}").ToArray();
        var shifted = new[] { "# a new comment", "alias_maps = hash:/etc/aliases" }.Concat(lines).ToArray();

        var hashes = PrimaryLocationLineHash.ComputeFromLines(lines);
        var shiftedHashes = PrimaryLocationLineHash.ComputeFromLines(shifted);

        hashes.Count.ShouldBe(lines.Length + 1);
        shiftedHashes.Skip(2).ShouldBe(hashes);
    }
}
