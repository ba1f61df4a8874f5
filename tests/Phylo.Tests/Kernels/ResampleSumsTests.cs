using Phylo.Kernels;

namespace Phylo.Tests.Kernels;

/// <summary>The bootstrap's sums at every level equal the scalar reference, one product or one drawn value at a time,
/// on every length 0..257, tile shapes with lists and rows left over, and sums that wrap past 2⁶³.</summary>
public class ResampleSumsTests
{
    [Theory]
    [MemberData(nameof(KernelData.Levels), MemberType = typeof(KernelData))]
    public void Count_dots_equal_the_reference_at_every_length_and_tile_shape(SimdLevel level)
    {
        var rng = new Random(31);
        for (int n = 0; n <= KernelData.MaxLength; n++)
        {
            int lists = 1 + n % 9, rows = 1 + n / 9 % 7, stride = n + n % 3; // 4×4 tiles and every leftover; padded rows
            long[] counts = Longs(rng, rows * stride + 1, small: n % 2 == 0), values = Longs(rng, lists * n, small: n % 4 == 0);
            var sums = new long[lists * rows];
            ResampleSums.CountDots(counts, stride, rows, values, n, sums, level);
            for (int l = 0; l < lists; l++)
                for (int r = 0; r < rows; r++)
                    Assert.Equal(ResampleSums.CountDot(counts.AsSpan(r * stride, n), values.AsSpan(l * n, n)), sums[l * rows + r]);
        }
    }

    [Theory]
    [MemberData(nameof(KernelData.Levels), MemberType = typeof(KernelData))]
    public void Count_dots_wrap_as_the_reference_and_are_exact_at_the_bootstrap_s_bound(SimdLevel level)
    {
        const int n = 37, lists = 5, rows = 5;
        long[] counts = new long[rows * n], values = new long[lists * n];
        Array.Fill(counts, long.MaxValue);
        Array.Fill(values, long.MinValue + 3);
        var sums = new long[lists * rows];
        ResampleSums.CountDots(counts, n, rows, values, n, sums, level);
        long wrapped = ResampleSums.CountDot(counts.AsSpan(0, n), values.AsSpan(0, n));
        Assert.All(sums, s => Assert.Equal(wrapped, s));

        // The bound: a count row sums to n ≤ 2²⁰ and |value| ≤ 2⁴¹, so |Σ cⱼvⱼ| ≤ 2⁶¹ with nothing lost.
        const int longest = 1 << 20;
        long[] one = new long[longest], all = new long[longest];
        one[longest - 1] = longest;                      // every draw on the last index
        Array.Fill(all, 1L);                             // every index once
        long[] extreme = new long[2 * longest];
        Array.Fill(extreme, -(1L << 41), 0, longest);
        Array.Fill(extreme, 1L << 41, longest, longest);
        long[] counted = [.. one, .. all];
        var bound = new long[4];
        ResampleSums.CountDots(counted, longest, 2, extreme, longest, bound, level);
        Assert.Equal([-(1L << 61), -(1L << 61), 1L << 61, 1L << 61], bound);
    }

    [Theory]
    [MemberData(nameof(KernelData.Levels), MemberType = typeof(KernelData))]
    public void Drawn_sums_equal_the_reference_at_every_length(SimdLevel level)
    {
        var rng = new Random(32);
        for (int n = 0; n <= KernelData.MaxLength; n++)
        {
            var u = new uint[n + n % 5];
            for (int j = 0; j < u.Length; j++) u[j] = j % 7 == 0 ? (j % 2 == 0 ? uint.MaxValue : 0) : (uint)rng.NextInt64();
            long[] values = Longs(rng, n, small: n % 3 == 0);
            long expected = 0;
            for (int j = 0; j < n; j++) expected = unchecked(expected + values[(int)((ulong)u[j] * (uint)n >> 32)]);
            Assert.Equal(expected, ResampleSums.DrawnSum(u, values, level));
        }
    }

    [Fact]
    public void The_largest_number_draws_the_last_index()
    {
        Assert.Equal(0, ResampleSums.Index(0, 5000));
        Assert.Equal(4999, ResampleSums.Index(uint.MaxValue, 5000));
        Assert.Equal((1 << 20) - 1, ResampleSums.Index(uint.MaxValue, 1 << 20));
    }

    [Fact]
    public void Shapes_that_do_not_fit_are_refused()
    {
        Assert.Throws<ArgumentException>(() => ResampleSums.CountDots(new long[9], 4, 3, new long[8], 4, new long[6], SimdLevel.Scalar));
        Assert.Throws<ArgumentException>(() => ResampleSums.CountDots(new long[12], 4, 3, new long[7], 4, new long[6], SimdLevel.Scalar));
        Assert.Throws<ArgumentException>(() => ResampleSums.DrawnSum(new uint[3], new long[4], SimdLevel.Scalar));
    }

    /// <summary>Counts and values as the bootstrap has them (small counts, 41-bit values), or any 64-bit numbers.</summary>
    private static long[] Longs(Random rng, int length, bool small)
    {
        var a = new long[length];
        for (int i = 0; i < length; i++) a[i] = small ? rng.Next(0, 9) - (i % 2) * rng.NextInt64(1L << 41) : rng.NextInt64(long.MinValue, long.MaxValue);
        return a;
    }
}
