using Phylo.Graph;
using Phylo.Lineage.Candidates;
using Phylo.Lineage.Ranking;

namespace Phylo.Lineage.Evaluation;

/// <summary>
/// How well one scoring ranks the declared parents of held-out children (each child counts once).
/// <para><b>precision@1</b>: the top candidate is a declared parent. <b>recall@10</b>: declared parents among the top 10
/// over the child's declared parents, averaged. <b>MRR</b>: 1 / rank of the first declared parent (0 if none is a
/// candidate). <b>Candidate recall</b>: some declared parent is among the candidates at all (the ceiling of every
/// ranking). Ties in score keep candidate order, so results are deterministic.</para>
/// </summary>
public sealed record RankingMetrics(int Children, double CandidateRecall, double PrecisionAt1, double RecallAt10, double Mrr)
{
    public static RankingMetrics Of(FamilyGraph graph, CandidateSet cands, double[] score)
    {
        int n = cands.Children.Length;
        double hit1 = 0, r10 = 0, mrr = 0, covered = 0;
        var slots = new List<int>();
        for (int i = 0; i < n; i++)
        {
            int child = cands.Children[i];
            int declared = graph.ParentOffsets[child + 1] - graph.ParentOffsets[child];
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
            if (first > 0) covered++;
            if (first == 1) hit1++;
            if (first > 0) mrr += 1.0 / first;
            r10 += declared == 0 ? 0 : (double)found10 / declared;
        }
        return n == 0 ? new RankingMetrics(0, 0, 0, 0, 0) : new RankingMetrics(n, covered / n, hit1 / n, r10 / n, mrr / n);
    }
}

/// <summary>One band of predicted probability and how often its pairs were declared edges.</summary>
public sealed record CalibrationBand(double Low, double High, long Pairs, long DeclaredEdges, double MeanPredicted)
{
    public double ObservedPrecision => Pairs == 0 ? 0 : (double)DeclaredEdges / Pairs;

    /// <summary>Ten equal bands of [0, 1] over every scored candidate pair.</summary>
    public static CalibrationBand[] Table(FamilyGraph graph, CandidateSet cands, double[] probability)
    {
        var pairs = new long[10];
        var pos = new long[10];
        var sum = new double[10];
        for (int i = 0; i < cands.Children.Length; i++)
            for (int j = cands.Offsets[i]; j < cands.Offsets[i + 1]; j++)
            {
                int b = Math.Clamp((int)(probability[j] * 10), 0, 9);
                pairs[b]++;
                sum[b] += probability[j];
                if (PairScoring.IsDeclaredParent(graph, cands.Children[i], cands.Parents[j])) pos[b]++;
            }
        var bands = new CalibrationBand[10];
        for (int b = 0; b < 10; b++) bands[b] = new CalibrationBand(b / 10.0, (b + 1) / 10.0, pairs[b], pos[b], pairs[b] == 0 ? 0 : sum[b] / pairs[b]);
        return bands;
    }
}
