using Phylo.Analyses;
using Phylo.Analyses.Drift;
using Phylo.Table;

namespace Phylo.Tests.Drift;

/// <summary>The study's ordering rules on hand-built edge lists (docs/definitions.md, "Orderings").</summary>
public class StudyRulesTests
{
    private static readonly DriftOptions Licenses = new() { Traits = [TraitKind.License], Parallelism = 1 };

    private static TransitionMatrix Count(HandGraph h, DriftOptions? options = null)
    {
        options ??= Licenses;
        var (table, graph) = h.Build();
        return TransitionCounts.Finish(table, TransitionCounts.Compute(table, graph, FamilyShard.All, options), options)[0];
    }

    private static long Study(TransitionMatrix m, string from, string to) =>
        m.Count(Array.IndexOf(m.Vocabulary, from), Array.IndexOf(m.Vocabulary, to));

    /// <summary>The regression pin of the transition rule: one edge each, counted by the study's rule.</summary>
    [Theory]
    [InlineData(new[] { "A" }, new[] { "B" }, "A>B:2")]              // a swap counts twice (B added from A, A dropped to B)
    [InlineData(new[] { "A", "B" }, new[] { "A" }, "B>A:1")]         // a drop goes to every child trait
    [InlineData(new[] { "A" }, new[] { "A", "B" }, "A>B:1")]         // an add comes from every parent trait
    [InlineData(new[] { "A" }, new string[0], "")]                   // an empty side: nothing
    [InlineData(new string[0], new[] { "B" }, "")]
    [InlineData(new[] { "A", "C" }, new[] { "B", "C" }, "A>B:2,A>C:1,C>B:1")]
    public void Transition_rule(string[] parent, string[] child, string expected)
    {
        var h = new HandGraph();
        h.Model("p", licenses: parent);
        h.Model("c", licenses: child, parents: HandGraph.Finetune("p"));
        var m = Count(h);
        string got = string.Join(",", Enumerable.Range(0, m.From.Length)
            .Select(i => $"{m.Vocabulary[m.From[i]]}>{m.Vocabulary[m.To[i]]}:{m.Transitions[i]}").Order(StringComparer.Ordinal));
        Assert.Equal(expected, got);
    }

    [Fact]
    public void The_study_graph_counts_a_cycle_edge_that_Phylo_drops()
    {
        var h = new HandGraph();
        h.Model("a", licenses: ["X"], parents: HandGraph.Finetune("b"));
        h.Model("b", licenses: ["Y"], parents: HandGraph.Finetune("a"));
        var m = Count(h);
        Assert.Equal(2, Study(m, "X", "Y"));    // a → b, kept
        Assert.Equal(2, Study(m, "Y", "X"));    // b → a, dropped by Phylo to break the cycle, kept by the study
        int xy = Array.FindIndex(m.From, f => m.Vocabulary[f] == "X");
        int yx = Array.FindIndex(m.From, f => m.Vocabulary[f] == "Y");
        Assert.Equal(1, m.CleanTransitions[xy]);
        Assert.Equal(0, m.CleanTransitions[yx]);
    }

    private static TransitionMatrix Matrix(TraitKind trait, string[] vocabulary, params (string From, string To, long Count)[] cells)
    {
        var dict = new Dictionary<long, TransitionCount>();
        foreach (var (from, to, count) in cells)
            dict[((long)Array.IndexOf(vocabulary, from) << 32) | (uint)Array.IndexOf(vocabulary, to)] = new TransitionCount { Study = count, Clean = count };
        return new TransitionMatrix(trait, vocabulary, 1, dict);
    }

    [Fact]
    public void Candidates_are_oriented_graph_nodes_without_the_specials()
    {
        string[] vocab = ["A", "B", "T", "other", "unknown", "D"];
        int[] models = [10, 8, 9, 100, 90, 1];
        // T has transitions, but only tied ones: it is not a node of the oriented graph. other/unknown are dropped.
        var m = Matrix(TraitKind.License, vocab, ("A", "B", 5), ("B", "A", 1), ("T", "A", 2), ("A", "T", 2), ("other", "A", 9), ("unknown", "B", 3), ("D", "B", 1));
        var o = TraitOrdering.Solve(m, models, 20);
        Assert.Equal(["A", "B", "D"], o.Ranked);
        Assert.Equal(2, o.OrientedPairs);
        Assert.Equal(["A", "B"], TraitOrdering.Solve(m, models, 2).Ranked);
    }

