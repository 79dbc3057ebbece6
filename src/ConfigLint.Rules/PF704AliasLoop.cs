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

        var edges = new Dictionary<string, List<(string To, AliasTarget Target)>>(StringComparer.Ordinal);
        foreach (var alias in aliases.Entries)
        {
            var list = new List<(string, AliasTarget)>();
            foreach (var target in alias.Entry.Targets)
            {
                if (aliases.LocalDestination(target) is { } to && to != alias.Name && aliases.Find(to) is not null)
                {
                    list.Add((to, target));
                }
            }

            edges[alias.Name] = list;
        }

        var listed = context.Rule.Threshold("listed_aliases");
        foreach (var cycle in Cycles(aliases.Entries.Select(e => e.Name).ToList(), edges))
        {
            var shown = cycle.Take(listed).Select(n => aliases.Find(n)!).ToList();
            var inCycle = cycle.ToHashSet(StringComparer.Ordinal);
            var first = shown[0];
            var related = new List<RelatedLocation>();
            foreach (var member in shown)
            {
                foreach (var (to, target) in edges[member.Name].Where(e => inCycle.Contains(e.To)))
                {
                    related.Add(new RelatedLocation(target.Span, $"{member.Name} expands to {to}."));
                }
            }

            var more = cycle.Count - shown.Count;
            var names = string.Join(", ", shown.Select(m => m.Name)) + (more > 0 ? $" and {more} more" : string.Empty);
            var walk = PathThrough(first.Name, inCycle, edges);
            var path = walk.Count <= listed + 1 ? string.Join(" -> ", walk) : string.Join(" -> ", walk.Take(listed)) + $" -> ({walk.Count - listed - 1} more) -> {first.Name}";
            context.Report(first.Entry.KeySpan, context.Format(("names", names), ("path", path), ("first", first.Name)), related, key: string.Join(",", cycle.Order(StringComparer.Ordinal)));
        }
    }

    /// <summary>The strongly connected groups of more than one alias (Tarjan), each in file order.</summary>
    private static List<List<string>> Cycles(List<string> order, Dictionary<string, List<(string To, AliasTarget Target)>> edges)
    {
        // Aliases by their position in the file, so the walk runs over arrays: with names as keys a
        // million-line aliases file spent 1.8 s hashing strings here.
        var position = new Dictionary<string, int>(order.Count, StringComparer.Ordinal);
        for (var i = 0; i < order.Count; i++)
        {
            position[order[i]] = i;
        }

        var successors = new int[order.Count][];
        for (var i = 0; i < order.Count; i++)
        {
            successors[i] = edges.TryGetValue(order[i], out var e) && e.Count > 0
                ? e.Where(x => position.ContainsKey(x.To)).Select(x => position[x.To]).ToArray()
                : [];
        }

        var index = new int[order.Count];
        Array.Fill(index, -1);
        var low = new int[order.Count];
        var onStack = new bool[order.Count];
        var stack = new Stack<int>();
        var work = new Stack<(int Node, int Next)>();
        var result = new List<List<string>>();
        var counter = 0;

        // Iterative, so a long chain of aliases cannot exhaust the call stack.
        for (var root = 0; root < order.Count; root++)
        {
            if (index[root] >= 0)
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
                var outgoing = successors[node];
                if (next < outgoing.Length)
                {
                    work.Push((node, next + 1));
                    var to = outgoing[next];
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
                        result.Add(component.Select(i => order[i]).ToList());
                    }
                }
            }
        }

        return result.OrderBy(c => position[c[0]]).ToList();
    }

    /// <summary>A walk from <paramref name="start"/> inside the cycle back to it: a -> b -> a.</summary>
    private static List<string> PathThrough(string start, HashSet<string> cycle, Dictionary<string, List<(string To, AliasTarget Target)>> edges)
    {
        // Breadth-first from start back to start, staying in the cycle.
        var previous = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var (to, _) in edges[node].Where(e => cycle.Contains(e.To)))
            {
                if (to == start)
                {
                    var path = new List<string> { start };
                    for (var n = node; n != start; n = previous[n])
                    {
                        path.Add(n);
                    }

                    path.Add(start);
                    path.Reverse();
                    return path;
                }

                if (!previous.ContainsKey(to))
                {
                    previous[to] = node;
                    queue.Enqueue(to);
                }
            }
        }

        return [start, start];
    }
}
