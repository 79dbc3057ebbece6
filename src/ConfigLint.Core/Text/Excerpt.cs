namespace ConfigLint.Core.Text;

/// <summary>
/// Text from the user's files quoted in a message: shortened, so a 10 MB value is not echoed
/// whole into a terminal, a SARIF log or a CI annotation.
/// </summary>
public static class Excerpt
{
    /// <summary>How many characters of a quoted value a message shows.</summary>
    public const int MaxLength = 80;

    /// <summary><paramref name="text"/>, or its first characters and "..." when it is longer than <paramref name="max"/>.</summary>
    public static string Of(string text, int max = MaxLength) => text.Length <= max ? text : string.Concat(text.AsSpan(0, Math.Max(0, max - 3)), "...");
}
