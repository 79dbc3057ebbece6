using System.Text;
using ConfigLint.Core.Findings;
using ConfigLint.Core.Rules;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Engine;

/// <summary>What <c>configlint fix</c> is asked to do.</summary>
public sealed record FixRequest
{
    /// <summary>The run whose findings are fixed (paths, settings, target release).</summary>
    public required LintRequest Lint { get; init; }

    /// <summary><c>--unsafe-fixes</c>: also apply fixes whose manifest says <c>fix: unsafe</c>.</summary>
    public bool UnsafeFixes { get; init; }

    /// <summary><c>--rules ID,…</c>: only the fixes of these rules (IDs or names); empty: every rule's.</summary>
    public IReadOnlyList<string> Rules { get; init; } = [];

    /// <summary>Write the fixed files (false: only compute them, for <c>--diff</c>).</summary>
    public bool Write { get; init; }
}

/// <summary>A fix that was applied, with the finding it repairs.</summary>
public sealed record AppliedFix(Finding Finding, FixSafety Safety);

/// <summary>One file the fixes change: its text before and after, and the fixes applied to it.</summary>
public sealed record FixedFile(string DisplayPath, string RepositoryPath, string FullPath, string Before, string After, IReadOnlyList<AppliedFix> Fixes);

/// <summary>One pass over one file: the text before and after it, and the fixes whose spans (in <paramref name="Before"/>) it applied.</summary>
public sealed record FixPass(string FullPath, string Before, string After, IReadOnlyList<AppliedFix> Fixes);

/// <summary>What <c>configlint fix</c> did (or, without <see cref="FixRequest.Write"/>, would do).</summary>
public sealed record FixResult
{
    /// <summary>Files the fixes change, in display order.</summary>
    public required IReadOnlyList<FixedFile> Files { get; init; }

    /// <summary>Every pass in order: a fix's spans refer to the text of its own pass.</summary>
    public required IReadOnlyList<FixPass> Passes { get; init; }

    /// <summary>The run after the fixes: what is left.</summary>
    public required LintResult Remaining { get; init; }

    /// <summary>Findings left with a fix that was not applied, and why ("unsafe: add --unsafe-fixes").</summary>
    public required IReadOnlyList<(Finding Finding, string Reason)> NotApplied { get; init; }

    /// <summary>Files that could not be written, each a line starting with the file.</summary>
    public required IReadOnlyList<string> WriteErrors { get; init; }
}

/// <summary>
/// <c>configlint fix</c>: lints, applies the fixes of the findings it may fix to the files' text in
/// memory, lints that text again (through <see cref="InputFile.Overlay"/>), and repeats until no
/// fix applies, so a fix that uncovers another finding is followed by that one's fix and a second
/// run changes nothing. Fixes that overlap one applied in the same pass wait for the next pass.
/// Only at the end, and only with <see cref="FixRequest.Write"/>, are files written: regular files
/// inside the analysed root, in place (same inode, so mode and owner stay), and only files whose
/// bytes decode and encode back unchanged, so no byte a fix does not touch can change.
/// </summary>
public static class Fixer
{
    /// <summary>Enough for fixes that uncover fixes; a fix that reappeared this often would loop.</summary>
    private const int MaxPasses = 10;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static FixResult Run(FixRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var edited = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var originals = new Dictionary<string, (string Display, string RepositoryPath, string Text)>(StringComparer.Ordinal);
        var applied = new Dictionary<string, List<AppliedFix>>(StringComparer.Ordinal);
        var passes = new List<FixPass>();
        var refused = new Dictionary<string, string>(StringComparer.Ordinal);
        var root = AnalysisRoot.Of(request.Lint.RootDirectory, request.Lint.WorkingDirectory);
        LintResult result;
        var pass = 0;
        while (true)
        {
            using (InputFile.Overlay(edited))
            {
                result = LintEngine.Run(request.Lint);
            }

            // Input errors mean the run did not see everything: repair nothing rather than half.
            if (result.Errors.Count > 0 || pass++ == MaxPasses)
            {
                break;
            }

            var changed = false;
            foreach (var (full, fixes) in Choose(result, request, refused))
            {
                if (!originals.TryGetValue(full, out var original))
                {
                    if (Readable(full, root, out var text) is { } problem)
                    {
                        refused[full] = problem;
                        continue;
                    }

                    // A fix may edit another file than the one its finding points at (PF404: a main.cf value, an -o in master.cf).
                    var display = fixes[0].Finding.Fix!.Replacements[0].Span.File;
                    original = (display, result.RepositoryPath(display), text!);
                    originals[full] = original;
                }

                var current = edited.TryGetValue(full, out var bytes) ? Utf8.GetString(bytes) : original.Text;
                var after = TextEdits.Apply(current, fixes.SelectMany(f => f.Finding.Fix!.Replacements).Select(r => (r.Span, r.NewText)));
                if (after is null || after == current)
                {
                    continue;
                }

                edited[full] = Utf8.GetBytes(after);
                passes.Add(new FixPass(full, current, after, fixes));
                (applied.TryGetValue(full, out var list) ? list : applied[full] = []).AddRange(fixes);
                changed = true;
            }

            if (!changed)
            {
                break;
            }
        }

        var files = edited
            .Select(kv => (Full: kv.Key, After: Utf8.GetString(kv.Value), Original: originals[kv.Key]))
            .Where(f => f.After != f.Original.Text)
            .Select(f => new FixedFile(f.Original.Display, f.Original.RepositoryPath, f.Full, f.Original.Text, f.After, applied[f.Full]))
            .OrderBy(f => f.DisplayPath, StringComparer.Ordinal)
            .ToList();
        var writeErrors = request.Write && result.Errors.Count == 0 ? WriteAll(files, root) : [];
        return new FixResult
        {
            Files = files,
            Passes = passes,
            Remaining = result,
            NotApplied = NotApplied(result, request, refused),
            WriteErrors = writeErrors,
        };
    }

