using Phylo.Graph;
using Phylo.Lineage.Candidates;
using Phylo.Lineage.Ranking;

namespace Phylo.Lineage.Evaluation;

/// <summary>
/// How one scoring ranked one held-out child's candidates: the 1-based rank of its first declared parent (0 when none
/// is a candidate), how many declared parents are in the top 10, how many it declares, and the top two candidates'
/// scores (NaN where there are fewer), and the best candidate (−1 without candidates). Ties in score keep candidate order, so
/// outcomes are deterministic.
/// </summary>
public readonly record struct ChildOutcome(int Child, int FirstHit, int FoundIn10, int Declared, double TopScore, double SecondScore, int Top = -1)
{
    /// <summary>Margins are capped here (raw scores are log-odds: 20 is certainty); a lone candidate has this margin.</summary>
    public const double MaxMargin = 20;

    /// <summary>How far the best candidate is ahead of the runner-up, in [0, <see cref="MaxMargin"/>] (NaN without
    /// candidates): the ranker's confidence, what the probability map reads.</summary>
    public double Margin => MarginOf(TopScore, SecondScore);

    public static double MarginOf(double top, double second) =>
        double.IsNaN(top) ? double.NaN : double.IsNaN(second) ? MaxMargin : Math.Clamp(top - second, 0, MaxMargin);

    /// <summary>Outcomes of every child of <paramref name="cands"/> under <paramref name="score"/> (same layout as its pairs).</summary>
    public static ChildOutcome[] Of(FamilyGraph graph, CandidateSet cands, double[] score)
    {
        int n = cands.Children.Length;
        var result = new ChildOutcome[n];
        var slots = new List<int>();
        for (int i = 0; i < n; i++)
        {
            int child = cands.Children[i];
            slots.Clear();
            for (int j = cands.Offsets[i]; j < cands.Offsets[i + 1]; j++) slots.Add(j);
            slots.Sort((a, b) => score[b] != score[a] ? score[b].CompareTo(score[a]) : a.CompareTo(b));
            int found10 = 0, first = 0;
            for (int r = 0; r < slots.Count; r++)
            {
                if (!PairScoring.IsDeclaredParent(graph, child, cands.Parents[slots[r]])) continue;
                if (first == 0) first = r + 1;
                if (r < 10) found10++;
            }
            result[i] = new ChildOutcome(child, first, found10, graph.ParentOffsets[child + 1] - graph.ParentOffsets[child],
                slots.Count == 0 ? double.NaN : score[slots[0]], slots.Count < 2 ? double.NaN : score[slots[1]],
                slots.Count == 0 ? -1 : cands.Parents[slots[0]]);
        }
        return result;
    }
}

/// <summary>
/// How well one scoring ranks the declared parents of held-out children (each child counts once).
/// <para><b>precision@1</b>: the top candidate is a declared parent. <b>recall@10</b>: declared parents among the top 10
/// over the child's declared parents, averaged. <b>MRR</b>: 1 / rank of the first declared parent (0 if none is a
/// candidate). <b>Candidate recall</b>: some declared parent is among the candidates at all (the ceiling of every
/// ranking).</para>
/// </summary>
public sealed record RankingMetrics(int Children, double CandidateRecall, double PrecisionAt1, double RecallAt10, double Mrr)
{
    public static readonly string[] Names = ["candidate recall", "precision@1", "recall@10", "MRR"];
    public static readonly string[] Keys = ["candidateRecall", "precisionAt1", "recallAt10", "mrr"];

    /// <summary>The four metrics in <see cref="Names"/> order.</summary>
    public double this[int metric] => metric switch
    {
        0 => CandidateRecall,
        1 => PrecisionAt1,
        2 => RecallAt10,
        3 => Mrr,
        _ => throw new ArgumentOutOfRangeException(nameof(metric)),
    };

    public static RankingMetrics Of(FamilyGraph graph, CandidateSet cands, double[] score) => Of(ChildOutcome.Of(graph, cands, score));

    public static RankingMetrics Of(IEnumerable<ChildOutcome> outcomes)
    {
        int n = 0;
        double hit1 = 0, r10 = 0, mrr = 0, covered = 0;
        foreach (var o in outcomes)
        {
            n++;
            if (o.FirstHit > 0) { covered++; mrr += 1.0 / o.FirstHit; }
            if (o.FirstHit == 1) hit1++;
            r10 += o.Declared == 0 ? 0 : (double)o.FoundIn10 / o.Declared;
        }
        return n == 0 ? new RankingMetrics(0, 0, 0, 0, 0) : new RankingMetrics(n, covered / n, hit1 / n, r10 / n, mrr / n);
    }
}
