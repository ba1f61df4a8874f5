using Phylo.Table;

namespace Phylo.Graph;

/// <summary>
/// Resolves a table's declared parent links into a <see cref="FamilyGraph"/>: drops self-links and
/// parents outside the snapshot (counting both), breaks cycles deterministically, derives the
/// no-merge forest, generations, descendants and families. Linear time apart from one edge sort.
/// </summary>
public static class FamilyGraphBuilder
{
    public static FamilyGraph Build(ModelTable table)
    {
        int n = table.Count;
        var refOffsets = table.ParentRefOffsets;
        long declared = table.ParentRefIds.Length, dangling = 0;
        int selfLinks = 0;
        var danglingIds = new HashSet<string>(StringComparer.Ordinal);

        // 1. Resolve links to (parent, child, mask), packed as parent<<32|child for one sort.
        var keys = new List<long>(table.ParentRefIds.Length);
        var maskOf = new Dictionary<long, RelationMask>();
        for (int c = 0; c < n; c++)
        {
            for (int r = refOffsets[c]; r < refOffsets[c + 1]; r++)
            {
                string pid = table.ParentRefIds[r];
                if (!table.IndexOf.TryGetValue(pid, out int p)) { dangling++; danglingIds.Add(pid); continue; }
                if (p == c) { selfLinks++; continue; }
                long key = ((long)p << 32) | (uint)c;
                keys.Add(key);
                maskOf[key] = table.ParentRefMasks[r];
            }
        }
        var sorted = keys.ToArray();
        Array.Sort(sorted);

        // 2. Break cycles: DFS in model order over (parent, child)-sorted edges; a back edge is dropped.
        var (parents, children) = Unpack(sorted);
        int cycles = BreakCycles(n, parents, children, out bool[] keep);
        int m = 0;
        for (int i = 0; i < keep.Length; i++) if (keep[i]) sorted[m++] = sorted[i];
        Array.Resize(ref sorted, m);
        (parents, children) = Unpack(sorted);

        var types = new EdgeType[m];
        var masks = new RelationMask[m];
        var byType = new long[Relations.EdgeTypeCount];
        for (int e = 0; e < m; e++)
        {
            masks[e] = maskOf[sorted[e]];
            types[e] = Relations.Primary(masks[e]);
            byType[(int)types[e]]++;
        }

        int[] childOffsets = Offsets(n, parents);
        int[] parentOffsets = Offsets(n, children);
        int[] parentEdges = new int[m];
        var fill = (int[])parentOffsets.Clone();
        for (int e = 0; e < m; e++) parentEdges[fill[children[e]]++] = e; // edges are in parent order already

        // 3. No-merge forest: each child keeps its non-merge in-edge with the lowest parent index.
        var forestParent = new int[n];
        var isForest = new bool[m];
        Array.Fill(forestParent, -1);
        for (int c = 0; c < n; c++)
        {
            for (int i = parentOffsets[c]; i < parentOffsets[c + 1]; i++)
            {
                int e = parentEdges[i];
                if (types[e] == EdgeType.Merge) continue;
                forestParent[c] = parents[e];
                isForest[e] = true;
                break;
            }
        }

        var (root, generation, descendants) = ForestWalk(n, forestParent, childOffsets, children, isForest);
        var (familyOf, families) = Families(n, parents, children, root, generation, descendants);

        return new FamilyGraph
        {
            NodeCount = n,
            EdgeParent = parents,
            EdgeChild = children,
            EdgeTypes = types,
            EdgeMasks = masks,
            IsForestEdge = isForest,
            ChildOffsets = childOffsets,
            ParentOffsets = parentOffsets,
            ParentEdges = parentEdges,
            ForestParent = forestParent,
            Root = root,
            Generation = generation,
            Descendants = descendants,
            FamilyOf = familyOf,
            Families = families,
            Stats = new GraphStats(declared, dangling, danglingIds.Count, selfLinks, cycles, byType),
        };
    }

