namespace ConfigLint.Core.Text;

/// <summary>
/// One entry of a directory listing, as little as discovery and the tree need: its full path, whether it
/// is a directory (a link to one is, as DirectoryInfo.GetFileSystemInfos decides), and whether it is a
/// link (asked only where needed: it takes an lstat(2)). A FileSystemInfo keeps a stat buffer and three
/// strings; a fleet's directory of 10,000 configurations kept 10,000 of them through the whole walk.
/// A class, not a struct: the tool's precompiled code cannot hold the framework's enumerators and sorts
/// of a ConfigLint struct, and compiled them at every start-up.
/// </summary>
internal sealed record DirectoryEntry(string FullName, bool IsDirectory, bool IsLink)
{
    public string Name => Path.GetFileName(FullName);
}
