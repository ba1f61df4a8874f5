using System.Runtime.CompilerServices;

namespace Phylo.Lineage.Candidates;

/// <summary>
/// The <c>k</c> smallest of a span of keys, sorted, at its start: what a child's candidate cut needs (its K best of a few
/// hundred distinct members) without sorting the members that do not make the cut. Quickselect (median-of-three
/// pivot, deterministic) brings the <c>k</c> smallest to the front, then only they are sorted; for distinct keys the
/// first <c>k</c> are exactly those of a full sort (tested against one on random spans of every length 0..257).
/// </summary>
[SkipLocalsInit]
public static class SmallestFirst
{
    /// <summary>Below this many keys a range is sorted outright.</summary>
    private const int SortBelow = 24;

    /// <summary>Sorts the <paramref name="k"/> smallest keys of <paramref name="keys"/> into <c>keys[..k]</c> (all of them
    /// when <paramref name="k"/> ≥ the length); the order of the rest is unspecified.</summary>
    public static void Sort(Span<ulong> keys, int k)
    {
        if (k >= keys.Length)
        {
            keys.Sort();
            return;
        }
        if (k <= 0) return;
        int lo = 0, hi = keys.Length - 1, nth = k - 1;
        while (hi - lo >= SortBelow)
        {
            int mid = lo + (hi - lo) / 2;
            ulong a = keys[lo], b = keys[mid], c = keys[hi];
            ulong pivot = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
            int i = lo, j = hi;
            while (i <= j)
            {
                while (keys[i] < pivot) i++;
                while (keys[j] > pivot) j--;
                if (i <= j)
                {
                    (keys[i], keys[j]) = (keys[j], keys[i]);
                    i++;
                    j--;
                }
            }
            // keys[lo..j] ≤ pivot ≤ keys[i..hi], and anything between equals the pivot
            if (nth <= j) hi = j;
            else if (nth >= i) lo = i;
            else
            {
                lo = hi = nth;
                break;
            }
        }
        if (hi > lo) keys[lo..(hi + 1)].Sort();
        keys[..k].Sort();
    }
}
