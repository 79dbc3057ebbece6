using System.Diagnostics;
using ConfigLint.TestSupport;
using Xunit.Abstractions;

namespace ConfigLint.Core.Tests.Differential;

/// <summary>
/// Issue 2: the differential test. Our model of every real-world file (tests/data/corpus by
/// MANIFEST kind, and samples/**/main.cf, master.cf, aliases) must say what Postfix 3.7 itself
/// says about it:
/// <list type="bullet">
/// <item>main.cf (next to Debian's master.cf): the explicit parameters and values of
/// <c>postconf -n</c>, and the expanded values of <c>postconf -nx</c>;</item>
/// <item>master.cf (next to an empty main.cf): the entries of <c>postconf -M</c> (8 fields and
/// arguments) and the <c>-o</c> overrides of <c>postconf -P</c>;</item>
/// <item>aliases: the keys and values <c>postalias</c> stores (<c>postalias -s</c>).</item>
/// </list>
/// Each test prints <c>agree/tried</c> per mode and fails listing every disagreeing file with a
/// compact diff. Files on which the tool itself fails may be listed, with a reason, in
/// exceptions.tsv; a listed file that no longer fails (or is gone) fails the test as stale.
/// </summary>
[SystemTest]
public sealed class PostconfDifferentialTests(ITestOutputHelper output)
{
    [RequiresPostfixFact]
    public void Main_cf_parameters_agree_with_postconf_n_and_nx() => RunKind(InputKind.MainCf);

    [RequiresPostfixFact]
    public void Master_cf_services_and_overrides_agree_with_postconf_M_and_P() => RunKind(InputKind.MasterCf);

    [RequiresPostfixFact]
    public void Aliases_agree_with_what_postalias_stores() => RunKind(InputKind.Aliases);

    [Fact]
    public void The_corpus_offers_inputs_of_every_kind()
    {
        DifferentialInputs.OfKind(InputKind.MainCf).ShouldNotBeEmpty();
        DifferentialInputs.OfKind(InputKind.MasterCf).ShouldNotBeEmpty();
        DifferentialInputs.OfKind(InputKind.Aliases).ShouldNotBeEmpty();
        DifferentialInputs.All.Select(i => i.Display).ShouldBeUnique();
        File.Exists(DifferentialRunner.DebianMasterCf).ShouldBeTrue();
    }

    [Fact]
    public void Every_exception_names_an_input_in_a_mode_of_its_kind_once()
    {
        var problems = new List<string>();
        var seen = new HashSet<(string, string)>();
        foreach (var e in DifferentialExceptions.Load())
        {
            var input = DifferentialInputs.All.FirstOrDefault(i => i.Display == e.File);
            if (input is null)
            {
                problems.Add($"line {e.Line}: {e.File} is not a differential input (stale: remove the line)");
            }
            else if (!DifferentialExceptions.Modes[input.Kind].Contains(e.Mode))
            {
                problems.Add($"line {e.Line}: mode {e.Mode} does not apply to a {DifferentialInputs.Name(input.Kind)} file");
            }

            if (!seen.Add((e.File, e.Mode)))
            {
                problems.Add($"line {e.Line}: {e.File} {e.Mode} is listed twice");
            }
        }

        problems.ShouldBeEmpty($"{DifferentialExceptions.RelativePath}:\n{string.Join('\n', problems)}");
    }

    private void RunKind(InputKind kind)
    {
        Prerequisites.RequirePostfix();
        var inputs = DifferentialInputs.OfKind(kind);
        var exceptions = DifferentialExceptions.Load();
        var stopwatch = Stopwatch.StartNew();
        var outcomes = DifferentialRunner.Run(inputs);
        stopwatch.Stop();

        var summary = new List<string>();
        var failures = new List<string>();
        foreach (var mode in DifferentialExceptions.Modes[kind])
        {
            var label = kind == InputKind.Aliases ? "aliases" : $"{DifferentialInputs.Name(kind)} {mode}";
            var tool = kind == InputKind.Aliases ? "postalias" : $"postconf {mode}";
            var ofMode = outcomes.Where(o => o.Mode == mode).ToList();
            var excepted = 0;
            foreach (var o in ofMode)
            {
                var listed = exceptions.FirstOrDefault(e => e.File == o.Input.Display && e.Mode == mode);
                var where = listed is null ? string.Empty : $"{DifferentialExceptions.RelativePath} line {listed.Line}";
                switch (o.Status)
                {
                    case OutcomeStatus.Agree when listed is not null:
                        failures.Add($"{o.Input} [{label}]: stale exception ({where}): {tool} succeeds and the model agrees; remove the line.");
                        break;
                    case OutcomeStatus.ToolFailed when listed is not null:
                        excepted++;
                        break;
                    case OutcomeStatus.ToolFailed:
                        failures.Add(Block(
                            $"{o.Input} [{label}]: {tool} itself fails; if that is right, list the file in {DifferentialExceptions.RelativePath} (file<TAB>{mode}<TAB>reason):",
                            o.Details));
                        break;
                    case OutcomeStatus.Disagree:
                        failures.Add(Block($"{o.Input} [{label}]: the model disagrees with {tool}:", o.Details));
                        if (listed is not null)
                        {
                            failures.Add($"{o.Input} [{label}]: stale exception ({where}): {tool} no longer fails on it; remove the line.");
                        }

                        break;
                }
            }

            var agree = ofMode.Count(o => o.Status == OutcomeStatus.Agree);
            summary.Add($"{label}: {agree}/{ofMode.Count}" + (excepted > 0 ? $" ({excepted} excepted: {tool} fails on them)" : string.Empty));
        }

        foreach (var e in exceptions.Where(e => DifferentialExceptions.Modes[kind].Contains(e.Mode)
                                                && !inputs.Any(i => i.Display == e.File)))
        {
            failures.Add($"{e.File} [{e.Mode}]: stale exception ({DifferentialExceptions.RelativePath} line {e.Line}): no such {DifferentialInputs.Name(kind)} input any more; remove the line.");
        }

        var runs = inputs.Count * DifferentialExceptions.Modes[kind].Length;
        summary.Add($"({inputs.Count} files, {runs} tool runs, {stopwatch.Elapsed.TotalSeconds:0.0} s, {DifferentialRunner.Parallelism} at a time)");
        foreach (var line in summary)
        {
            output.WriteLine(line);
            Console.WriteLine(line);
        }

        if (failures.Count > 0)
        {
            Assert.Fail(string.Join('\n', summary) + "\n\n" + string.Join("\n\n", failures));
        }
    }

    private static string Block(string header, IEnumerable<string> details) =>
        header + string.Concat(details.Select(d => "\n    " + d));
}
