using Phylo.Analyses.Drift;
using Phylo.Table;

namespace Phylo.Tests.Drift;

public class TraitOrderingTests
{
    private static TransitionMatrix Matrix(string[] vocabulary, params (string From, string To, long Count)[] cells)
    {
        var dict = new Dictionary<long, TransitionCount>();
        foreach (var (from, to, count) in cells)
            dict[((long)Array.IndexOf(vocabulary, from) << 32) | (uint)Array.IndexOf(vocabulary, to)] = new TransitionCount { Study = count, Clean = count };
        return new TransitionMatrix(TraitKind.License, vocabulary, 1, dict);
    }

    [Fact]
    public void Top_traits_skip_placeholders_and_order_follows_the_majority_direction()
    {
        string[] vocab = ["A", "B", "C", "other", "D"];
        int[] modelCounts = [10, 8, 6, 100, 1];
        var m = Matrix(vocab, ("A", "B", 5), ("B", "A", 1), ("B", "C", 3), ("C", "B", 3), ("C", "A", 2), ("D", "A", 50), ("other", "A", 9));
        TraitOrder o = TraitOrdering.Solve(m, modelCounts, 3);

        Assert.Equal(["A", "B", "C"], o.Ranked);
        Assert.Equal(["C", "A", "B"], o.Order);
        Assert.Equal(2, o.OrientedPairs);          // B–C is balanced: not oriented
        Assert.Equal(2, o.AgreeingPairs);
        Assert.Equal((2 + 3 + 5) / 14.0, o.ForwardShare, 12);
        Assert.Equal(6, o.TotalTraffic);
        Assert.Equal(6, o.AgreeingTraffic);
    }

    [Fact]
    public void Weighted_order_follows_traffic_when_the_pairs_form_a_cycle()
    {
        string[] vocab = ["A", "B", "C"];
        var m = Matrix(vocab, ("A", "B", 1), ("B", "C", 1), ("C", "A", 10));
        TraitOrder o = TraitOrdering.Solve(m, [3, 2, 1], 20);

        Assert.Equal(["A", "B", "C"], o.Order);     // breaks C→A: lexicographically first of the 2-of-3 orders
        Assert.Equal(2, o.AgreeingPairs);
        Assert.Equal(["B", "C", "A"], o.WeightedOrder); // keeps C→A (10) and B→C (1): first of the two 11-traffic orders
        Assert.Equal(11, o.AgreeingTraffic);
        Assert.Equal(2, o.WeightedAgreeingPairs);
        Assert.Equal(11 / 12.0, o.WeightedForwardShare, 12);
    }

    [Fact]
    public void Traits_without_transitions_are_not_ranked()
    {
        string[] vocab = ["A", "B", "Z"];
        var m = Matrix(vocab, ("A", "B", 1));
        TraitOrder o = TraitOrdering.Solve(m, [1, 1, 1000], 20);
        Assert.Equal(["A", "B"], o.Ranked);
    }
}