    [Fact]
    public void The_study_ranks_ten_tasks_and_libraries_and_twenty_licenses()
    {
        var h = new HandGraph();
        for (int i = 0; i < 24; i++)
        {
            // chains t0 → t1 → … so every trait is in an oriented pair; more models for lower i
            for (int k = 0; k <= 24 - i; k++) h.Model($"o{i}/{k}", licenses: [$"l{i}"], task: $"t{i}");
            if (i > 0) h.Model($"c{i}", licenses: [$"l{i}"], task: $"t{i}", parents: HandGraph.Finetune($"o{i - 1}/0"));
        }
        var (table, graph) = h.Build();
        var r = DriftAnalysis.Run(table, graph, new DriftOptions { Traits = [TraitKind.License, TraitKind.Task], Parallelism = 1, BootstrapReplicates = 10 });
        Assert.Equal(20, r.Orderings[0].Ranked.Length);
        Assert.Equal(10, r.Orderings[1].Ranked.Length);
        Assert.Equal([.. Enumerable.Range(0, 10).Select(i => $"t{i}")], r.Orderings[1].Ranked);
        Assert.Equal([.. Enumerable.Range(0, 10).Select(i => $"t{i}")], r.Orderings[1].Order);
    }

    [Fact]
    public void Forward_share_by_hand()
    {
        string[] vocab = ["A", "B", "C"];
        // A→B 5 / B→A 1 (A ahead by 4), B–C tied 3/3, C→A 2: the weighted order is C, A, B (traffic 4 + 2).
        var m = Matrix(TraitKind.License, vocab, ("A", "B", 5), ("B", "A", 1), ("B", "C", 3), ("C", "B", 3), ("C", "A", 2));
        var o = TraitOrdering.Solve(m, [10, 8, 6], 3);
        Assert.Equal(["C", "A", "B"], o.WeightedOrder);
        Assert.Equal(6, o.AgreeingTraffic);
        Assert.Equal(5 + 3 + 2, o.WeightedForward);        // A→B, C→B (the tied pair counts), C→A
        Assert.Equal(5 + 1 + 3 + 3 + 2, o.RankedTransitions);
        Assert.Equal(10 / 14.0, o.WeightedForwardShare, 12);
        Assert.Equal(5 + 1 + 2, o.OrientedTransitions);    // Σ total_n over the two oriented pairs
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(6)]
    [InlineData(8)]
    public void Both_orders_equal_brute_force_over_every_permutation(int n)
    {
        var rng = new Random(77 + n);
        string[] vocab = [.. Enumerable.Range(0, n).Select(i => $"x{i}")];
        int[] models = [.. Enumerable.Range(0, n).Select(i => 100 - i)];
        for (int trial = 0; trial < (n <= 4 ? 40 : 6); trial++)
        {
            var cells = new List<(string, string, long)>();
            var count = new long[n, n];
            for (int a = 0; a < n; a++)
                for (int b = 0; b < n; b++)
                    if (a != b && rng.Next(3) > 0) { count[a, b] = rng.Next(1, trial % 2 == 0 ? 4 : 500); cells.Add((vocab[a], vocab[b], count[a, b])); }
            var m = Matrix(TraitKind.Language, vocab, [.. cells]);
            var o = TraitOrdering.Solve(m, models, n);
            int k = o.Ranked.Length;
            int[] ids = [.. o.Ranked.Select(r => Array.IndexOf(vocab, r))];

            (int[] Order, long Score) best = ([], -1), bestTraffic = ([], -1);
            foreach (int[] perm in Permutations(k))
            {
                long agree = 0, traffic = 0;
                for (int i = 0; i < k; i++)
                    for (int j = i + 1; j < k; j++)
                    {
                        long diff = count[ids[perm[i]], ids[perm[j]]] - count[ids[perm[j]], ids[perm[i]]];
                        if (diff > 0) { agree++; traffic += diff; }
                    }
                if (agree > best.Score) best = ((int[])perm.Clone(), agree);
                if (traffic > bestTraffic.Score) bestTraffic = ((int[])perm.Clone(), traffic);
            }
            Assert.Equal([.. best.Order.Select(i => o.Ranked[i])], o.Order);
            Assert.Equal(best.Score, o.AgreeingPairs);
            Assert.Equal([.. bestTraffic.Order.Select(i => o.Ranked[i])], o.WeightedOrder);
            Assert.Equal(bestTraffic.Score, o.AgreeingTraffic);

            long forward = 0, total = 0;
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++)
                {
                    if (i == j) continue;
                    total += count[ids[bestTraffic.Order[i]], ids[bestTraffic.Order[j]]];
                    if (i < j) forward += count[ids[bestTraffic.Order[i]], ids[bestTraffic.Order[j]]];
                }
            Assert.Equal(forward, o.WeightedForward);
            Assert.Equal(total, o.RankedTransitions);
        }
    }

    /// <summary>Every permutation of 0..k-1 in lexicographic order (the first optimum is the tie-break's pick).</summary>
    private static IEnumerable<int[]> Permutations(int k)
    {
        int[] a = [.. Enumerable.Range(0, k)];
        while (true)
        {
            yield return a;
            int i = k - 2;
            while (i >= 0 && a[i] >= a[i + 1]) i--;
            if (i < 0) yield break;
            int j = k - 1;
            while (a[j] <= a[i]) j--;
            (a[i], a[j]) = (a[j], a[i]);
            Array.Reverse(a, i + 1, k - i - 1);
        }
    }
}
