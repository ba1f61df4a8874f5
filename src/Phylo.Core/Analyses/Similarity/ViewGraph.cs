using Phylo.Graph;

namespace Phylo.Analyses.Similarity;

/// <summary>
/// One <see cref="GraphView"/> of a <see cref="FamilyGraph"/> as its own child and parent CSR, so pair kernels walk
/// children(p) and parents(c) without testing the edge mask per step. Children of a parent are ascending model
/// indices (the graph's (parent, child) edge order); <see cref="ChildEdge"/> maps back to graph edge ids.
/// </summary>
public sealed class ViewGraph
{
    private ViewGraph(GraphView view, int[] childStart, int[] children, int[] childEdge, int[] parentStart, int[] parents)
    {
        View = view;
        ChildStart = childStart;
        Children = children;
        ChildEdge = childEdge;
        ParentStart = parentStart;
        Parents = parents;
    }

    public GraphView View { get; }
    public int[] ChildStart { get; }
    public int[] Children { get; }
    /// <summary>Graph edge id of <see cref="Children"/>[i].</summary>
    public int[] ChildEdge { get; }
    public int[] ParentStart { get; }
    public int[] Parents { get; }

    public int EdgeCount => Children.Length;

    public ReadOnlySpan<int> ChildrenOf(int p) => Children.AsSpan(ChildStart[p], ChildStart[p + 1] - ChildStart[p]);

    public ReadOnlySpan<int> ParentsOf(int c) => Parents.AsSpan(ParentStart[c], ParentStart[c + 1] - ParentStart[c]);

    public static ViewGraph Build(FamilyGraph graph, GraphView view)
    {
        int n = graph.NodeCount, m = graph.EdgeCount;
        var childStart = new int[n + 1];
        var parentStart = new int[n + 1];
        int kept = 0;
        for (int e = 0; e < m; e++)
        {
            if (!graph.InView(e, view)) continue;
            kept++;
            childStart[graph.EdgeParent[e] + 1]++;
            parentStart[graph.EdgeChild[e] + 1]++;
        }
        for (int i = 0; i < n; i++) { childStart[i + 1] += childStart[i]; parentStart[i + 1] += parentStart[i]; }
        var children = new int[kept];
        var childEdge = new int[kept];
        var parents = new int[kept];
        var fill = (int[])parentStart.Clone();
        int at = 0;
        for (int e = 0; e < m; e++) // edges are sorted by (parent, child): children fill in place, parents by child
        {
            if (!graph.InView(e, view)) continue;
            children[at] = graph.EdgeChild[e];
            childEdge[at++] = e;
            parents[fill[graph.EdgeChild[e]]++] = graph.EdgeParent[e];
        }
        return new ViewGraph(view, childStart, children, childEdge, parentStart, parents);
    }
}
