using Phylo.Lineage.Candidates;

namespace Phylo.Tests.Lineage;

/// <summary>The candidate cut's partial sort: its first k keys are those of a full sort, on every length 0..257.</summary>
public sealed class SmallestFirstTests
{
    [Fact]
    public void The_first_k_keys_are_those_of_a_full_sort()
    {
        var rng = new Random(26);
        for (int n = 0; n <= 257; n++)
            foreach (int k in new[] { 0, 1, 2, n / 3, n / 2, n - 1, n, n + 5, 50 })
                foreach (bool narrow in new[] { false, true })
                {
                    // distinct keys, as the generator's are; narrow ones share high bits so partitions are lopsided
                    var set = new HashSet<ulong>();
                    while (set.Count < n) set.Add(narrow ? (ulong)rng.Next(0, 4 * n + 4) : (ulong)rng.NextInt64());
                    ulong[] keys = [.. set], sorted = [.. keys.Order()];
                    SmallestFirst.Sort(keys, k);
                    int take = Math.Clamp(k, 0, n);
                    Assert.Equal(sorted[..take], keys[..take]);
                    Assert.Equal(sorted, keys.Order().ToArray());   // nothing lost or duplicated
                }
    }

    [Fact]
    public void Already_sorted_and_reversed_keys()
    {
        ulong[] up = [.. Enumerable.Range(0, 300).Select(i => (ulong)i)];
        ulong[] down = [.. up.Reverse()];
        SmallestFirst.Sort(down, 50);
        Assert.Equal(up[..50], down[..50]);
        SmallestFirst.Sort(up, 50);
        Assert.Equal(Enumerable.Range(0, 300).Select(i => (ulong)i), up);
    }
}
