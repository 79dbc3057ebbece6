namespace ConfigLint.Core.Text;

/// <summary>
/// A range of characters in one file. Lines and columns are 1-based; <see cref="EndColumn"/>
/// is the column just after the last character (as SARIF's <c>endColumn</c>), counted in
/// UTF-16 code units of the decoded line.
/// </summary>
public readonly record struct Span(string File, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    /// <summary>A span for a whole line (used when a finding is about a line rather than one token).</summary>
    public static Span Line(string file, int line, int lengthOfLine) => new(file, line, 1, line, Math.Max(1, lengthOfLine + 1));

    /// <summary>The very start of a file; for findings about a file that has no better line (an empty or unreadable file).</summary>
    public static Span FileStart(string file) => new(file, 1, 1, 1, 1);

    public bool IsEmpty => StartLine == EndLine && StartColumn == EndColumn;

    public override string ToString() => $"{File}:{StartLine}:{StartColumn}";
}
