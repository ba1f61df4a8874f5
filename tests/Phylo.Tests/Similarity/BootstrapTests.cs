using Phylo.Similarity;

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

    [Fact]
    public void Percentile_interpolates_as_numpy()
    {
        double[] sorted = [1, 2, 4, 8];
        Assert.Equal(1.3, Bootstrap.Percentile(sorted, 10), 12);   // numpy.percentile([1,2,4,8], 10) = 1.3
        Assert.Equal(7.4, Bootstrap.Percentile(sorted, 95), 12);   // = 7.4
        Assert.Equal(8, Bootstrap.Percentile(sorted, 100));
    }
}
