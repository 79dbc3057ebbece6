using System.IO.Enumeration;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Model;

/// <summary>
/// The directory being analysed, and the only place ConfigLint reads files from. Postfix names
/// files by absolute path (<c>mynetworks = /etc/postfix/network_table</c>); those paths are mapped
/// onto the analysed directory so a repository that holds a Postfix configuration can be checked
/// as it would behave once installed (DESIGN §3). Nothing outside the directory is read, also not
/// through a symbolic link (<see cref="Boundary"/>).
/// </summary>
public sealed class ConfigTree
{
    private readonly Dictionary<string, SourceText?> cache = new(StringComparer.Ordinal);

    /// <param name="root">The configuration directory.</param>
    /// <param name="displayPrefix">Prefix for display paths ("" or "hosts/mx1/").</param>
    /// <param name="boundary">
    /// Where links may lead: a file whose real path (every symbolic link resolved) is outside it is
    /// not read (<see cref="InputFile"/>). Null: the configuration directory itself.
    /// </param>
    /// <param name="top">What discovery's listing showed in the root, when it held no directory; null: not known.</param>
    public ConfigTree(string root, string displayPrefix, string? boundary = null, TopFiles? top = null)
    {
        // No trailing separator: "D" and "D/" are the same tree, and paths inside it are Root + "/" + name.
        var full = Path.GetFullPath(root);
        Root = full.Length > 1 ? full.TrimEnd(Path.DirectorySeparatorChar) : full;
        DisplayPrefix = displayPrefix;
        Boundary = boundary ?? Root;
        this.top = top;
    }

    private readonly TopFiles? top;

