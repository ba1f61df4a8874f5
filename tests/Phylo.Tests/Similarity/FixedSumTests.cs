using Phylo.Analyses.Similarity;

namespace Phylo.Tests.Similarity;

/// <summary><see cref="FixedSum.Of"/>'s fast path (a value in [0, 1)) gives the general Int128 conversion's bits.</summary>
public class FixedSumTests
{
    private static Int128 General(double value) => (Int128)(value * 18446744073709551616.0);

    [Fact]
    public void Fast_path_equals_the_general_conversion_at_its_edges_and_on_random_values()
    {
        double below1 = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(1.0) - 1);
        double[] edges = [0.0, -0.0, double.Epsilon, -double.Epsilon, 1e-300, 5.42e-20, 5.43e-20, 0.5, below1, 1.0,
            1.0000000000000002, -below1, -1.0, 2.0, 12345.678, -12345.678, 1e18, -1e18];
        foreach (double v in edges) Assert.True(General(v) == FixedSum.Of(v).Raw, $"{v:R}");
        var rng = new Random(5);
        for (int i = 0; i < 100_000; i++)
        {
            double v = rng.NextDouble() * Math.Pow(2, rng.Next(-70, 8)) * (rng.Next(2) == 0 ? 1 : -1);
            Assert.True(General(v) == FixedSum.Of(v).Raw, $"{v:R}");
        }
    }
}
