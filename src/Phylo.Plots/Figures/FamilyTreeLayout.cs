using Phylo.Graph;

namespace Phylo.Plots.Figures;

/// <summary>A drawn node: a model, or (<see cref="Model"/> = -1) the leaves of one parent in one generation gathered into one mark.</summary>
/// <param name="Parent">Index of the parent node in <see cref="TreeLayout.Nodes"/>, -1 for a root.</param>
/// <param name="Relation">Relation of the forest edge from the parent (the gathered leaves': the most common one).</param>
/// <param name="Models">Models the node stands for (1, or the gathered leaves).</param>
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
/// Lays out one family (a weakly connected component of all edges) as a layered tree: each model hangs under its no-merge
/// forest parent, or, when it has none (a merge child), under its first parent of any relation; models without parents
/// are the roots, on top; each generation is a row and a parent sits centred over its children. A generation wider than
/// <c>maxWidth</c> models draws its leaves (models without children) as one gathered mark per parent, "+N"; the figure
/// says so. The family's other edges (second parents, further merge parents) are drawn as links between drawn nodes.
/// </summary>
public static class FamilyTreeLayout
{
    /// <summary>The default widest generation drawn model by model.</summary>
    public const int MaxWidth = 60;

    public static TreeLayout Of(FamilyGraph graph, int family, int maxWidth = MaxWidth)
    {
        var members = new List<int>();
        for (int m = 0; m < graph.NodeCount; m++) if (graph.FamilyOf[m] == family) members.Add(m);
        var hang = new Dictionary<int, (int Parent, int Edge)>(members.Count);   // the edge each model hangs from
        var kids = new Dictionary<int, List<(int Child, int Edge)>>();
        foreach (int c in members)
        {
            int edge = -1;
            foreach (int e in graph.InEdges(c))
            {
                if (graph.IsForestEdge[e]) { edge = e; break; }
                if (edge < 0) edge = e;   // no forest parent: the first parent (lowest index) of any relation
            }
            if (edge < 0) continue;
            hang[c] = (graph.EdgeParent[edge], edge);
            if (!kids.TryGetValue(graph.EdgeParent[edge], out var list)) kids[graph.EdgeParent[edge]] = list = [];
            list.Add((c, edge));
        }
        var roots = members.Where(m => !hang.ContainsKey(m)).ToList();
        var generation = new Dictionary<int, int>(members.Count);
        var below = new Dictionary<int, int>(members.Count);   // models under each, for ordering
        int depth = 0;
        foreach (int r in roots) Measure(r, 0);
        var width = new int[depth + 1];
        foreach (int m in members) width[generation[m]]++;
        var gather = width.Select(w => w > maxWidth).ToArray();
        foreach (var list in kids.Values)
            list.Sort((a, b) => below[a.Child] != below[b.Child] ? below[b.Child].CompareTo(below[a.Child]) : a.Child.CompareTo(b.Child));
        roots.Sort((a, b) => below[a] != below[b] ? below[b].CompareTo(below[a]) : a.CompareTo(b));

        var nodes = new List<TreeNode>();
        var nodeOf = new Dictionary<int, int>();
        double slot = 0;
        foreach (int r in roots) Place(r, -1, EdgeType.Untyped);

        var links = new List<TreeLink>();
        int hidden = 0;
        foreach (int c in members)
            foreach (int e in graph.InEdges(c))
            {
                if (hang.TryGetValue(c, out var h) && h.Edge == e) continue;
                if (nodeOf.TryGetValue(graph.EdgeParent[e], out int from) && nodeOf.TryGetValue(c, out int to)) links.Add(new TreeLink(from, to, graph.EdgeTypes[e]));
                else hidden++;
            }
        var notes = new List<string>();
        var marks = nodes.Where(n => n.Model < 0).ToArray();
        if (marks.Length > 0)
        {
            int[] gens = [.. marks.Select(n => n.Generation).Distinct().Order()];
            string where = gens.Length == 1 ? $"generation {gens[0]}" : $"generations {string.Join(", ", gens)}";
            notes.Add($"in {where} (wider than {maxWidth} models) {marks.Sum(n => n.Models):N0} leaves are drawn as {marks.Length:N0} grey marks, one per parent");
        }
        if (hidden > 0) notes.Add($"{hidden:N0} links to them not drawn");
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

        // Post-order: a leaf takes the next slot, a parent sits midway between its first and last child.
        double Place(int v, int parentNode, EdgeType relation)
        {
            int index = nodes.Count;
            nodes.Add(default);
            nodeOf[v] = index;
            int childGen = generation[v] + 1;
            double first = double.NaN, last = double.NaN;
            var leaves = new List<(int Child, int Edge)>();
            foreach (var (child, edge) in kids.GetValueOrDefault(v) ?? [])
            {
                if (gather[childGen] && below[child] == 0) { leaves.Add((child, edge)); continue; }
                double x = Place(child, index, graph.EdgeTypes[edge]);
                if (double.IsNaN(first)) first = x;
                last = x;
            }
            if (leaves.Count > 0)
            {
                EdgeType common = leaves.GroupBy(l => graph.EdgeTypes[l.Edge]).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
                double x = slot++;
                nodes.Add(new TreeNode(-1, childGen, x, index, common, leaves.Count));
                if (double.IsNaN(first)) first = x;
                last = x;
            }
            double mine = double.IsNaN(first) ? slot++ : (first + last) / 2;
            nodes[index] = new TreeNode(v, generation[v], mine, parentNode, relation, 1);
            return mine;
        }
    }
}
