using Phylo.Graph;
using Phylo.Table;
using static Phylo.Tests.Table.TestRecords;

namespace Phylo.Tests.Graph;

public class FamilyGraphBuilderTests
{
    private static (ModelTable Table, FamilyGraph Graph) Build(params Phylo.Table.ModelRecord[] records)
    {
        var t = BuildTable(records);
        return (t, FamilyGraphBuilder.Build(t));
    }

    private static int Edge(ModelTable t, FamilyGraph g, string parent, string child)
    {
        int p = t.IndexOf[parent], c = t.IndexOf[child];
        for (int e = 0; e < g.EdgeCount; e++) if (g.EdgeParent[e] == p && g.EdgeChild[e] == c) return e;
        return -1;
    }

    private static HashSet<(string, string)> EdgeNames(ModelTable t, FamilyGraph g) =>
        Enumerable.Range(0, g.EdgeCount).Select(e => (t.Ids[g.EdgeParent[e]], t.Ids[g.EdgeChild[e]])).ToHashSet();

    private static void AssertCountsAddUp(FamilyGraph g)
    {
        var s = g.Stats;
        Assert.Equal(g.EdgeCount, s.KeptEdges);
        Assert.Equal(s.DeclaredLinks, s.KeptEdges + s.DanglingLinks + s.SelfLinks + s.DuplicateLinks + s.CyclesBroken);
        Assert.Equal(g.EdgeCount, s.EdgesByType.Sum());
    }

    [Fact]
    public void Dangling_parents_are_counted_not_added()
    {
        var (t, g) = Build(
            Model("p"),
            Model("a", Ft("gone/x"), Ft("p"), Quant("gone/y")),
            Model("b", Adapter("gone/x")));
        Assert.Equal(1, g.EdgeCount);
        Assert.Equal(0, g.EdgeParent[0]);
        Assert.Equal(t.IndexOf["a"], g.EdgeChild[0]);
        Assert.Equal(3, g.Stats.DanglingLinks);
        Assert.Equal(2, g.Stats.DanglingParents);
        Assert.Equal(4, g.Stats.DeclaredLinks);
        AssertCountsAddUp(g);
    }

    [Fact]
    public void Self_link_is_counted_and_dropped()
    {
        var (_, g) = Build(Model("a", Ft("a")), Model("b", Ft("a"), Base("b")));
        Assert.Equal(2, g.Stats.SelfLinks);
        Assert.Equal(1, g.EdgeCount);
        Assert.Equal(-1, g.ForestParent[0]);
        Assert.Equal(0, g.ForestParent[1]);
        AssertCountsAddUp(g);
    }

    [Theory]
    [InlineData(new[] { RelationMask.Finetune, RelationMask.Adapter, RelationMask.Quantized }, EdgeType.Adapter)]
    [InlineData(new[] { RelationMask.Merge, RelationMask.Finetune }, EdgeType.Merge)]
    [InlineData(new[] { RelationMask.None, RelationMask.Finetune }, EdgeType.Finetune)]
    [InlineData(new[] { RelationMask.None, RelationMask.None }, EdgeType.Untyped)]
    [InlineData(new[] { RelationMask.Quantized, RelationMask.Finetune, RelationMask.Quantized }, EdgeType.Quantized)]
    public void Duplicate_links_collapse_with_masks_ored_and_last_type_primary(RelationMask[] declared, EdgeType primary)
    {
        var child = Model("c");
        foreach (var m in declared) child.Parents.Add(new("p", m));
        var (_, g) = Build(Model("p"), child);
        Assert.Equal(1, g.EdgeCount);
        var or = declared.Aggregate(RelationMask.None, (a, b) => a | b);
        Assert.Equal(or, g.EdgeMasks[0]);
        Assert.Equal(primary, g.EdgeTypes[0]);
        Assert.Equal(declared.Length - 1, g.Stats.DuplicateLinks);
        Assert.Equal(1, g.Stats.EdgesByType[(int)primary]);
        AssertCountsAddUp(g);
    }

