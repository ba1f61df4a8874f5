using Phylo.Graph;
using Phylo.Table;

namespace Phylo.Plots.Figures;

/// <summary>A drawn node: a model, or (<see cref="Model"/> = -1) the children of one parent gathered into one mark, with
/// everything below them.</summary>
/// <param name="Parent">Index of the parent node in <see cref="TreeLayout.Nodes"/>, -1 for a root.</param>
/// <param name="Relation">Relation of the edge from the parent (a gathered mark's: its children's most common one).</param>
/// <param name="Models">Models the node stands for (1, or the gathered children and their descendants).</param>
public readonly record struct TreeNode(int Model, int Generation, double X, int Parent, EdgeType Relation, int Models);

/// <summary>An edge between two drawn nodes that is not a forest edge (a merge, a second parent), by node index.</summary>
public readonly record struct TreeLink(int From, int To, EdgeType Relation);

/// <summary>A family laid out in layers, ready to draw: x in leaf slots (0 … <see cref="Slots"/> − 1), y = generation.</summary>
public sealed record TreeLayout(int FamilySize, int Depth, int Slots, TreeNode[] Nodes, TreeLink[] Links, string[] Notes)
{
    /// <summary>Models the nodes of generation <paramref name="generation"/> stand for.</summary>
    public int ModelsIn(int generation) => Nodes.Where(n => n.Generation == generation).Sum(n => n.Models);
}

/// <summary>
/// Lays out a family (a set of connected models) as a layered tree: each model hangs under its no-merge forest parent, or,
/// when that is not a member (a merge child), under its first member parent of any relation; models without member parents
/// are the roots, on top; each generation is a row and a parent sits centred over its children. In a generation of more
/// than <c>maxWidth</c> models each drawn parent shows only its children with the most models below them — a share of
/// <c>maxWidth</c> — and gathers the rest, with their descendants, into one grey "+N" mark; the figure says so. So every
/// row stays near <c>maxWidth</c> marks whatever the family's size. The family's other edges (second parents, merge
/// parents) are drawn as links between drawn models, at most <see cref="MaxLinks"/>.
/// </summary>
public static class FamilyTreeLayout
{
    /// <summary>The default widest generation drawn model by model.</summary>
    public const int MaxWidth = 60;

    /// <summary>Links beyond the tree drawn at most.</summary>
    public const int MaxLinks = 2000;

    /// <summary>A family of Phylo's graph (a weakly connected component over all edges).</summary>
    public static TreeLayout Of(FamilyGraph graph, int family, int maxWidth = MaxWidth)
    {
        var members = new List<int>();
        for (int m = 0; m < graph.NodeCount; m++) if (graph.FamilyOf[m] == family) members.Add(m);
        return Of(graph, members, maxWidth);
    }

    /// <summary>A family of the study's no-merge view (<see cref="StudyNoMerge"/> component <paramref name="component"/>).</summary>
    public static TreeLayout OfStudyFamily(FamilyGraph graph, int component, int maxWidth = MaxWidth)
    {
        var nm = StudyNoMerge.Of(graph);
        var members = new List<int>();
        for (int m = 0; m < graph.NodeCount; m++) if (nm.ComponentOf[m] == component) members.Add(m);
        return Of(graph, members, maxWidth);
    }

    /// <param name="members">The family's models, ascending.</param>
    public static TreeLayout Of(FamilyGraph graph, List<int> members, int maxWidth = MaxWidth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWidth, 1);
        var isMember = new HashSet<int>(members);
        var hang = new Dictionary<int, int>(members.Count);   // the edge each model hangs from
        var kids = new Dictionary<int, List<(int Child, int Edge)>>();
        foreach (int c in members)
        {
            int edge = -1;
            foreach (int e in graph.InEdges(c))
            {
                if (!isMember.Contains(graph.EdgeParent[e])) continue;
                if (graph.IsForestEdge[e]) { edge = e; break; }
                if (edge < 0) edge = e;   // no forest parent among the members: the first member parent of any relation
            }
            if (edge < 0) continue;
            hang[c] = edge;
            if (!kids.TryGetValue(graph.EdgeParent[edge], out var list)) kids[graph.EdgeParent[edge]] = list = [];
            list.Add((c, edge));
        }
        var roots = members.Where(m => !hang.ContainsKey(m)).ToList();
        var generation = new Dictionary<int, int>(members.Count);
        var below = new Dictionary<int, int>(members.Count);   // models under each
        int depth = 0;
        foreach (int r in roots) Measure(r, 0);
        var width = new int[depth + 2];
        foreach (int m in members) width[generation[m]]++;
        foreach (var list in kids.Values)
            list.Sort((a, b) => below[a.Child] != below[b.Child] ? below[b.Child].CompareTo(below[a.Child]) : a.Child.CompareTo(b.Child));
        roots.Sort((a, b) => below[a] != below[b] ? below[b].CompareTo(below[a]) : a.CompareTo(b));

