namespace Phylo.Analyses.Drift;

/// <summary>Set operations on the sorted, distinct rows of a trait CSR; no allocation.</summary>
internal static class SortedSets
{
    public static int IntersectionCount(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int i = 0, j = 0, n = 0;
        while (i < a.Length && j < b.Length)
        {
            int x = a[i], y = b[j];
            if (x == y) { n++; i++; j++; }
            else if (x < y) i++;
            else j++;
        }
        return n;
    }

    public static bool Contains(ReadOnlySpan<int> sorted, int value) =>
        sorted.Length <= 16 ? sorted.Contains(value) : sorted.BinarySearch(value) >= 0;
}
