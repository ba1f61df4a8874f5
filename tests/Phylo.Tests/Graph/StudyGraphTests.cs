using Phylo.Analyses;
using Phylo.Analyses.Graph;
using Phylo.Graph;
using Phylo.Ingest;
using Phylo.Table;
using Phylo.Tests.Infrastructure;
using static Phylo.Tests.Table.TestRecords;

namespace Phylo.Tests.Graph;

/// <summary>The study's graph, its no-merge view and the bare parent-list rule, on hand-built edge lists.</summary>
public class StudyGraphTests
{
    private static ParentRef Bare(string id) => new(id, RelationMask.Bare);

    private static (ModelTable Table, FamilyGraph Graph) Build(params ModelRecord[] records)
    {
        var t = BuildTable(records);
        return (t, FamilyGraphBuilder.Build(t));
    }

    [Fact]
    public void Self_links_and_cycle_edges_are_kept_aside_for_the_study_graph()
    {
        // a → b → c → a (finetune) closes a cycle; d names itself (adapter); e names a model outside the snapshot.
        var (t, g) = Build(
            Model("a", Ft("c")), Model("b", Ft("a")), Model("c", Ft("b")),
            Model("d", new ParentRef("d", RelationMask.Adapter | RelationMask.Bare)), Model("e", Ft("gone/x")));
        Assert.Equal(2, g.EdgeCount);
        Assert.Equal(1, g.Stats.CyclesBroken);
        Assert.Equal(1, g.Stats.SelfLinks);
        var extra = g.StudyExtraEdges;
        Assert.Equal(2, extra.Count);
        Assert.Equal([(t.IndexOf["c"], t.IndexOf["a"], EdgeType.Finetune), (t.IndexOf["d"], t.IndexOf["d"], EdgeType.Adapter)],
            Enumerable.Range(0, extra.Count).Select(i => (extra.Parent[i], extra.Child[i], extra.Types[i])));

        var s = GraphAnalysisOf(t, g);
        Assert.Equal(4, s.Edges);                                   // 2 kept + 1 cycle edge + 1 self-link; the dangling link is skipped
        Assert.Equal(3, s.EdgesByType[(int)EdgeType.Finetune]);
        Assert.Equal(1, s.EdgesByType[(int)EdgeType.Adapter]);
        Assert.Equal((1L, 1L), (s.SelfLinks, s.CycleEdges));
    }

    private static StudyGraphPartial GraphAnalysisOf(ModelTable t, FamilyGraph g) => StudyGraphPartial.Compute(t, g, ShardScope.Whole(t, g));

    [Fact]
    public void No_merge_view_drops_merges_only_and_is_not_a_forest()
    {
        // r → x (finetune), s → x (untyped): x keeps both parents; m merges x and y; y → z quantized.
        var (t, g) = Build(
            Model("r"), Model("s"), Model("x", Ft("r"), Base("s")), Model("y"),
            Model("m", Merge("x"), Merge("y")), Model("z", Quant("y")));
        var nm = StudyNoMerge.Of(g);
        int Comp(string id) => nm.ComponentOf[t.IndexOf[id]];
        Assert.Equal(Comp("r"), Comp("x"));
        Assert.Equal(Comp("s"), Comp("x"));                         // the untyped edge stays
        Assert.NotEqual(Comp("x"), Comp("y"));                       // only the merge joined them
        Assert.NotEqual(Comp("m"), Comp("x"));
        Assert.Equal(3, nm.Sizes[Comp("x")]);
        Assert.Equal(2, nm.Sizes[Comp("y")]);
        Assert.Single(g.Families);                                   // all edges: one family
        Assert.Equal(0, nm.OutDegree[t.IndexOf["x"]]);               // x's only child is a merge
        Assert.Equal("r", t.Ids[nm.Named[Comp("x")]]);               // parentless, most children; r before s on ties
    }

    [Fact]
    public void Children_with_children_count_edges_in_the_no_merge_view()
    {
        // p → c1, c2 (finetune); c1 → g (quantized); c2 → m (merge only); q → c1 (adapter): c1 has two parents.
        var (t, g) = Build(
            Model("p"), Model("q"), Model("c1", Ft("p"), Adapter("q")), Model("c2", Ft("p")),
            Model("g", Quant("c1")), Model("m", Merge("c2")));
        var s = GraphAnalysisOf(t, g);
        Assert.Equal(1, s.ChildrenWithChildren[(int)EdgeType.Finetune]);   // p→c1 (c2's child is a merge)
        Assert.Equal(1, s.ChildrenWithChildren[(int)EdgeType.Adapter]);    // q→c1: per edge, c1 counted again
        Assert.Equal(0, s.ChildrenWithChildren[(int)EdgeType.Quantized]);
        Assert.Equal(0, s.ChildrenWithChildren[(int)EdgeType.Merge]);
        Assert.Equal([new StudyFamilyRank("p", 5), new StudyFamilyRank("m", 1)], s.LargestFamilies);
    }

