using System.Globalization;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Model;

/// <summary>What went wrong in an expansion: a macro Postfix fails on, or one of ConfigLint's own limits.</summary>
public enum ExpansionErrorKind
{
    /// <summary>Postfix fails on it too (bad macro syntax, a <c>$name</c> cycle, nesting beyond 100): "macro processing error".</summary>
    Macro,

    /// <summary>A cycle through a computed default: Postfix does not detect it and stops with a fatal error or crashes.</summary>
    ComputedDefaultCycle,

    /// <summary>ConfigLint stopped at one of its limits (<see cref="ExpansionBudget"/>); Postfix may well evaluate it.</summary>
    Limit,
}

/// <summary>
/// An expansion that cannot finish, on its way to the evaluation that must answer for it. Ordinary
/// errors (a bad macro, a limit) are answered by the innermost evaluation; a cycle belongs to the
/// evaluation that started it (<see cref="Owner"/>), so every value on the cycle fails, not only the
/// one where the cycle happened to close.
/// </summary>
internal sealed class ExpansionFailure(string message, IReadOnlyList<string> origin, ExpansionErrorKind kind, int owner = ExpansionFailure.Innermost) : Exception(message)
{
    /// <summary>Any evaluation may answer: the error is the value's own.</summary>
    public const int Innermost = int.MaxValue;

    /// <summary>The parameters that hold the cause (see <see cref="Expansion.ErrorOrigin"/>).</summary>
    public IReadOnlyList<string> Origin { get; } = origin;

    public ExpansionErrorKind Kind { get; } = kind;

    /// <summary>The frame (<see cref="EvaluationGuard"/>) whose evaluation answers for it; frames above it only pass it on.</summary>
    public int Owner { get; } = owner;
}

/// <summary>
/// The one recursion guard of a model: every evaluation of a name (a parameter's value, a
/// <c>$name</c> expanded inline, the host-name evaluation behind an unset <c>mydomain</c>) is a
/// frame here while it is in progress. Meeting a frame again is a cycle, wherever it closes: a
/// <c>$name</c> chain (<c>a = $b</c>, <c>b = $a</c>) or a chain through a computed default
/// (<c>mynetworks_style = $mynetworks</c>, whose default is computed from mynetworks_style). Postfix
/// itself does not see the second kind coming: postconf stops with "bad mynetworks_style value" or
/// recurses until it crashes (mynetworks.c, postconf_builtin.c pcf_mynetworks()). The guard also
/// collects, per frame, every name the evaluation read, so a value can be shared between contexts
/// that agree on all of them.
/// </summary>
internal sealed class EvaluationGuard
{
    /// <summary>How many names one value's dependencies may list before it counts as depending on every name.</summary>
    public const int MaxTracked = 1024;

    /// <summary>How many names share one process-wide "read nothing but itself" set (<see cref="ReadBy"/>); names beyond are kept per guard.</summary>
    private const int MaxShared = 8192;

    /// <summary>
    /// The sets of values that read nothing but themselves, shared by every configuration of a run:
    /// such a set is never changed, and making one per name and configuration was a tenth of what a
    /// fleet's check allocated. Bounded, so that a run over files with ever new names keeps no more.
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlySet<string>> SharedAlone = new(StringComparer.Ordinal);
    private static int sharedAloneCount;

    private readonly List<Frame> frames = [];
    private readonly Dictionary<string, IReadOnlySet<string>> alone = new(StringComparer.Ordinal);

    /// <summary>How many evaluations are in progress.</summary>
    public int Depth => frames.Count;

