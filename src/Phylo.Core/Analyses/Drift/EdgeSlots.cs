using Phylo.Graph;
using Phylo.Table;

namespace Phylo.Analyses.Drift;

/// <summary>
/// The groups an edge is counted in for per-view and per-relation statistics: the three graph views
/// (slots 0..2, by <see cref="GraphView"/>) and the five primary relations (slots 3..7, by <see cref="EdgeType"/>).
/// </summary>
internal static class EdgeSlots
{
    public const int ViewCount = 3;
    public const int Count = ViewCount + Relations.EdgeTypeCount;

    public static int OfView(GraphView view) => (int)view;

    public static int OfRelation(EdgeType type) => ViewCount + (int)type;

    /// <summary>Fills <paramref name="slots"/> with every slot edge <paramref name="edge"/> counts in; returns how many.</summary>
    public static int Of(FamilyGraph graph, int edge, Span<int> slots)
    {
        int n = 0;
        slots[n++] = OfView(GraphView.All);
        EdgeType type = graph.EdgeTypes[edge];
        if (type == EdgeType.Finetune) slots[n++] = OfView(GraphView.Finetune);
        if (graph.IsForestEdge[edge]) slots[n++] = OfView(GraphView.NoMerge);
        slots[n++] = OfRelation(type);
        return n;
    }
}
