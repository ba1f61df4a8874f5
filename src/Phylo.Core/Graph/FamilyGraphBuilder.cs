using Phylo.Table;

namespace Phylo.Graph;

/// <summary>
/// Resolves a table's declared parent links into a <see cref="FamilyGraph"/>: drops self-links and
/// parents outside the snapshot (counting both), collapses duplicate links, breaks cycles
/// deterministically, derives the no-merge forest, generations, descendants and families.
/// Linear time and array-based throughout (a counting sort by parent, no hashing of edges).
/// </summary>
public static class FamilyGraphBuilder
{
    /// <param name="inferred">Inferred links to add after the declared ones (<c>--with-inferred</c>), or null: then
    /// <see cref="FamilyGraph.Inferred"/> and <see cref="GraphStats.Inferred"/> stay null and nothing changes.</param>
    public static FamilyGraph Build(ModelTable table, InferredLinks? inferred = null)
    {
        int n = table.Count;
        var links = ResolvedLinks.Resolve(table);
        var edges = EdgeSorter.SortAndCollapse(n, links, out int duplicates);

        int[] childOffsets = Csr.Offsets(n, edges.Parent);
        bool[]? keep = CycleBreaker.BackEdges(n, childOffsets, edges.Child, out int cycles);
        EdgeArrays backEdges = new([], [], []);
        if (keep is not null)
        {
            backEdges = EdgeSorter.Dropped(edges, keep);
            edges = EdgeSorter.Filter(edges, keep);
            childOffsets = Csr.Offsets(n, edges.Parent);
        }
        int declaredKept = edges.Count;
        bool[]? inferredFlags = null;
        InferredLinkStats? inferredStats = null;
        if (inferred is not null)
        {
            (edges, inferredFlags, inferredStats) = InferredEdgeMerger.Merge(table, edges, inferred);
            childOffsets = Csr.Offsets(n, edges.Parent);
        }

        int m = edges.Count;
        var types = new EdgeType[m];
        var byType = new long[Relations.EdgeTypeCount];
        for (int e = 0; e < m; e++)
        {
            types[e] = Relations.Primary(edges.Mask[e]);
            byType[(int)types[e]]++;
        }

        int[] parentOffsets = Csr.Offsets(n, edges.Child);
        int[] parentEdges = new int[m];
        var fill = (int[])parentOffsets.Clone();
        for (int e = 0; e < m; e++) parentEdges[fill[edges.Child[e]]++] = e; // edges are in parent order already

        var (forestParent, isForest) = Forest.Choose(n, parentOffsets, parentEdges, edges.Parent, types);
        var (root, generation, descendants) = Forest.Walk(n, forestParent, childOffsets, edges.Child, isForest);
        var (familyOf, families, widths) = FamilyFinder.Find(n, edges.Parent, edges.Child, root, generation, descendants);

        return new FamilyGraph
        {
            NodeCount = n,
            EdgeParent = edges.Parent,
            EdgeChild = edges.Child,
            EdgeTypes = types,
            EdgeMasks = edges.Mask,
            IsForestEdge = isForest,
            Inferred = inferredFlags,
            ChildOffsets = childOffsets,
            ParentOffsets = parentOffsets,
            ParentEdges = parentEdges,
            ForestParent = forestParent,
            Root = root,
            Generation = generation,
            Descendants = descendants,
            FamilyOf = familyOf,
            Families = families,
            FamilyWidths = widths,
            StudyExtraEdges = StudyExtraEdges.Of(links.SelfEdges, backEdges),
            Stats = new GraphStats(
                table.ParentRefIds.Length + table.DuplicateParentLinks, links.Dangling, links.DanglingParents,
                links.SelfLinks, cycles, byType)
            {
                DuplicateLinks = table.DuplicateParentLinks + duplicates,
                KeptEdges = declaredKept,
                Inferred = inferredStats,
            },
        };
    }
}
