using Phylo.Kernels;

namespace Phylo.Tests.Kernels;

/// <summary>Values made from 16-bit counts on read must have the bits of the float rows they replace, at every level.</summary>
public class CountWeightsTests
{
    [Theory]
    [MemberData(nameof(KernelData.Levels), MemberType = typeof(KernelData))]
    public void Values_have_the_reference_bits_at_every_length(SimdLevel level)
    {
        var rng = new Random(21);
        double[] idf = new double[512];
        for (int c = 0; c < idf.Length; c++) idf[c] = 1 + rng.NextDouble() * 12;
        for (int n = 0; n <= KernelData.MaxLength; n++)
        {
            ushort[] counts = new ushort[n], cols = new ushort[n];
            for (int k = 0; k < n; k++)
            {
                counts[k] = (ushort)(k % 17 == 0 ? rng.Next(1, ushort.MaxValue) : rng.Next(1, 40));
                cols[k] = (ushort)rng.Next(idf.Length);
            }
            foreach (double[]? weights in (double[]?[])[idf, null])
            {
                double norm = CountWeights.Norm(counts, cols, weights);
                Assert.Equal(Reference(counts, cols, weights).Norm, norm);
                float[] got = new float[n + 3];
                got.AsSpan().Fill(-7f);
                CountWeights.Values(counts, cols, weights, norm, got, level);
                Assert.Equal(Reference(counts, cols, weights).Vals, got[..n]);
                Assert.All(got[n..], v => Assert.Equal(-7f, v)); // nothing written past the row
                double[] wide = Array.ConvertAll(counts, c => (double)c);
                float[] fromWide = new float[n];
                CountWeights.Values(wide, cols, weights, CountWeights.Norm(wide, cols, weights), fromWide);
                Assert.Equal(got[..n], fromWide);
            }
        }
    }

    // TermVectorizer.Row's arithmetic on float counts, written out plainly.
    private static (double Norm, float[] Vals) Reference(ushort[] counts, ushort[] cols, double[]? idf)
    {
        var w = new double[counts.Length];
        double sumSq = 0;
        for (int k = 0; k < w.Length; k++)
        {
            float count = counts[k];
            w[k] = idf is null ? count : count * idf[cols[k]];
            sumSq += w[k] * w[k];
        }
        double norm = sumSq > 0 ? Math.Sqrt(sumSq) : 1.0;
        return (norm, Array.ConvertAll(w, v => (float)(v / norm)));
    }

    [Fact]
    public void A_zero_norm_row_is_divided_by_one()
    {
        Assert.Equal(1.0, CountWeights.Norm(Array.Empty<ushort>(), Array.Empty<ushort>(), null));
        Assert.Equal(1.0, CountWeights.Norm(new ushort[] { 0, 0 }, new ushort[] { 1, 2 }, null));
    }
}
