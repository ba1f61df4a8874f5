namespace Phylo.Graph;

/// <summary>Best-k selection by a total order without sorting everything: a small sorted buffer, best first.</summary>
internal static class TopN
{
    /// <summary>The <paramref name="k"/> best of the items 0..count-1 that pass <paramref name="include"/>;
    /// <paramref name="order"/> is negative when its first argument ranks higher.</summary>
    public static int[] Select(int count, int k, Func<int, bool> include, Comparison<int> order)
    {
        if (k <= 0) return [];
        var best = new List<int>(k + 1);
        for (int i = 0; i < count; i++)
        {
            if (!include(i)) continue;
            if (best.Count == k && order(i, best[^1]) >= 0) continue;
            int at = best.Count;
            while (at > 0 && order(i, best[at - 1]) < 0) at--;
            best.Insert(at, i);
            if (best.Count > k) best.RemoveAt(k);
        }
        return [.. best];
    }
}
