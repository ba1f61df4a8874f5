using Phylo.Text;

namespace Phylo.Tests.Text;

public class NumpyArgsortTests
{
    // Expected orders printed by numpy 1.24.2: np.argsort(np.array(keys, dtype=np.int64)).
    [Fact]
    public void Tie_order_matches_numpy()
    {
        long[] keys = Enumerable.Range(0, 40).Select(i => -(long)(i * 7 % 5)).ToArray();
        int[] expected = [37, 2, 32, 27, 7, 22, 17, 12, 19, 34, 29, 24, 14, 39, 4, 9, 11, 1, 36, 31, 6, 26, 16, 21, 23, 8, 13, 38, 28, 18, 33, 3, 20, 15, 35, 30, 5, 25, 10, 0];
        Assert.Equal(expected, NumpyArgsort.Argsort(keys));

        long[] many = Enumerable.Range(0, 100).Select(i => -(long)(i * i % 3)).ToArray();
        int[] first30 = [49, 37, 38, 85, 40, 41, 43, 44, 83, 46, 47, 82, 98, 50, 52, 53, 80, 55, 71, 70, 68, 67, 76, 65, 74, 64, 62, 61, 59, 58];
        Assert.Equal(first30, NumpyArgsort.Argsort(many)[..30]);
    }

    [Fact]
    public void Result_is_a_sorting_permutation()
    {
        var rng = new Random(41);
        for (int n = 0; n <= 300; n++)
        {
            long[] keys = Enumerable.Range(0, n).Select(_ => (long)rng.Next(-4, 5)).ToArray();
            int[] idx = NumpyArgsort.Argsort(keys);
            Assert.Equal(Enumerable.Range(0, n), idx.Order());
            for (int i = 1; i < n; i++) Assert.True(keys[idx[i - 1]] <= keys[idx[i]]);
        }
    }
}
