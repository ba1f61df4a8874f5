using System.Numerics.Tensors;

namespace Phylo.Similarity;

/// <summary>
/// Percentile bootstrap of the mean (the study: 10,000 resamples, 95 %; docs/definitions.md "Study mode"): resample r
/// of a list of n values draws n indices with replacement, two per 64-bit output of
/// <see cref="KeyedRandom"/>(seed, salt ⊕ n, r) (32-bit multiply-shift with Lemire's rejection: exactly uniform); the
/// CI bounds are the 2.5th and 97.5th percentiles of the resampled means, linearly interpolated as numpy's default
/// <c>percentile</c>. A resample is kept as counts per index, and each list's resampled sum is the dot product of the
/// counts with its values, so lists of equal length share one set of draws (the 144 metadata lists of a run, all of
/// 5,000, cost one list's random numbers). Values are fixed point (2⁻⁴⁰) and sums exact integers: a result depends on
/// neither the thread count nor the SIMD width. The point estimate is the mean of the same fixed-point values (the
/// plain mean to 1e-12; a list of equal values gets a CI that collapses onto it exactly).
/// </summary>
public static class Bootstrap
{
    private const ulong Salt = 0xB007_5742_0000_0001;
    private const double Scale = 1099511627776.0; // 2^40: counts ≤ 2^20 times |value| ≤ 2 stay below 2^62
    private const int MaxLength = 1 << 20;

    /// <summary>Mean and percentile CI of each list (<see cref="PairMean.None"/> for an empty one).</summary>
    public static PairMean[] MeansWithCi(IReadOnlyList<double[]> lists, ulong seed, int resamples, int threads)
    {
        var result = new PairMean[lists.Count];
        var byLength = new SortedDictionary<int, List<int>>();
        for (int i = 0; i < lists.Count; i++)
        {
            if (lists[i].Length == 0) { result[i] = PairMean.None; continue; }
            if (!byLength.TryGetValue(lists[i].Length, out List<int>? group)) byLength[lists[i].Length] = group = [];
            group.Add(i);
        }
        foreach ((int n, List<int> group) in byLength)
        {
            if (n > MaxLength) throw new ArgumentException($"a bootstrap list of {n:N0} values (at most {MaxLength:N0})", nameof(lists));
            Resample(lists, group, n, seed, resamples, threads, result);
        }
        return result;
    }

    private static void Resample(IReadOnlyList<double[]> lists, List<int> group, int n, ulong seed, int resamples, int threads, PairMean[] result)
    {
        int g = group.Count;
        var values = new long[g][];
        for (int k = 0; k < g; k++) values[k] = Array.ConvertAll(lists[group[k]], v => (long)Math.Round(v * Scale));
        var means = new double[g][];
        for (int k = 0; k < g; k++) means[k] = new double[resamples];
        Parallel.For(0, resamples, new ParallelOptions { MaxDegreeOfParallelism = threads }, () => new long[n], (r, _, counts) =>
        {
            Array.Clear(counts);
            var rng = new KeyedRandom(seed, Salt ^ (ulong)n, r);
            ulong spare = 0;
            bool haveSpare = false;
            for (int i = 0; i < n; i++) counts[Below(ref rng, ref spare, ref haveSpare, (uint)n)]++;
            for (int k = 0; k < g; k++) means[k][r] = TensorPrimitives.Dot<long>(counts, values[k]) / Scale / n;
            return counts;
        }, _ => { });
        for (int k = 0; k < g; k++)
        {
            long total = 0;
            foreach (long v in values[k]) total += v;
            double mean = total / Scale / n;
            Array.Sort(means[k]);
            result[group[k]] = new PairMean(mean, Percentile(means[k], 2.5), Percentile(means[k], 97.5), n, SimilarityMode.Sampled);
        }
    }

    /// <summary>Uniform in [0, n) from 32 random bits (the halves of one 64-bit output in turn), Lemire's multiply-shift
    /// with rejection.</summary>
    private static uint Below(ref KeyedRandom rng, ref ulong spare, ref bool haveSpare, uint n)
    {
        ulong m = (ulong)Next32(ref rng, ref spare, ref haveSpare) * n;
        if ((uint)m < n)
        {
            uint threshold = (0u - n) % n;
            while ((uint)m < threshold) m = (ulong)Next32(ref rng, ref spare, ref haveSpare) * n;
        }
        return (uint)(m >> 32);
    }

    private static uint Next32(ref KeyedRandom rng, ref ulong spare, ref bool haveSpare)
    {
        if (haveSpare) { haveSpare = false; return (uint)(spare >> 32); }
        spare = rng.Next();
        haveSpare = true;
        return (uint)spare;
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
