using Phylo.Analyses.Drift;

namespace Phylo.Tests.Drift;

public class OptimalOrderTests
{
    /// <summary>Every permutation in lexicographic order; the first with the largest score wins.</summary>
    private static (int[] Order, long Score) BruteForce(long[] gain, int n)
    {
        int[] perm = [.. Enumerable.Range(0, n)];
        int[] best = (int[])perm.Clone();
        long bestScore = OptimalOrder.Score<long>(gain, n, perm);
        while (NextPermutation(perm))
        {
            long s = OptimalOrder.Score<long>(gain, n, perm);
            if (s > bestScore) { bestScore = s; best = (int[])perm.Clone(); }
        }
        return (best, bestScore);
    }

    private static bool NextPermutation(int[] a)
    {
        int i = a.Length - 2;
        while (i >= 0 && a[i] >= a[i + 1]) i--;
        if (i < 0) return false;
        int j = a.Length - 1;
        while (a[j] <= a[i]) j--;
        (a[i], a[j]) = (a[j], a[i]);
        Array.Reverse(a, i + 1, a.Length - i - 1);
        return true;
    }

    /// <summary>Random transition counts turned into the two objectives the ordering solves.</summary>
    private static (long[] Agree, long[] Traffic) RandomObjectives(Random rng, int n, int maxCount)
    {
        var count = new long[n * n];
        for (int i = 0; i < count.Length; i++) count[i] = i / n == i % n ? 0 : rng.Next(maxCount);
        var agree = new long[n * n];
        var traffic = new long[n * n];
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++)
            {
                long diff = count[a * n + b] - count[b * n + a];
                if (diff > 0) { agree[a * n + b] = 1; traffic[a * n + b] = diff; }
            }
        return (agree, traffic);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(7)]
    [InlineData(8)]
    public void Dp_equals_brute_force_with_lexicographic_tie_break(int n)
    {
        var rng = new Random(1000 + n);
        for (int trial = 0; trial < (n <= 5 ? 60 : 8); trial++)
        {
            // Small counts make many ties, which exercises the tie-break.
            var (agree, traffic) = RandomObjectives(rng, n, trial % 2 == 0 ? 3 : 1000);
            foreach (long[] gain in new[] { agree, traffic })
            {
                var (expectedOrder, expectedScore) = BruteForce(gain, n);
                int[] order = OptimalOrder.Solve<long>(gain, n, out long score);
                Assert.Equal(expectedScore, score);
                Assert.Equal(expectedOrder, order);

                int[] narrow = Array.ConvertAll(gain, g => (int)g);
                Assert.Equal(expectedOrder, OptimalOrder.Solve<int>(narrow, n, out int narrowScore));
                Assert.Equal(expectedScore, narrowScore);
            }
        }
    }

    [Fact]
    public void A_transitive_tournament_is_recovered_whatever_the_labels()
    {
        const int n = 12;
        int[] hidden = [7, 2, 11, 0, 5, 9, 1, 4, 10, 3, 8, 6];
        var gain = new int[n * n];
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) gain[hidden[i] * n + hidden[j]] = 1;
        Assert.Equal(hidden, OptimalOrder.Solve<int>(gain, n, out int score));
        Assert.Equal(n * (n - 1) / 2, score);
    }

    [Fact]
    public void All_ties_give_the_identity_order()
    {
        Assert.Equal([0, 1, 2, 3], OptimalOrder.Solve<int>(new int[16], 4, out int score));
        Assert.Equal(0, score);
    }

    [Fact]
    public void Rejects_more_items_than_it_can_hold()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OptimalOrder.Solve<int>(new int[26 * 26], 26, out _));
    }
}
