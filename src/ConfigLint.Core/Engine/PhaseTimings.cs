using System.Diagnostics;
using System.Globalization;

namespace ConfigLint.Core.Engine;

/// <summary>
/// Wall-clock time per phase of one run, for <c>check --timings</c> (issue 13: measure where the time
/// goes before making anything faster). <see cref="Mark"/> closes the phase that ran since the last mark;
/// <see cref="Add"/> adds time measured elsewhere (on the threads that check configurations, where it is a
/// sum over threads, not wall time). Phases keep the order they were first seen in.
/// </summary>
public sealed class PhaseTimings
{
    private readonly Lock gate = new();
    private readonly List<(string Phase, long Ticks)> phases = [];
    private readonly Dictionary<string, long> rules = new(StringComparer.Ordinal);
    private long last = Stopwatch.GetTimestamp();

    /// <summary>A timestamp to measure a span with and pass the difference to <see cref="Add"/>.</summary>
    public long Now => Stopwatch.GetTimestamp();

    /// <summary>Ends the phase that ran since the previous mark (or since this object was made).</summary>
    public void Mark(string phase)
    {
        var now = Stopwatch.GetTimestamp();
        Add(phase, now - Interlocked.Exchange(ref last, now));
    }

    /// <summary>Adds <paramref name="ticks"/> (<see cref="Stopwatch"/> ticks) to <paramref name="phase"/>.</summary>
    public void Add(string phase, long ticks)
    {
        lock (gate)
        {
            var i = phases.FindIndex(p => p.Phase == phase);
            if (i < 0)
            {
                phases.Add((phase, ticks));
            }
            else
            {
                phases[i] = (phase, phases[i].Ticks + ticks);
            }
        }
    }

    /// <summary>Adds <paramref name="ticks"/> to the time of rule <paramref name="id"/>, summed over configurations and threads.</summary>
    public void AddRule(string id, long ticks)
    {
        lock (gate)
        {
            rules[id] = rules.GetValueOrDefault(id) + ticks;
        }
    }

    /// <summary>The <paramref name="count"/> rules that took longest, slowest first, as lines like those of <see cref="Lines"/>.</summary>
    public IEnumerable<string> SlowestRules(int count)
    {
        lock (gate)
        {
            return rules.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).Take(count)
                .Select(r => $"  slowest rule {r.Key}: {Milliseconds(r.Value)} ms")
                .ToList();
        }
    }

    private static string Milliseconds(long ticks) => (ticks * 1000.0 / Stopwatch.Frequency).ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>Adds a span measured before this object existed (the runtime's own start-up, say).</summary>
    public void Add(string phase, TimeSpan time) => Add(phase, (long)(time.TotalSeconds * Stopwatch.Frequency));

    /// <summary>One line per phase, milliseconds with one decimal, in the order the phases were first seen.</summary>
    public IEnumerable<string> Lines()
    {
        lock (gate)
        {
            var width = phases.Count == 0 ? 0 : phases.Max(p => p.Phase.Length);
            return phases
                .Select(p => $"{p.Phase.PadRight(width)}  {Milliseconds(p.Ticks),8} ms")
                .ToList();
        }
    }
}
