using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ConfigLint.Core.Text;

/// <summary>
/// Size and nesting of a YAML text (<c>.configlint.yml</c>, a rule manifest), measured before a
/// parser recurses into it: YamlDotNet descends one stack frame per level and dies of a stack
/// overflow on 40,000 nested <c>[</c> (issue 14), which no <c>catch</c> can answer.
/// </summary>
public static class YamlShape
{
    /// <summary>How deeply collections may nest (ConfigLint's own files need four levels).</summary>
    public const int MaxNesting = 64;

    /// <summary>
    /// The first line where <paramref name="text"/> nests deeper than <see cref="MaxNesting"/>, or
    /// is longer than <paramref name="maxLength"/> characters, with what is wrong; null when it is
    /// fine. The estimate errs on the deep side: indentation levels, <c>- </c> entries on one line
    /// and open <c>[</c> or <c>{</c> (outside quotes and comments) all count.
    /// </summary>
    public static (int Line, string Message)? Problem(string text, long maxLength)
    {
        if (text.Length > maxLength)
        {
            return (1, $"it is longer than {maxLength:N0} characters");
        }

        var indents = new Stack<int>();
        var flow = 0;
        var line = 1;
        var i = 0;
        while (i < text.Length)
        {
            var end = text.IndexOf('\n', i);
            if (end < 0)
            {
                end = text.Length;
            }

            var depth = LineDepth(text, i, end, indents, ref flow);
            if (depth > MaxNesting)
            {
                return (line, $"collections nest more than {MaxNesting} levels deep");
            }

            i = end + 1;
            line++;
        }

        return EventNesting(text);
    }

    /// <summary>
    /// The nesting as YamlDotNet itself reads it: its event parser keeps its states on a heap stack
    /// instead of recursing, so it can walk any depth and count it, where the lines above are only an
    /// estimate. That estimate once missed a flow sequence opened on lines that end in a bare CR, which
    /// YAML takes as a line break and the estimate did not (a <c>#</c> comment then hid the rest of the
    /// file from it): 100,000 <c>[ #</c> lines were a stack overflow (fuzz crash of 2026-12-05). Text
    /// that is not YAML is left to the loader, which says where it is wrong.
    /// </summary>
    private static (int Line, string Message)? EventNesting(string text)
    {
        var parser = new Parser(new StringReader(text));
        var depth = 0;
        try
        {
            while (parser.MoveNext())
            {
                if (parser.Current is SequenceEnd or MappingEnd)
                {
                    depth--;
                }
                else if (parser.Current is SequenceStart or MappingStart && ++depth > MaxNesting)
                {
                    return ((int)Math.Max(1, parser.Current.Start.Line), $"collections nest more than {MaxNesting} levels deep");
                }
            }
        }
        catch (Exception e) when (e is YamlException || IsUnreadable(e))
        {
            // Not YAML: RuleLoader and SettingsLoader read it again and say where.
        }

        return null;
    }

    /// <summary>
    /// How YamlDotNet's scanner gives up on some inputs without a <see cref="YamlException"/> (<c>: [\nv</c>,
    /// issue 14): the exceptions the loaders turn into "the parser could not read it".
    /// </summary>
    public static bool IsUnreadable(Exception e) =>
        e is InvalidOperationException or ArgumentException or FormatException or OverflowException or IndexOutOfRangeException or NullReferenceException;

    private static int LineDepth(string text, int from, int to, Stack<int> indents, ref int flow)
    {
        var k = from;
        while (k < to && text[k] is ' ' or '\t')
        {
            k++;
        }

        if (k >= to || text[k] is '#' or '\r')
        {
            return indents.Count + flow;
        }

        if (flow == 0)
        {
            var indent = k - from;
            while (indents.Count > 0 && indent < indents.Peek())
            {
                indents.Pop();
            }

            if (indents.Count == 0 || indent > indents.Peek())
            {
                indents.Push(indent);
            }
        }

        // "- - - x" opens a sequence per dash.
        var dashes = 0;
        while (k + 1 < to && text[k] is '-' or '?' && text[k + 1] is ' ' or '\t')
        {
            dashes++;
            k += 2;
            while (k < to && text[k] is ' ' or '\t')
            {
                k++;
            }
        }

        var deepest = indents.Count + dashes + flow;
        char quote = '\0';
        for (; k < to; k++)
        {
            var c = text[k];
            if (quote != '\0')
            {
                if (c == '\\' && quote == '"')
                {
                    k++;
                }
                else if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            var tokenStart = k == from || text[k - 1] is ' ' or '\t' or '[' or '{' or ',' or ':';
            switch (c)
            {
                case '"' or '\'' when tokenStart:
                    quote = c;
                    break;
                case '#' when tokenStart:
                    return deepest;
                case '[' or '{':
                    flow++;
                    deepest = Math.Max(deepest, indents.Count + dashes + flow);
                    break;
                case ']' or '}' when flow > 0:
                    flow--;
                    break;
            }
        }

        return deepest;
    }
}
