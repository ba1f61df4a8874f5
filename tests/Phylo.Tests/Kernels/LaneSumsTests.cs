using Phylo.Kernels;

namespace Phylo.Tests.Kernels;

/// <summary>Sums reported to many digits must not depend on the vector width: every level gives the scalar path's bits.</summary>
public class LaneSumsTests
{
    [Theory]
    [MemberData(nameof(KernelData.Levels), MemberType = typeof(KernelData))]
    public void Sum_of_squares_of_floats_has_the_scalar_bits_at_every_length(SimdLevel level)
    {
        var rng = new Random(11);
        for (int n = 0; n <= KernelData.MaxLength; n++)
        {
            float[] v = Floats(rng, n);
            double scalar = LaneSums.SumOfSquares(v, SimdLevel.Scalar);
            Assert.Equal(BitConverter.DoubleToInt64Bits(scalar), BitConverter.DoubleToInt64Bits(LaneSums.SumOfSquares(v, level)));
            double plain = 0;
            foreach (float x in v) plain += (double)x * x;
            Assert.Equal(plain, scalar, Math.Max(1e-12, plain * 1e-13)); // the order differs from a plain loop, the value barely
        }
    }

    [Theory]
    [MemberData(nameof(KernelData.Levels), MemberType = typeof(KernelData))]
    public void Dot_of_doubles_has_the_scalar_bits_at_every_length(SimdLevel level)
    {
        var rng = new Random(12);
        for (int n = 0; n <= KernelData.MaxLength; n++)
        {
            double[] a = Doubles(rng, n), b = Doubles(rng, n);
            double scalar = LaneSums.Dot(a, b, SimdLevel.Scalar);
            Assert.Equal(BitConverter.DoubleToInt64Bits(scalar), BitConverter.DoubleToInt64Bits(LaneSums.Dot(a, b, level)));
            double plain = 0;
            for (int i = 0; i < n; i++) plain += a[i] * b[i];
            Assert.Equal(plain, scalar, 1e-9);
            Assert.Equal(LaneSums.Dot(a, a, level), LaneSums.SumOfSquares(a, level));
        }
    }

    [Fact]
    public void Sparse_and_dense_cosine_sums_use_the_fixed_order()
    {
        var rng = new Random(13);
        float[] v = Floats(rng, 77);
        foreach (SimdLevel l in Simd.Supported)
            Assert.Equal(LaneSums.SumOfSquares(v, SimdLevel.Scalar), SparseCosine.SumOfSquares(v, l));
    }

    [Fact]
    public void Dot_rejects_different_lengths() => Assert.Throws<ArgumentException>(() => LaneSums.Dot(new double[3], new double[4], SimdLevel.Scalar));

    private static float[] Floats(Random rng, int n)
    {
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float)((rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-3, 4)));
        return v;
    }

    private static double[] Doubles(Random rng, int n)
    {
        var v = new double[n];
        for (int i = 0; i < n; i++) v[i] = (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-3, 4));
        return v;
    }
}
