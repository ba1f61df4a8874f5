using Phylo.Graph;
using Phylo.Table;

namespace Phylo.Tests.Graph;

/// <summary>Random snapshots (dangling ids, self-links, duplicates, cycles) checked against naive references.</summary>
public class FamilyGraphPropertyTests
{
    [Fact]
    public void Every_view_is_acyclic_and_edges_are_sorted_csr()
    {
        RandomSnapshots.Check((n, _, _, g) =>
        {
            foreach (var view in GraphViews.All) Assert.True(NaiveGraph.IsAcyclic(n, NaiveGraph.Edges(g, view)), view.Name());
            for (int e = 1; e < g.EdgeCount; e++)
                Assert.True(((long)g.EdgeParent[e - 1] << 32 | (uint)g.EdgeChild[e - 1]) < ((long)g.EdgeParent[e] << 32 | (uint)g.EdgeChild[e]));
            for (int p = 0; p < n; p++)
                for (int e = g.ChildOffsets[p]; e < g.ChildOffsets[p + 1]; e++) Assert.Equal(p, g.EdgeParent[e]);
            for (int c = 0; c < n; c++)
            {
                var inEdges = g.InEdges(c).ToArray();
                Assert.All(inEdges, e => Assert.Equal(c, g.EdgeChild[e]));
                Assert.Equal(inEdges.Select(e => g.EdgeParent[e]).Order(), inEdges.Select(e => g.EdgeParent[e]));
            }
            Assert.Equal(g.EdgeCount, g.ParentEdges.Distinct().Count());
        });
    }

    [Fact]
    public void Kept_edges_were_declared_with_all_their_relations_and_counts_add_up()
    {
        RandomSnapshots.Check((n, links, _, g) =>
        {
            var declared = new Dictionary<(int P, int C), RelationMask>();
            foreach (var (c, p, m) in links.Where(l => l.P < n && l.P != l.C))
                declared[(p, c)] = declared.GetValueOrDefault((p, c)) | (RelationMask)m;
            for (int e = 0; e < g.EdgeCount; e++)
            {
                Assert.True(declared.TryGetValue((g.EdgeParent[e], g.EdgeChild[e]), out var mask));
                Assert.Equal(mask, g.EdgeMasks[e]);
                Assert.Equal(Relations.Primary(mask), g.EdgeTypes[e]);
            }

            var distinct = links.Select(l => (l.C, l.P)).Distinct().ToArray();
            var s = g.Stats;
            Assert.Equal(links.Length, s.DeclaredLinks);
            Assert.Equal(distinct.Count(l => l.P >= n), s.DanglingLinks);
            Assert.Equal(distinct.Where(l => l.P >= n).Select(l => l.P).Distinct().Count(), s.DanglingParents);
            Assert.Equal(distinct.Count(l => l.P == l.C), s.SelfLinks);
            Assert.Equal(links.Length - distinct.Length, s.DuplicateLinks);
            Assert.Equal(declared.Count, g.EdgeCount + s.CyclesBroken);
            Assert.Equal(s.DeclaredLinks, s.KeptEdges + s.DanglingLinks + s.SelfLinks + s.DuplicateLinks + s.CyclesBroken);
            Assert.Equal(g.EdgeCount, s.KeptEdges);
            if (NaiveGraph.IsAcyclic(n, declared.Keys)) Assert.Equal(0, s.CyclesBroken);
            else Assert.True(s.CyclesBroken > 0);
            for (int ty = 0; ty < Relations.EdgeTypeCount; ty++)
                Assert.Equal(g.EdgeTypes.Count(x => (int)x == ty), s.EdgesByType[ty]);
        });
    }

    [Fact]
    public void Forest_generation_root_and_descendants_match_naive_recount()
    {
        RandomSnapshots.Check((n, _, _, g) =>
        {
            for (int c = 0; c < n; c++)
            {
                var nonMerge = g.InEdges(c).ToArray().Where(e => g.EdgeTypes[e] != EdgeType.Merge).Select(e => g.EdgeParent[e]).ToArray();
                Assert.Equal(nonMerge.Length == 0 ? -1 : nonMerge.Min(), g.ForestParent[c]);
                int fp = g.ForestParent[c];
                Assert.Equal(fp < 0 ? 0 : g.Generation[fp] + 1, g.Generation[c]);
                Assert.Equal(NaiveGraph.Depth(g.ForestParent, c), g.Generation[c]);
                Assert.Equal(NaiveGraph.RootOf(g.ForestParent, c), g.Root[c]);
            }
            for (int e = 0; e < g.EdgeCount; e++)
                Assert.Equal(g.ForestParent[g.EdgeChild[e]] == g.EdgeParent[e], g.IsForestEdge[e]);
            Assert.Equal(NaiveGraph.Descendants(g.ForestParent), g.Descendants);
        });
    }