    private static (int[] Parents, int[] Children) Unpack(long[] sorted)
    {
        var p = new int[sorted.Length];
        var c = new int[sorted.Length];
        for (int i = 0; i < sorted.Length; i++) { p[i] = (int)(sorted[i] >> 32); c[i] = (int)sorted[i]; }
        return (p, c);
    }

    private static int[] Offsets(int n, int[] keys)
    {
        var offsets = new int[n + 1];
        foreach (int k in keys) offsets[k + 1]++;
        for (int i = 0; i < n; i++) offsets[i + 1] += offsets[i];
        return offsets;
    }

    /// <summary>Iterative three-colour DFS; marks back edges (those closing a cycle) as not kept.</summary>
    private static int BreakCycles(int n, int[] parents, int[] children, out bool[] keep)
    {
        int m = parents.Length;
        keep = new bool[m];
        Array.Fill(keep, true);
        if (m == 0) return 0;
        int[] offsets = Offsets(n, parents);
        var colour = new byte[n]; // 0 white, 1 on stack, 2 done
        var stackNode = new int[n];
        var stackNext = new int[n];
        int broken = 0;
        for (int s = 0; s < n; s++)
        {
            if (colour[s] != 0 || offsets[s] == offsets[s + 1]) continue;
            int top = 0;
            stackNode[0] = s; stackNext[0] = offsets[s]; colour[s] = 1;
            while (top >= 0)
            {
                int v = stackNode[top];
                if (stackNext[top] == offsets[v + 1]) { colour[v] = 2; top--; continue; }
                int e = stackNext[top]++;
                int w = children[e];
                if (colour[w] == 1) { keep[e] = false; broken++; }
                else if (colour[w] == 0)
                {
                    colour[w] = 1;
                    top++;
                    stackNode[top] = w; stackNext[top] = offsets[w];
                }
            }
        }
        return broken;
    }

    private static (int[] Root, int[] Generation, int[] Descendants) ForestWalk(
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
        for (int i = tail - 1; i >= 0; i--)
        {
            int v = order[i], p = forestParent[v];
            if (p >= 0) desc[p] += desc[v] + 1;
        }
        return (root, gen, desc);
    }

    private static (int[] FamilyOf, FamilyInfo[] Families) Families(
        int n, int[] parents, int[] children, int[] root, int[] gen, int[] desc)
    {
        var uf = new int[n];
        for (int i = 0; i < n; i++) uf[i] = i;
        for (int e = 0; e < parents.Length; e++)
        {
            int a = Find(uf, parents[e]), b = Find(uf, children[e]);
            if (a != b) { if (a < b) uf[b] = a; else uf[a] = b; } // smaller index represents
        }
        // Component representative = its lowest model index, so families are numbered in model order.
        var familyOf = new int[n];
        var repToFamily = new Dictionary<int, int>();
        var best = new List<int>();
        var sizes = new List<int>();
        var depths = new List<int>();
        for (int v = 0; v < n; v++)
        {
            int r = Find(uf, v);
            if (!repToFamily.TryGetValue(r, out int f))
            {
                f = repToFamily.Count;
                repToFamily.Add(r, f);
                best.Add(-1); sizes.Add(0); depths.Add(0);
            }
            familyOf[v] = f;
            sizes[f]++;
            if (gen[v] > depths[f]) depths[f] = gen[v];
            if (root[v] == v && (best[f] < 0 || desc[v] > desc[best[f]])) best[f] = v;
        }
        var widths = new int[repToFamily.Count][];
        for (int f = 0; f < widths.Length; f++) widths[f] = new int[depths[f] + 1];
        for (int v = 0; v < n; v++) widths[familyOf[v]][gen[v]]++;
        var families = new FamilyInfo[widths.Length];
        for (int f = 0; f < families.Length; f++) families[f] = new FamilyInfo(best[f], sizes[f], depths[f], widths[f]);
        return (familyOf, families);
    }

    private static int Find(int[] uf, int x)
    {
        while (uf[x] != x) { uf[x] = uf[uf[x]]; x = uf[x]; }
        return x;
    }
}
