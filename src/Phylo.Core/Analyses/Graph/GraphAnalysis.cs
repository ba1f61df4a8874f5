using Phylo.Graph;
using Phylo.Report;
using Phylo.Store;
using Phylo.Table;

namespace Phylo.Analyses.Graph;

/// <summary>
/// One shard's share of the family-graph numbers. Every edge and every parent's children lie inside one family, so
/// counts over owned families add up, histograms add bin by bin, and each shard's top-k candidates contain the global
/// top k. Graph-build counts (dangling, self, duplicate links, cycles broken) are the same in every shard: checked.
/// </summary>
public sealed record GraphPartial(
    long[] BuildCounts,
    long[] EdgesByType,
    int FamilyCount,
    int MaxGeneration,
    FamilyRank[] LargestFamilies,
    ParentRank[] TopParents,
    Dictionary<int, int>[] OutDegreeByView,
    int[] ChildrenWithChildrenByType,
    StudyGraphPartial Study);

/// <summary>report.json <c>graph</c>, the family tables of report.md and tables/models + tables/families, sharded.</summary>
public sealed class GraphAnalysis(int top = 20) : ShardedAnalysis<GraphPartial>
{
    public override string Name => "families";

    /// <summary>The whole graph's summary, through the same Compute and Finish as a run (tests, synth checks).</summary>
    public static GraphSummary Summarize(Table.ModelTable table, FamilyGraph graph, int top = 20)
    {
        var analysis = new GraphAnalysis(top);
        return Summary(analysis.Compute(table, graph, ShardScope.Whole(table, graph)));
    }

    public override GraphPartial Compute(ShardInput shard) => Compute(shard.Table, shard.Graph, shard.Scope);

    private GraphPartial Compute(Table.ModelTable table, FamilyGraph graph, ShardScope scope)
    {
        var s = graph.Stats;
        long[] build = [s.DanglingLinks, s.DanglingParents, s.SelfLinks, s.DuplicateLinks, s.CyclesBroken];
        var byType = new long[Relations.EdgeTypeCount];
        var degrees = new Dictionary<int, int>[GraphViews.All.Length];
        for (int v = 0; v < degrees.Length; v++) degrees[v] = [];
        var withChildren = new int[Relations.EdgeTypeCount];
        var parents = new TopK<ParentRank>(top, ByParent);
        int maxGen = 0;
        for (int m = 0; m < graph.NodeCount; m++)
        {
            if (!scope.OwnsModel(m)) continue;
            maxGen = Math.Max(maxGen, graph.Generation[m]);
            int seen = 0;   // one bit per primary type among m's in-edges: each child counts once per type
            foreach (int e in graph.InEdges(m))
            {
                byType[(int)graph.EdgeTypes[e]]++;
                seen |= 1 << (int)graph.EdgeTypes[e];
            }
            int children = graph.OutDegree(m);
            if (children == 0) continue;
            for (int t = 0; t < withChildren.Length; t++) if ((seen & (1 << t)) != 0) withChildren[t]++;
            parents.Add(new ParentRank(table.Ids[m], children));
            foreach (GraphView view in GraphViews.All)
            {
                int d = graph.OutDegree(m, view);
                if (d > 0) degrees[(int)view][d] = degrees[(int)view].GetValueOrDefault(d) + 1;
            }
        }
        var families = new TopK<FamilyRank>(top, ByFamily);
        int owned = 0;
        for (int f = 0; f < graph.Families.Length; f++)
        {
            if (!scope.OwnsFamily(f)) continue;
            owned++;
            families.Add(new FamilyRank(table.Ids[graph.Families[f].Root], graph.Families[f].Size, graph.Families[f].Depth));
        }
        return new GraphPartial(build, byType, owned, maxGen, families.ToArray(), parents.ToArray(), degrees, withChildren,
            StudyGraphPartial.Compute(table, graph, scope));
    }

    private static int ByFamily(FamilyRank a, FamilyRank b)
    {
        int c = b.Size.CompareTo(a.Size);
        return c != 0 ? c : string.CompareOrdinal(a.RootId, b.RootId);
    }

    private static int ByParent(ParentRank a, ParentRank b)
    {
        int c = b.Children.CompareTo(a.Children);
        return c != 0 ? c : string.CompareOrdinal(a.ModelId, b.ModelId);
    }

    private T[] Top<T>(IEnumerable<T> items, Comparison<T> order) => TopK.Of(items, top, order);

