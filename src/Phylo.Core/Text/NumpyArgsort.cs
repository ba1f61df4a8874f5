namespace Phylo.Text;

/// <summary>
/// numpy's default <c>argsort(kind="quicksort")</c> on int64 keys, reproduced step for step: introsort with
/// median-of-3 pivots, Hoare partitioning that stops on equal keys, insertion sort below 16 elements, heapsort past
/// depth 2·⌊log2 n⌋. It is not stable, so which of several equal keys come first depends on every key in the
/// array; sklearn's <c>_limit_features</c> uses it to pick the <c>max_features</c> most frequent terms, and this
/// is how Phylo reproduces its choice among boundary ties. Valid for numpy ≤ 1.24, and for later numpy only where
/// no SIMD argsort (x86-simd-sort, numpy ≥ 1.25 on AVX-512, ≥ 2.0 on AVX2) is dispatched.
/// </summary>
public static class NumpyArgsort
{
    private const int SmallQuicksort = 15;

    /// <summary>Indices that sort <paramref name="keys"/> ascending, in numpy's order.</summary>
    public static int[] Argsort(ReadOnlySpan<long> keys) => ArgsortPrefix(keys, keys.Length);

    /// <summary>The first <paramref name="count"/> entries of <see cref="Argsort"/>, exactly, without sorting the rest:
    /// the sort runs as numpy's does, but a subrange lying wholly at or past position <paramref name="count"/> is left
    /// unsorted (nothing done inside it can move an element to an earlier position). What sklearn keeps of
    /// <c>(-tfs).argsort()[:max_features]</c> costs little more than one partition of all terms.</summary>
    public static int[] ArgsortPrefix(ReadOnlySpan<long> keys, int count)
    {
        var idx = new int[keys.Length];
        for (int i = 0; i < idx.Length; i++) idx[i] = i;
        if (idx.Length > 1 && count > 0) Introsort(keys, idx, count);
        return idx.AsSpan(0, Math.Min(count, idx.Length)).ToArray();
    }

    private static void Introsort(ReadOnlySpan<long> v, int[] a, int needed)
    {
        var stack = new Stack<(int L, int R, int Depth)>();
        int pl = 0, pr = a.Length - 1, depth = 2 * MostSignificantBit(a.Length);
        while (true)
        {
            if (pl >= needed) { } // wholly past the prefix: its order never reaches the result
            else if (depth < 0) Heapsort(v, a.AsSpan(pl, pr - pl + 1));
            else
            {
                while (pr - pl > SmallQuicksort && pl < needed)
                {
                    int pm = pl + ((pr - pl) >> 1);
                    if (v[a[pm]] < v[a[pl]]) Swap(a, pm, pl);
                    if (v[a[pr]] < v[a[pm]]) Swap(a, pr, pm);
                    if (v[a[pm]] < v[a[pl]]) Swap(a, pm, pl);
                    long vp = v[a[pm]];
                    int pi = pl, pj = pr - 1;
                    Swap(a, pm, pj);
                    while (true)
                    {
                        do pi++; while (v[a[pi]] < vp);
                        do pj--; while (vp < v[a[pj]]);
                        if (pi >= pj) break;
                        Swap(a, pi, pj);
                    }
                    Swap(a, pi, pr - 1);
                    // Push the larger side, keep sorting the smaller.
                    if (pi - pl < pr - pi) { stack.Push((pi + 1, pr, --depth)); pr = pi - 1; }
                    else { stack.Push((pl, pi - 1, --depth)); pl = pi + 1; }
                }
                for (int pi = pl + 1; pi <= pr && pl < needed; pi++)
                {
                    int vi = a[pi];
                    long key = v[vi];
                    int pj = pi;
                    for (; pj > pl && key < v[a[pj - 1]]; pj--) a[pj] = a[pj - 1];
                    a[pj] = vi;
                }
            }
            if (stack.Count == 0) break;
            (pl, pr, depth) = stack.Pop();
        }
    }

    // numpy's aheapsort on a 1-based view of the slice.
    private static void Heapsort(ReadOnlySpan<long> v, Span<int> s)
    {
        int n = s.Length;
        for (int l = n >> 1; l > 0; l--) SiftDown(v, s, l, n, s[l - 1]);
        while (n > 1)
        {
            int tmp = s[n - 1];
            s[n - 1] = s[0];
            n--;
            SiftDown(v, s, 1, n, tmp);
        }
    }

    private static void SiftDown(ReadOnlySpan<long> v, Span<int> s, int i, int n, int tmp)
    {
        for (int j = i << 1; j <= n;)
        {
            if (j < n && v[s[j - 1]] < v[s[j]]) j++;
            if (v[tmp] < v[s[j - 1]]) { s[i - 1] = s[j - 1]; i = j; j += j; }
            else break;
        }
        s[i - 1] = tmp;
    }

    private static int MostSignificantBit(int n)
    {
        int depth = 0;
        while ((n >>= 1) != 0) depth++;
        return depth;
    }

    private static void Swap(int[] a, int x, int y) => (a[x], a[y]) = (a[y], a[x]);
}
