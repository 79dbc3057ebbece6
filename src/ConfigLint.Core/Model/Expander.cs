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
    public Expansion(string text, IReadOnlyList<MappedRun> runs, IReadOnlyList<ExpansionStep> steps, IReadOnlyList<string> undefined, string? error, IReadOnlyList<string>? errorOrigin = null)
    {
        ErrorOrigin = errorOrigin ?? [];
        Text = text;
        Runs = runs;
        Steps = steps;
        Undefined = undefined;
        Error = error;
    }

    public string Text { get; }

    public IReadOnlyList<MappedRun> Runs { get; }

    public IReadOnlyList<ExpansionStep> Steps { get; }

    /// <summary>Names referenced but defined nowhere (postconf: "undefined parameter"; they expand to nothing).</summary>
    public IReadOnlyList<string> Undefined { get; }

    /// <summary>A macro error Postfix stops on ("macro processing error"), or null.</summary>
    public string? Error { get; }

    public bool Failed => Error is not null;

    /// <summary>
    /// The parameters that hold the cause of <see cref="Error"/>: the one whose value has the bad
    /// macro, or every member of a reference cycle. Parameters that merely refer to them fail too,
    /// but are not where the fix goes.
    /// </summary>
    public IReadOnlyList<string> ErrorOrigin { get; }

    /// <summary>The written span of expanded characters [offset, offset+length), when they all come from one written value.</summary>
    public Span? SpanOf(int offset, int length)
    {
        foreach (var run in Runs)
        {
            if (offset >= run.Offset && offset + length <= run.Offset + run.Length)
            {
                return run.Source.SpanOf(run.SourceOffset + (offset - run.Offset), length);
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
/// </summary>
public sealed class Expander
{
    /// <summary>mac_expand(3) gives up beyond this nesting depth ("unreasonable macro call nesting").</summary>
    public const int MaxDepth = 100;

    private readonly Func<string, RawValue?> lookup;
    private readonly bool namedFunctions;

    /// <param name="lookup">The raw value of a name, or null when it is defined nowhere.</param>
    /// <param name="namedFunctions">
    /// Whether <c>${domain_to_ascii{text}}</c> and <c>${domain_to_utf8{text}}</c> exist: Postfix 3.11 and later
    /// (<see cref="PostfixRelease.HasMacroFunctions"/>); earlier releases reject the syntax.
    /// </param>
    public Expander(Func<string, RawValue?> lookup, bool namedFunctions = false)
    {
        this.lookup = lookup;
        this.namedFunctions = namedFunctions;
    }

    public Expansion Expand(string text, ValueText? source)
    {
        var state = new State();
        try
        {
            Expand(state, text, 0, text.Length, source, 0, state.Output, state.Runs);
        }
        catch (MacroException e)
        {
            return new Expansion(state.Output.ToString(), state.Runs, state.Steps, state.Undefined, e.Message, e.Origin ?? (state.Stack.Count > 0 ? [state.Stack[^1]] : []));
        }

        return new Expansion(state.Output.ToString(), state.Runs, state.Steps, state.Undefined, null);
    }

    public Expansion Expand(RawValue value) => ExpandNamed(value);

    private Expansion ExpandNamed(RawValue value)
    {
        var state = new State();
        state.Stack.Add(value.Name);
        try
        {
            Expand(state, value.Text, 0, value.Text.Length, value.Source, 1, state.Output, state.Runs);
        }
        catch (MacroException e)
        {
            return new Expansion(state.Output.ToString(), state.Runs, state.Steps, state.Undefined, e.Message, e.Origin ?? (state.Stack.Count > 0 ? [state.Stack[^1]] : []));
        }

        return new Expansion(state.Output.ToString(), state.Runs, state.Steps, state.Undefined, null);
    }

    private sealed class State
    {
        public StringBuilder Output { get; } = new();

        public List<MappedRun> Runs { get; } = [];

        public List<ExpansionStep> Steps { get; } = [];

        public List<string> Undefined { get; } = [];

        public List<string> Stack { get; } = [];
    }

    private sealed class MacroException(string message, IReadOnlyList<string>? origin = null) : Exception(message)
    {
        public IReadOnlyList<string>? Origin { get; } = origin;
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private void Expand(State st, string text, int from, int to, ValueText? source, int depth, StringBuilder output, List<MappedRun>? runs)
    {
        if (depth > MaxDepth)
        {
            throw new MacroException($"unreasonable macro call nesting: \"{(st.Stack.Count > 0 ? st.Stack[^1] : text)}\"");
        }

        var i = from;
        while (i < to)
        {
            var dollar = text.IndexOf('$', i, to - i);
            var literalEnd = dollar < 0 ? to : dollar;
            if (literalEnd > i)
            {
                Append(output, runs, text, i, literalEnd - i, source);
                i = literalEnd;
            }

            if (dollar < 0)
            {
                break;
            }

            i = dollar + 1;
            if (i >= to)
            {
                throw new MacroException($"empty macro name: \"{Excerpt(text, from, to)}\"");
            }

            var c = text[i];
            if (c == '$')
            {
                Append(output, runs, text, i, 1, source);
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
                    throw new MacroException($"truncated macro reference: \"{Excerpt(text, dollar, to)}\"");
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
                throw new MacroException($"empty macro name: \"{Excerpt(text, dollar, to)}\"");
            }

            Substitute(st, text[i..nameEnd], depth, output, runs);
            i = nameEnd;
        }
    }

    private static void Append(StringBuilder output, List<MappedRun>? runs, string text, int start, int length, ValueText? source)
    {
        if (source is not null && runs is not null)
        {
            runs.Add(new MappedRun(output.Length, length, source, start));
        }

        output.Append(text, start, length);
    }

    private RawValue? Lookup(State st, string name)
    {
        var value = lookup(name);
        st.Steps.Add(new ExpansionStep(name, value?.Provenance));
        if (value is null && !st.Undefined.Contains(name))
        {
            st.Undefined.Add(name);
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

        if (st.Stack.Contains(name))
        {
            var cycle = st.Stack.Skip(st.Stack.IndexOf(name)).ToList();
            throw new MacroException($"unreasonable macro call nesting: \"{st.Stack[0]}\" ({string.Join(" -> ", st.Stack.Append(name).Select(n => "$" + n))})", cycle);
        }

        st.Stack.Add(name);
        Expand(st, value.Text, 0, value.Text.Length, value.Source, depth + 1, output, runs);
        st.Stack.RemoveAt(st.Stack.Count - 1);
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
            throw new MacroException($"empty macro name: \"{Excerpt(text, from, to)}\"");
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
            throw new MacroException($"unexpected text after macro name: \"{Excerpt(text, from, to)}\"");
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
                    throw new MacroException($"\"{{\" expected at: \"{Excerpt(text, rest, to)}\"");
                }

                (bFrom, bTo, after) = Braced(text, bAt, to);
                rest = SkipSpace(text, after, to);
            }

            if (rest != to)
            {
                throw new MacroException($"syntax error after '}}' at: \"{Excerpt(text, rest, to)}\"");
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
            throw new MacroException($"unexpected input at: \"...{text[argFrom..argTo]}}}>>>{Excerpt(text, rest, to)}\"");
        }

        var argument = ExpandToString(st, text, argFrom, argTo, source, depth).Trim();
        output.Append(name switch
        {
            "domain_to_ascii" => MacroFunctions.DomainToAscii(argument),
            "domain_to_utf8" => MacroFunctions.DomainToUtf8(argument),
            _ => throw new MacroException($"unknown function \"{name}\" at\"...>>>{name}{{{argument}}}\""),
        } ?? throw new MacroException($"bad domain argument in: '{name}{{{argument}}}'"));
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
            throw new MacroException($"\"==\" or \"!=\" or \"<\" or \"<=\" or \">=\" or \">\" expected at: \"{Excerpt(text, opStart, to)}\"");
        }

        if (suffix.Length > 0 && suffix != "level")
        {
            throw new MacroException($"bad operator suffix at: \"{Excerpt(text, suffixStart, to)}\"");
        }

        i = SkipSpace(text, i, to);
        if (i >= to || text[i] != '{')
        {
            throw new MacroException($"\"{{\" expected at: \"{Excerpt(text, i, to)}\"");
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
            throw new MacroException($"\"?\" expected at: \"{Excerpt(text, i, to)}\"");
        }

        i = SkipSpace(text, i + 1, to);
        if (i >= to || text[i] != '{')
        {
            throw new MacroException($"\"{{\" expected at: \"{Excerpt(text, i, to)}\"");
        }

        var (tFrom, tTo, afterT) = Braced(text, i, to);
        int fFrom = -1, fTo = -1;
        i = SkipSpace(text, afterT, to);
        if (i < to && text[i] == ':')
        {
            i = SkipSpace(text, i + 1, to);
            if (i >= to || text[i] != '{')
            {
                throw new MacroException($"\"{{\" expected at: \"{Excerpt(text, i, to)}\"");
            }

            (fFrom, fTo, var afterF) = Braced(text, i, to);
            i = SkipSpace(text, afterF, to);
        }

        if (i != to)
        {
            throw new MacroException($"syntax error after '}}' at: \"{Excerpt(text, i, to)}\"");
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
            throw new MacroException($"malformed compatibility level syntax: \"{(CompatibilityLevels.IsValid(a) ? b : a)}\"");
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

        throw new MacroException($"missing '}}' at: \"{Excerpt(text, at, to)}\"");
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