    /// <summary>
    /// The fixes to apply in this pass, per file: allowed ones (rule selected, safe or unsafe asked,
    /// not suppressed, every edit in a file on disk), in report order, skipping any whose edits
    /// overlap an edit already chosen.
    /// </summary>
    private static Dictionary<string, List<AppliedFix>> Choose(LintResult result, FixRequest request, Dictionary<string, string> refused)
    {
        var rules = result.Rules.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var chosen = new Dictionary<string, List<AppliedFix>>(StringComparer.Ordinal);
        var taken = new List<Span>();
        foreach (var finding in result.Findings)
        {
            if (finding.Fix is not { Replacements.Count: > 0 } fix || !rules.TryGetValue(finding.RuleId, out var rule)
                || WhyNot(finding, rule, request) is not null)
            {
                continue;
            }

            var files = fix.Replacements.Select(r => result.Sources.TryGetValue(r.Span.File, out var s) ? s.FullPath : null).Distinct().ToList();
            if (files.Count != 1 || files[0] is not { } full || refused.ContainsKey(full)
                || fix.Replacements.Any(r => taken.Any(t => Overlaps(t, r.Span))))
            {
                continue;
            }

            taken.AddRange(fix.Replacements.Select(r => r.Span));
            (chosen.TryGetValue(full, out var list) ? list : chosen[full] = []).Add(new AppliedFix(finding, rule.FixSafety!.Value));
        }

        return chosen;
    }

    /// <summary>Why a finding's fix is not applied on request, or null when it may be.</summary>
    private static string? WhyNot(Finding finding, RuleDescriptor rule, FixRequest request)
    {
        if (finding.Suppression is not null)
        {
            return "suppressed";
        }

        if (request.Rules.Count > 0 && !request.Rules.Any(r => r.Equals(rule.Id, StringComparison.OrdinalIgnoreCase) || r.Equals(rule.Name, StringComparison.OrdinalIgnoreCase)))
        {
            return "not among --rules";
        }

        return rule.FixSafety == FixSafety.Unsafe && !request.UnsafeFixes ? "unsafe: add --unsafe-fixes to apply it" : null;
    }

    private static List<(Finding, string)> NotApplied(LintResult result, FixRequest request, Dictionary<string, string> refused)
    {
        var rules = result.Rules.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var left = new List<(Finding, string)>();
        foreach (var finding in result.Findings.Where(f => f.Fix is not null && f.Suppression is null))
        {
            var full = finding.Fix!.Replacements.Select(r => result.Sources.TryGetValue(r.Span.File, out var s) ? s.FullPath : null).FirstOrDefault();
            var reason = rules.TryGetValue(finding.RuleId, out var rule) ? WhyNot(finding, rule, request) : null;
            reason ??= full is not null && refused.TryGetValue(full, out var problem) ? problem
                : full is null ? "its edits are in a file ConfigLint assumed (the stock master.cf), not one on disk"
                : result.Errors.Count > 0 ? "the run had input errors, so nothing was fixed"
                : "it did not settle after repeated fixes";
            left.Add((finding, reason));
        }

        return left;
    }

    /// <summary>
    /// Null when the file can be fixed: a regular file inside the root, not a symbolic link, whose
    /// bytes decode as UTF-8 and encode back to the same bytes (else an edit would change bytes it
    /// does not touch); else why not.
    /// </summary>
    private static string? Readable(string full, AnalysisRoot root, out string? text)
    {
        text = null;
        if (new FileInfo(full).LinkTarget is not null)
        {
            return "it is a symbolic link; ConfigLint does not write through links";
        }

        var content = InputFile.Read(full, InputFile.MaxConfigBytes, Boundary(full, root));
        if (content.Bytes is not { } bytes)
        {
            return $"it {content.Reason}";
        }

        var decoded = Utf8.GetString(bytes);
        if (!Utf8.GetBytes(decoded).AsSpan().SequenceEqual(bytes))
        {
            return "it is not valid UTF-8, and rewriting it could change bytes no fix touches";
        }

        text = decoded;
        return null;
    }

    private static List<string> WriteAll(IReadOnlyList<FixedFile> files, AnalysisRoot root)
    {
        var errors = new List<string>();
        foreach (var file in files)
        {
            if (InputFile.WriteProblem(file.FullPath, Boundary(file.FullPath, root)) is { } problem)
            {
                errors.Add($"{file.DisplayPath}: not written: {problem}");
                continue;
            }

            try
            {
                // In place: the same inode keeps the file's mode, owner and hard links.
                using var stream = new FileStream(file.FullPath, FileMode.Open, FileAccess.Write, FileShare.Read);
                var bytes = Utf8.GetBytes(file.After);
                stream.Write(bytes);
                stream.SetLength(bytes.Length);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add($"{file.DisplayPath}: not written: {e.Message}");
            }
        }

        return errors;
    }

    /// <summary>Where a file's links may lead: the root, or for a configuration named outside it, its own directory.</summary>
    private static string Boundary(string full, AnalysisRoot root) => root.BoundaryFor(Path.GetDirectoryName(full)!);

    private static bool Overlaps(Span a, Span b) =>
        a.File == b.File && Compare(a.StartLine, a.StartColumn, b.EndLine, b.EndColumn) < 0 && Compare(b.StartLine, b.StartColumn, a.EndLine, a.EndColumn) < 0;

    private static int Compare(int lineA, int columnA, int lineB, int columnB) => lineA != lineB ? lineA.CompareTo(lineB) : columnA.CompareTo(columnB);
}
