using System.Numerics.Tensors;

namespace Phylo.Analyses.Similarity;

/// <summary>
/// Percentile bootstrap of the mean (the study: 10,000 resamples, 95 %; docs/definitions.md "Study mode"): resample r
/// of a list of n values draws n indices with replacement; the CI bounds are the 2.5th and 97.5th percentiles of the
/// resampled means, linearly interpolated as numpy's default <c>percentile</c>. Resample r of every list reads one
/// stream of 32-bit numbers u₀, u₁, … (two per output of <see cref="KeyedRandom"/>(seed, salt, r)): index j of a list of
/// n is ⌊u_j·n / 2³²⌋ (each index has probability 1/n to within n/2³², under 1.2·10⁻⁶ for the study's 5,000). A
/// resample is kept as counts per index, shared by the lists of one length, and each list's resampled sum is the dot
/// product of the counts with its values (a list alone at its length adds its drawn values instead). Values are fixed
/// point (2⁻⁴⁰) and sums exact integers: a result depends on neither the thread count, the SIMD width nor the blocking. The point estimate is the mean of the same fixed-point values (the
/// plain mean to 1e-12; a list of equal values gets a CI that collapses onto it exactly).
/// </summary>
public static class Bootstrap
{
    internal const ulong Salt = 0xB007_5742_0000_0001;
    internal const double Scale = 1099511627776.0; // 2^40: counts ≤ 2^20 times |value| ≤ 2 stay below 2^62
    private const int MaxLength = 1 << 20;
    /// <summary>Resamples per pass over the values: a list's values are read from memory once per block, not once per resample
    /// (216 lists of up to 5,000 values are 8.6 MB, past the L2 cache). Sums are exact integers, so any block or chunk size
    /// gives the same means.</summary>
    private const int Block = 16;
    private const int Chunk = 256;

    /// <summary>Index j of a list of n: ⌊u·n / 2³²⌋.</summary>
    private static int Index(uint u, int n) => (int)(((ulong)u * (uint)n) >> 32);

    /// <summary>Mean and percentile CI of each list (<see cref="PairMean.None"/> for an empty one).</summary>
    public static PairMean[] MeansWithCi(IReadOnlyList<double[]> lists, ulong seed, int resamples, int threads)
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
        int longest = groups[^1].N;
        var values = new long[lists.Count][];
        var means = new double[lists.Count][];
        foreach (var (_, members) in groups)
            foreach (int i in members)
            {
                values[i] = Array.ConvertAll(lists[i], v => (long)Math.Round(v * Scale));
                means[i] = new double[resamples];
            }
        int blocks = (resamples + Block - 1) / Block;
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = threads }, () => new Resamples(longest), (b, _, st) =>
            {
                int first = b * Block, rows = Math.Min(Block, resamples - first);
                for (int k = 0; k < rows; k++) st.Draw(seed, first + k);
                foreach (var (n, members) in groups)
                {
                    if (members.Length == 1) // one list of this length: its resampled sums straight from the indices
                    {
                        long[] v = values[members[0]];
                        for (int k = 0; k < rows; k++)
                        {
                            long sum = 0;
                            foreach (uint u in st.U[k].AsSpan(0, n)) sum += v[Index(u, n)];
                            means[members[0]][first + k] = sum / Scale / n;
                        }
                        continue;
                    }
                    for (int k = 0; k < rows; k++)
                    {
                        Span<long> counts = st.Counts[k].AsSpan(0, n);
                        counts.Clear();
                        foreach (uint u in st.U[k].AsSpan(0, n)) counts[Index(u, n)]++;
                    }
                    foreach (int i in members)
                    {
                        Span<long> sums = st.Sums.AsSpan(0, rows);
                        sums.Clear();
                        for (int c = 0; c < n; c += Chunk) // a chunk of the values stays in L1 while the block's counts pass over it
                        {
                            ReadOnlySpan<long> chunk = values[i].AsSpan(c, Math.Min(Chunk, n - c));
                            for (int k = 0; k < rows; k++) sums[k] += TensorPrimitives.Dot<long>(st.Counts[k].AsSpan(c, chunk.Length), chunk);
                        }
                        for (int k = 0; k < rows; k++) means[i][first + k] = sums[k] / Scale / n;
                    }
                }
                return st;
            }, _ => { });
        foreach (var (n, members) in groups)
            foreach (int i in members)
            {
                long total = 0;
                foreach (long v in values[i]) total += v;
                double mean = total / Scale / n;
                Array.Sort(means[i]);
                result[i] = new PairMean(mean, Percentile(means[i], 2.5), Percentile(means[i], 97.5), n, SimilarityMode.Sampled);
            }
        return result;
    }

    /// <summary>The random numbers of a block's resamples (u₀, u₁, … of each), their counts per index, and their sums: one per thread.</summary>
    private sealed class Resamples(int longest)
    {
        public readonly uint[][] U = [.. Enumerable.Range(0, Block).Select(_ => new uint[longest + 1])];
        public readonly long[][] Counts = [.. Enumerable.Range(0, Block).Select(_ => new long[longest])];
        public readonly long[] Sums = new long[Block];

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
