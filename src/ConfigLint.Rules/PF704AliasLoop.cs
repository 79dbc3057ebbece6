using ConfigLint.Core.Findings;
using ConfigLint.Core.Model;
using ConfigLint.Core.Parsing;
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>
/// PF704: aliases that expand into each other (a: b, b: a). local(8) follows a local destination
/// of an alias back into the aliases (a bare name, or name@domain of a mydestination domain), and
/// only an alias that lists its own name ends there ("deliver to the user instead", alias.c);
/// otherwise it recurses until 100 levels deep and bounces the mail with "5.4.6 alias database
/// loop" (alias.c). A name that lists itself is not a loop. Cycles are found among the aliases
/// of every table (the first table that has a name wins, as in local(8)).
/// </summary>
[Rule("PF704")]
public sealed class PF704AliasLoop : IRuleLogic
{
    public void Check(RuleContext context)
    {
        if (LocalAliasChecks.Judgeable(context.Config) is not { } aliases)
        {
            return;
        }

        // Aliases by their position in LocalAliases.Entries, so the walk runs over arrays and reads
        // no alias it does not report: with names as keys a million-line aliases file spent 1.8 s here.
        var graph = new Graph(aliases.Count, aliases.Expansions());

        var listed = context.Rule.Threshold("listed_aliases");
        foreach (var cycle in Cycles(graph))
        {
            var names = new Dictionary<int, LocalAlias>();
            LocalAlias Alias(int position) => names.TryGetValue(position, out var a) ? a : names[position] = aliases.At(position);

            var shown = cycle.Take(listed).Select(Alias).ToList();
            var inCycle = cycle.ToHashSet();
            var first = shown[0];
            var related = new List<RelatedLocation>();
            foreach (var member in cycle.Take(listed))
            {
                foreach (var edge in graph.From(member))
                {
                    if (!inCycle.Contains(edge.To))
                    {
                        continue;
                    }

                    related.Add(new RelatedLocation(Alias(member).Entry.Targets[edge.Target].Span, $"{Alias(member).Name} expands to {Alias(edge.To).Name}."));
                }
            }

            var more = cycle.Count - shown.Count;
            var list = string.Join(", ", shown.Select(m => m.Name)) + (more > 0 ? $" and {more} more" : string.Empty);
            var walk = PathThrough(cycle[0], inCycle, graph).Select(p => Alias(p).Name).ToList();
            var path = walk.Count <= listed + 1 ? string.Join(" -> ", walk) : string.Join(" -> ", walk.Take(listed)) + $" -> ({walk.Count - listed - 1} more) -> {first.Name}";
            var key = string.Join(",", cycle.Select(p => Alias(p).Name).Order(StringComparer.Ordinal));
            context.Report(first.Entry.KeySpan, context.Format(("names", list), ("path", path), ("first", first.Name)), related, key: key);
        }
    }

    /// <summary>The expansions, grouped by the alias they start from (they arrive in that order).</summary>
    private sealed class Graph
    {
        private readonly int[] start;
        private readonly AliasExpansion[] edges;

        public Graph(int count, IReadOnlyList<AliasExpansion> edges)
        {
            this.edges = [.. edges];
            start = new int[count + 1];
            foreach (var e in edges)
            {
                start[e.From + 1]++;
            }

            for (var i = 0; i < count; i++)
            {
                start[i + 1] += start[i];
            }
        }

        public int Count => start.Length - 1;

        public ReadOnlySpan<AliasExpansion> From(int alias) => edges.AsSpan(start[alias], start[alias + 1] - start[alias]);
    }

    /// <summary>The strongly connected groups of more than one alias (Tarjan), each in file order, in the order of their first alias.</summary>
    private static List<List<int>> Cycles(Graph graph)
    {
        var count = graph.Count;
        var index = new int[count];
        Array.Fill(index, -1);
        var low = new int[count];
        var onStack = new bool[count];
        var stack = new Stack<int>();
        var work = new Stack<(int Node, int Next)>();
        var result = new List<List<int>>();
        var counter = 0;

        // Iterative, so a long chain of aliases cannot exhaust the call stack.
        for (var root = 0; root < count; root++)
        {
            // An alias that expands into no other is in no cycle; walks from other roots still reach it.
            if (index[root] >= 0 || graph.From(root).Length == 0)
            {
                continue;
            }

            work.Push((root, 0));
            index[root] = low[root] = counter++;
            stack.Push(root);
            onStack[root] = true;
            while (work.Count > 0)
            {
                var (node, next) = work.Pop();
                var outgoing = graph.From(node);
                if (next < outgoing.Length)
                {
                    work.Push((node, next + 1));
                    var to = outgoing[next].To;
                    if (index[to] < 0)
                    {
                        index[to] = low[to] = counter++;
                        stack.Push(to);
                        onStack[to] = true;
                        work.Push((to, 0));
                    }
                    else if (onStack[to])
                    {
                        low[node] = Math.Min(low[node], index[to]);
                    }

                    continue;
                }

                if (work.Count > 0)
                {
                    var parent = work.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[node]);
                }

                if (low[node] == index[node] && stack.Peek() == node)
                {
                    // A group of one, as almost every alias is: no list for it.
                    stack.Pop();
                    onStack[node] = false;
                }
                else if (low[node] == index[node])
                {
                    var component = new List<int>();
                    int member;
                    do
                    {
                        member = stack.Pop();
                        onStack[member] = false;
                        component.Add(member);
                    }
                    while (member != node);

                    if (component.Count > 1)
                    {
                        component.Sort();
                        result.Add(component);
                    }
                }
            }
        }

        return [.. result.OrderBy(c => c[0])];
    }

    /// <summary>A walk from <paramref name="start"/> inside the cycle back to it: a -> b -> a.</summary>
    private static List<int> PathThrough(int start, HashSet<int> cycle, Graph graph)
    {
        // Breadth-first from start back to start, staying in the cycle.
        var previous = new Dictionary<int, int>();
        var queue = new Queue<int>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var edge in graph.From(node))
            {
                var to = edge.To;
                if (!cycle.Contains(to))
                {
                    continue;
                }

                if (to == start)
                {
                    var path = new List<int> { start };
                    for (var n = node; n != start; n = previous[n])
                    {
                        path.Add(n);
                    }

                    path.Add(start);
                    path.Reverse();
                    return path;
                }

                if (previous.TryAdd(to, node))
                {
                    queue.Enqueue(to);
                }
            }
        }

        return [start, start];
    }
}
