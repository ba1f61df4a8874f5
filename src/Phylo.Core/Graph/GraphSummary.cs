using Phylo.Table;

namespace Phylo.Graph;

/// <summary>A family ranked by size: the model id of its root, its size and depth.</summary>
public readonly record struct FamilyRank(string RootId, int Size, int Depth);

/// <summary>A parent ranked by its number of children over all edges.</summary>
public readonly record struct ParentRank(string ModelId, int Children);

/// <summary>One bin of an out-degree histogram: how many parents have exactly <see cref="Degree"/> children.</summary>
public readonly record struct DegreeCount(int Degree, int Parents);

/// <summary>
/// The headline numbers of a <see cref="FamilyGraph"/> (SPEC §2), deterministic for a given table and graph.
/// Arrays indexed by a type or view use <c>(int)EdgeType</c> / <c>(int)GraphView</c>.
/// </summary>
/// <param name="EdgesTotal">Edges kept in the graph.</param>
/// <param name="EdgesByType">Edges per primary relation.</param>
/// <param name="DanglingLinks">Links to parents outside the snapshot.</param>
/// <param name="DanglingParents">Distinct parent ids outside the snapshot.</param>
/// <param name="SelfLinks">Links from a model to itself.</param>
/// <param name="DuplicateLinks">Repeated (child, parent) links collapsed into one edge.</param>
/// <param name="CyclesBroken">Edges dropped to break cycles.</param>
/// <param name="FamilyCount">Weakly connected components, singletons included.</param>
/// <param name="LargestFamilies">Top families by size desc, then root id (ordinal).</param>
/// <param name="TopParents">Top parents by all-edges out-degree desc, then model id (ordinal).</param>
/// <param name="MaxGeneration">Largest forest generation.</param>
/// <param name="OutDegreeByView">Per view: (degree, parents with that many children in the view), degree ≥ 1 ascending.</param>
/// <param name="ChildrenWithChildrenByType">Per primary relation: distinct children reached by an edge of that type
/// that themselves have at least one child (over all edges).</param>
public sealed record GraphSummary(
    long EdgesTotal,
    long[] EdgesByType,
    long DanglingLinks,
    int DanglingParents,
    int SelfLinks,
    long DuplicateLinks,
    int CyclesBroken,
    int FamilyCount,
    FamilyRank[] LargestFamilies,
    ParentRank[] TopParents,
    int MaxGeneration,
    DegreeCount[][] OutDegreeByView,
    int[] ChildrenWithChildrenByType)
{
    public long Edges(EdgeType type) => EdgesByType[(int)type];

    public DegreeCount[] OutDegreeHistogram(GraphView view) => OutDegreeByView[(int)view];

    public int ChildrenWithChildren(EdgeType type) => ChildrenWithChildrenByType[(int)type];

    public static GraphSummary Summarize(ModelTable table, FamilyGraph graph, int top = 20)
    {
        var s = graph.Stats;
        int maxGen = 0;
        foreach (int gen in graph.Generation) maxGen = Math.Max(maxGen, gen);
        return new GraphSummary(
            graph.EdgeCount, (long[])s.EdgesByType.Clone(), s.DanglingLinks, s.DanglingParents, s.SelfLinks,
            s.DuplicateLinks, s.CyclesBroken, graph.Families.Length,
            RankFamilies(table, graph, top), RankParents(table, graph, top), maxGen,
            OutDegreeHistograms(graph), CountChildrenWithChildren(graph));
    }

    private static FamilyRank[] RankFamilies(ModelTable table, FamilyGraph graph, int top)
    {
        var fam = graph.Families;
        int[] best = TopN.Select(fam.Length, top, _ => true, (a, b) =>
        {
            int bySize = fam[b].Size.CompareTo(fam[a].Size);
            return bySize != 0 ? bySize : string.CompareOrdinal(table.Ids[fam[a].Root], table.Ids[fam[b].Root]);
        });
        var ranks = new FamilyRank[best.Length];
        for (int i = 0; i < best.Length; i++)
        {
            var f = fam[best[i]];
            ranks[i] = new FamilyRank(table.Ids[f.Root], f.Size, f.Depth);
        }
        return ranks;
    }

    private static ParentRank[] RankParents(ModelTable table, FamilyGraph graph, int top)
    {
        int[] best = TopN.Select(graph.NodeCount, top, p => graph.OutDegree(p) > 0, (a, b) =>
        {
            int byDegree = graph.OutDegree(b).CompareTo(graph.OutDegree(a));
            return byDegree != 0 ? byDegree : string.CompareOrdinal(table.Ids[a], table.Ids[b]);
        });
        var ranks = new ParentRank[best.Length];
        for (int i = 0; i < best.Length; i++) ranks[i] = new ParentRank(table.Ids[best[i]], graph.OutDegree(best[i]));
        return ranks;
    }

    private static DegreeCount[][] OutDegreeHistograms(FamilyGraph graph)
    {
        int n = graph.NodeCount;
        var degree = new int[GraphViews.All.Length][];
        for (int v = 0; v < degree.Length; v++) degree[v] = new int[n];
        for (int e = 0; e < graph.EdgeCount; e++)
        {
            int p = graph.EdgeParent[e];
            foreach (GraphView view in GraphViews.All)
                if (graph.InView(e, view)) degree[(int)view][p]++;
        }
        var result = new DegreeCount[degree.Length][];
        for (int v = 0; v < degree.Length; v++) result[v] = Histogram(degree[v]);
        return result;
    }

    private static DegreeCount[] Histogram(int[] degrees)
    {
        int max = 0;
        foreach (int d in degrees) max = Math.Max(max, d);
        var parents = new int[max + 1];
        foreach (int d in degrees) parents[d]++;
        var bins = new List<DegreeCount>();
        for (int d = 1; d <= max; d++)
            if (parents[d] > 0) bins.Add(new DegreeCount(d, parents[d]));
        return [.. bins];
    }

    private static int[] CountChildrenWithChildren(FamilyGraph graph)
    {
        var counts = new int[Relations.EdgeTypeCount];
        for (int c = 0; c < graph.NodeCount; c++)
        {
            if (graph.OutDegree(c) == 0) continue;
            int seen = 0;   // one bit per primary type among c's in-edges, so each child counts once per type
            foreach (int e in graph.InEdges(c)) seen |= 1 << (int)graph.EdgeTypes[e];
            for (int t = 0; t < counts.Length; t++)
                if ((seen & (1 << t)) != 0) counts[t]++;
        }
        return counts;
    }
}
