using ConfigLint.Core.Engine;
using ConfigLint.Core.Findings;
using ConfigLint.Core.Text;
using Shouldly;
using Xunit;

namespace ConfigLint.Core.Tests.Engine;

/// <summary>
/// The machinery of a streamed run: configurations checked ahead of the reader on worker threads,
/// handed on in order, a failure handed to the reader, and workers that stop when the reader does.
/// (That the report is the whole run's is shown end to end in the CLI tests.)
/// </summary>
public sealed class FindingStreamTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Findings_come_in_the_given_order_whatever_order_the_checks_finish_in(int jobs)
    {
        // Every third configuration takes longer, so the workers finish out of order.
        var order = Enumerable.Range(0, 60).Reverse().ToArray();
        var stream = Stream(order, jobs, i =>
        {
            if (i % 3 == 0)
            {
                Thread.Sleep(2);
            }

            return Outcome(i);
        });

        stream.Select(f => f.Span.File).ShouldBe(order.Select(i => $"c{i:D3}/main.cf"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_check_that_fails_fails_the_reading_with_its_own_exception(int jobs)
    {
        var stream = Stream(Enumerable.Range(0, 40).ToArray(), jobs, i => i == 17 ? throw new InvalidDataException("configuration 17") : Outcome(i));

        Should.Throw<InvalidDataException>(() => stream.ToList()).Message.ShouldBe("configuration 17");
    }

    [Fact]
    public async Task Workers_stop_when_the_reader_stops_and_stay_a_window_ahead()
    {
        var checkedCount = 0;
        var stream = Stream(Enumerable.Range(0, 10_000).ToArray(), jobs: 2, i =>
        {
            Interlocked.Increment(ref checkedCount);
            return Outcome(i);
        });

        var taken = await Task.Run(() => stream.Take(5).ToList()).WaitAsync(TimeSpan.FromSeconds(30));

        taken.Count.ShouldBe(5);

        // Five taken, at most a window a worker ahead (and one each in hand when told to stop).
        Volatile.Read(ref checkedCount).ShouldBeLessThanOrEqualTo(5 + (FindingStream.WindowPerWorker * 2) + 2);
    }

    [Fact]
    public void A_finding_outside_its_configuration_is_refused_rather_than_reported_out_of_order()
    {
        var stream = Stream([0, 1], jobs: 1, i => i == 1
            ? Outcome(i) with { Findings = [FindingIn("c000/main.cf")] }
            : Outcome(i));

        Should.Throw<InvalidOperationException>(() => stream.ToList()).Message.ShouldContain("outside its configuration c001/");
    }

    [Fact]
    public void A_configuration_s_findings_are_sorted_and_one_per_rule_span_and_message_the_first_reported_kept()
    {
        // Reported out of order, with repeats told apart only by their related note: the first one reported stays.
        var first = FindingIn("c000/main.cf");
        Finding[] reported =
        [
            first with { Span = new Span("c000/main.cf", 2, 1, 2, 5) },
            first with { Related = [new RelatedLocation(new Span("c000/main.cf", 1, 1, 1, 2), "first")] },
            first with { Message = "another message" },
            first with { Related = [new RelatedLocation(new Span("c000/main.cf", 1, 1, 1, 2), "second")] },
            first with { RuleId = "PF101", Related = [new RelatedLocation(new Span("c000/main.cf", 1, 1, 1, 2), "other rule")] },
            first with { Span = new Span("c000/main.cf", 2, 1, 2, 5), Related = [new RelatedLocation(new Span("c000/main.cf", 1, 1, 1, 2), "repeat")] },
        ];

        var stream = Stream([0], jobs: 1, i => Outcome(i) with { Findings = reported }).ToList();

        stream.Select(f => (f.Span.StartLine, f.RuleId, f.Message, f.Related.FirstOrDefault()?.Message)).ShouldBe(
        [
            (1, "PF101", first.Message, "other rule"),
            (1, "PF909", "another message", null),
            (1, "PF909", first.Message, "first"),
            (2, "PF909", first.Message, null),
        ]);
        stream.ShouldAllBe(f => f.Fingerprint != null);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Findings_carry_fingerprints_only_when_the_report_writes_them(bool fingerprints)
    {
        // The text report and GitHub's annotations show no fingerprint: the run does not compute one for them.
        var stream = new FindingStream([0, 1, 2], 2, Outcome, (path, full, lines) => new SourceFile(path, path, lines) { FullPath = full }, [], [], null)
        {
            Fingerprints = fingerprints,
        };

        var findings = stream.ToList();

        findings.Count.ShouldBe(3);
        findings.ShouldAllBe(f => (f.Fingerprint != null) == fingerprints);
    }

    private static FindingStream Stream(int[] order, int jobs, Func<int, LintEngine.Outcome> check) =>
        new(order, jobs, check, (path, full, lines) => new SourceFile(path, path, lines) { FullPath = full }, [], [], null);

    private static LintEngine.Outcome Outcome(int i) =>
        new($"c{i:D3}/", [new ToolNote(Severity.Note, $"note {i}", $"c{i:D3}/main.cf")], [], [FindingIn($"c{i:D3}/main.cf")], Severity.Warning, [($"c{i:D3}/main.cf", $"/x/c{i:D3}/main.cf", ["compatibility_level = 3.6"])]);

    private static Finding FindingIn(string file) => new()
    {
        RuleId = "PF909",
        RuleName = "compatibility-level-outdated",
        Severity = Severity.Warning,
        Message = "compatibility_level = 3.6, below 3.11.",
        Span = new Span(file, 1, 23, 1, 26),
    };
}