    public override GraphPartial Merge(GraphPartial a, GraphPartial b)
    {
        Same(a.BuildCounts, b.BuildCounts, "the graph-build counts (dangling, self, duplicate links, cycles)", (x, y) => x.SequenceEqual(y));
        var degrees = new Dictionary<int, int>[a.OutDegreeByView.Length];
        for (int v = 0; v < degrees.Length; v++)
        {
            degrees[v] = new Dictionary<int, int>(a.OutDegreeByView[v]);
            foreach (var (d, n) in b.OutDegreeByView[v]) degrees[v][d] = degrees[v].GetValueOrDefault(d) + n;
        }
        return new GraphPartial(a.BuildCounts, Add(a.EdgesByType, b.EdgesByType), a.FamilyCount + b.FamilyCount,
            Math.Max(a.MaxGeneration, b.MaxGeneration), Top([.. a.LargestFamilies, .. b.LargestFamilies], ByFamily),
            Top([.. a.TopParents, .. b.TopParents], ByParent), degrees,
            Array.ConvertAll(Add(Array.ConvertAll(a.ChildrenWithChildrenByType, x => (long)x), Array.ConvertAll(b.ChildrenWithChildrenByType, x => (long)x)), x => checked((int)x)),
            StudyGraphPartial.Merge(a.Study, b.Study));
    }

    private static long[] Add(long[] a, long[] b)
    {
        var r = new long[a.Length];
        for (int i = 0; i < r.Length; i++) r[i] = a[i] + b[i];
        return r;
    }

    public override IReportSection Finish(ShardInput whole, GraphPartial p) => new GraphSection(whole.Table, whole.Graph, Summary(p), p.Study);

    private static GraphSummary Summary(GraphPartial p)
    {
        long edges = p.EdgesByType.Sum();
        var histograms = new DegreeCount[p.OutDegreeByView.Length][];
        for (int v = 0; v < histograms.Length; v++)
            histograms[v] = [.. p.OutDegreeByView[v].OrderBy(kv => kv.Key).Select(kv => new DegreeCount(kv.Key, kv.Value))];
        var b = p.BuildCounts;
        return new GraphSummary(edges, p.EdgesByType, b[0], (int)b[1], (int)b[2], b[3], (int)b[4], p.FamilyCount,
            p.LargestFamilies, p.TopParents, p.MaxGeneration, histograms, p.ChildrenWithChildrenByType);
    }

    public override string Describe(IReportSection section) =>
        section is GraphSection g ? $"{g.Summary.FamilyCount:N0} families, deepest generation {g.Summary.MaxGeneration}" : "";

    public override void Write(PartWriter w, GraphPartial p)
    {
        w.Array(p.BuildCounts);
        w.Array(p.EdgesByType);
        w.Int(p.FamilyCount);
        w.Int(p.MaxGeneration);
        w.Int(p.LargestFamilies.Length);
        foreach (var f in p.LargestFamilies) { w.String(f.RootId); w.Int(f.Size); w.Int(f.Depth); }
        w.Int(p.TopParents.Length);
        foreach (var t in p.TopParents) { w.String(t.ModelId); w.Int(t.Children); }
        w.Int(p.OutDegreeByView.Length);
        foreach (var d in p.OutDegreeByView)
        {
            int[] keys = [.. d.Keys.Order()];
            w.Array(keys);
            w.Array(Array.ConvertAll(keys, k => d[k]));
        }
        w.Array(p.ChildrenWithChildrenByType);
        p.Study.Write(w);
    }

    public override GraphPartial Read(PartReader r)
    {
        long[] build = r.Array<long>(), byType = r.Array<long>();
        int families = r.Int32(), maxGen = r.Int32();
        var largest = new FamilyRank[r.Int32()];
        for (int i = 0; i < largest.Length; i++) largest[i] = new FamilyRank(r.String()!, r.Int32(), r.Int32());
        var parents = new ParentRank[r.Int32()];
        for (int i = 0; i < parents.Length; i++) parents[i] = new ParentRank(r.String()!, r.Int32());
        var degrees = new Dictionary<int, int>[r.Int32()];
        for (int v = 0; v < degrees.Length; v++)
        {
            int[] keys = r.Array<int>(), counts = r.Array<int>();
            degrees[v] = [];
            for (int i = 0; i < keys.Length; i++) degrees[v][keys[i]] = counts[i];
        }
        return new GraphPartial(build, byType, families, maxGen, largest, parents, degrees, r.Array<int>(), StudyGraphPartial.Read(r));
    }
}
