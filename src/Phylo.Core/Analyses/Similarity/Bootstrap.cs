using Phylo.Kernels;

namespace Phylo.Analyses.Similarity;

/// <summary>
/// Percentile bootstrap of the mean (the study: 10,000 resamples, 95 %; docs/definitions.md "Study mode"): resample r
/// of a list of n values draws n indices with replacement; the CI bounds are the 2.5th and 97.5th percentiles of the
/// resampled means, linearly interpolated as numpy's default <c>percentile</c>. Resample r of every list reads one
/// stream of 32-bit numbers u₀, u₁, … (two per output of <see cref="KeyedRandom"/>(seed, salt, r)): index j of a list of
/// n is ⌊u_j·n / 2³²⌋ (each index has probability 1/n to within n/2³², under 1.2·10⁻⁶ for the study's 5,000). A
/// resample is kept as counts per index, shared by the lists of one length, and the lists' resampled sums are the dot
/// products of the count rows with their values (<see cref="ResampleSums.CountDots"/>, 4 lists × 4 resamples a tile); a
/// list alone at its length adds its drawn values instead (<see cref="ResampleSums.DrawnSum"/>). Values are fixed point
/// (2⁻⁴⁰) and sums exact integers: a result depends on neither the thread count, the SIMD level nor the blocking. The
/// point estimate is the mean of the same fixed-point values (the plain mean to 1e-12; a list of equal values gets a CI
/// that collapses onto it exactly).
/// </summary>
public static class Bootstrap
{
    internal const ulong Salt = 0xB007_5742_0000_0001;
    internal const double Scale = 1099511627776.0; // 2^40: counts ≤ 2^20 times |value| ≤ 2 stay below 2^62
    private const int MaxLength = 1 << 20;
    /// <summary>Resamples per pass over the values: a list's values are read from memory once per block, not once per resample
    /// (216 lists of up to 5,000 values are 8.6 MB, past the L2 cache). Sums are exact integers, so any block size gives
    /// the same means.</summary>
    private const int Block = 16;

    /// <summary>Mean and percentile CI of each list (<see cref="PairMean.None"/> for an empty one).</summary>
    public static PairMean[] MeansWithCi(IReadOnlyList<double[]> lists, ulong seed, int resamples, int threads) =>
        MeansWithCi(lists, seed, resamples, threads, Simd.Level);

