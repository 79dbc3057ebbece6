using ConfigLint.Core.Catalogue;
using System.Globalization;
using System.Text;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Model;

/// <summary>A parameter's raw (unexpanded) value as a lookup returns it.</summary>
public sealed record RawValue(string Name, string Text, ValueText? Source, Provenance Provenance);

/// <summary>A run of expanded text copied verbatim from a written value.</summary>
public readonly record struct MappedRun(int Offset, int Length, ValueText Source, int SourceOffset);

/// <summary>One <c>$name</c> the expansion looked up, and where that name's value came from.</summary>
public sealed record ExpansionStep(string Name, Provenance? Provenance);

/// <summary>The result of expanding a value: text, the map back to where each piece was written, the names it went through, and errors.</summary>
public sealed class Expansion
{
    public Expansion(string text, IReadOnlyList<MappedRun> runs, IReadOnlyList<ExpansionStep> steps, IReadOnlyList<string> undefined, string? error, IReadOnlyList<string>? errorOrigin = null, ExpansionErrorKind errorKind = ExpansionErrorKind.Macro)
    {
        ErrorOrigin = errorOrigin ?? [];
        Text = text;
        Runs = runs;
        Steps = steps;
        Undefined = undefined;
        Error = error;
        ErrorKind = errorKind;
    }

    public string Text { get; }

    /// <summary>The pieces of <see cref="Text"/> copied from written values, in text order (by <see cref="MappedRun.Offset"/>).</summary>
    public IReadOnlyList<MappedRun> Runs { get; }

    /// <summary>Every name the expansion looked up, once each, in the order first met.</summary>
    public IReadOnlyList<ExpansionStep> Steps { get; }

    /// <summary>Names referenced but defined nowhere (postconf: "undefined parameter"; they expand to nothing).</summary>
    public IReadOnlyList<string> Undefined { get; }

    /// <summary>A macro error Postfix stops on ("macro processing error"), or one of ConfigLint's limits (see <see cref="ErrorKind"/>); null when the value expanded.</summary>
    public string? Error { get; }

    /// <summary>Whether <see cref="Error"/> is Postfix's error or ConfigLint's limit.</summary>
    public ExpansionErrorKind ErrorKind { get; }

    public bool Failed => Error is not null;

    /// <summary>
    /// The parameters that hold the cause of <see cref="Error"/>: the one whose value has the bad
    /// macro, or every member of a reference cycle. Parameters that merely refer to them fail too,
    /// but are not where the fix goes.
    /// </summary>
    public IReadOnlyList<string> ErrorOrigin { get; }

    /// <summary>The written span of expanded characters [offset, offset+length), when they all come from one written value.</summary>
    public Span? SpanOf(int offset, int length) =>
        RunAt(offset) is { } run && offset + length <= run.Offset + run.Length
            ? run.Source.SpanOf(run.SourceOffset + (offset - run.Offset), length)
            : null;

    /// <summary>The run that holds the character at <paramref name="offset"/> (binary search: runs are sorted and do not overlap), or null.</summary>
    public MappedRun? RunAt(int offset)
    {
        int lo = 0, hi = Runs.Count - 1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) / 2);
            var run = Runs[mid];
            OperationCounter.Count();
            if (offset < run.Offset)
            {
                hi = mid - 1;
            }
            else if (offset >= run.Offset + run.Length)
            {
                lo = mid + 1;
            }
            else
            {
                return run;
            }
        }

        return null;
    }
}

/// <summary>
/// Postfix 3.7 macro expansion (mac_expand(3), mac_parse(3)): <c>$name</c>, <c>${name}</c>, <c>$(name)</c>,
/// <c>${name?value}</c>, <c>${name:value}</c>, <c>${name?{a}:{b}}</c> and the relational forms
/// <c>${{a} op {b} ? {t} : {f}}</c> with <c>== != &lt; &lt;= &gt; &gt;=</c> and their <c>level</c> variants,
/// and for Postfix 3.11 the named functions <c>${domain_to_ascii{text}}</c>, <c>${domain_to_utf8{text}}</c>.
/// An empty value counts as unset. Errors never throw: they end the expansion with <see cref="Expansion.Error"/>.
/// <para>
/// Inside the model (<see cref="ParameterValues"/>) a <c>$name</c> reuses that name's own expansion,
/// evaluated once, so a name referenced a thousand times is expanded once; every evaluation is a
/// frame of the model's one <see cref="EvaluationGuard"/>, which turns cycles (also through
/// computed defaults) into errors, and the <see cref="ExpansionBudget"/> bounds the work.
/// </para>
/// </summary>
public sealed class Expander
{
    /// <summary>mac_expand(3) gives up beyond this nesting depth ("unreasonable macro call nesting").</summary>
    public const int MaxDepth = 100;