    [Fact]
    public void Two_cycle_keeps_the_edge_out_of_the_lower_index()
    {
        // a names b as parent (b→a) and b names a (a→b). DFS starts at a (index 0), so b→a closes the cycle.
        var (t, g) = Build(Model("a", Ft("b")), Model("b", Ft("a")));
        Assert.Equal(1, g.Stats.CyclesBroken);
        Assert.Equal([("a", "b")], EdgeNames(t, g));
        AssertCountsAddUp(g);

        var (t2, g2) = Build(Model("b", Ft("a")), Model("a", Ft("b")));
        Assert.Equal([("b", "a")], EdgeNames(t2, g2));
    }

    [Fact]
    public void Three_cycle_is_broken_once_deterministically_and_result_is_acyclic()
    {
        // Edges a→b, b→c, c→a (a is parent of b, ...).
        var (t, g) = Build(Model("a", Ft("c")), Model("b", Ft("a")), Model("c", Ft("b")), Model("d", Ft("c")));
        Assert.Equal(1, g.Stats.CyclesBroken);
        Assert.Equal([("a", "b"), ("b", "c"), ("c", "d")], EdgeNames(t, g).OrderBy(x => x).ToArray());
        foreach (var view in GraphViews.All) Assert.True(NaiveGraph.IsAcyclic(g.NodeCount, NaiveGraph.Edges(g, view)));
        Assert.Equal([0, 1, 2, 3], g.Generation);
        Assert.Equal([3, 2, 1, 0], g.Descendants);
        var again = FamilyGraphBuilder.Build(t);
        Assert.Equal(g.EdgeParent, again.EdgeParent);
        Assert.Equal(g.EdgeChild, again.EdgeChild);
        AssertCountsAddUp(g);
    }

    [Fact]
    public void Merge_of_seven_parents_gives_one_edge_per_distinct_parent()
    {
        var parents = Enumerable.Range(1, 7).Select(i => Model($"p{i}")).ToList();
        var m = Model("m", [.. Enumerable.Range(1, 7).Select(i => Merge($"p{i}")), Merge("p3"), Merge("p7")]);
        var (t, g) = Build([.. parents, m]);
        Assert.Equal(7, g.EdgeCount);
        Assert.All(g.EdgeTypes, ty => Assert.Equal(EdgeType.Merge, ty));
        Assert.Equal(7, g.InEdges(t.IndexOf["m"]).Length);
        Assert.Equal(2, g.Stats.DuplicateLinks);
        Assert.Equal(-1, g.ForestParent[t.IndexOf["m"]]);       // merges are not forest edges
        Assert.Single(g.Families);
        Assert.Equal(8, g.Families[0].Size);
        AssertCountsAddUp(g);
    }

    [Fact]
    public void Forest_parent_is_the_lowest_indexed_non_merge_parent()
    {
        var (t, g) = Build(Model("p0"), Model("p1"), Model("p2"), Model("c", Ft("p2"), Merge("p0"), Adapter("p1")));
        int c = t.IndexOf["c"];
        Assert.Equal(t.IndexOf["p1"], g.ForestParent[c]);
        Assert.True(g.IsForestEdge[Edge(t, g, "p1", "c")]);
        Assert.False(g.IsForestEdge[Edge(t, g, "p2", "c")]);
        Assert.False(g.IsForestEdge[Edge(t, g, "p0", "c")]);
        Assert.Equal(1, g.OutDegree(t.IndexOf["p1"], GraphView.NoMerge));
        Assert.Equal(0, g.OutDegree(t.IndexOf["p2"], GraphView.NoMerge));
        // In-edges are listed by ascending parent.
        Assert.Equal([0, 1, 2], g.InEdges(c).ToArray().Select(e => g.EdgeParent[e]));
    }

