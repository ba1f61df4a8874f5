using Phylo.Table;

namespace Phylo.Graph;

/// <summary>
/// Step 4 of the graph build: the no-merge forest (each child keeps its non-merge in-edge with the lowest
/// parent index) and, over it, root, generation and descendant count per model.
/// </summary>
internal static class Forest
{
    public static (int[] ForestParent, bool[] IsForestEdge) Choose(int n, int[] parentOffsets, int[] parentEdges, int[] edgeParent, EdgeType[] types)
    {
        var forestParent = new int[n];
        var isForest = new bool[edgeParent.Length];
        for (int c = 0; c < n; c++)
        {
            forestParent[c] = -1;
            // In-edges are listed by ascending parent, so the first non-merge one has the lowest parent index.
            for (int i = parentOffsets[c]; i < parentOffsets[c + 1]; i++)
            {
                int e = parentEdges[i];
                if (types[e] == EdgeType.Merge) continue;
                forestParent[c] = edgeParent[e];
                isForest[e] = true;
                break;
            }
        }
        return (forestParent, isForest);
    }

    /// <summary>Breadth-first from the roots in index order; descendants summed in reverse BFS order.</summary>
    public static (int[] Root, int[] Generation, int[] Descendants) Walk(
        int n, int[] forestParent, int[] childOffsets, int[] children, bool[] isForest)
    {
        var root = new int[n];
        var gen = new int[n];
        var desc = new int[n];
        var order = new int[n];
        int head = 0, tail = 0;
        for (int v = 0; v < n; v++)
            if (forestParent[v] < 0) { order[tail++] = v; root[v] = v; }
        while (head < tail)
        {
            int v = order[head++];
            for (int e = childOffsets[v]; e < childOffsets[v + 1]; e++)
            {
                if (!isForest[e]) continue;
                int c = children[e];
                root[c] = root[v];
                gen[c] = gen[v] + 1;
                order[tail++] = c;
            }
        }
        if (tail != n) throw new InvalidOperationException("forest walk missed models: the forest has a cycle");
        for (int i = n - 1; i >= 0; i--)
        {
            int v = order[i], p = forestParent[v];
            if (p >= 0) desc[p] += desc[v] + 1;
        }
        return (root, gen, desc);
    }
}
