using Phylo.Table;

namespace Phylo.Graph;

/// <summary>
/// The parent→child graph over a <see cref="Table.ModelTable"/>'s models as CSR arrays.
/// Edges are numbered in (parent, child) order, so a parent's out-edges are the contiguous range
/// <c>ChildOffsets[p] .. ChildOffsets[p+1]</c>; <see cref="ParentEdges"/> lists each child's in-edges by parent.
/// Cycles are already broken; every view is acyclic.
/// </summary>
public sealed class FamilyGraph
{
    public required int NodeCount { get; init; }
    public int EdgeCount => EdgeParent.Length;

    public required int[] EdgeParent { get; init; }
    public required int[] EdgeChild { get; init; }
    /// <summary>Primary relation per edge (last of finetune, quantized, adapter, merge that matches).</summary>
    public required EdgeType[] EdgeTypes { get; init; }
    /// <summary>Every relation the link was declared with.</summary>
    public required RelationMask[] EdgeMasks { get; init; }
    /// <summary>The edge is its child's one parent edge in the no-merge forest.</summary>
    public required bool[] IsForestEdge { get; init; }
    /// <summary>Per edge: added from an inferred link, not declared. Null unless the graph was built with inferred links.</summary>
    public bool[]? Inferred { get; init; }

    /// <summary>Out-edges of p are edge ids ChildOffsets[p]..ChildOffsets[p+1]; the child is EdgeChild[e].</summary>
    public required int[] ChildOffsets { get; init; }
    /// <summary>In-edges of c are ParentEdges[ParentOffsets[c]..ParentOffsets[c+1]] (edge ids, by parent).</summary>
    public required int[] ParentOffsets { get; init; }
    public required int[] ParentEdges { get; init; }

    /// <summary>Parent in the no-merge forest, -1 for a root.</summary>
    public required int[] ForestParent { get; init; }
    /// <summary>Root of the model's tree in the no-merge forest.</summary>
    public required int[] Root { get; init; }
    /// <summary>Distance from <see cref="Root"/> in the forest (0 for roots).</summary>
    public required int[] Generation { get; init; }
    /// <summary>Number of descendants in the forest (subtree size minus one).</summary>
    public required int[] Descendants { get; init; }

    /// <summary>Family (weakly connected component over all edges) per model, numbered by <see cref="Families"/>.</summary>
    public required int[] FamilyOf { get; init; }
    public required FamilyInfo[] Families { get; init; }
    /// <summary>Models per generation of every family, family after family (<see cref="WidthOf"/>).</summary>
    public required int[] FamilyWidths { get; init; }

    /// <summary>Models per generation of family <paramref name="family"/>, index = generation.</summary>
    public ReadOnlySpan<int> WidthOf(int family) => FamilyWidths.AsSpan(Families[family].WidthStart, Families[family].Depth + 1);

    public required GraphStats Stats { get; init; }

    /// <summary>Declared links the study's graph kept as edges but this graph leaves out (self-links, cycle edges).</summary>
    public StudyExtraEdges StudyExtraEdges { get; init; } = StudyExtraEdges.None;

    /// <summary>The edge was declared in the inputs (not added from <c>--with-inferred</c>).</summary>
    public bool IsDeclared(int edge) => Inferred is null || !Inferred[edge];

    public bool InView(int edge, GraphView view) => view switch
    {
        GraphView.All => true,
        GraphView.Finetune => EdgeTypes[edge] == EdgeType.Finetune,
        _ => IsForestEdge[edge],
    };

    public int OutDegree(int parent) => ChildOffsets[parent + 1] - ChildOffsets[parent];

    public int OutDegree(int parent, GraphView view)
    {
        if (view == GraphView.All) return OutDegree(parent);
        int n = 0;
        for (int e = ChildOffsets[parent]; e < ChildOffsets[parent + 1]; e++)
            if (InView(e, view)) n++;
        return n;
    }

    /// <summary>Children of <paramref name="parent"/> over all edges, ascending (the out-edge range's children).</summary>
    public ReadOnlySpan<int> ChildrenOf(int parent) =>
        EdgeChild.AsSpan(ChildOffsets[parent], ChildOffsets[parent + 1] - ChildOffsets[parent]);

    /// <summary>In-edge ids of <paramref name="child"/>, by ascending parent.</summary>
    public ReadOnlySpan<int> InEdges(int child) =>
        ParentEdges.AsSpan(ParentOffsets[child], ParentOffsets[child + 1] - ParentOffsets[child]);
}

/// <summary>One family: a weakly connected component of the all-edges graph.</summary>
/// <param name="Root">The forest root with the largest tree in the component (lowest model index on ties).</param>
/// <param name="Size">Models in the component.</param>
/// <param name="Depth">Largest generation among its models.</param>
/// <param name="WidthStart">Where its models per generation start in <see cref="FamilyGraph.FamilyWidths"/>
/// (<see cref="FamilyGraph.WidthOf"/>). A struct over shared arrays: 1.3M families at full scale were 2.6M small objects.</param>
public readonly record struct FamilyInfo(int Root, int Size, int Depth, int WidthStart);

/// <summary>
/// What the graph builder found while resolving links. Every declared link ends up in exactly one bucket:
/// <c>DeclaredLinks = KeptEdges + DanglingLinks + SelfLinks + DuplicateLinks + CyclesBroken</c>.
/// </summary>
/// <param name="DeclaredLinks">Non-empty parent ids as declared, duplicates included.</param>
/// <param name="DanglingLinks">Links (after collapsing duplicates) whose parent is not in the snapshot.</param>
/// <param name="DanglingParents">Distinct parent ids not in the snapshot.</param>
/// <param name="SelfLinks">Links from a model to itself (after collapsing duplicates).</param>
/// <param name="CyclesBroken">Edges dropped to make the graph acyclic (the DFS back edges).</param>
/// <param name="EdgesByType">Kept edges per primary <see cref="EdgeType"/>, indexed by <c>(int)type</c>.</param>
public sealed record GraphStats(
    long DeclaredLinks,
    long DanglingLinks,
    int DanglingParents,
    int SelfLinks,
    int CyclesBroken,
    long[] EdgesByType)
{
    /// <summary>Declared links that repeated a (child, parent) pair already declared; their relations were OR-ed in.</summary>
    public long DuplicateLinks { get; init; }
    /// <summary>Declared edges in the graph (<see cref="FamilyGraph.EdgeCount"/> less the inferred ones).</summary>
    public long KeptEdges { get; init; }
    /// <summary>What became of the inferred links, or null when the graph was built without them.</summary>
    public InferredLinkStats? Inferred { get; init; }
}
