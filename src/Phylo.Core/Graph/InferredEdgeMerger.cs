using Phylo.Table;

namespace Phylo.Graph;

/// <summary>
/// Step 3b of the graph build, only with <c>--with-inferred</c>: adds inferred links to the declared edges (already
/// collapsed and acyclic). A link to or from a model outside the snapshot, a self link, a repeat of a declared edge
/// (the declared edge and its relation win) or of another inferred link, and a link inside a cycle are counted and
/// dropped. Cycles are found as strongly connected components of declared + inferred edges: the declared edges are
/// acyclic, so every component larger than one model exists because of inferred edges, and dropping every inferred
/// edge inside one leaves the graph acyclic. The result depends only on the set of links, not their order in the file.
/// </summary>
internal static class InferredEdgeMerger
{
    public static (EdgeArrays Edges, bool[] Inferred, InferredLinkStats Stats) Merge(ModelTable table, EdgeArrays declared, InferredLinks links)
    {
        int n = table.Count;
        var keys = new ulong[links.Count];
        var masks = new RelationMask[links.Count];
        long unknown = 0, self = 0;
        int k = 0;
        for (int i = 0; i < links.Count; i++)
        {
            if (!table.TryGetIndex(links.Child[i], out int c) || !table.TryGetIndex(links.Parent[i], out int p)) { unknown++; continue; }
            if (c == p) { self++; continue; }
            keys[k] = (ulong)(uint)p << 32 | (uint)c;
            masks[k++] = links.Mask[i];
        }
        Array.Sort(keys, masks, 0, k);

        // Merge with the declared edges (both in (parent, child) order); repeats collapse, declared first.
        int m = declared.Count;
        var parent = new int[m + k];
        var child = new int[m + k];
        var mask = new RelationMask[m + k];
        var inferred = new bool[m + k];
        long duplicates = 0;
        int d = 0, j = 0, o = 0;
        while (d < m || j < k)
        {
            ulong dk = d < m ? (ulong)(uint)declared.Parent[d] << 32 | (uint)declared.Child[d] : ulong.MaxValue;
            if (j < k && keys[j] < dk)
            {
                if (o > 0 && inferred[o - 1] && Key(parent[o - 1], child[o - 1]) == keys[j]) { mask[o - 1] |= masks[j++]; duplicates++; continue; }
                (parent[o], child[o], mask[o], inferred[o]) = ((int)(keys[j] >> 32), (int)(uint)keys[j], masks[j], true);
                j++; o++;
            }
            else
            {
                if (j < k && keys[j] == dk) { j++; duplicates++; continue; }
                (parent[o], child[o], mask[o], inferred[o]) = (declared.Parent[d], declared.Child[d], declared.Mask[d], false);
                d++; o++;
            }
        }

        int[] component = StrongComponents.Of(n, Csr.Offsets(n, parent.AsSpan(0, o)), child.AsSpan(0, o));
        long cycles = 0;
        int kept = 0;
        for (int e = 0; e < o; e++)
        {
            if (inferred[e] && component[parent[e]] == component[child[e]]) { cycles++; continue; }
            (parent[kept], child[kept], mask[kept], inferred[kept]) = (parent[e], child[e], mask[e], inferred[e]);
            kept++;
        }
        var stats = new InferredLinkStats(links.Count, kept - m, unknown, self, duplicates, cycles);
        return (new EdgeArrays(parent[..kept], child[..kept], mask[..kept]), inferred[..kept], stats);
    }

    private static ulong Key(int parent, int child) => (ulong)(uint)parent << 32 | (uint)child;
}

/// <summary>Tarjan's strongly connected components, iterative (no recursion depth limit on deep chains).</summary>
internal static class StrongComponents
{
    /// <summary>Component id per node; two nodes share an id exactly when each reaches the other.</summary>
    public static int[] Of(int n, int[] offsets, ReadOnlySpan<int> targets)
    {
        var index = new int[n];
        var low = new int[n];
        var comp = new int[n];
        Array.Fill(index, -1);
        var onStack = new bool[n];
        var stack = new int[n];
        var callNode = new int[n];
        var callNext = new int[n];
        int next = 0, sp = 0, comps = 0;
        for (int s = 0; s < n; s++)
        {
            if (index[s] >= 0) continue;
            int top = 0;
            callNode[0] = s; callNext[0] = offsets[s];
            index[s] = low[s] = next++; stack[sp++] = s; onStack[s] = true;
            while (top >= 0)
            {
                int v = callNode[top];
                if (callNext[top] < offsets[v + 1])
                {
                    int w = targets[callNext[top]++];
                    if (index[w] < 0)
                    {
                        index[w] = low[w] = next++; stack[sp++] = w; onStack[w] = true;
                        top++; callNode[top] = w; callNext[top] = offsets[w];
                    }
                    else if (onStack[w]) low[v] = Math.Min(low[v], index[w]);
                    continue;
                }
                if (low[v] == index[v])
                {
                    int w;
                    do { w = stack[--sp]; onStack[w] = false; comp[w] = comps; } while (w != v);
                    comps++;
                }
                top--;
                if (top >= 0) low[callNode[top]] = Math.Min(low[callNode[top]], low[v]);
            }
        }
        return comp;
    }
}