    [Fact]
    public void Generation_root_and_descendants_on_a_multi_level_tree()
    {
        // Children listed before parents on purpose: indices do not follow the tree.
        var (t, g) = Build(
            Model("e", Ft("c")), Model("c", Quant("a")), Model("d", Ft("a")), Model("a", Ft("r")),
            Model("b", Adapter("r")), Model("r"), Model("lone"));
        string[] names = ["e", "c", "d", "a", "b", "r", "lone"];
        int[] gen = [3, 2, 2, 1, 1, 0, 0];
        int[] desc = [0, 1, 0, 3, 0, 5, 0];
        string[] root = ["r", "r", "r", "r", "r", "r", "lone"];
        for (int i = 0; i < names.Length; i++)
        {
            int v = t.IndexOf[names[i]];
            Assert.Equal(gen[i], g.Generation[v]);
            Assert.Equal(desc[i], g.Descendants[v]);
            Assert.Equal(t.IndexOf[root[i]], g.Root[v]);
        }
        Assert.Equal(2, g.Families.Length);
        int treeFamily = g.FamilyOf[t.IndexOf["r"]];
        var tree = g.Families[treeFamily];
        Assert.Equal(new FamilyInfo(t.IndexOf["r"], 6, 3, tree.WidthStart), tree);
        Assert.Equal([1, 2, 2, 1], g.WidthOf(treeFamily).ToArray());
        Assert.Equal([t.IndexOf["c"], t.IndexOf["d"]], g.ChildrenOf(t.IndexOf["a"]).ToArray());
    }

    [Fact]
    public void Families_are_weak_components_rooted_at_the_largest_forest_tree()
    {
        // Tree r1→x, tree r2→{y,z}, and m merges x and y: one family of six with three forest roots.
        var (t, g) = Build(
            Model("r1"), Model("x", Ft("r1")), Model("r2"), Model("y", Ft("r2")), Model("z", Adapter("r2")),
            Model("m", Merge("x"), Merge("y")), Model("solo"), Model("q", Quant("solo")));
        Assert.Equal(2, g.Families.Length);
        Assert.Equal([0, 0, 0, 0, 0, 0, 1, 1], g.FamilyOf);
        var f = g.Families[0];
        Assert.Equal(t.IndexOf["r2"], f.Root);
        Assert.Equal(6, f.Size);
        Assert.Equal(1, f.Depth);
        Assert.Equal([3, 3], g.WidthOf(0).ToArray());
        Assert.Equal(new FamilyInfo(t.IndexOf["solo"], 2, 1, g.Families[1].WidthStart), g.Families[1]);
        Assert.Equal([1, 1], g.WidthOf(1).ToArray());
    }

    [Fact]
    public void Finetune_view_keeps_only_primary_finetune_edges()
    {
        var (t, g) = Build(
            Model("p"), Model("a", Ft("p")), Model("b", Ft("p"), Quant("p")), Model("c", Ft("p")), Model("d", Adapter("p")));
        int p = t.IndexOf["p"];
        Assert.Equal(4, g.OutDegree(p));
        Assert.Equal(2, g.OutDegree(p, GraphView.Finetune));      // b's link is primarily a quantization
        Assert.Equal(4, g.OutDegree(p, GraphView.NoMerge));
        Assert.True(g.InView(Edge(t, g, "p", "a"), GraphView.Finetune));
        Assert.False(g.InView(Edge(t, g, "p", "b"), GraphView.Finetune));
        Assert.Equal([1, 2, 3, 4], g.ChildrenOf(p).ToArray());
    }

    [Fact]
    public void Empty_table_builds_an_empty_graph()
    {
        var g = FamilyGraphBuilder.Build(new ModelTableBuilder().Build());
        Assert.Equal(0, g.NodeCount);
        Assert.Equal(0, g.EdgeCount);
        Assert.Empty(g.Families);
        Assert.Equal([0], g.ChildOffsets);
    }
}
