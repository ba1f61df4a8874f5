using Phylo.Text;

namespace Phylo.Tests.Text;

public class TermTallyTests
{
    // Small tables so both the inserts and AddFrom grow them several times; hash 0 is counted on the side.
    [Theory]
    [InlineData(1, 300, 500)]
    [InlineData(2, 5_000, 200)]
    [InlineData(3, 0, 900)]
    public void Add_from_equals_counting_everything_in_one_table(int seed, int sharedRange, int count)
    {
        var rng = new Random(seed);
        ulong Next() => rng.Next(4) == 0 ? (ulong)rng.Next(Math.Max(1, sharedRange)) * 0x9E37_79B9_7F4A_7C15UL : (ulong)rng.NextInt64();
        ulong[] a = Enumerable.Range(0, count).Select(_ => Next()).ToArray(), b = Enumerable.Range(0, 2 * count).Select(_ => Next()).ToArray();
        var left = new TermTally(4);
        var right = new TermTally(4);
        left.AddAll(a);
        right.AddAll(b);
        left.AddFrom(right);
        var expected = a.Concat(b).GroupBy(h => h).OrderBy(g => g.Key).ToArray();
        (ulong[] hashes, long[] counts) = left.Drain();
        Assert.Equal(expected.Select(g => g.Key), hashes);
        Assert.Equal(expected.Select(g => (long)g.Count()), counts);
        Assert.Equal(expected.Length, left.Distinct);
        long threshold = left.KthLargestCount(7);
        Assert.Equal(expected.Select(g => (long)g.Count()).OrderDescending().Take(7).DefaultIfEmpty(0).Min(), threshold);
        (ulong[] picked, _) = left.AtLeast(threshold);
        Assert.Equal(expected.Where(g => g.Count() >= threshold).Select(g => g.Key), picked);
    }
}
