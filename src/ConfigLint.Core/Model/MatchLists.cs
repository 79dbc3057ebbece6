using ConfigLint.Core.Parsing;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Model;

/// <summary>
/// Address match lists (<c>mynetworks</c>, <c>debug_peer_list</c>, …) read into elements the way
/// match_list(3) reads them, with <c>/file/name</c> contents read from the analysed tree and
/// inserted in place.
/// </summary>
public sealed class MatchLists
{
    /// <summary>How deep <c>/file/name</c> inclusions are followed.</summary>
    private const int MaxFileDepth = 5;

    private readonly ParameterValues values;
    private readonly ConfigTree tree;

    internal MatchLists(ParameterValues values, ConfigTree tree)
    {
        this.values = values;
        this.tree = tree;
    }

    /// <summary>The elements of an address match list parameter for main.cf or one service.</summary>
    public MatchList Of(string name, MasterService? service = null)
    {
        var value = values.Get(name, service);
        var elements = new List<MatchElement>();
        foreach (var item in ListItems.Of(value).Items)
        {
            var element = MatchList.Classify(item.Text, item.Span, ProvenanceOf(value, item.Offset), null);
            elements.Add(element);
            if (element.Kind == MatchElementKind.File && !element.Negated)
            {
                elements.AddRange(ReadPatternFile(element.Pattern, 0));
            }
        }

        return new MatchList(name, value, elements);
    }

    private static Provenance? ProvenanceOf(EffectiveValue value, int offset)
    {
        foreach (var run in value.Expanded.Runs)
        {
            if (offset >= run.Offset && offset < run.Offset + run.Length)
            {
                var span = run.Source.WholeSpan;
                return value.Raw?.Source == run.Source ? value.Provenance : new MainCfProvenance(span, span);
            }
        }

        return value.Provenance;
    }

    private IEnumerable<MatchElement> ReadPatternFile(string postfixPath, int depth)
    {
        var relative = tree.Map(postfixPath, values.Get("config_directory").Value);
        if (relative is null || depth > MaxFileDepth)
        {
            yield break;
        }

        var text = tree.Read(relative, new List<Diagnostic>());
        if (text is null)
        {
            yield break;
        }

        for (var n = 1; n <= text.Lines.Count; n++)
        {
            var line = text.Lines[n - 1];
            if (LogicalLine.IsComment(line))
            {
                continue;
            }

            foreach (var item in ListItems.Split(line))
            {
                var span = new Span(text.Path, n, item.Offset + 1, n, item.Offset + 1 + item.Text.Length);
                var element = MatchList.Classify(item.Text, span, null, text.Path);
                yield return element;
                if (element.Kind == MatchElementKind.File && !element.Negated)
                {
                    foreach (var nested in ReadPatternFile(element.Pattern, depth + 1))
                    {
                        yield return nested;
                    }
                }
            }
        }
    }
}