    private readonly Func<string, RawValue?> lookup;
    private readonly Func<string, Expansion?>? evaluate;
    private readonly EvaluationGuard guard;
    private readonly object? context;
    private readonly ExpansionBudget budget;
    private readonly bool namedFunctions;

    /// <summary>An expander on its own: names come from <paramref name="lookup"/> and are expanded inline.</summary>
    /// <param name="lookup">The raw value of a name, or null when it is defined nowhere.</param>
    /// <param name="namedFunctions">
    /// Whether <c>${domain_to_ascii{text}}</c> and <c>${domain_to_utf8{text}}</c> exist: Postfix 3.11 and later
    /// (<see cref="PostfixRelease.HasMacroFunctions"/>); earlier releases reject the syntax.
    /// </param>
    public Expander(Func<string, RawValue?> lookup, bool namedFunctions = false)
        : this(lookup, null, new EvaluationGuard(), null, new ExpansionBudget(), namedFunctions)
    {
    }

    /// <param name="lookup">A name's raw value in this context.</param>
    /// <param name="evaluate">A referenced name's own expansion in this context, or null to expand its raw text inline.</param>
    /// <param name="guard">The model's recursion guard.</param>
    /// <param name="context">What frames of this expander are keyed by besides the name (the service, or another way of looking names up).</param>
    /// <param name="budget">The model's expansion budget.</param>
    /// <param name="namedFunctions">Whether the release knows the named functions (see the public constructor).</param>
    internal Expander(Func<string, RawValue?> lookup, Func<string, Expansion?>? evaluate, EvaluationGuard guard, object? context, ExpansionBudget budget, bool namedFunctions)
    {
        this.lookup = lookup;
        this.evaluate = evaluate;
        this.guard = guard;
        this.context = context;
        this.budget = budget;
        this.namedFunctions = namedFunctions;
    }

    public Expansion Expand(string text, ValueText? source)
    {
        var state = new State(string.Empty);
        var bottom = guard.Depth;
        try
        {
            Expand(state, text, 0, text.Length, source, bottom, state.Output, state.Runs);
        }
        catch (ExpansionFailure e) when (e.Owner >= bottom)
        {
            return Failed(state, e);
        }

        return state.Result();
    }

    /// <summary>Expands a named value, as one frame of the guard (a cycle back to it is an error).</summary>
    public Expansion Expand(RawValue value)
    {
        if (value.Text.IndexOf('$', StringComparison.Ordinal) < 0)
        {
            return Literal(value);
        }

        var frame = guard.Enter(value.Name, context, reference: false);
        try
        {
            return ExpandOwned(value, frame);
        }
        finally
        {
            guard.Leave(frame);
        }
    }

    /// <summary>Expands a named value whose frame <paramref name="frame"/> the caller has entered.</summary>
    internal Expansion ExpandOwned(RawValue value, int frame)
    {
        if (value.Text.IndexOf('$', StringComparison.Ordinal) < 0)
        {
            return Literal(value);
        }

        var state = new State(value.Name);
        try
        {
            Expand(state, value.Text, 0, value.Text.Length, value.Source, guard.Depth, state.Output, state.Runs);
        }
        catch (ExpansionFailure e) when (e.Owner >= frame)
        {
            return Failed(state, e);
        }

        return state.Result();
    }

    /// <summary>A value without <c>$</c> is its own expansion: no copy (a 10 MB value stays one string).</summary>
    private static Expansion Literal(RawValue value) =>
        new(value.Text, value.Source is null || value.Text.Length == 0 ? [] : [new MappedRun(0, value.Text.Length, value.Source, 0)], [], [], null);