    /// <summary>
    /// Starts evaluating <paramref name="name"/> in <paramref name="context"/> (a service, or another
    /// way of looking names up). <paramref name="reference"/>: entered through a <c>$name</c> in a
    /// value, not by a computed default. Throws a cycle <see cref="ExpansionFailure"/> owned by the
    /// frame that is met again, or a nesting one owned by the outermost frame.
    /// </summary>
    public int Enter(string name, object? context, bool reference)
    {
        // The frames in progress are searched, not hashed: there are a few of them (at most
        // Expander.MaxDepth), and hashing a (name, context) pair per evaluation was a twentieth of a fleet's check.
        for (var first = 0; first < frames.Count; first++)
        {
            if (frames[first].Name == name && Equals(frames[first].Context, context))
            {
                throw Cycle(first, name, reference);
            }
        }

        if (frames.Count > Expander.MaxDepth)
        {
            // mac_expand.c mac_expand_callback() checks "mc->level++ > 100", and the text of the value
            // in frame f is checked at level f, so frame 101 fails: smtpd_banner = $p0, p0 = $p1, …,
            // p100 = end puts p100 there and fails (postconf -x says so; with p99 = end it expands).
            // A chain that deep fails as a whole: the outermost evaluation answers, holds the cause,
            // and nothing on the way is kept.
            throw TooDeep(name, name);
        }

        OperationCounter.Count();
        frames.Add(new Frame(name, context, reference, frames.Count));
        return frames.Count - 1;
    }

    /// <summary>
    /// The nesting failure at <paramref name="shown"/> (Postfix's message names where it gave up). It
    /// belongs to the outermost evaluation, whose value holds the cause: a chain too deep is the
    /// fault of the value that needs all of it, not of the link where counting ran out, which on its
    /// own expands (p100 = end is fine; smtpd_banner = $p0 over 101 links is not).
    /// </summary>
    public ExpansionFailure TooDeep(string shown, string current) =>
        new($"unreasonable macro call nesting: \"{shown}\"", frames.Count > 0 ? [frames[0].Name] : current.Length > 0 ? [current] : [], ExpansionErrorKind.Macro, owner: 0);

    /// <summary>
    /// How many levels below frame <paramref name="index"/> its evaluation went (0: it read no
    /// other value). A value kept for reuse carries it, because the nesting limit counts from the
    /// outermost evaluation: reused deeper down, the same value may be too deep (see <see cref="TryReuse"/>).
    /// </summary>
    public int HeightOf(int index) => frames[index].Reached - index;

    /// <summary>
    /// Whether a value evaluated earlier, <paramref name="height"/> levels deep, can be reused by the
    /// innermost evaluation without crossing the nesting limit; if so, its depth counts for the frames
    /// in progress. If not, it must be evaluated again here, where the limit stops it as it stops Postfix.
    /// </summary>
    public bool TryReuse(int height)
    {
        var entry = frames.Count;
        if (entry + height > Expander.MaxDepth)
        {
            return false;
        }

        if (entry > 0 && frames[^1].Reached < entry + height)
        {
            frames[^1].Reached = entry + height;
        }

        return true;
    }

    /// <summary>Ends the evaluation of frame <paramref name="index"/> (the innermost one); what it read counts for the frame below too.</summary>
    public void Leave(int index)
    {
        var frame = frames[index];
        frames.RemoveAt(index);
        if (index > 0)
        {
            var below = frames[index - 1];
            below.Reached = Math.Max(below.Reached, frame.Reached);
            if (frame.ReadAny)
            {
                below.ReadsAny();
            }
            else if (!below.ReadAny && (frame.Read is not null || frame.ReadSelf))
            {
                var into = below.ReadSet();
                if (frame.Read is { } read)
                {
                    AddNames(into, read);
                }
                else
                {
                    into.Add(frame.Name);
                }

                below.Bound();
            }
        }
    }

    /// <summary>Records that the innermost evaluation read <paramref name="name"/>.</summary>
    public void Read(string name)
    {
        if (frames.Count > 0 && !frames[^1].ReadAny)
        {
            var frame = frames[^1];
            if (frame.Read is null && name == frame.Name)
            {
                // Its own name, the first thing most evaluations read and for most the only one: noted
                // without a set (one for each value a configuration evaluates was 3 % of a fleet's allocations).
                frame.ReadSelf = true;
                return;
            }

            frame.ReadSet().Add(name);
            frame.Bound();
        }
    }