        // Which children each drawn parent shows, generation by generation: in a wide generation a parent's share of
        // maxWidth, the children with the most models below them first.
        var shows = new Dictionary<int, int>();   // drawn parent → how many of its children are drawn one by one
        var level = roots.Where(r => kids.ContainsKey(r)).ToList();
        for (int g = 0; level.Count > 0; g++)
        {
            int budget = width[g + 1] > maxWidth ? Math.Max(1, maxWidth / level.Count) : int.MaxValue;
            var next = new List<int>();
            foreach (int v in level)
            {
                var list = kids[v];
                int n = Math.Min(budget, list.Count);
                shows[v] = n;
                for (int i = 0; i < n; i++) if (kids.ContainsKey(list[i].Child)) next.Add(list[i].Child);
            }
            level = next;
        }

        var nodes = new List<TreeNode>();
        var nodeOf = new Dictionary<int, int>();
        double slot = 0;
        foreach (int r in roots) Place(r, -1, EdgeType.Untyped);

        var links = new List<TreeLink>();
        int hidden = 0;
        foreach (int c in members)
            foreach (int e in graph.InEdges(c))
            {
                if (hang.TryGetValue(c, out int h) && h == e || !isMember.Contains(graph.EdgeParent[e])) continue;
                if (links.Count < MaxLinks && nodeOf.TryGetValue(graph.EdgeParent[e], out int from) && nodeOf.TryGetValue(c, out int to))
                    links.Add(new TreeLink(from, to, graph.EdgeTypes[e]));
                else hidden++;
            }
        var notes = new List<string>();
        var marks = nodes.Where(n => n.Model < 0).ToArray();
        if (marks.Length > 0)
        {
            int[] gens = [.. marks.Select(n => n.Generation).Distinct().Order()];
            string where = gens.Length == 1 ? $"generation {gens[0]}" : $"generations {string.Join(", ", gens)}";
            notes.Add($"{where} wider than {maxWidth} models: each parent shows its largest branches, the rest are grey marks " +
                      $"({marks.Sum(n => n.Models):N0} models in {marks.Length:N0} marks)");
        }
        if (hidden > 0) notes.Add($"{hidden:N0} other links not drawn");
        return new TreeLayout(members.Count, depth, (int)Math.Max(1, slot), [.. nodes], [.. links], [.. notes]);

        int Measure(int v, int g)
        {
            generation[v] = g;
            depth = Math.Max(depth, g);
            int n = 0;
            if (kids.TryGetValue(v, out var list))
                foreach (var (child, _) in list) n += 1 + Measure(child, g + 1);
            below[v] = n;
            return n;
        }

        // Post-order: a leaf (or mark) takes the next slot, a parent sits midway between its first and last child.
        double Place(int v, int parentNode, EdgeType relation)
        {
            int index = nodes.Count;
            nodes.Add(default);
            nodeOf[v] = index;
            double first = double.NaN, last = double.NaN;
            var list = kids.GetValueOrDefault(v) ?? [];
            int shown = shows.GetValueOrDefault(v, list.Count);
            for (int i = 0; i < shown; i++)
            {
                double x = Place(list[i].Child, index, graph.EdgeTypes[list[i].Edge]);
                if (double.IsNaN(first)) first = x;
                last = x;
            }
            if (shown < list.Count)
            {
                var rest = list.Skip(shown).ToArray();
                EdgeType common = rest.GroupBy(l => graph.EdgeTypes[l.Edge]).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
                double x = slot++;
                nodes.Add(new TreeNode(-1, generation[v] + 1, x, index, common, rest.Sum(l => 1 + below[l.Child])));
                if (double.IsNaN(first)) first = x;
                last = x;
            }
            double mine = double.IsNaN(first) ? slot++ : (first + last) / 2;
            nodes[index] = new TreeNode(v, generation[v], mine, parentNode, relation, 1);
            return mine;
        }
    }
}