    /// <summary>A failed expansion keeps what it had (Postfix's partial result), except at a limit, where that may be a megabyte.</summary>
    private static Expansion Failed(State state, ExpansionFailure e) =>
        e.Kind == ExpansionErrorKind.Limit
            ? new(string.Empty, [], state.Steps, state.Undefined, e.Message, e.Origin.Count > 0 ? e.Origin : state.TopName.Length > 0 ? [state.TopName] : [], e.Kind)
            : new(state.Output.ToString(), state.Runs, state.Steps, state.Undefined, e.Message, e.Origin.Count > 0 ? e.Origin : state.TopName.Length > 0 ? [state.TopName] : [], e.Kind);

    private sealed class State(string topName)
    {
        /// <summary>Up to this many names are found again by looking through the list; a set is made past it.</summary>
        private const int ListedNames = 8;

        // Made only for a value that reads many names: most read one or two, and two sets for each
        // expansion were a twentieth of what a fleet's check allocated.
        private HashSet<string>? stepNames;
        private HashSet<string>? undefinedNames;

        /// <summary>The name whose value is being expanded ("" for anonymous text).</summary>
        public string TopName { get; } = topName;

        public StringBuilder Output { get; } = new();

        public List<MappedRun> Runs { get; } = [];

        public List<ExpansionStep> Steps { get; } = [];

        public List<string> Undefined { get; } = [];

        /// <summary>Characters taken from other values so far.</summary>
        public long Borrowed { get; set; }

        /// <summary>How many values are being expanded inline (characters appended meanwhile are borrowed).</summary>
        public int Inline { get; set; }

        public int Work { get; set; }

        public void Step(string name, Provenance? provenance)
        {
            if (IsNew(name, Steps, s => s.Name, ref stepNames))
            {
                Steps.Add(new ExpansionStep(name, provenance));
            }
        }

        public void Undefine(string name)
        {
            if (IsNew(name, Undefined, n => n, ref undefinedNames))
            {
                Undefined.Add(name);
            }
        }

        /// <summary>Whether <paramref name="name"/> is not among the names of <paramref name="list"/> yet (then it is counted as seen).</summary>
        private static bool IsNew<T>(string name, List<T> list, Func<T, string> nameOf, ref HashSet<string>? set)
        {
            if (set is null && list.Count < ListedNames)
            {
                foreach (var item in list)
                {
                    if (string.Equals(nameOf(item), name, StringComparison.Ordinal))
                    {
                        return false;
                    }
                }

                return true;
            }

            set ??= new HashSet<string>(list.Select(nameOf), StringComparer.Ordinal);
            return set.Add(name);
        }

        public Expansion Result() => new(Output.ToString(), Runs, Steps, Undefined, null);
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private void Expand(State st, string text, int from, int to, ValueText? source, int depth, StringBuilder output, List<MappedRun>? runs)
    {
        if (depth > MaxDepth + 1)
        {
            // The text of the value in frame f is mac_expand's level f (depth is f + 1 here), and
            // level 101 fails; the guard stops named values at that frame already, so this catches
            // text expanded inline. Nesting counts the frames below too: a chain that deep fails as
            // a whole (owner and cause: the outermost frame).
            throw guard.TooDeep(st.TopName.Length > 0 ? st.TopName : Excerpt(text, from, to), st.TopName);
        }

        Work(st);
        var i = from;
        while (i < to)
        {
            var dollar = text.IndexOf('$', i, to - i);
            var literalEnd = dollar < 0 ? to : dollar;
            if (literalEnd > i)
            {
                Append(st, output, runs, text, i, literalEnd - i, source);
                i = literalEnd;
            }

            if (dollar < 0)
            {
                break;
            }

            i = dollar + 1;
            if (i >= to)
            {
                throw Macro($"empty macro name: \"{Excerpt(text, from, to)}\"");
            }

            var c = text[i];
            if (c == '$')
            {
                Append(st, output, runs, text, i, 1, source);
                i++;
                continue;
            }

            if (c is '{' or '(')
            {
                var close = c == '{' ? '}' : ')';
                var level = 1;
                var j = i + 1;
                for (; j < to; j++)
                {
                    if (text[j] == c)
                    {
                        level++;
                    }
                    else if (text[j] == close && --level == 0)
                    {
                        break;
                    }
                }

                if (j >= to)
                {
                    throw Macro($"truncated macro reference: \"{Excerpt(text, dollar, to)}\"");
                }

                ExpandExpression(st, text, i + 1, j, source, depth, output, runs);
                i = j + 1;
                continue;
            }

            var nameEnd = i;
            while (nameEnd < to && IsNameChar(text[nameEnd]))
            {
                nameEnd++;
            }

            if (nameEnd == i)
            {
                throw Macro($"empty macro name: \"{Excerpt(text, dollar, to)}\"");
            }

            Substitute(st, text[i..nameEnd], depth, output, runs);
            i = nameEnd;
        }
    }

