using ConfigLint.Core.Text;

namespace ConfigLint.Core.Findings;

/// <summary>
/// Something the run says about itself rather than about the files: what was assumed (the stock
/// master.cf), skipped (a template) or not evaluated. Every format reports these (SARIF
/// <c>toolExecutionNotifications</c>), so a clean result never hides what was not looked at.
/// </summary>
/// <param name="Level">note or warning.</param>
/// <param name="Message">A sentence.</param>
/// <param name="File">The display path it is about, or null.</param>
public sealed record ToolNote(Severity Level, string Message, string? File = null);

/// <summary>A file a report shows: its display path (relative to the working directory), its path from the repository root, and its lines.</summary>
public sealed record SourceFile(string DisplayPath, string RepositoryPath, IReadOnlyList<string> Lines)
{
    /// <summary>The file's full path as it was read (null for a file that is not on disk, such as the assumed stock master.cf).</summary>
    public string? FullPath { get; init; }
}
