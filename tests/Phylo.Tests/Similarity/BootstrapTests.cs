using Phylo.Analyses.Similarity;

namespace Phylo.Tests.Similarity;

public class BootstrapTests
{
    private static double[] Values(int seed, int n)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => rng.NextDouble() * rng.NextDouble())];
    }

    [Fact]
    public void Percentile_ci_has_the_width_of_the_mean_s_standard_error()
    {
        double[] v = Values(1, 4000);
        PairMean m = Bootstrap.MeansWithCi([v], 7, 10_000, 2)[0];
        double mean = v.Average(), sd = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)), se = sd / Math.Sqrt(v.Length);
        Assert.Equal(mean, m.Mean, 11);
        Assert.Equal(4000, m.N);
        Assert.Equal(SimilarityMode.Sampled, m.Mode);
        Assert.InRange(m.CiHigh - m.CiLow, 2 * 1.96 * se * 0.93, 2 * 1.96 * se * 1.07);
        Assert.InRange(((m.CiHigh + m.CiLow) / 2 - mean) / se, -0.1, 0.1);
    }

    [Fact]
    public void Results_do_not_depend_on_threads_and_lists_of_one_length_share_their_resamples()
    {
        double[] a = Values(2, 500), b = Values(3, 500), c = Values(4, 731);
        PairMean[] one = Bootstrap.MeansWithCi([a, b, c, a], 9, 2_000, 1);
        PairMean[] three = Bootstrap.MeansWithCi([c, a, b], 9, 2_000, 3);
        Assert.Equal(one[0], three[1]);
        Assert.Equal(one[1], three[2]);
        Assert.Equal(one[2], three[0]);
        Assert.Equal(one[0], one[3]);                                  // the same values and length: the same CI
        Assert.NotEqual(one[0].CiLow, Bootstrap.MeansWithCi([a], 10, 2_000, 1)[0].CiLow); // another seed, other resamples
    }

    /// <summary>The definition, one resample at a time: draw n indices from the resample's stream, add the drawn values in
    /// fixed point, take the percentiles of the sorted means. The blocked, chunked, shared-count computation must give
    /// the same doubles for every list: lone lengths, shared lengths, lengths around 512, resample counts around the blocks.</summary>
    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 2)]
    [InlineData(8, 1)]
    [InlineData(9, 2)]
    [InlineData(203, 3)]
    public void Blocked_resampled_means_equal_one_resample_at_a_time(int resamples, int threads)
    {
        int[] lengths = [1, 2, 3, 17, 511, 512, 513, 1025, 513, 3, 2000];
        double[][] lists = [.. lengths.Select((n, i) => Values(20 + i, n))];
        PairMean[] actual = Bootstrap.MeansWithCi(lists, 5, resamples, threads);
        for (int i = 0; i < lists.Length; i++)
        {
            int n = lists[i].Length;
            long[] v = Array.ConvertAll(lists[i], x => (long)Math.Round(x * Bootstrap.Scale));
            var means = new double[resamples];
            for (int r = 0; r < resamples; r++)
            {
                var rng = new KeyedRandom(5, Bootstrap.Salt, r);
                long sum = 0;
                for (int j = 0; j < n; j += 2)
                {
                    ulong word = rng.Next();
                    sum += v[(int)(((ulong)(uint)word * (uint)n) >> 32)];
                    if (j + 1 < n) sum += v[(int)(((word >> 32) * (uint)n) >> 32)];
                }
                means[r] = sum / Bootstrap.Scale / n;
            }
            Array.Sort(means);
            var expected = new PairMean(v.Sum() / Bootstrap.Scale / n, Bootstrap.Percentile(means, 2.5), Bootstrap.Percentile(means, 97.5), n, SimilarityMode.Sampled);
            Assert.Equal(expected, actual[i]);
        }
    }

    /// <summary>The sums' kernels at every level give the scalar level's doubles: a length shared by six lists (a 4×4 tile
    /// and lists left over), two shared by two, lone lists (drawn sums, with and without a vector body), and a last
    /// block of resamples that leaves rows over.</summary>
    [Theory]
    [MemberData(nameof(Phylo.Tests.Kernels.KernelData.Levels), MemberType = typeof(Phylo.Tests.Kernels.KernelData))]
    public void Resampled_means_are_the_same_at_every_simd_level(Phylo.Kernels.SimdLevel level)
    {
        int[] lengths = [300, 300, 300, 300, 300, 300, 7, 7, 1000, 1000, 5, 13, 777];
        double[][] lists = [.. lengths.Select((n, i) => Values(40 + i, n))];
        Assert.Equal(Bootstrap.MeansWithCi(lists, 3, 37, 2, Phylo.Kernels.SimdLevel.Scalar), Bootstrap.MeansWithCi(lists, 3, 37, 2, level));
    }

    [Fact]
    public void Equal_values_collapse_and_an_empty_list_has_no_mean()
    {
        PairMean[] m = Bootstrap.MeansWithCi([Enumerable.Repeat(0.3, 77).ToArray(), []], 1, 500, 2);
        Assert.Equal(m[0].Mean, m[0].CiLow);
        Assert.Equal(m[0].Mean, m[0].CiHigh);
        Assert.Equal(0.3, m[0].Mean, 12);
        Assert.True(double.IsNaN(m[1].Mean));
        Assert.Equal(0, m[1].N);
    }

    /// <summary>The selected order statistics are the sorted array's: the same doubles at every length and percentile,
    /// with ties (values from a few levels) and without.</summary>
    [Fact]
    public void Percentile_of_unsorted_values_equals_percentile_of_sorted_values()
    {
        var rng = new Random(17);
        for (int n = 1; n <= 300; n++)
            foreach (int levels in (int[])[2, 7, 1_000_000])
            {
                double[] v = [.. Enumerable.Range(0, n).Select(_ => rng.Next(levels) * 0.37 - 5)];
                double[] sorted = [.. v];
                Array.Sort(sorted);
                foreach (double q in (double[])[0, 2.5, 10, 50, 97.5, 100])
                    Assert.Equal(Bootstrap.Percentile(sorted, q), Bootstrap.PercentileOfUnsorted([.. v], q));
            }
        Assert.True(double.IsNaN(Bootstrap.PercentileOfUnsorted([], 50)));
    }

    [Fact]
    public void Percentile_interpolates_as_numpy()
    {
        double[] sorted = [1, 2, 4, 8];
        Assert.Equal(1.3, Bootstrap.Percentile(sorted, 10), 12);   // numpy.percentile([1,2,4,8], 10) = 1.3
        Assert.Equal(7.4, Bootstrap.Percentile(sorted, 95), 12);   // = 7.4
        Assert.Equal(8, Bootstrap.Percentile(sorted, 100));
    }
}