    private static ExpansionFailure Macro(string message) => new(message, [], ExpansionErrorKind.Macro);

    /// <summary>One unit of work (an expansion or a lookup) against <see cref="ExpansionBudget.MaxSteps"/>.</summary>
    private static void Work(State st)
    {
        if (++st.Work > ExpansionBudget.MaxSteps)
        {
            throw new ExpansionFailure(
                string.Create(CultureInfo.InvariantCulture, $"expanding {Describe(st)} takes more than {ExpansionBudget.MaxSteps:N0} $name lookups"),
                [], ExpansionErrorKind.Limit);
        }
    }

    private static string Describe(State st) => st.TopName.Length > 0 ? st.TopName : "this value";

    private void Borrow(State st, int characters, int runCount)
    {
        var cost = characters + ((long)runCount * ExpansionBudget.RunCost);
        st.Borrowed += cost;
        if (st.Borrowed > ExpansionBudget.MaxValueLength)
        {
            throw new ExpansionFailure(
                string.Create(CultureInfo.InvariantCulture, $"expanding {Describe(st)} takes more than {ExpansionBudget.MaxValueLength:N0} characters from other values (each separately written piece counting {ExpansionBudget.RunCost} more)"),
                [], ExpansionErrorKind.Limit);
        }

        if (!budget.TryCharge(cost))
        {
            throw new ExpansionFailure(
                string.Create(CultureInfo.InvariantCulture, $"expanding {Describe(st)} would take the values of this configuration past {ExpansionBudget.MaxTotal:N0} characters copied from other values"),
                [], ExpansionErrorKind.Limit);
        }
    }

    private void Append(State st, StringBuilder output, List<MappedRun>? runs, string text, int start, int length, ValueText? source)
    {
        var mapped = source is not null && runs is not null;
        if (st.Inline > 0)
        {
            Borrow(st, length, mapped ? 1 : 0);
        }

        if (mapped)
        {
            runs!.Add(new MappedRun(output.Length, length, source!, start));
        }

        output.Append(text, start, length);
    }

    /// <summary>Appends another value's finished expansion: its text, its runs moved along, the names it went through.</summary>
    private void AppendExpansion(State st, Expansion child, StringBuilder output, List<MappedRun>? runs)
    {
        Borrow(st, child.Text.Length, runs is null ? 0 : child.Runs.Count);
        if (runs is not null)
        {
            var at = output.Length;
            foreach (var run in child.Runs)
            {
                runs.Add(run with { Offset = run.Offset + at });
            }
        }

        output.Append(child.Text);
        foreach (var step in child.Steps)
        {
            st.Step(step.Name, step.Provenance);
        }

        foreach (var name in child.Undefined)
        {
            st.Undefine(name);
        }
    }

    private RawValue? Lookup(State st, string name)
    {
        Work(st);
        var value = lookup(name);
        st.Step(name, value?.Provenance);
        if (value is null)
        {
            st.Undefine(name);
        }

        return value;
    }

    private void Substitute(State st, string name, int depth, StringBuilder output, List<MappedRun>? runs)
    {
        var value = Lookup(st, name);
        if (value is null)
        {
            return;
        }

        if (evaluate?.Invoke(name) is { } child)
        {
            if (child.Error is { } error)
            {
                // The referenced value fails on its own; this one fails with it, and the cause stays where it is.
                throw new ExpansionFailure(error, child.ErrorOrigin.Count > 0 ? child.ErrorOrigin : [name], child.ErrorKind);
            }

            AppendExpansion(st, child, output, runs);
            return;
        }

        var frame = guard.Enter(name, context, reference: true);
        st.Inline++;
        try
        {
            Expand(st, value.Text, 0, value.Text.Length, value.Source, depth + 1, output, runs);
        }
        finally
        {
            st.Inline--;
            guard.Leave(frame);
        }
    }

