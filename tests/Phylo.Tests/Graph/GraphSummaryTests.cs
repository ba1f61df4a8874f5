using Phylo.Graph;
using Phylo.Table;
using static Phylo.Tests.Table.TestRecords;

namespace Phylo.Tests.Graph;

public class GraphSummaryTests
{
    /// <summary>Naive top parents: every model with children, by children desc then id ordinal.</summary>
    private static ParentRank[] NaiveTopParents(ModelTable t, FamilyGraph g, int top) =>
        [.. Enumerable.Range(0, g.NodeCount)
            .Select(v => new ParentRank(t.Ids[v], g.EdgeParent.Count(p => p == v)))
            .Where(r => r.Children > 0)
            .OrderByDescending(r => r.Children).ThenBy(r => r.ModelId, StringComparer.Ordinal).Take(top)];

    private static FamilyRank[] NaiveLargestFamilies(ModelTable t, FamilyGraph g, int top) =>
        [.. g.Families.Select(f => new FamilyRank(t.Ids[f.Root], f.Size, f.Depth))
            .OrderByDescending(f => f.Size).ThenBy(f => f.RootId, StringComparer.Ordinal).Take(top)];

    private static DegreeCount[] NaiveHistogram(FamilyGraph g, GraphView view) =>
        [.. Enumerable.Range(0, g.EdgeCount).Where(e => g.InView(e, view)).GroupBy(e => g.EdgeParent[e])
            .GroupBy(byParent => byParent.Count()).Select(d => new DegreeCount(d.Key, d.Count())).OrderBy(d => d.Degree)];

    private static int NaiveChildrenWithChildren(FamilyGraph g, EdgeType type) =>
        Enumerable.Range(0, g.EdgeCount).Where(e => g.EdgeTypes[e] == type).Select(e => g.EdgeChild[e])
            .Distinct().Count(c => g.EdgeParent.Contains(c));

    private static void AssertMatchesNaive(ModelTable t, FamilyGraph g, GraphSummary s, int top)
    {
        Assert.Equal(NaiveTopParents(t, g, top), s.TopParents);
        Assert.Equal(NaiveLargestFamilies(t, g, top), s.LargestFamilies);
        foreach (var view in GraphViews.All) Assert.Equal(NaiveHistogram(g, view), s.OutDegreeHistogram(view));
        foreach (var type in Relations.AllTypes)
        {
            Assert.Equal(NaiveChildrenWithChildren(g, type), s.ChildrenWithChildren(type));
            Assert.Equal(g.EdgeTypes.Count(x => x == type), s.Edges(type));
        }
        Assert.Equal(g.EdgeCount, s.EdgesTotal);
        Assert.Equal(g.Generation.DefaultIfEmpty().Max(), s.MaxGeneration);
        Assert.Equal(g.Families.Length, s.FamilyCount);
    }

    [Fact]
    public void Hand_made_snapshot()
    {
        // "z" and "a" both have three children; "a" ranks first by id although it comes later in the table.
        var t = BuildTable(
            Model("z"), Model("z1", Ft("z")), Model("z2", Ft("z")), Model("z3", Quant("z")),
            Model("a"), Model("a1", Ft("a")), Model("a2", Adapter("a")), Model("a3", Merge("a"), Merge("z3")),
            Model("g1", Ft("z1"), Ft("gone/x"), Ft("gone/x"), Ft("gone/y")), Model("g2", Ft("a2")), Model("self", Base("self")),
            Model("solo"));
        var g = FamilyGraphBuilder.Build(t);
        var s = Phylo.Analyses.Graph.GraphAnalysis.Summarize(t, g);

        Assert.Equal([new ParentRank("a", 3), new ParentRank("z", 3), new ParentRank("a2", 1), new ParentRank("z1", 1), new ParentRank("z3", 1)], s.TopParents);
        Assert.Equal(3, s.FamilyCount);                       // {z…, a…} joined by a3's merge (rooted at z: 4 descendants to a's 3), "self", "solo"
        Assert.Equal(new FamilyRank("z", 10, 2), s.LargestFamilies[0]);
        Assert.Equal([new FamilyRank("self", 1, 0), new FamilyRank("solo", 1, 0)], s.LargestFamilies[1..]);
        Assert.Equal([new DegreeCount(1, 3), new DegreeCount(3, 2)], s.OutDegreeHistogram(GraphView.All));
        Assert.Equal([new DegreeCount(1, 3), new DegreeCount(2, 1)], s.OutDegreeHistogram(GraphView.Finetune));
        Assert.Equal([new DegreeCount(1, 2), new DegreeCount(2, 1), new DegreeCount(3, 1)], s.OutDegreeHistogram(GraphView.NoMerge));
        Assert.Equal(1, s.ChildrenWithChildren(EdgeType.Finetune));   // z1
        Assert.Equal(1, s.ChildrenWithChildren(EdgeType.Quantized));  // z3
        Assert.Equal(1, s.ChildrenWithChildren(EdgeType.Adapter));    // a2
        Assert.Equal(0, s.ChildrenWithChildren(EdgeType.Merge));
        Assert.Equal(2, s.MaxGeneration);
        Assert.Equal(2, s.DanglingLinks);
        Assert.Equal(2, s.DanglingParents);
        Assert.Equal(1, s.DuplicateLinks);
        Assert.Equal(1, s.SelfLinks);
        Assert.Equal(9, s.EdgesTotal);
        Assert.Equal(2, Phylo.Analyses.Graph.GraphAnalysis.Summarize(t, g, top: 2).TopParents.Length);
        Assert.Empty(Phylo.Analyses.Graph.GraphAnalysis.Summarize(t, g, top: 0).LargestFamilies);
        AssertMatchesNaive(t, g, s, 20);
    }

    [Fact]
    public void Matches_naive_references_on_random_graphs()
    {
        RandomSnapshots.Check((_, _, t, g) =>
        {
            foreach (int top in new[] { 1, 3, 20 }) AssertMatchesNaive(t, g, Phylo.Analyses.Graph.GraphAnalysis.Summarize(t, g, top), top);
        }, iter: 200);
    }

    [Fact]
    public void Is_deterministic()
    {
        RandomSnapshots.Check((_, _, t, g) =>
        {
            var a = Phylo.Analyses.Graph.GraphAnalysis.Summarize(t, g, 5);
            var b = Phylo.Analyses.Graph.GraphAnalysis.Summarize(t, FamilyGraphBuilder.Build(t), 5);
            Assert.Equal(a.TopParents, b.TopParents);
            Assert.Equal(a.LargestFamilies, b.LargestFamilies);
            Assert.Equal(a.OutDegreeByView.SelectMany(x => x), b.OutDegreeByView.SelectMany(x => x));
            Assert.Equal(a.ChildrenWithChildrenByType, b.ChildrenWithChildrenByType);
        }, iter: 100);
    }
}
