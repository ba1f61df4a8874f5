namespace Phylo.Analyses.Similarity;

/// <summary>
/// The models a family walk adds into its dense accumulators, in the walk's order, listed before the walk so that
/// each add can prefetch the row of an add further down the list (<see cref="CosinePairSums.PrefetchAhead"/>). A
/// block's relatives are scattered over the whole row space (hashed buckets; the split family's pieces), so every
/// row index, offset, norm, column and count of a relative is a cache miss, each load waiting on the one before.
/// The list only says what to prefetch: the walk itself reads the graph as before, so no sum changes.
/// One per thread (grown to the largest walk, never shrunk).
/// </summary>
public sealed class WalkOrder
{
    private int[] _models = new int[4096];

    /// <summary>The family walk's adds (<see cref="CosinePairSums.Accumulate"/>, <see cref="DesignCosineSums.Accumulate"/>):
    /// for each model with children, its children, then each child's children.</summary>
    public ReadOnlySpan<int> Family(ViewGraph view, ReadOnlySpan<int> models)
    {
        int n = 0;
        foreach (int g in models)
        {
            ReadOnlySpan<int> kids = view.ChildrenOf(g);
            if (kids.IsEmpty) continue;
            n = Append(n, kids);
            foreach (int p in kids) n = Append(n, view.ChildrenOf(p));
        }
        return _models.AsSpan(0, n);
    }

    /// <summary>The three-generation walk's adds: for each model with parents, its grandchildren (with or without the
    /// genome: the walk steps over every one).</summary>
    public ReadOnlySpan<int> ThreeGenerations(ViewGraph view, ReadOnlySpan<int> models)
    {
        int n = 0;
        foreach (int b in models)
        {
            if (view.ParentsOf(b).IsEmpty) continue;
            foreach (int c in view.ChildrenOf(b)) n = Append(n, view.ChildrenOf(c));
        }
        return _models.AsSpan(0, n);
    }

    private int Append(int n, ReadOnlySpan<int> models)
    {
        if (n + models.Length > _models.Length) Array.Resize(ref _models, Math.Max(n + models.Length, 2 * _models.Length));
        models.CopyTo(_models.AsSpan(n));
        return n + models.Length;
    }
}