    private void ExpandExpression(State st, string text, int from, int to, ValueText? source, int depth, StringBuilder output, List<MappedRun>? runs)
    {
        var i = SkipSpace(text, from, to);
        if (i < to && text[i] == '{')
        {
            ExpandRelational(st, text, i, to, source, depth, output, runs);
            return;
        }

        var nameEnd = i;
        while (nameEnd < to && IsNameChar(text[nameEnd]))
        {
            nameEnd++;
        }

        if (nameEnd == i)
        {
            throw Macro($"empty macro name: \"{Excerpt(text, from, to)}\"");
        }

        var name = text[i..nameEnd];
        var k = SkipSpace(text, nameEnd, to);
        if (k == to)
        {
            Substitute(st, name, depth, output, runs);
            return;
        }

        if (namedFunctions && text[k] == '{')
        {
            CallFunction(st, name, text, k, to, source, depth, output);
            return;
        }

        var op = text[k];
        if (op is not ('?' or ':'))
        {
            throw Macro($"unexpected text after macro name: \"{Excerpt(text, from, to)}\"");
        }

        var value = Lookup(st, name);
        var set = value is not null && value.Text.Length > 0;
        var valueStart = k + 1;
        var braceAt = SkipSpace(text, valueStart, to);
        if (braceAt < to && text[braceAt] == '{')
        {
            // ${name?{a}:{b}}: the braced form of Postfix 3.0+.
            var (aFrom, aTo, after) = Braced(text, braceAt, to);
            var rest = SkipSpace(text, after, to);
            int bFrom = -1, bTo = -1;
            if (rest < to && text[rest] == ':' && op == '?')
            {
                var bAt = SkipSpace(text, rest + 1, to);
                if (bAt >= to || text[bAt] != '{')
                {
                    throw Macro($"\"{{\" expected at: \"{Excerpt(text, rest, to)}\"");
                }

                (bFrom, bTo, after) = Braced(text, bAt, to);
                rest = SkipSpace(text, after, to);
            }

            if (rest != to)
            {
                throw Macro($"syntax error after '}}' at: \"{Excerpt(text, rest, to)}\"");
            }

            var chooseA = op == '?' ? set : !set;
            if (chooseA)
            {
                Expand(st, text, aFrom, aTo, source, depth + 1, output, runs);
            }
            else if (bFrom >= 0)
            {
                Expand(st, text, bFrom, bTo, source, depth + 1, output, runs);
            }

            return;
        }

        if (op == '?' ? set : !set)
        {
            Expand(st, text, valueStart, to, source, depth + 1, output, runs);
        }
    }

    /// <summary>
    /// <c>${name{text}}</c> (Postfix 3.11 mac_expand.c mac_exp_parse_function()): the text is expanded, then
    /// given to the named function, whose result is not mapped back to any written span.
    /// </summary>
    private void CallFunction(State st, string name, string text, int braceAt, int to, ValueText? source, int depth, StringBuilder output)
    {
        var (argFrom, argTo, after) = Braced(text, braceAt, to);
        var rest = SkipSpace(text, after, to);
        if (rest != to)
        {
            throw Macro($"unexpected input at: \"...{Excerpt(text, argFrom, argTo)}}}>>>{Excerpt(text, rest, to)}\"");
        }

        var argument = ExpandToString(st, text, argFrom, argTo, source, depth).Trim();
        output.Append(name switch
        {
            "domain_to_ascii" => MacroFunctions.DomainToAscii(argument),
            "domain_to_utf8" => MacroFunctions.DomainToUtf8(argument),
            _ => throw Macro($"unknown function \"{name}\" at\"...>>>{name}{{{Excerpt(argument, 0, argument.Length)}}}\""),
        } ?? throw Macro($"bad domain argument in: '{name}{{{Excerpt(argument, 0, argument.Length)}}}'"));
    }

