namespace Phylo.Graph;

/// <summary>
/// Step 3 of the graph build: an iterative depth-first search over (parent, child)-sorted edges, started
/// from models in index order and following children in index order; every back edge (one that closes a
/// cycle) is dropped. What remains is acyclic (tree, forward and cross edges only), and the choice depends
/// only on model indices, so it is deterministic. A→B→A with A first keeps A→B and drops B→A.
/// </summary>
internal static class CycleBreaker
{
    /// <summary>Returns the keep flag per edge, or null when nothing had to be dropped.</summary>
    public static bool[]? BackEdges(int n, int[] childOffsets, int[] children, out int broken)
    {
        broken = 0;
        bool[]? keep = null;
        var colour = new byte[n];   // 0 unvisited, 1 on the DFS stack, 2 finished
        var stackNode = new int[n];
        var stackNext = new int[n];
        for (int s = 0; s < n; s++)
        {
            if (colour[s] != 0 || childOffsets[s] == childOffsets[s + 1]) continue;
            int top = 0;
            stackNode[0] = s; stackNext[0] = childOffsets[s]; colour[s] = 1;
            while (top >= 0)
            {
                int v = stackNode[top];
                if (stackNext[top] == childOffsets[v + 1]) { colour[v] = 2; top--; continue; }
                int e = stackNext[top]++;
                int w = children[e];
                if (colour[w] == 0)
                {
                    colour[w] = 1;
                    top++;
                    stackNode[top] = w; stackNext[top] = childOffsets[w];
                }
                else if (colour[w] == 1)
                {
                    if (keep is null) { keep = new bool[children.Length]; Array.Fill(keep, true); }
                    keep[e] = false;
                    broken++;
                }
            }
        }
        return keep;
    }
}