    /// <summary>
    /// False when <paramref name="path"/> (relative to the root, or full) is known to be absent: the
    /// root held files only (<see cref="TopFiles"/>) and this is not one of them, or lies below one.
    /// True when it may exist: the file system decides.
    /// </summary>
    public bool MayExist(string path)
    {
        if (top is null)
        {
            return true;
        }

        // As File.Exists sees it: "etc/../main.cf" is main.cf.
        var full = Path.GetFullPath(Path.Combine(Root, path));
        if (!full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return true;
        }

        var rest = full[(Root.Length + 1)..];
        return !rest.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) && top.Contains(rest);
    }

    /// <summary>
    /// True when discovery's listing of the root showed <paramref name="name"/> (a plain name, no
    /// directory part): something is there, so a read need not ask first whether it exists.
    /// </summary>
    public bool IsListed(string name) => top is not null && top.Contains(name);

    /// <summary>The directory no file of this configuration may lead out of, symbolic links resolved or not.</summary>
    public string Boundary { get; }

    /// <summary>The files read through <see cref="Read"/> so far, by display path (reporters show their lines).</summary>
    public IEnumerable<(string Path, IReadOnlyList<string> Lines)> LoadedFiles =>
        cache.Values.Where(t => t is not null).Select(t => (t!.Path, t.Lines));

    /// <summary>Full path of the analysed directory.</summary>
    public string Root { get; }

    /// <summary>Prefix for display paths ("" or "hosts/mx1/" with a trailing slash).</summary>
    public string DisplayPrefix { get; }

    public string DisplayPath(string fileName) => DisplayPrefix + fileName.Replace('\\', '/');

    /// <summary>The full path of a display path of this tree (the inverse of <see cref="DisplayPath"/>).</summary>
    public string FullPathOf(string displayPath) =>
        displayPath.StartsWith(DisplayPrefix, StringComparison.Ordinal) ? Path.Combine(Root, displayPath[DisplayPrefix.Length..]) : Path.GetFullPath(displayPath);

    /// <summary>
    /// Maps a path as Postfix would open it onto the tree: <c>/etc/postfix/x</c> (or the configured
    /// config_directory) becomes <c>ROOT/x</c>; another absolute path <c>/a/b</c> becomes <c>ROOT/a/b</c>
    /// when that exists. Returns null for anything that would leave the tree.
    /// </summary>
    public string? Map(string postfixPath, string configDirectory)
    {
        string? relative = null;
        foreach (var dir in new[] { configDirectory.TrimEnd('/'), "/etc/postfix" })
        {
            if (dir.Length > 0 && postfixPath.StartsWith(dir + "/", StringComparison.Ordinal))
            {
                relative = postfixPath[(dir.Length + 1)..];
                break;
            }
        }

        if (relative is null && postfixPath.StartsWith('/'))
        {
            var candidate = postfixPath.TrimStart('/');
            if (Inside(candidate) is { } full && MayExist(full) && File.Exists(full))
            {
                relative = candidate;
            }
        }

        return relative is null ? null : Inside(relative) is null ? null : relative;
    }

    private string? Inside(string relative)
    {
        var full = Path.GetFullPath(Path.Combine(Root, relative));
        return full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? full : null;
    }

    /// <summary>
    /// The files of the tree whose name ends with <paramref name="suffix"/>, as relative paths in
    /// ordinal order: at most <paramref name="maxDepth"/> directories deep, never into hidden
    /// directories (<c>.git</c>) or <c>node_modules</c>, skipping what cannot be read.
    /// </summary>
    public IReadOnlyList<string> FindFiles(string suffix, int maxDepth = 3)
    {
        if (top is not null && !top.Names.Any(n => IsFound(n, suffix)))
        {
            // The root holds files only, and none of them would be found: nothing to list again.
            return [];
        }

        var found = new List<string>();
        var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = true, AttributesToSkip = 0 };
        const FileAttributes Skipped = FileAttributes.Hidden | FileAttributes.System | FileAttributes.ReparsePoint;
        void Walk(string directory, int depth)
        {
            // One listing per directory, files and subdirectories together (a fleet's check made two).
            // Hidden entries, links and system files are left out, but their attributes (an lstat(2)
            // each) are asked of the entries that would be kept otherwise, not of main.cf and the rest.
            var entries = new FileSystemEnumerable<DirectoryEntry>(directory, (ref FileSystemEntry e) => new DirectoryEntry(e.ToFullPath(), e.IsDirectory, IsLink: false), options)
            {
                ShouldIncludePredicate = (ref FileSystemEntry e) =>
                    !e.FileName.StartsWith('.')
                    && (e.IsDirectory ? depth < maxDepth && !e.FileName.SequenceEqual("node_modules") : IsFound(e.FileName, suffix))
                    && (e.Attributes & Skipped) == 0,
            };
            var subdirectories = new List<string>();
            foreach (var entry in entries)
            {
                if (entry.IsDirectory)
                {
                    subdirectories.Add(entry.FullName);
                }
                else
                {
                    found.Add(Path.GetRelativePath(Root, entry.FullName).Replace('\\', '/'));
                }
            }

            foreach (var sub in subdirectories)
            {
                Walk(sub, depth + 1);
            }
        }

        if (Directory.Exists(Root))
        {
            Walk(Root, 0);
        }

        return found.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>A file <see cref="FindFiles"/> finds by its name: not hidden, ending with the suffix (links and system files are judged apart).</summary>
    private static bool IsFound(ReadOnlySpan<char> fileName, string suffix) =>
        !fileName.StartsWith('.') && fileName.EndsWith(suffix, StringComparison.Ordinal);

    /// <summary>
    /// Reads a file of the tree (relative path), once, through <see cref="InputFile"/>; problems
    /// become diagnostics (a missing file only when <paramref name="reportMissing"/>).
    /// </summary>
    public SourceText? Read(string relative, ICollection<Diagnostic> diagnostics, bool reportMissing = true)
    {
        if (cache.TryGetValue(relative, out var cached))
        {
            return cached;
        }

        var full = Inside(relative);
        var text = full is null ? null : SourceText.Load(full, DisplayPath(relative), diagnostics, Boundary, reportMissing);
        cache[relative] = text;
        return text;
    }
}
