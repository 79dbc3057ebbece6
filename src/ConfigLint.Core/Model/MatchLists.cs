using System.Globalization;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Text;

namespace ConfigLint.Core.Model;

/// <summary>
/// Address match lists (<c>mynetworks</c>, <c>debug_peer_list</c>, …) read into elements the way
/// match_list(3) reads them, with <c>/file/name</c> contents read from the analysed tree and
/// inserted in place.
/// <para>
/// Pattern files are read with limits Postfix does not have (issue 14): a file that is already
/// open on the way to it is not read again (Postfix's match_list.c opens it again and again until
/// it runs out of file descriptors), inclusions nest at most <see cref="MaxFileDepth"/> files deep,
/// and one list has at most <see cref="MaxElements"/> elements. Each limit reached is a
/// diagnostic (<see cref="DiagnosticKind.AnalysisLimit"/>) at the element that reaches it.
/// </para>
/// </summary>
public sealed class MatchLists
{
    /// <summary>How deep <c>/file/name</c> inclusions are followed.</summary>
    public const int MaxFileDepth = 5;

    /// <summary>How many elements one list may have, pattern files included.</summary>
    public const int MaxElements = 100_000;

    private readonly ParameterValues values;
    private readonly ConfigTree tree;
    private readonly List<Diagnostic> diagnostics;
    private readonly HashSet<Diagnostic> reported = [];

    /// <summary>
    /// Lists already read, by parameter and expansion (the object: services that share main.cf's value
    /// share its list). Not weak: every expansion asked for is kept by the values anyway (main.cf's, and
    /// each service's own), and a weak table per name cost a fleet a table and a GC handle per list.
    /// </summary>
    private readonly Dictionary<string, Dictionary<Expansion, IReadOnlyList<MatchElement>>> read = new(StringComparer.Ordinal);

    internal MatchLists(ParameterValues values, ConfigTree tree, List<Diagnostic> diagnostics)
    {
        this.values = values;
        this.tree = tree;
        this.diagnostics = diagnostics;
    }

    /// <summary>The elements of an address match list parameter for main.cf or one service.</summary>
    public MatchList Of(string name, MasterService? service = null)
    {
        var value = values.Get(name, service);
        if (!read.TryGetValue(name, out var byExpansion))
        {
            read[name] = byExpansion = new(ReferenceEqualityComparer.Instance);
        }

        if (!byExpansion.TryGetValue(value.Expanded, out var elements))
        {
            elements = Read(value);
            byExpansion.Add(value.Expanded, elements);
        }

        return new MatchList(name, value, elements);
    }

    private List<MatchElement> Read(EffectiveValue value)
    {
        var reader = new ListReader(this);
        foreach (var item in ListItems.Of(value).Items)
        {
            var element = MatchList.Classify(item.Text, item.Span, ProvenanceOf(value, item.Offset), null);
            if (!reader.Add(element) || !reader.Include(element, 0))
            {
                break;
            }
        }

        return reader.Elements;
    }

    private static Provenance? ProvenanceOf(EffectiveValue value, int offset)
    {
        if (value.Expanded.RunAt(offset) is { } run)
        {
            var span = run.Source.WholeSpan;
            return value.Raw?.Source == run.Source ? value.Provenance : new MainCfProvenance(span, span);
        }

        return value.Provenance;
    }

    private void Report(Span? span, string message)
    {
        var d = new Diagnostic(DiagnosticKind.AnalysisLimit, span ?? Span.FileStart(tree.DisplayPath("main.cf")), message);
        if (reported.Add(d))
        {
            diagnostics.Add(d);
        }
    }

    /// <summary>Reads one list, with the files open on the way to the current element.</summary>
    private sealed class ListReader(MatchLists owner)
    {
        private readonly List<string> open = [];
        private bool full;

        public List<MatchElement> Elements { get; } = [];

        /// <summary>Adds an element; false once the list is full (the rest is not read).</summary>
        public bool Add(MatchElement element)
        {
            if (Elements.Count >= MaxElements)
            {
                if (!full)
                {
                    full = true;
                    owner.Report(element.Span, string.Create(CultureInfo.InvariantCulture,
                        $"A list reaches {MaxElements:N0} elements here (its pattern files included): ConfigLint reads no further, so the elements after this one are not checked."));
                }

                return false;
            }

            Elements.Add(element);
            return true;
        }

        /// <summary>Reads the pattern file a <c>/file/name</c> element names into the list; false once the list is full.</summary>
        public bool Include(MatchElement element, int depth)
        {
            if (element.Kind != MatchElementKind.File || element.Negated)
            {
                return true;
            }

            var relative = owner.tree.Map(element.Pattern, owner.values.Get("config_directory").Value);
            if (relative is null)
            {
                return true;
            }

            if (open.Contains(relative))
            {
                // match_list.c opens /file/name again for every mention, with no check for a file
                // already open: a file that names itself is opened again and again until the process
                // runs out of file descriptors, and then lookups in the list fail.
                owner.Report(element.Span, $"'{Excerpt.Of(element.Pattern)}' includes itself ({string.Join(" -> ", open.Append(relative))}); Postfix opens it again for every mention until it runs out of file descriptors (\"open file {Excerpt.Of(element.Pattern)}: Too many open files\"), and lookups in every list that names it then fail. ConfigLint reads it once.");
                return true;
            }

            if (depth > MaxFileDepth)
            {
                owner.Report(element.Span, $"'{Excerpt.Of(element.Pattern)}' is nested more than {MaxFileDepth} pattern files deep: ConfigLint reads no deeper, so its elements are not checked.");
                return true;
            }

            var text = owner.tree.Read(relative, owner.diagnostics, reportMissing: false);
            if (text is null)
            {
                return true;
            }

            open.Add(relative);
            try
            {
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
                        var nested = MatchList.Classify(item.Text, span, null, text.Path);
                        if (!Add(nested) || !Include(nested, depth + 1))
                        {
                            return false;
                        }
                    }
                }

                return true;
            }
            finally
            {
                open.RemoveAt(open.Count - 1);
            }
        }
    }
}
