using ConfigLint.Core.Catalogue;
using System.Text.RegularExpressions;
using ConfigLint.Core.Model;
using ConfigLint.Core.Tests.Model;
using ConfigLint.TestSupport;

namespace ConfigLint.Core.Tests.Differential;

/// <summary>How one file fared in one mode.</summary>
public enum OutcomeStatus
{
    /// <summary>The model's view equals the tool's output.</summary>
    Agree,

    /// <summary>They differ (or the model or the output parser threw).</summary>
    Disagree,

    /// <summary>postconf/postalias itself exited non-zero on the file.</summary>
    ToolFailed,
}

/// <summary>The result of comparing one file in one mode; <see cref="Details"/> is the compact diff or the tool's error.</summary>
public sealed record Outcome(DifferentialInput Input, string Mode, OutcomeStatus Status, IReadOnlyList<string> Details);

/// <summary>
/// Runs the real tools (through <see cref="Postconf"/>: a private network namespace with only
/// loopback up, back-dated copies) once per file and mode, builds the model from the same bytes,
/// and compares. Files are processed in parallel.
/// </summary>
public static class DifferentialRunner
{
    /// <summary>
    /// How many files are processed at once. Mostly the tools wait: a run that ends in a fatal
    /// error sleeps a second in msg_fatal(), and process start-up dominates the rest.
    /// </summary>
    public static readonly int Parallelism = Math.Max(8, Environment.ProcessorCount * 4);

    private const int MaxDiffLines = 12;
    private const int MaxLineLength = 220;

    private static readonly Lazy<HostFacts> HostLazy = new(ComputeHostFacts);

    /// <summary>
    /// The model's process_id: postconf's own pid, different on every run, so a model line that
    /// holds this placeholder matches a postconf line with any number in its place
    /// (debugger_command = … $process_id …).
    /// </summary>
    public const string ProcessIdPlaceholder = "PROCESS-ID-OF-POSTCONF";

    /// <summary>
    /// What the sandboxed postconf computes from the machine with an empty main.cf (myhostname,
    /// mydomain), so the model expands from the same host; config_directory is the sandbox
    /// directory, which <see cref="PostconfResult.Normalize"/> prints as <c>DIR</c>; and the defaults
    /// Debian's package has of its own (<see cref="DebianInstallation"/>).
    /// </summary>
    public static HostFacts Host => HostLazy.Value;

    /// <summary>The release of the installed postconf (Debian 12's 3.7.11): the model is checked for it.</summary>
    public static PostfixRelease InstalledRelease => PostfixReleases.Get("3.7");

    /// <summary>Debian's shipped master.cf, put next to each main.cf (a main.cf is never deployed alone).</summary>
    public static string DebianMasterCf => Path.Combine(RepoPaths.Data, "postfix", "debian-shipped", "master.cf");

