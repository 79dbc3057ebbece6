using ConfigLint.TestSupport;
using YamlDotNet.RepresentationModel;

namespace ConfigLint.Cli.Tests.Integration;

/// <summary>
/// The code blocks of the integration docs, by the name in the <c>&lt;!-- snippet: NAME --&gt;</c>
/// comment above each, so tests run exactly what users read.
/// </summary>
public static class DocSnippets
{
    /// <summary>Where the snippets live (the README section file; change here if they move into README.md).</summary>
    public static string Source => Path.Combine(RepoPaths.Root, "README.md");

    public static IReadOnlyDictionary<string, string> All()
    {
        var lines = File.ReadAllLines(Source);
        var snippets = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (!line.StartsWith("<!-- snippet:", StringComparison.Ordinal))
            {
                continue;
            }

            var name = line["<!-- snippet:".Length..].Replace("-->", string.Empty, StringComparison.Ordinal).Trim();
            (i + 1 < lines.Length && lines[i + 1].StartsWith("```", StringComparison.Ordinal)).ShouldBeTrue($"snippet '{name}' is not followed by a code block");
            var body = new List<string>();
            var j = i + 2;
            for (; j < lines.Length && !lines[j].StartsWith("```", StringComparison.Ordinal); j++)
            {
                body.Add(lines[j]);
            }

            (j < lines.Length).ShouldBeTrue($"snippet '{name}' is not closed");
            snippets.Add(name, string.Join('\n', body) + "\n");
        }

        return snippets;
    }

    public static string Get(string name) =>
        All().TryGetValue(name, out var text) ? text : throw new InvalidOperationException($"no snippet '{name}' in {Source}");

    /// <summary>The non-empty lines of a shell snippet.</summary>
    public static IReadOnlyList<string> Commands(string name) =>
        Get(name).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static YamlNode Yaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents[0].RootNode;
    }
}
