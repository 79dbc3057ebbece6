using System.Globalization;

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
    private readonly List<Frame> frames = [];
    private readonly Dictionary<(string Name, object? Context), int> open = [];
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
        if (open.TryGetValue((name, context), out var first))
        {
            throw Cycle(first, name, reference);
        }

        if (frames.Count >= Expander.MaxDepth)
        {
            // mac_expand.c: "unreasonable macro call nesting" beyond 100 levels. A chain that deep
            // fails as a whole, so the outermost evaluation answers, and nothing on the way is kept.
            throw new ExpansionFailure($"unreasonable macro call nesting: \"{name}\"", [name], ExpansionErrorKind.Macro, owner: 0);
        }

        open[(name, context)] = frames.Count;
        frames.Add(new Frame(name, context, reference));
        return frames.Count - 1;
    }

    /// <summary>Ends the evaluation of frame <paramref name="index"/> (the innermost one); what it read counts for the frame below too.</summary>
    public void Leave(int index)
    {
        var frame = frames[index];
        frames.RemoveAt(index);
        open.Remove((frame.Name, frame.Context));
        if (index > 0 && frame.Read is { } read)
        {
            var below = frames[index - 1];
            below.Read ??= new HashSet<string>(StringComparer.Ordinal);
            below.Read.UnionWith(read);
        }
    }

    /// <summary>Records that the innermost evaluation read <paramref name="name"/>.</summary>
    public void Read(string name)
    {
        if (frames.Count > 0)
        {
            (frames[^1].Read ??= new HashSet<string>(StringComparer.Ordinal)).Add(name);
        }
    }

    /// <summary>Records that the innermost evaluation read everything <paramref name="names"/> lists (a value it reused).</summary>
    public void Read(IReadOnlySet<string> names)
    {
        if (frames.Count > 0 && names.Count > 0)
        {
            (frames[^1].Read ??= new HashSet<string>(StringComparer.Ordinal)).UnionWith(names);
        }
    }

    /// <summary>The names frame <paramref name="index"/> has read so far (itself included).</summary>
    public IReadOnlySet<string> ReadBy(int index)
    {
        var frame = frames[index];
        if (frame.Read is null || (frame.Read.Count == 1 && frame.Read.Contains(frame.Name)))
        {
            // Most values read nothing but themselves: one shared set per name.
            if (!alone.TryGetValue(frame.Name, out var self))
            {
                alone[frame.Name] = self = new HashSet<string>(StringComparer.Ordinal) { frame.Name };
            }

            return self;
        }

        var result = new HashSet<string>(frame.Read, StringComparer.Ordinal) { frame.Name };
        return result;
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

    private sealed class Frame(string name, object? context, bool reference)
    {
        public string Name { get; } = name;

        public object? Context { get; } = context;

        public bool Reference { get; } = reference;

        public HashSet<string>? Read { get; set; }
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