    [Fact]
    public void Parent_models_count_bare_lists_that_are_exactly_one_id()
    {
        var (t, g) = Build(
            Model("base"),
            Model("a", Bare("base"), Ft("base")),
            Model("b", Bare("base")),
            Model("c", Bare("gone/dangling")),                                                   // outside the snapshot: still counted
            Model("d", Bare("gone/dangling")),
            Model("e", Bare("base"), Bare("gone/dangling"), Merge("base"), Merge("gone/dangling")), // combined key
            Model("f", Ft("base")),                                                              // no bare list: not counted
            Model("h", new ParentRef("base", RelationMask.Bare | RelationMask.BareRepeated)));     // [base, base]
        var counts = BareParentCounts.Count(t, _ => true);
        Assert.Equal(2, counts["base"]);
        Assert.Equal(2, counts["gone/dangling"]);
        Assert.Equal(1, counts["base, gone/dangling"]);
        Assert.Equal(1, counts["base" + BareParentCounts.RepeatedSuffix]);
        Assert.Equal(4, counts.Count);
        Assert.Equal([new("base", 2L), new("gone/dangling", 2L)], BareParentCounts.Top(counts, 2));
        Assert.Equal(5, GraphAnalysis.Summarize(t, g).TopParents[0].Children);                  // out-degree is another number
    }

    [Fact]
    public void Published_csv_marks_the_bare_list_and_its_repeats()
    {
        string csv = TestIngest.TempFile(new PublishedCsv()
            .Row("org/base")
            .Row("org/one", parents: "['org/base']", finetune: "['org/base']", tags: "['base_model:org/base', 'base_model:finetune:org/base']")
            .Row("org/twice", parents: "['org/base', 'org/base']", merge: "['org/base']")
            .Row("org/typed", finetune: "['org/base']")
            .ToString());
        var t = TestIngest.Run(csv).Table;
        Assert.Equal("org/base", BareParentCounts.KeyOf(t, t.IndexOf["org/one"]));
        Assert.Equal("org/base" + BareParentCounts.RepeatedSuffix, BareParentCounts.KeyOf(t, t.IndexOf["org/twice"]));
        Assert.Null(BareParentCounts.KeyOf(t, t.IndexOf["org/typed"]));
        int r = t.ParentRefOffsets[t.IndexOf["org/one"]];
        Assert.Equal(RelationMask.Bare | RelationMask.Finetune, t.ParentRefMasks[r]);
        Assert.Equal(EdgeType.Finetune, Relations.Primary(t.ParentRefMasks[r]));
    }

    [Fact]
    public void Hub_tags_mark_bare_links_and_repeats_within_the_tags()
    {
        var refs = new List<ParentRef>();
        TagParents.AddFrom(["base_model:a/b", "base_model:finetune:a/b", "base_model:a/b", "base_model:odd:c/d"], refs);
        Assert.Equal(
            [new ParentRef("a/b", RelationMask.Bare), new ParentRef("a/b", RelationMask.Finetune),
             new ParentRef("a/b", RelationMask.Bare | RelationMask.BareRepeated), new ParentRef("c/d", RelationMask.None)], refs);
    }

    [Fact]
    public void Shards_of_the_study_graph_facts_merge_to_the_whole()
    {
        var records = new List<ModelRecord>();
        var rng = new Random(7);
        RelationMask[] masks = [RelationMask.Finetune, RelationMask.Quantized, RelationMask.Adapter, RelationMask.Merge, RelationMask.None];
        for (int i = 0; i < 400; i++)
        {
            var r = Model($"m{i}");
            if (i > 0 && rng.Next(4) > 0)
            {
                int p = rng.Next(i);
                r.Parents.Add(new ParentRef($"m{p}", masks[rng.Next(masks.Length)] | RelationMask.Bare));
                if (rng.Next(10) == 0) r.Parents.Add(new ParentRef($"m{rng.Next(i)}", RelationMask.Merge | RelationMask.Bare));
                if (rng.Next(15) == 0) r.Parents.Add(new ParentRef($"gone/{rng.Next(5)}", RelationMask.Bare));
            }
            if (rng.Next(40) == 0) r.Parents.Add(new ParentRef($"m{i}", RelationMask.Finetune));
            records.Add(r);
        }
        var (t, g) = Build([.. records]);
        var whole = GraphAnalysisOf(t, g);
        for (int n = 2; n <= 5; n++)
        {
            var merged = StudyGraphPartial.Compute(t, g, ShardScope.Of(t, g, 0, n));
            for (int i = 1; i < n; i++) merged = StudyGraphPartial.Merge(merged, StudyGraphPartial.Compute(t, g, ShardScope.Of(t, g, i, n)));
            Assert.Equal(whole.EdgesByType, merged.EdgesByType);
            Assert.Equal(whole.ChildrenWithChildren, merged.ChildrenWithChildren);
            Assert.Equal(whole.LargestFamilies, merged.LargestFamilies);
            Assert.Equal(whole.BareParents.OrderBy(kv => kv.Key, StringComparer.Ordinal), merged.BareParents.OrderBy(kv => kv.Key, StringComparer.Ordinal));
            Assert.Equal(whole.SelfLinks, merged.SelfLinks);
        }
        Assert.True(whole.SelfLinks > 0 && whole.BareParents.Keys.Any(k => k.Contains(", gone/", StringComparison.Ordinal)));
    }
}
