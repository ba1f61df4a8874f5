namespace Phylo.Similarity;

/// <summary>
/// Percentile bootstrap of the mean (the study: 10,000 resamples, 95 %): resample r draws n indices with
/// replacement from <see cref="KeyedRandom"/>(seed, design ⊕ salt, r); the CI bounds are the 2.5th and 97.5th
/// percentiles of the resampled means, linearly interpolated as numpy's default <c>percentile</c>. All measures of
/// a draw set share the resample indices. Resamples run in parallel; each writes its own slot, so results do not
/// depend on the thread count.
/// </summary>
public static class Bootstrap
{
    private const ulong Salt = 0xB007_5742_0000_0001;

    /// <param name="values">Per measure, one value per draw.</param>
    /// <param name="ok">Which draws produced a pair (the others are left out).</param>
    public static PairMean[] MeansWithCi(double[][] values, bool[] ok, ulong seed, ulong design, int resamples, int threads)
    {
        var kept = new List<int>();
        for (int i = 0; i < ok.Length; i++) if (ok[i]) kept.Add(i);
        int n = kept.Count, slots = values.Length;
        var result = new PairMean[slots];
        if (n == 0) { Array.Fill(result, PairMean.None); return result; }
        var packed = new double[slots][];
        for (int s = 0; s < slots; s++)
        {
            packed[s] = new double[n];
            for (int i = 0; i < n; i++) packed[s][i] = values[s][kept[i]];
        }
        var means = new double[slots][];
        for (int s = 0; s < slots; s++) means[s] = new double[resamples];
        Parallel.For(0, resamples, new ParallelOptions { MaxDegreeOfParallelism = threads }, () => new double[slots], (r, _, sums) =>
        {
            Array.Clear(sums);
            var rng = new KeyedRandom(seed, design ^ Salt, r);
            for (int i = 0; i < n; i++)
            {
                int pick = (int)rng.Below(n);
                for (int s = 0; s < slots; s++) sums[s] += packed[s][pick];
            }
            for (int s = 0; s < slots; s++) means[s][r] = sums[s] / n;
            return sums;
        }, _ => { });
        for (int s = 0; s < slots; s++)
        {
            double mean = 0;
            foreach (double v in packed[s]) mean += v;
            mean /= n;
            Array.Sort(means[s]);
            result[s] = new PairMean(mean, Percentile(means[s], 2.5), Percentile(means[s], 97.5), n, SimilarityMode.Sampled);
        }
        return result;
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
