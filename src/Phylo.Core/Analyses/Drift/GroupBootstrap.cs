using System.Numerics.Tensors;

namespace Phylo.Analyses.Drift;

/// <summary>
/// Poisson bootstrap over random groups of observations, for ratio means Σd/Σn kept as exact integer
/// sums per group. Each observation is hashed (by its identity and the seed) into one of B groups; a
/// replicate draws a Poisson(1) weight per group from (seed, replicate, group). With far fewer
/// observations than groups it is nearly the per-observation Poisson bootstrap (few share a group);
/// with many it is the random-group bootstrap, whose variance matches. Group sums are integers, so any
/// shard partition merges to the same input and the replicates are identical. See native-notes/drift.md.
/// </summary>
internal static class GroupBootstrap
{
    private const int MaxWeight = 20;
    private static readonly double[] PoissonCdf = BuildCdf();

    private static double[] BuildCdf()
    {
        var cdf = new double[MaxWeight];
        double term = Math.Exp(-1), sum = 0;
        for (int k = 0; k < MaxWeight; k++)
        {
            sum += term;
            cdf[k] = sum;
            term /= k + 1;
        }
        return cdf;
    }

    /// <summary>Poisson(1) draw by inversion of a 53-bit uniform.</summary>
    public static int PoissonWeight(ulong hash)
    {
        double u = (hash >> 11) * (1.0 / (1UL << 53));
        int k = 0;
        while (k < MaxWeight && u >= PoissonCdf[k]) k++;
        return k;
    }

    /// <summary>
    /// Replicate ratios. <paramref name="groups"/> holds, per group, <paramref name="cells"/> counts then
    /// <paramref name="cells"/> sums. Returns [cell][replicate] = Σ w·sum / Σ w·count (NaN when Σ w·count = 0).
    /// </summary>
    public static double[][] Replicates(long[] groups, int groupCount, int cells, int replicates, ulong seed)
    {
        var result = new double[cells][];
        for (int c = 0; c < cells; c++) result[c] = new double[replicates];
        ulong stream = DriftHash.Mix(seed, 0xB007_57A9UL);
        // Replicates are independent and each writes only its own column: any split across threads gives the same values.
        const int Block = 256;
        Parallel.For(0, (replicates + Block - 1) / Block, block =>
        {
            var byWeight = new long[(MaxWeight + 1) * 2 * cells];
            int end = Math.Min(replicates, (block + 1) * Block);
            for (int r = block * Block; r < end; r++)
                Replicate(groups, groupCount, cells, DriftHash.Mix(stream, (ulong)r), byWeight, result, r);
        });
        return result;
    }

    private static void Replicate(long[] groups, int groupCount, int cells, ulong replicateKey, long[] byWeight, double[][] result, int r)
    {
        // Sum group rows per weight with vector adds, then multiply once per weight.
        int width = 2 * cells;
        Array.Clear(byWeight);
        for (int g = 0; g < groupCount; g++)
        {
            int w = PoissonWeight(DriftHash.Mix(replicateKey, (ulong)g));
            if (w == 0) continue;
            Span<long> acc = byWeight.AsSpan(w * width, width);
            TensorPrimitives.Add(acc, groups.AsSpan(g * width, width), acc);
        }
        for (int c = 0; c < cells; c++)
        {
            long n = 0, d = 0;
            for (int w = 1; w <= MaxWeight; w++)
            {
                n += w * byWeight[w * width + c];
                d += w * byWeight[w * width + cells + c];
            }
            result[c][r] = n == 0 ? double.NaN : (double)d / n;
        }
    }

    /// <summary>Percentile interval (type 7, linear interpolation) of the finite values; sorts in place. NaN when none.</summary>
    public static (double Low, double High) Interval(double[] values, double level)
    {
        Array.Sort(values);
        // Array.Sort orders NaN before every number: skip them at the front.
        int start = 0;
        while (start < values.Length && double.IsNaN(values[start])) start++;
        var finite = values.AsSpan(start, values.Length - start);
        if (finite.IsEmpty) return (double.NaN, double.NaN);
        double alpha = (1 - level) / 2;
        return (Quantile(finite, alpha), Quantile(finite, 1 - alpha));
    }

    private static double Quantile(ReadOnlySpan<double> sorted, double q)
    {
        double h = (sorted.Length - 1) * q;
        int lo = (int)Math.Floor(h);
        if (lo + 1 >= sorted.Length) return sorted[^1];
        return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
    }
}
