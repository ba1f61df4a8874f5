using Phylo.Kernels;

namespace Phylo.Tests.Kernels;

public class SimilarityKernelTests
{
    public static TheoryData<SimdLevel> Levels() => KernelData.Levels();

    private static int[] RandomSet(Random rng, int length, int universe)
    {
        var set = new SortedSet<int>();
        while (set.Count < length) set.Add(rng.Next(universe));
        return set.ToArray();
    }

    [Theory, MemberData(nameof(Levels))]
    public void Set_jaccard_matches_hash_sets_at_every_length(SimdLevel level)
    {
        var rng = new Random(11);
        for (int len = 0; len <= KernelData.MaxLength; len++)
        {
            int[] a = RandomSet(rng, len, 3 * len + 8);
            int[] b = RandomSet(rng, rng.Next(0, 2 * len + 2), 3 * len + 8);
            int expected = a.Intersect(b).Count();
            Assert.Equal(expected, SetJaccard.IntersectionCount(a, b, level));
            Assert.Equal(expected, SetJaccard.IntersectionCount(b, a, level));
            Assert.Equal(len, SetJaccard.IntersectionCount(a, a, level));
            double j = a.Length + b.Length == 0 ? 1.0 : (double)expected / a.Union(b).Count();
            Assert.Equal(j, SetJaccard.Jaccard(a, b, level));
        }
    }

    [Theory, MemberData(nameof(Levels))]
    public void Sum_of_squares_matches_scalar_double_sum(SimdLevel level)
    {
        var rng = new Random(12);
        for (int len = 0; len <= KernelData.MaxLength; len++)
        {
            float[] v = Enumerable.Range(0, len).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
            double expected = v.Sum(x => (double)x * x);
            Assert.Equal(expected, SparseCosine.SumOfSquares(v, level), 1e-12);
        }
    }

    [Fact]
    public void Sparse_cosine_matches_the_dense_formula()
    {
        var rng = new Random(13);
        for (int len = 0; len <= KernelData.MaxLength; len++)
        {
            int[] ca = RandomSet(rng, len, 600), cb = RandomSet(rng, rng.Next(0, 300), 600);
            float[] va = ca.Select(_ => (float)rng.NextDouble()).ToArray(), vb = cb.Select(_ => (float)rng.NextDouble()).ToArray();
            double[] da = new double[600], db = new double[600];
            DenseCosine.AddSparseInto(da, ca, va);
            DenseCosine.AddSparseInto(db, cb, vb);
            double dot = Enumerable.Range(0, 600).Sum(i => da[i] * db[i]);
            Assert.Equal(dot, SparseCosine.Dot(ca, va, cb, vb), 1e-12);
            double na = Math.Sqrt(da.Sum(x => x * x)), nb = Math.Sqrt(db.Sum(x => x * x));
            double expected = na == 0 || nb == 0 ? 0 : dot / (na * nb);
            Assert.Equal(expected, SparseCosine.Cosine(ca, va, cb, vb), 1e-12);
            Assert.Equal(expected, DenseCosine.Cosine(da.Select(x => (float)x).ToArray(), db.Select(x => (float)x).ToArray()), 1e-6);
        }
    }

    [Fact]
    public void Mean_pairwise_dot_equals_the_mean_over_all_pairs()
    {
        var rng = new Random(14);
        var offsets = new List<int> { 0 };
        var cols = new List<int>();
        var vals = new List<float>();
        for (int r = 0; r < 9; r++)
        {
            int[] c = RandomSet(rng, rng.Next(0, 12), 40);
            float[] v = c.Select(_ => (float)rng.NextDouble()).ToArray();
            double norm = Math.Sqrt(v.Sum(x => (double)x * x));
            cols.AddRange(c);
            vals.AddRange(v.Select(x => (float)(x / norm)));
            offsets.Add(cols.Count);
        }
        var rows = new SparseRows(offsets.ToArray(), cols.ToArray(), vals.ToArray(), 40);
        int[] members = [0, 2, 3, 5, 8, 1];
        double sum = 0;
        int pairs = 0;
        for (int x = 0; x < members.Length; x++)
            for (int y = x + 1; y < members.Length; y++, pairs++)
                sum += SparseCosine.Dot(rows.ColsOf(members[x]), rows.ValsOf(members[x]), rows.ColsOf(members[y]), rows.ValsOf(members[y]));
        Assert.Equal(sum / pairs, DenseCosine.MeanPairwiseDot(rows, members, new double[64]), 1e-12);
        Assert.True(double.IsNaN(DenseCosine.MeanPairwiseDot(rows, [3], new double[64])));
    }
}
