namespace ConfigLint.Core.Catalogue;

/// <summary>
/// A file a Postfix release ships (its <c>conf/main.cf</c> or <c>conf/master.cf</c>), as ConfigLint
/// assumes it when a configuration lacks its own: a repository that keeps only main.cf (an Ansible
/// role, a Docker image, dotfiles) runs with the master.cf the package installs. Get one from
/// <see cref="PostfixRelease.StockMasterCf"/> or <see cref="PostfixRelease.StockMainCf"/>.
/// </summary>
/// <param name="DisplayName">How spans in it are named (<c>&lt;stock master.cf of Postfix 3.11&gt;</c>): never a path of the analysed tree.</param>
/// <param name="Text">The file's text, byte for byte as the release ships it.</param>
public sealed record StockFile(string DisplayName, string Text);