    /// <summary>Records that the innermost evaluation read everything <paramref name="names"/> lists (a value it reused).</summary>
    public void Read(IReadOnlySet<string> names)
    {
        if (frames.Count > 0 && names.Count > 0)
        {
            var frame = frames[^1];
            if (names is AnyName)
            {
                frame.ReadsAny();
            }
            else if (!frame.ReadAny)
            {
                AddNames(frame.ReadSet(), names);
                frame.Bound();
            }
        }
    }

    /// <summary>
    /// Adds <paramref name="names"/> to <paramref name="set"/>. HashSet.UnionWith takes any enumerable and so
    /// boxes a set's enumerator: one object for every value reused, a twentieth of a fleet's allocations
    /// with the other set walks of <see cref="ParameterValues"/>.
    /// </summary>
    internal static void AddNames(HashSet<string> set, IReadOnlySet<string> names)
    {
        if (names is HashSet<string> hashed)
        {
            foreach (var name in hashed)
            {
                set.Add(name);
            }
        }
        else
        {
            set.UnionWith(names);
        }
    }

    /// <summary>Whether <paramref name="read"/> holds any of <paramref name="names"/> (<see cref="AddNames"/>: without boxing an enumerator).</summary>
    internal static bool ReadsAnyOf(IReadOnlySet<string> read, HashSet<string> names)
    {
        if (read is AnyName)
        {
            return names.Count > 0;
        }

        foreach (var name in names)
        {
            if (read.Contains(name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The names frame <paramref name="index"/> has read (itself included); call it last, just before <see cref="Leave"/>.</summary>
    public IReadOnlySet<string> ReadBy(int index)
    {
        var frame = frames[index];
        if (frame.ReadAny)
        {
            return AnyName.Instance;
        }

        if (frame.Read is null || (frame.Read.Count == 1 && frame.Read.Contains(frame.Name)))
        {
            // Most values read nothing but themselves: one shared set per name.
            if (SharedAlone.TryGetValue(frame.Name, out var shared))
            {
                return shared;
            }

            if (!alone.TryGetValue(frame.Name, out var self))
            {
                self = new HashSet<string>(StringComparer.Ordinal) { frame.Name };
                if (Interlocked.Increment(ref sharedAloneCount) <= MaxShared)
                {
                    return SharedAlone.GetOrAdd(frame.Name, self);
                }

                alone[frame.Name] = self;
            }

            return self;
        }

        // Handed over, not copied: the frame is left right after this (its set is only read from
        // then on, by Leave and by whoever reuses the value), and copying it was an eighth of a check.
        frame.Read.Add(frame.Name);
        return frame.Read;
    }

    private ExpansionFailure Cycle(int first, string name, bool reference)
    {
        var members = frames.Skip(first).Select(f => f.Name).ToList();
        string message;
        var kind = ExpansionErrorKind.Macro;
        if (reference && frames.Skip(first + 1).All(f => f.Reference))
        {
            // A plain $name cycle: Postfix's own words (mac_expand.c).
            var path = string.Join(" -> ", frames.Skip(first).Select(f => "$" + f.Name).Append("$" + name));
            message = $"unreasonable macro call nesting: \"{frames[first].Name}\" ({path})";
        }
        else
        {
            var path = string.Join(" -> ", frames.Skip(first).Select((f, i) => i > 0 && f.Reference ? "$" + f.Name : f.Name).Append(reference ? "$" + name : name));
            message = string.Create(CultureInfo.InvariantCulture, $"\"{frames[first].Name}\" depends on itself through a computed default ({path})");
            kind = ExpansionErrorKind.ComputedDefaultCycle;
        }

        return new ExpansionFailure(message, members.Distinct(StringComparer.Ordinal).ToList(), kind, first);
    }

    private sealed class Frame(string name, object? context, bool reference, int index)
    {
        /// <summary>The deepest frame index its evaluation has reached so far.</summary>
        public int Reached { get; set; } = index;

        public string Name { get; } = name;

        public object? Context { get; } = context;

        public bool Reference { get; } = reference;

        /// <summary>The names read, once it read one besides its own (see <see cref="ReadSelf"/>); null before.</summary>
        public HashSet<string>? Read { get; private set; }

        /// <summary>It read its own name: kept as a flag until it reads another, then in <see cref="Read"/> as before.</summary>
        public bool ReadSelf { get; set; }

        /// <summary><see cref="Read"/>, made when first needed, with its own name when it has read that.</summary>
        public HashSet<string> ReadSet()
        {
            if (Read is null)
            {
                Read = new HashSet<string>(StringComparer.Ordinal);
                if (ReadSelf)
                {
                    Read.Add(Name);
                }
            }

            return Read;
        }

        /// <summary>More names were read than are tracked (<see cref="MaxTracked"/>): the value counts as depending on every name.</summary>
        public bool ReadAny { get; private set; }

        public void ReadsAny()
        {
            ReadAny = true;
            Read = null;
        }

        public void Bound()
        {
            if (Read is { Count: > MaxTracked })
            {
                ReadsAny();
            }
        }
    }

    /// <summary>
    /// The set of every name: what a value that read more than <see cref="MaxTracked"/> names depends
    /// on. Each value keeps the names it read so that a service overriding none of them can share it;
    /// kept whole, a 50,000-line <c>$name</c> chain would keep 50,000²/2 names. Such a value is simply
    /// evaluated again for a service with <c>-o</c> options.
    /// </summary>
    private sealed class AnyName : IReadOnlySet<string>
    {
        public static AnyName Instance { get; } = new();

        public int Count => int.MaxValue;

        public bool Contains(string item) => true;

        public bool Overlaps(IEnumerable<string> other) => other.Any();

        public bool IsProperSubsetOf(IEnumerable<string> other) => false;

        public bool IsProperSupersetOf(IEnumerable<string> other) => true;

        public bool IsSubsetOf(IEnumerable<string> other) => false;

        public bool IsSupersetOf(IEnumerable<string> other) => true;

        public bool SetEquals(IEnumerable<string> other) => false;

        public IEnumerator<string> GetEnumerator() => throw new NotSupportedException("the set of every name cannot be listed");

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

/// <summary>
/// How much work expansion may do for one configuration: ConfigLint's own limits, so that an
/// amplifying input (<c>e0 = $e1$e1</c>, <c>e1 = $e2$e2</c>, … doubles with every line) ends in a
/// diagnostic instead of gigabytes. Postfix has no such limits; a value that reaches one is
/// reported as not evaluated (DiagnosticKind.AnalysisLimit), never as a Postfix error.
/// </summary>
public sealed class ExpansionBudget
{
    /// <summary>
    /// Characters one value may take from other values (its own written text does not count; each
    /// separately written piece counts <see cref="RunCost"/> more, for the map back to where it is written).
    /// </summary>
    public const int MaxValueLength = 1 << 20;

    /// <summary><c>$name</c> lookups and branch evaluations one value may take.</summary>
    public const int MaxSteps = 100_000;

    /// <summary>
    /// Characters all values of one configuration may take from other values together (a run of
    /// mapped text counts as 16 characters): values that each stay under <see cref="MaxValueLength"/>
    /// must not add up to gigabytes either.
    /// </summary>
    public const long MaxTotal = 32L << 20;

    /// <summary>What a piece of text copied with its own source position costs, besides its characters.</summary>
    public const int RunCost = 16;

    /// <summary>What has been charged so far.</summary>
    public long Used { get; private set; }

    /// <summary>Charges <paramref name="amount"/>; false once the total is spent.</summary>
    internal bool TryCharge(long amount)
    {
        Used += amount;
        return Used <= MaxTotal;
    }
}