    /// <summary><see cref="MeansWithCi(IReadOnlyList{double[]}, ulong, int, int)"/> with the sums' kernels at <paramref name="level"/>
    /// (the same means at every level).</summary>
    public static PairMean[] MeansWithCi(IReadOnlyList<double[]> lists, ulong seed, int resamples, int threads, SimdLevel level)
    {
        var result = new PairMean[lists.Count];
        var byLength = new SortedDictionary<int, List<int>>();
        for (int i = 0; i < lists.Count; i++)
        {
            int n = lists[i].Length;
            if (n > MaxLength) throw new ArgumentException($"a bootstrap list of {n:N0} values (at most {MaxLength:N0})", nameof(lists));
            if (n == 0) { result[i] = PairMean.None; continue; }
            if (!byLength.TryGetValue(n, out List<int>? group)) byLength[n] = group = [];
            group.Add(i);
        }
        if (byLength.Count == 0) return result;
        (int N, int[] Lists)[] groups = [.. byLength.Select(kv => (kv.Key, kv.Value.ToArray()))];
        int longest = groups[^1].N, widest = groups.Max(g => g.Lists.Length);
        var values = new long[groups.Length][]; // a group's lists one after another, in fixed point
        var means = new double[lists.Count][];
        for (int g = 0; g < groups.Length; g++)
        {
            var (n, members) = groups[g];
            values[g] = new long[members.Length * n];
            for (int m = 0; m < members.Length; m++)
            {
                double[] list = lists[members[m]];
                for (int j = 0; j < n; j++) values[g][m * n + j] = (long)Math.Round(list[j] * Scale);
                means[members[m]] = new double[resamples];
            }
        }
        int blocks = (resamples + Block - 1) / Block;
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = threads }, () => new Resamples(longest, widest), (b, _, st) =>
            {
                int first = b * Block, rows = Math.Min(Block, resamples - first);
                for (int k = 0; k < rows; k++) st.Draw(seed, first + k);
                for (int g = 0; g < groups.Length; g++)
                {
                    var (n, members) = groups[g];
                    if (members.Length == 1) // one list of this length: its resampled sums straight from the indices
                    {
                        double[] mean = means[members[0]];
                        for (int k = 0; k < rows; k++) mean[first + k] = ResampleSums.DrawnSum(st.U[k].AsSpan(0, n), values[g], level) / Scale / n;
                        continue;
                    }
                    for (int k = 0; k < rows; k++)
                    {
                        Span<long> counts = st.Counts.AsSpan(k * n, n);
                        counts.Clear();
                        foreach (uint u in st.U[k].AsSpan(0, n)) counts[ResampleSums.Index(u, n)]++;
                    }
                    Span<long> sums = st.Sums.AsSpan(0, members.Length * rows);
                    ResampleSums.CountDots(st.Counts, n, rows, values[g], n, sums, level);
                    for (int m = 0; m < members.Length; m++)
                        for (int k = 0; k < rows; k++) means[members[m]][first + k] = sums[m * rows + k] / Scale / n;
                }
                return st;
            }, _ => { });
        for (int g = 0; g < groups.Length; g++)
        {
            var (n, members) = groups[g];
            for (int m = 0; m < members.Length; m++)
            {
                long total = 0;
                foreach (long v in values[g].AsSpan(m * n, n)) total += v;
                double mean = total / Scale / n;
                int i = members[m];
                result[i] = new PairMean(mean, PercentileOfUnsorted(means[i], 2.5), PercentileOfUnsorted(means[i], 97.5), n, SimilarityMode.Sampled);
            }
        }
        return result;
    }

    /// <summary>The random numbers of a block's resamples (u₀, u₁, … of each), their count rows (row k at k·n for a
    /// length n) and the sums of a group's lists: one per thread.</summary>
    private sealed class Resamples(int longest, int widest)
    {
        public readonly uint[][] U = [.. Enumerable.Range(0, Block).Select(_ => new uint[longest + 1])];
        public readonly long[] Counts = new long[Block * longest];
        public readonly long[] Sums = new long[Block * widest];
        /// <summary>Fills row <c>r % Block</c> of <see cref="U"/> with resample <paramref name="r"/>'s numbers.</summary>
        public void Draw(ulong seed, int r)
        {
            uint[] u = U[r % Block];
            var rng = new KeyedRandom(seed, Salt, r);
            for (int j = 0; j < u.Length - 1; j += 2)
            {
                ulong word = rng.Next();
                u[j] = (uint)word;
                u[j + 1] = (uint)(word >> 32);
            }
        }
    }

    /// <summary><see cref="Percentile"/> of the values as if sorted, without sorting them: the two order statistics it
    /// interpolates are selected (the values are reordered). The same doubles as sorting first, for values without NaN
    /// (the order statistics are the same numbers; only −0 and +0, which resampled means never are, could trade places).</summary>
    public static double PercentileOfUnsorted(Span<double> values, double q)
    {
        if (values.Length == 0) return double.NaN;
        double pos = q / 100.0 * (values.Length - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(lo + 1, values.Length - 1);
        Select(values, lo);
        double low = values[lo], high = low;
        if (hi > lo)
        {
            high = values[hi];
            foreach (double v in values[hi..]) if (v < high) high = v; // the next order statistic: the least above position lo
        }
        return low + (high - low) * (pos - lo);
    }

    /// <summary>Quickselect (Hoare partitions, median-of-three pivots): the k-th smallest at position k, nothing greater
    /// before it and nothing less after it.</summary>
    private static void Select(Span<double> a, int k)
    {
        int lo = 0, hi = a.Length - 1;
        while (lo < hi)
        {
            int mid = lo + (hi - lo) / 2;
            if (a[mid] < a[lo]) (a[mid], a[lo]) = (a[lo], a[mid]);
            if (a[hi] < a[lo]) (a[hi], a[lo]) = (a[lo], a[hi]);
            if (a[hi] < a[mid]) (a[hi], a[mid]) = (a[mid], a[hi]);
            double pivot = a[mid];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j) { (a[i], a[j]) = (a[j], a[i]); i++; j--; }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return; // between the two parts: equal to the pivot
        }
    }

    /// <summary>numpy.percentile with linear interpolation on sorted values.</summary>
    public static double Percentile(double[] sorted, double q)
    {
        if (sorted.Length == 0) return double.NaN;
        double pos = q / 100.0 * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}
