using Phylo.Table;

namespace Phylo.Analyses.Drift;

/// <summary>
/// The linear order of a trait's top-n values that agrees best with the direction of transitions (docs/engine.md §5).
/// An oriented pair is one with n(u→v) ≠ n(v→u); it agrees when its larger direction goes forward.
/// </summary>
/// <param name="Ranked">The ordered traits by model count (rank order; ties by ordinal name).</param>
/// <param name="Order">The order agreeing with the most oriented pairs (lexicographically smallest by rank among optimal orders).</param>
/// <param name="ForwardShare">Share of the (study-rule) transitions among the ranked traits that go forward in <see cref="Order"/>.</param>
/// <param name="WeightedOrder">The order maximizing agreeing traffic Σ|n(u→v) − n(v→u)| (same tie-break).</param>
/// <param name="AgreeingTraffic">Traffic of the oriented pairs agreeing with <see cref="WeightedOrder"/>.</param>
/// <param name="TotalTraffic">Traffic of every oriented pair.</param>
/// <param name="OrientedTransitions">Transitions both ways summed over the oriented pairs (the study's Σ total_n).</param>
/// <param name="WeightedForward">Transitions among the ranked traits that go forward in <see cref="WeightedOrder"/>
/// (tied pairs included; the numerator of <see cref="WeightedForwardShare"/>).</param>
/// <param name="RankedTransitions">Every transition among the ranked traits (its denominator).</param>
public sealed record TraitOrder(
    TraitKind Trait,
    string[] Ranked,
    string[] Order,
    int AgreeingPairs,
    int OrientedPairs,
    double ForwardShare,
    string[] WeightedOrder,
    int WeightedAgreeingPairs,
    double WeightedForwardShare,
    long AgreeingTraffic,
    long TotalTraffic,
    long OrientedTransitions,
    long WeightedForward,
    long RankedTransitions);

/// <summary>Ranks the top traits of a transition matrix and solves both orderings exactly.</summary>
public static class TraitOrdering
{
    public const int MaxTraits = OptimalOrder.MaxItems;

    /// <summary>Placeholders the study drops before ranking.</summary>
    public static readonly string[] Excluded = ["other", "unknown", "None", "", "[]"];

    public static TraitOrder Solve(TransitionMatrix matrix, int[] modelCounts, int topN) =>
        Solve(matrix, TopTraits(matrix, modelCounts, topN), matrix.Transitions);

    /// <summary>The same ranked traits as <paramref name="studyRule"/>, ordered by the clean counts (a plain swap counts once).</summary>
    public static TraitOrder SolveClean(TransitionMatrix matrix, TraitOrder studyRule) =>
        Solve(matrix, Array.ConvertAll(studyRule.Ranked, name => Array.IndexOf(matrix.Vocabulary, name)), matrix.CleanTransitions);

    private static TraitOrder Solve(TransitionMatrix matrix, int[] ranked, long[] transitions)
    {
        int n = ranked.Length;
        var count = new long[n * n];
        var slot = new Dictionary<int, int>(n);
        for (int i = 0; i < n; i++) slot[ranked[i]] = i;
        for (int k = 0; k < matrix.From.Length; k++)
            if (slot.TryGetValue(matrix.From[k], out int a) && slot.TryGetValue(matrix.To[k], out int b))
                count[a * n + b] = transitions[k];

        var agree = new int[n * n];
        var traffic = new long[n * n];
        int oriented = 0;
        long totalTraffic = 0, orientedTransitions = 0;
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++)
            {
                long diff = count[a * n + b] - count[b * n + a];
                if (a == b || diff <= 0) continue;
                agree[a * n + b] = 1;
                traffic[a * n + b] = diff;
                oriented++;
                totalTraffic += diff;
                orientedTransitions += count[a * n + b] + count[b * n + a];
            }

        int[] order = OptimalOrder.Solve<int>(agree, n, out int agreeing);
        int[] weighted = SolveTraffic(traffic, n, totalTraffic, out long agreeingTraffic);
        string[] names = matrix.Vocabulary;
        return new TraitOrder(
            matrix.Trait,
            Names(names, ranked, [.. Enumerable.Range(0, n)]),
            Names(names, ranked, order),
            agreeing,
            oriented,
            ForwardShare(count, n, order),
            Names(names, ranked, weighted),
            OptimalOrder.Score<int>(agree, n, weighted),
            ForwardShare(count, n, weighted),
            agreeingTraffic,
            totalTraffic,
            orientedTransitions,
            OptimalOrder.Score<long>(count, n, weighted),
            RankedTransitions(count, n));
    }

    /// <summary>
    /// The study's candidates (docs/definitions.md, "Orderings"): the nodes of the oriented transition graph — traits in at
    /// least one pair whose two directions differ under the study-rule counts — placeholders dropped, by model count (ties:
    /// ordinal name), first <paramref name="topN"/>.
    /// </summary>
    internal static int[] TopTraits(TransitionMatrix matrix, int[] modelCounts, int topN)
    {
        var seen = new HashSet<int>();
        for (int k = 0; k < matrix.From.Length; k++)
        {
            if (matrix.Transitions[k] == matrix.Count(matrix.To[k], matrix.From[k])) continue;
            seen.Add(matrix.From[k]);
            seen.Add(matrix.To[k]);
        }
        var candidates = new List<int>(seen.Count);
        foreach (int id in seen)
            if (Array.IndexOf(Excluded, matrix.Vocabulary[id]) < 0) candidates.Add(id);
        candidates.Sort((x, y) =>
        {
            int c = modelCounts[y].CompareTo(modelCounts[x]);
            return c != 0 ? c : string.CompareOrdinal(matrix.Vocabulary[x], matrix.Vocabulary[y]);
        });
        return [.. candidates.Take(topN)];
    }

    /// <summary>The weighted problem in 32-bit scores when the total traffic fits (half the memory), else 64-bit.</summary>
    private static int[] SolveTraffic(long[] traffic, int n, long total, out long score)
    {
        if (total > int.MaxValue) return OptimalOrder.Solve<long>(traffic, n, out score);
        var narrow = new int[traffic.Length];
        for (int i = 0; i < narrow.Length; i++) narrow[i] = (int)traffic[i];
        int[] order = OptimalOrder.Solve<int>(narrow, n, out int s);
        score = s;
        return order;
    }

    /// <summary>Σ n(u→v) over u before v, divided by all transitions among the ordered traits.</summary>
    internal static double ForwardShare(long[] count, int n, int[] order)
    {
        long forward = OptimalOrder.Score<long>(count, n, order), total = RankedTransitions(count, n);
        return total == 0 ? double.NaN : (double)forward / total;
    }

    private static long RankedTransitions(long[] count, int n)
    {
        long total = 0;
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++)
                if (a != b) total += count[a * n + b];
        return total;
    }

    private static string[] Names(string[] vocabulary, int[] ranked, int[] order)
    {
        var names = new string[order.Length];
        for (int i = 0; i < order.Length; i++) names[i] = vocabulary[ranked[order[i]]];
        return names;
    }
}
