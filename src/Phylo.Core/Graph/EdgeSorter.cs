using Phylo.Table;

namespace Phylo.Graph;

/// <summary>Edges as parallel arrays sorted by (parent, child), one per distinct pair.</summary>
internal readonly record struct EdgeArrays(int[] Parent, int[] Child, RelationMask[] Mask)
{
    public int Count => Parent.Length;
}

/// <summary>
/// Step 2 of the graph build: a stable counting sort of child-ordered links by parent gives (parent, child)
/// order in O(n + m); equal pairs are then adjacent and collapse to one edge with the OR of their masks.
/// </summary>
internal static class EdgeSorter
{
    public static EdgeArrays SortAndCollapse(int n, ResolvedLinks links, out int duplicates)
    {
        int m = links.Count;
        var start = new int[n + 1];
        for (int i = 0; i < m; i++) start[links.Parent[i] + 1]++;
        for (int p = 0; p < n; p++) start[p + 1] += start[p];

        var parent = new int[m];
        var child = new int[m];
        var mask = new RelationMask[m];
        for (int i = 0; i < m; i++)   // links arrive in child order, so each parent's run is child-ordered
        {
            int p = links.Parent[i];
            int at = start[p]++;
            parent[at] = p;
            child[at] = links.Child[i];
            mask[at] = links.Mask[i];
        }

        int kept = 0;
        for (int i = 0; i < m; i++)
        {
            if (kept > 0 && parent[kept - 1] == parent[i] && child[kept - 1] == child[i]) { mask[kept - 1] |= mask[i]; continue; }
            parent[kept] = parent[i];
            child[kept] = child[i];
            mask[kept] = mask[i];
            kept++;
        }
        duplicates = m - kept;
        return kept == m ? new EdgeArrays(parent, child, mask) : Take(new EdgeArrays(parent, child, mask), kept);
    }

    /// <summary>Keeps the edges whose <paramref name="keep"/> flag is set, preserving order.</summary>
    public static EdgeArrays Filter(EdgeArrays edges, bool[] keep)
    {
        int kept = 0;
        for (int i = 0; i < edges.Count; i++)
        {
            if (!keep[i]) continue;
            edges.Parent[kept] = edges.Parent[i];
            edges.Child[kept] = edges.Child[i];
            edges.Mask[kept] = edges.Mask[i];
            kept++;
        }
        return kept == edges.Count ? edges : Take(edges, kept);
    }

    /// <summary>The edges whose <paramref name="keep"/> flag is clear, in order (a copy; <paramref name="edges"/> is untouched).</summary>
    public static EdgeArrays Dropped(EdgeArrays edges, bool[] keep)
    {
        var parent = new List<int>();
        var child = new List<int>();
        var mask = new List<RelationMask>();
        for (int i = 0; i < edges.Count; i++)
        {
            if (keep[i]) continue;
            parent.Add(edges.Parent[i]);
            child.Add(edges.Child[i]);
            mask.Add(edges.Mask[i]);
        }
        return new EdgeArrays([.. parent], [.. child], [.. mask]);
    }

    private static EdgeArrays Take(EdgeArrays e, int count) =>
        new(e.Parent.AsSpan(0, count).ToArray(), e.Child.AsSpan(0, count).ToArray(), e.Mask.AsSpan(0, count).ToArray());
}