    private void ExpandRelational(State st, string text, int from, int to, ValueText? source, int depth, StringBuilder output, List<MappedRun>? runs)
    {
        var (lFrom, lTo, i) = Braced(text, from, to);
        i = SkipSpace(text, i, to);
        var opStart = i;
        while (i < to && text[i] is '=' or '!' or '<' or '>')
        {
            i++;
        }

        var op = text[opStart..i];
        var suffixStart = i;
        while (i < to && char.IsAsciiLetterOrDigit(text[i]))
        {
            i++;
        }

        var suffix = text[suffixStart..i];
        if (op is not ("==" or "!=" or "<" or "<=" or ">" or ">="))
        {
            throw Macro($"\"==\" or \"!=\" or \"<\" or \"<=\" or \">=\" or \">\" expected at: \"{Excerpt(text, opStart, to)}\"");
        }

        if (suffix.Length > 0 && suffix != "level")
        {
            throw Macro($"bad operator suffix at: \"{Excerpt(text, suffixStart, to)}\"");
        }

        i = SkipSpace(text, i, to);
        if (i >= to || text[i] != '{')
        {
            throw Macro($"\"{{\" expected at: \"{Excerpt(text, i, to)}\"");
        }

        var (rFrom, rTo, after) = Braced(text, i, to);
        var left = ExpandToString(st, text, lFrom, lTo, source, depth);
        var right = ExpandToString(st, text, rFrom, rTo, source, depth);
        var truth = Compare(left, right, op, suffix == "level");

        i = SkipSpace(text, after, to);
        if (i == to)
        {
            if (truth)
            {
                output.Append("true");
            }

            return;
        }

        if (text[i] != '?')
        {
            throw Macro($"\"?\" expected at: \"{Excerpt(text, i, to)}\"");
        }

        i = SkipSpace(text, i + 1, to);
        if (i >= to || text[i] != '{')
        {
            throw Macro($"\"{{\" expected at: \"{Excerpt(text, i, to)}\"");
        }

        var (tFrom, tTo, afterT) = Braced(text, i, to);
        int fFrom = -1, fTo = -1;
        i = SkipSpace(text, afterT, to);
        if (i < to && text[i] == ':')
        {
            i = SkipSpace(text, i + 1, to);
            if (i >= to || text[i] != '{')
            {
                throw Macro($"\"{{\" expected at: \"{Excerpt(text, i, to)}\"");
            }

            (fFrom, fTo, var afterF) = Braced(text, i, to);
            i = SkipSpace(text, afterF, to);
        }

        if (i != to)
        {
            throw Macro($"syntax error after '}}' at: \"{Excerpt(text, i, to)}\"");
        }

        if (truth)
        {
            Expand(st, text, tFrom, tTo, source, depth + 1, output, runs);
        }
        else if (fFrom >= 0)
        {
            Expand(st, text, fFrom, fTo, source, depth + 1, output, runs);
        }
    }

    private string ExpandToString(State st, string text, int from, int to, ValueText? source, int depth)
    {
        var sb = new StringBuilder();
        Expand(st, text, from, to, source, depth + 1, sb, null);
        return sb.ToString();
    }

    /// <summary>Numbers compare as numbers, otherwise as strings; the <c>level</c> operators compare versions (3.10 &gt; 3.9).</summary>
    internal static bool Compare(string left, string right, string op, bool asLevel)
    {
        int cmp;
        if (asLevel)
        {
            cmp = CompareVersions(left, right);
        }
        else if (long.TryParse(left, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
                 && long.TryParse(right, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var r))
        {
            cmp = l.CompareTo(r);
        }
        else
        {
            cmp = string.CompareOrdinal(left, right);
        }

        return op switch
        {
            "==" => cmp == 0,
            "!=" => cmp != 0,
            "<" => cmp < 0,
            "<=" => cmp <= 0,
            ">" => cmp > 0,
            _ => cmp >= 0,
        };
    }

    /// <summary>
    /// Compares Postfix version strings (major.minor.patch, missing parts are 0). A malformed level
    /// is an error in Postfix ("malformed compatibility level syntax").
    /// </summary>
    private static int CompareVersions(string a, string b)
    {
        try
        {
            return CompatibilityLevels.CompareLevels(a, b);
        }
        catch (FormatException)
        {
            throw Macro($"malformed compatibility level syntax: \"{(CompatibilityLevels.IsValid(a) ? b : a)}\"");
        }
    }

    private static (int From, int To, int After) Braced(string text, int at, int to)
    {
        var level = 0;
        for (var j = at; j < to; j++)
        {
            if (text[j] == '{')
            {
                level++;
            }
            else if (text[j] == '}' && --level == 0)
            {
                return (at + 1, j, j + 1);
            }
        }

        throw Macro($"missing '}}' at: \"{Excerpt(text, at, to)}\"");
    }

    private static int SkipSpace(string text, int i, int to)
    {
        while (i < to && LogicalLine.IsSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    private static string Excerpt(string text, int from, int to) => MainCfParser.Shorten(text[from..to]);
}
