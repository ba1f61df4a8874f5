namespace Phylo.Graph;

/// <summary>Small helpers for compressed-sparse-row arrays.</summary>
internal static class Csr
{
    /// <summary>Offsets of length n+1 for rows keyed by <paramref name="keys"/> (row i holds the items with key i).</summary>
    public static int[] Offsets(int n, ReadOnlySpan<int> keys)
    {
        var offsets = new int[n + 1];
        foreach (int k in keys) offsets[k + 1]++;
        for (int i = 0; i < n; i++) offsets[i + 1] += offsets[i];
        return offsets;
    }
}
