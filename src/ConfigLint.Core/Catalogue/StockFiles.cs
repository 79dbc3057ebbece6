namespace ConfigLint.Core.Catalogue;

/// <summary>A file a Postfix release ships, as ConfigLint assumes it when a configuration lacks its own.</summary>
/// <param name="DisplayName">How spans in it are named: never a path of the analysed tree.</param>
/// <param name="Text">The file's text.</param>
public sealed record StockFile(string DisplayName, string Text);

/// <summary>
/// The stock files of upstream Postfix (<c>conf/master.cf</c> of the release), embedded in the tool.
/// A repository that keeps only main.cf (an Ansible role, a Docker image, dotfiles) runs with the
/// master.cf the package installs, so its listeners are those of the stock master.cf.
/// </summary>
public static class StockFiles
{
    private static readonly Lazy<StockFile> MasterCf37 = new(() => Load("stock/3.7/master.cf", "3.7"));

    /// <summary>The stock master.cf of Postfix 3.7 (upstream conf/master.cf of 3.7.22).</summary>
    public static StockFile MasterCf => MasterCf37.Value;

    private static StockFile Load(string resource, string release)
    {
        using var stream = typeof(StockFiles).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded resource {resource} is missing.");
        using var reader = new StreamReader(stream);
        return new StockFile($"<stock master.cf of Postfix {release}>", reader.ReadToEnd());
    }
}