    /// <summary>Compares every input of one kind in each of its modes.</summary>
    public static IReadOnlyList<Outcome> Run(IReadOnlyList<DifferentialInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        _ = Host; // once, before the parallel part

        // Dedicated threads, not the thread pool: each worker blocks on a child process while
        // ProcessRunner's output readers need pool threads, and the pool grows only slowly.
        var results = new IReadOnlyList<Outcome>[inputs.Count];
        var next = -1;
        var workers = Enumerable.Range(0, Math.Min(Parallelism, Math.Max(1, inputs.Count)))
            .Select(_ => new Thread(() =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < inputs.Count)
                {
                    results[i] = CheckSafely(inputs[i]);
                }
            })
            { IsBackground = true })
            .ToList();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());
        return results.SelectMany(r => r).ToList();
    }

    private static HostFacts ComputeHostFacts()
    {
        var result = Postconf.RunText(string.Empty, null, "myhostname", "mydomain").EnsureSuccess();
        var values = PostconfOutput.ParseNameValues(result.Stdout).ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        values["config_directory"] = "DIR";
        values["process_id"] = ProcessIdPlaceholder;

        // The installed Postfix is Debian's 3.7.11; the model's release 3.7 is the upstream 3.7.22 build.
        return DebianInstallation.With(new HostFacts(values));
    }

    private static IReadOnlyList<Outcome> CheckSafely(DifferentialInput input)
    {
        try
        {
            return Check(input);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A model that throws on a real file is a disagreement, reported like any other.
            return DifferentialExceptions.Modes[input.Kind]
                .Select(m => new Outcome(input, m, OutcomeStatus.Disagree, [$"threw {e.GetType().Name}: {e.Message}"]))
                .ToList();
        }
    }

    private static IReadOnlyList<Outcome> Check(DifferentialInput input)
    {
        if (input.Kind == InputKind.Aliases)
        {
            var directory = Path.GetDirectoryName(input.FullPath)!;
            var config = PostfixConfig.Load(directory, files: new ConfigFiles(null, null, Path.GetFileName(input.FullPath)), host: Host, release: InstalledRelease);
            var dump = Retrying(() => Postconf.PostaliasDump(input.FullPath));
            return [Compare(input, "postalias", dump, ParseAliases, ModelViews.Aliases(config), ordered: false)];
        }

        var staging = Directory.CreateTempSubdirectory("configlint-differential-").FullName;
        try
        {
            if (input.Kind == InputKind.MainCf)
            {
                File.Copy(input.FullPath, Path.Combine(staging, "main.cf"));
                File.Copy(DebianMasterCf, Path.Combine(staging, "master.cf"));
            }
            else
            {
                // postconf insists on a main.cf; an empty one means compatibility level 0.
                File.WriteAllBytes(Path.Combine(staging, "main.cf"), []);
                File.Copy(input.FullPath, Path.Combine(staging, "master.cf"));
            }

            var config = PostfixConfig.Load(staging, files: new ConfigFiles("main.cf", "master.cf", null), host: Host, release: InstalledRelease);
            return input.Kind == InputKind.MainCf
                ?
                [
                    Compare(input, "-n", Retrying(() => Postconf.Run(staging, "-n")), ParseParameters, ModelViews.MainN(config), ordered: false),
                    Compare(input, "-nx", Retrying(() => Postconf.Run(staging, "-nx")), ParseParameters, ModelViews.MainNx(config), ordered: false),
                ]
                :
                [
                    Compare(input, "-M", Retrying(() => Postconf.Run(staging, "-M")), ParseServices, ModelViews.MasterM(config), ordered: true),
                    Compare(input, "-P", Retrying(() => Postconf.Run(staging, "-P")), ParseServiceParameters, ModelViews.MasterP(config), ordered: true),
                ];
        }
        finally
        {
            try
            {
                Directory.Delete(staging, recursive: true);
            }
            catch (IOException)
            {
                // Best effort.
            }
        }
    }

    /// <summary>
    /// Runs the tool again, once, when something outside killed it (exit code above 128, i.e. a
    /// signal such as SIGKILL, or the timeout): that says nothing about the file. postconf's own
    /// failures exit 1 and are kept.
    /// </summary>
    private static PostconfResult Retrying(Func<PostconfResult> run)
    {
        var result = run();
        return result.TimedOut || result.ExitCode > 128 ? run() : result;
    }

    private static IReadOnlyList<string> ParseParameters(string stdout) =>
        PostconfOutput.WithoutConfigDirectory(PostconfOutput.ParseNameValues(stdout))
            .Select(p => ModelViews.NameValue(p.Name, p.Value))
            .ToList();

    private static IReadOnlyList<string> ParseServices(string stdout) =>
        PostconfOutput.ParseMasterM(stdout).Select(e => e.ToString()).ToList();

    private static IReadOnlyList<string> ParseServiceParameters(string stdout) =>
        PostconfOutput.ParseMasterP(stdout).Select(p => ModelViews.NameValue($"{p.Service}/{p.Type}/{p.Name}", p.Value)).ToList();

    private static IReadOnlyList<string> ParseAliases(string stdout) =>
        PostconfOutput.ParsePostaliasDump(stdout).Select(e => ModelViews.AliasLine(e.Key, e.Value)).ToList();

    private static Outcome Compare(
        DifferentialInput input,
        string mode,
        PostconfResult result,
        Func<string, IReadOnlyList<string>> parse,
        IReadOnlyList<string> model,
        bool ordered)
    {
        if (!result.Succeeded)
        {
            var errors = result.StderrLines.Where(l => l.Contains("fatal", StringComparison.Ordinal) || l.Contains("error", StringComparison.Ordinal)).ToList();
            if (errors.Count == 0)
            {
                errors = result.StderrLines.TakeLast(3).ToList();
            }

            return new Outcome(input, mode, OutcomeStatus.ToolFailed,
                [$"exit {result.ExitCode}{(result.TimedOut ? " (timed out)" : string.Empty)}", .. errors.Select(Shorten)]);
        }

        IReadOnlyList<string> tool;
        try
        {
            tool = parse(result.Normalize(result.Stdout));
        }
        catch (FormatException e)
        {
            return new Outcome(input, mode, OutcomeStatus.Disagree, [$"cannot parse the tool's output: {e.Message}"]);
        }

        model = model.Select(line => ResolveProcessId(line, tool)).ToList();
        if (!ordered)
        {
            tool = tool.Order(StringComparer.Ordinal).ToList();
            model = model.Order(StringComparer.Ordinal).ToList();
        }

        return tool.SequenceEqual(model, StringComparer.Ordinal)
            ? new Outcome(input, mode, OutcomeStatus.Agree, [])
            : new Outcome(input, mode, OutcomeStatus.Disagree, Diff(tool, model));
    }

    /// <summary>
    /// A model line with <see cref="ProcessIdPlaceholder"/> becomes the tool line that equals it
    /// with a number in place of each placeholder, if there is one.
    /// </summary>
    public static string ResolveProcessId(string modelLine, IReadOnlyList<string> toolLines)
    {
        ArgumentNullException.ThrowIfNull(modelLine);
        ArgumentNullException.ThrowIfNull(toolLines);
        if (!modelLine.Contains(ProcessIdPlaceholder, StringComparison.Ordinal))
        {
            return modelLine;
        }

        var pattern = new Regex(
            "^" + Regex.Escape(modelLine).Replace(Regex.Escape(ProcessIdPlaceholder), "[0-9]+", StringComparison.Ordinal) + "$",
            RegexOptions.CultureInvariant);
        return toolLines.FirstOrDefault(pattern.IsMatch) ?? modelLine;
    }

    /// <summary>
    /// A compact diff: the lines only the tool printed (<c>postconf:</c>) and only the model
    /// produced (<c>model:</c>), sorted so that two versions of one name sit together; or, when
    /// both hold the same lines, where the order first differs.
    /// </summary>
    public static IReadOnlyList<string> Diff(IReadOnlyList<string> tool, IReadOnlyList<string> model)
    {
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentNullException.ThrowIfNull(model);
        var onlyTool = Subtract(tool, model);
        var onlyModel = Subtract(model, tool);
        if (onlyTool.Count == 0 && onlyModel.Count == 0)
        {
            var k = Enumerable.Range(0, Math.Min(tool.Count, model.Count)).First(i => tool[i] != model[i]);
            return [$"same lines in another order; line {k + 1}:", $"postconf: {Shorten(tool[k])}", $"model:    {Shorten(model[k])}"];
        }

        var lines = onlyTool.Select(l => (Text: l, Side: 0))
            .Concat(onlyModel.Select(l => (Text: l, Side: 1)))
            .OrderBy(x => x.Text, StringComparer.Ordinal)
            .ThenBy(x => x.Side)
            .Select(x => (x.Side == 0 ? "postconf: " : "model:    ") + Excerpt(x.Text, x.Side == 0 ? onlyModel : onlyTool))
            .ToList();
        return lines.Count <= MaxDiffLines
            ? lines
            : [.. lines.Take(MaxDiffLines), $"… {lines.Count - MaxDiffLines} more differing lines"];
    }

    private static List<string> Subtract(IReadOnlyList<string> from, IReadOnlyList<string> remove)
    {
        var counts = remove.GroupBy(l => l, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var line in from)
        {
            if (counts.TryGetValue(line, out var n) && n > 0)
            {
                counts[line] = n - 1;
            }
            else
            {
                result.Add(line);
            }
        }

        return result;
    }

    /// <summary>
    /// A long line whose counterpart on the other side has the same name (the text up to
    /// " = " or ": ") is shown from a little before the first difference.
    /// </summary>
    private static string Excerpt(string line, IReadOnlyList<string> otherSide)
    {
        if (line.Length <= MaxLineLength)
        {
            return line;
        }

        var keyEnd = line.IndexOf(" = ", StringComparison.Ordinal) is var eq and > 0 ? eq : line.IndexOf(": ", StringComparison.Ordinal);
        var other = keyEnd > 0 ? otherSide.FirstOrDefault(o => o.StartsWith(line[..(keyEnd + 2)], StringComparison.Ordinal)) : null;
        if (other is null)
        {
            return Shorten(line);
        }

        var k = 0;
        while (k < line.Length && k < other.Length && line[k] == other[k])
        {
            k++;
        }

        var from = Math.Max(keyEnd + 3, k - 60);
        return from <= keyEnd + 3 ? Shorten(line) : Shorten(line[..(keyEnd + 3)] + "…" + line[from..]);
    }

    private static string Shorten(string line) => line.Length <= MaxLineLength ? line : line[..(MaxLineLength - 1)] + "…";
}