    [Fact]
    public void Families_match_a_naive_component_labelling()
    {
        RandomSnapshots.Check((n, _, _, g) =>
        {
            int[] label = NaiveGraph.Components(n, NaiveGraph.Edges(g, GraphView.All));
            Assert.Equal(label, g.FamilyOf);
            Assert.Equal(label.Max() + 1, g.Families.Length);
            int[] desc = NaiveGraph.Descendants(g.ForestParent);
            for (int f = 0; f < g.Families.Length; f++)
            {
                var members = Enumerable.Range(0, n).Where(v => label[v] == f).ToArray();
                var info = g.Families[f];
                Assert.Equal(members.Length, info.Size);
                int bestRoot = members.Where(v => g.ForestParent[v] < 0)
                    .OrderByDescending(v => desc[v]).ThenBy(v => v).First();
                Assert.Equal(bestRoot, info.Root);
                int depth = members.Max(v => NaiveGraph.Depth(g.ForestParent, v));
                Assert.Equal(depth, info.Depth);
                Assert.Equal(Enumerable.Range(0, depth + 1).Select(d => members.Count(v => NaiveGraph.Depth(g.ForestParent, v) == d)), g.WidthOf(f).ToArray());
            }
        });
    }

    [Fact]
    public void Build_is_deterministic()
    {
        RandomSnapshots.Check((_, _, t, g) =>
        {
            var h = FamilyGraphBuilder.Build(t);
            Assert.Equal(g.EdgeParent, h.EdgeParent);
            Assert.Equal(g.EdgeChild, h.EdgeChild);
            Assert.Equal(g.EdgeMasks, h.EdgeMasks);
            Assert.Equal(g.ForestParent, h.ForestParent);
            Assert.Equal(g.FamilyOf, h.FamilyOf);
            Assert.Equal(g.Stats.CyclesBroken, h.Stats.CyclesBroken);
        });
    }

    /// <summary>The same table without interned parent keys, as a table made by other code would be.</summary>
    private static ModelTable WithoutParentKeys(ModelTable t) => new()
    {
        Count = t.Count, Ids = t.Ids, IndexOf = t.IndexOf, Author = t.Author, Authors = t.Authors, Likes = t.Likes,
        Downloads = t.Downloads, CreatedAt = t.CreatedAt, ModelType = t.ModelType, ModelTypes = t.ModelTypes,
        CrawlDepth = t.CrawlDepth, Traits = t.Traits, CardChars = t.CardChars, CardWords = t.CardWords,
        HasCard = t.HasCard, AutoGenerated = t.AutoGenerated, ParentRefOffsets = t.ParentRefOffsets,
        ParentRefIds = t.ParentRefIds, ParentRefMasks = t.ParentRefMasks, SourceFiles = t.SourceFiles,
        DuplicateParentLinks = t.DuplicateParentLinks,
    };

    [Fact]
    public void Parent_keys_agree_with_ids_and_string_resolution_gives_the_same_graph()
    {
        RandomSnapshots.Check((_, _, t, g) =>
        {
            Assert.NotNull(t.ParentRefKeys);
            Assert.NotNull(t.ParentRefNames);
            Assert.Equal(t.ParentRefIds, t.ParentRefKeys.Select(k => t.ParentRefNames[k]));
            Assert.Equal(t.ParentRefIds.Distinct(StringComparer.Ordinal).Count(), t.ParentRefNames.Length);
            var h = FamilyGraphBuilder.Build(WithoutParentKeys(t));
            Assert.Equal(g.EdgeParent, h.EdgeParent);
            Assert.Equal(g.EdgeChild, h.EdgeChild);
            Assert.Equal(g.EdgeMasks, h.EdgeMasks);
            Assert.Equal(g.Stats.DanglingLinks, h.Stats.DanglingLinks);
            Assert.Equal(g.Stats.DanglingParents, h.Stats.DanglingParents);
            Assert.Equal(g.Stats.SelfLinks, h.Stats.SelfLinks);
        }, iter: 150);
    }
}
