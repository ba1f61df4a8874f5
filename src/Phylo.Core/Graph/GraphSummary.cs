using Phylo.Table;

namespace Phylo.Graph;

/// <summary>A family ranked by size: the model id of its root, its size and depth.</summary>
public readonly record struct FamilyRank(string RootId, int Size, int Depth);

/// <summary>A parent ranked by its number of children over all edges.</summary>
public readonly record struct ParentRank(string ModelId, int Children);

/// <summary>One bin of an out-degree histogram: how many parents have exactly <see cref="Degree"/> children.</summary>
public readonly record struct DegreeCount(int Degree, int Parents);

/// <summary>
/// The headline numbers of a <see cref="FamilyGraph"/> (docs/engine.md §2), deterministic for a given table and graph.
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
}
