using ConfigLint.Core.Text;

namespace ConfigLint.Core.Engine;

/// <summary>
/// How far a run may read, and write: the repository it runs in. A pull request controls the
/// files of the checkout, not the command line, so a file the repository holds must not lead
/// out of it through a symbolic link (<c>main.cf -&gt; /etc/shadow</c>, a linked directory, a
/// pattern file, <c>rules_dirs: [/etc]</c>), and a report must not be written through one.
/// <list type="bullet">
/// <item>The root is <c>--root</c>, else the git top level of the working directory (the nearest
/// directory upwards with a <c>.git</c>), else the working directory.</item>
/// <item>A configuration named on the command line inside the root may not lead out of the root.
/// One named outside it (<c>configlint check /etc/postfix</c>) is the user's own choice: its files
/// may not lead out of the directory named.</item>
/// <item>Settings and baselines inside the root may not lead out of it; <c>--config</c> and
/// <c>--baseline</c> files named outside it are read as named, and so is a
/// <c>.configlint.yml</c> found in a parent directory above the root (deliberately: a settings
/// file for many repositories), which is still never a FIFO, a device or larger than its limit.</item>
/// </list>
/// </summary>
public sealed class AnalysisRoot
{
    private AnalysisRoot(string path)
    {
        Path = path;
        RealPath = InputFile.RealPath(path);
    }

    /// <summary>The root as a full path, links not resolved (what paths on the command line are compared with).</summary>
    public string Path { get; }

    /// <summary>The root with every symbolic link resolved (what files' real paths must stay under).</summary>
    public string RealPath { get; }

    /// <summary>The root of a run in <paramref name="workingDirectory"/>, with <c>--root</c> when given.</summary>
    public static AnalysisRoot Of(string? rootOption, string workingDirectory)
    {
        if (rootOption is not null)
        {
            return new AnalysisRoot(ConfigDiscovery.FullPath(rootOption, workingDirectory));
        }

        var cwd = ConfigDiscovery.FullPath(workingDirectory, workingDirectory);
        for (var dir = new DirectoryInfo(cwd); dir is not null; dir = dir.Parent)
        {
            var git = System.IO.Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(git) || File.Exists(git))
            {
                return new AnalysisRoot(dir.FullName);
            }
        }

        return new AnalysisRoot(cwd);
    }

    /// <summary>True when <paramref name="fullPath"/>, as written, lies in the root.</summary>
    public bool Holds(string fullPath) => InputFile.IsInside(System.IO.Path.GetFullPath(fullPath), Path);

    /// <summary>
    /// The boundary for a configuration named on the command line (a directory, or a file of one):
    /// the root when it lies in the root, else the directory named, links resolved.
    /// </summary>
    public string BoundaryFor(string fullPath) =>
        Holds(fullPath) ? RealPath : InputFile.RealPath(Directory.Exists(fullPath) ? fullPath : System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(fullPath))!);

    /// <summary>The boundary for a settings, baseline or report file: the root when it lies in the root, else none (it is read or written as named).</summary>
    public string? BoundaryForNamedFile(string fullPath) => Holds(fullPath) ? RealPath : null;
}
