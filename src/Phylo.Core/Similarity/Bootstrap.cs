namespace Phylo.Similarity;

/// <summary>
/// Percentile bootstrap of the mean (the study: 10,000 resamples, 95 %; docs/definitions.md "Study mode"): resample r
/// of a list of n values draws n indices with replacement from <see cref="KeyedRandom"/>(seed, salt ⊕ n, r); the CI
/// bounds are the 2.5th and 97.5th percentiles of the resampled means, linearly interpolated as numpy's default
/// <c>percentile</c>; the point estimate is the plain mean. Lists of equal length share their resample indices, and
/// are resampled together (values stored index-major, so one drawn index adds a short contiguous row): the 144
/// metadata lists of a run, all of length 5,000, cost one list's random numbers. Sums are exact integers (values
/// in fixed point, 2⁻⁴²), so a resample mean depends on neither the thread count nor the summation order.
/// </summary>
public static class Bootstrap
{
    private const ulong Salt = 0xB007_5742_0000_0001;
    private const double Scale = 4398046511104.0; // 2^42: n ≤ 2^20 values of |value| ≤ 2 sum below 2^63
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
        var values = new long[(long)n * g]; // index-major: the row of index i holds value i of every list
        for (int k = 0; k < g; k++)
        {
            double[] list = lists[group[k]];
            for (int i = 0; i < n; i++) values[(long)i * g + k] = (long)Math.Round(list[i] * Scale);
        }
        var means = new double[g][];
        for (int k = 0; k < g; k++) means[k] = new double[resamples];
        Parallel.For(0, resamples, new ParallelOptions { MaxDegreeOfParallelism = threads }, () => new long[g], (r, _, sums) =>
        {
            Array.Clear(sums);
            var rng = new KeyedRandom(seed, Salt ^ (ulong)n, r);
            ReadOnlySpan<long> all = values;
            if (g == 1)
            {
                long s = 0;
                for (int i = 0; i < n; i++) s += all[(int)rng.Below(n)];
                sums[0] = s;
            }
            else
            {
                for (int i = 0; i < n; i++)
                {
                    ReadOnlySpan<long> row = all.Slice((int)rng.Below(n) * g, g);
                    for (int k = 0; k < g; k++) sums[k] += row[k];
                }
            }
            for (int k = 0; k < g; k++) means[k][r] = sums[k] / Scale / n;
            return sums;
        }, _ => { });
        for (int k = 0; k < g; k++)
        {
            // The point estimate from the same fixed-point values as the resamples: a list of equal values has its
            // CI collapse onto its mean exactly.
            long total = 0;
            for (int i = 0; i < n; i++) total += values[(long)i * g + k];
            double mean = total / Scale / n;
            Array.Sort(means[k]);
            result[group[k]] = new PairMean(mean, Percentile(means[k], 2.5), Percentile(means[k], 97.5), n, SimilarityMode.Sampled);
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
