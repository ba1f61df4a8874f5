using System.Buffers;
using System.Runtime.CompilerServices;
using Phylo.Graph;
using Phylo.Kernels;
using Phylo.Lineage.Candidates;
using Phylo.Lineage.Features;

namespace Phylo.Lineage.Ranking;

/// <summary>
/// Features and scores of candidate pairs, children in fixed chunks on all cores (output in child order, identical
/// for any thread count). Scoring fills one child's candidates' features into a pooled matrix and runs the compiled ensemble
/// over that batch, so nothing of size pairs × features is ever materialized.
/// </summary>
[SkipLocalsInit]
public static class PairScoring
{
    private const int Chunk = 256;

    /// <summary>True when <paramref name="parent"/> is a declared parent of <paramref name="child"/> in <paramref name="graph"/>.</summary>
    public static bool IsDeclaredParent(FamilyGraph graph, int child, int parent)
    {
        foreach (int e in graph.InEdges(child)) if (graph.EdgeParent[e] == parent) return true;
        return false;
    }

    /// <summary>
    /// Training rows: for each child, every candidate that is a declared parent (label true) and up to
    /// <paramref name="negatives"/> others, chosen by a seeded hash of (child, candidate). A positive's parent is
    /// described without the edge being learned (its child count leaves this child out), as an undeclared child's
    /// parent would be.
    /// </summary>
    public static List<PairRow> TrainingRows(ModelSignals s, KnownLineage known, FamilyGraph graph, CandidateSet cands, ulong seed, int negatives)
    {
        var rows = new List<PairRow>();
        var order = new List<(ulong Key, int Slot)>();
        float[] matrix = [];
        for (int i = 0; i < cands.Children.Length; i++)
        {
            int child = cands.Children[i];
            var (lo, hi) = (cands.Offsets[i], cands.Offsets[i + 1]);
            if (matrix.Length < (hi - lo) * PairFeatures.Count) matrix = new float[(hi - lo) * PairFeatures.Count];
            PairFeatures.FillChild(s, known, cands, i, matrix);
            order.Clear();
            for (int j = lo; j < hi; j++)
            {
                int p = cands.Parents[j];
                float[] row = matrix.AsSpan((j - lo) * PairFeatures.Count, PairFeatures.Count).ToArray();
                if (IsDeclaredParent(graph, child, p))
                {
                    if (known.Enabled) row[PairFeatures.ParentChildren] = (float)Math.Log(Math.Max(1, known.Children[p])); // log(1 + children − 1): this edge left out
                    rows.Add(new PairRow { Features = row, Label = true });
                }
                else order.Add((SplitMix64.Mix(seed ^ ((ulong)(uint)child << 32 | (uint)p)), j));
            }
            order.Sort();
            for (int t = 0; t < (negatives <= 0 ? order.Count : Math.Min(negatives, order.Count)); t++)
                rows.Add(new PairRow { Features = matrix.AsSpan((order[t].Slot - lo) * PairFeatures.Count, PairFeatures.Count).ToArray(), Label = false });
        }
        return rows;
    }

    /// <summary>Raw ensemble score of every candidate pair (same layout as <see cref="CandidateSet.Parents"/>).</summary>
    public static double[] ScoreAll(ModelSignals s, KnownLineage known, CandidateSet cands, CompiledEnsemble model, int threads)
    {
        var raw = new double[cands.Count];
        ForChildren(s, known, cands, model, threads, (i, scores) => scores.CopyTo(raw.AsSpan(cands.Offsets[i])));
        return raw;
    }

    /// <summary>
    /// The second stage over scores from <see cref="ScoreAll"/>: per child, when <paramref name="reranker"/> prefers its
    /// second-best candidate to the best, their two scores are exchanged (so the margin and the top score the probability
    /// maps read stay the first stage's; only which candidate holds them changes, as in <see cref="BestPerChild(ModelSignals, CandidateIndex, KnownLineage, int[], int, CompiledEnsemble, int, TopTwoReranker?, bool)"/>).
    /// Returns how many children changed.
    /// </summary>
    public static int Rerank(ModelSignals s, CandidateSet cands, double[] raw, TopTwoReranker reranker)
    {
        int swapped = 0;
        for (int i = 0; i < cands.Children.Length; i++)
        {
            int first = cands.Offsets[i];
            var (t, u) = TopTwo(raw.AsSpan(first, cands.Offsets[i + 1] - first));
            if (u < 0 || !reranker.PrefersSecond(s, cands.Children[i], cands.Parents[first + t], cands.Parents[first + u], raw[first + t], raw[first + u])) continue;
            (raw[first + t], raw[first + u]) = (raw[first + u], raw[first + t]);
            swapped++;
        }
        return swapped;
    }

    /// <summary>
    /// <see cref="SourceNameRule"/> over scores from <see cref="ScoreAll"/> (after <see cref="Rerank"/>): per child, when the
    /// rule puts another candidate first, its score and the best's are exchanged (the margin and the top score stay, as in
    /// <see cref="Rerank"/>; a candidate that ties the top score and comes earlier stays ahead, as the ranking orders ties).
    /// Returns how many children's best changed.
    /// </summary>
    public static int ApplySourceNameRule(ModelSignals s, CandidateSet cands, double[] raw)
    {
        int changed = 0;
        for (int i = 0; i < cands.Children.Length; i++)
        {
            int first = cands.Offsets[i], count = cands.Offsets[i + 1] - first;
            int t = TopTwo(raw.AsSpan(first, count)).Top;
            int pick = SourceNameRule.Pick(s, cands.Children[i], cands.Parents.AsSpan(first, count), raw.AsSpan(first, count), t);
            if (pick == t) continue;
            (raw[first + t], raw[first + pick]) = (raw[first + pick], raw[first + t]);
            changed += TopTwo(raw.AsSpan(first, count)).Top != t ? 1 : 0;
        }
        return changed;
    }

    /// <summary>
    /// The second stage's training rows from out-of-fold scores <paramref name="raw"/> of <paramref name="cands"/>: for each
    /// child whose two best candidates hold exactly one declared parent, <see cref="TopTwoReranker.Features"/> of (best,
    /// second) and whether the best is the parent. Children in order, so the rows are deterministic.
    /// </summary>
    public static void RerankRows(ModelSignals s, FamilyGraph graph, CandidateSet cands, double[] raw, List<double[]> rows, List<bool> bestIsParent)
    {
        for (int i = 0; i < cands.Children.Length; i++)
        {
            int first = cands.Offsets[i], child = cands.Children[i];
            var (t, u) = TopTwo(raw.AsSpan(first, cands.Offsets[i + 1] - first));
            if (u < 0) continue;
            int a = cands.Parents[first + t], b = cands.Parents[first + u];
            bool pa = IsDeclaredParent(graph, child, a);
            if (pa == IsDeclaredParent(graph, child, b)) continue;
            var x = new double[TopTwoReranker.Inputs];
            TopTwoReranker.Features(s, child, a, b, raw[first + t], raw[first + u], x);
            rows.Add(x);
            bestIsParent.Add(pa);
        }
    }

    /// <summary>Indices of the best and second-best score (the earlier on ties, as <see cref="Evaluation.ChildOutcome.Of"/>
    /// orders them; −1 where there are fewer).</summary>
    public static (int Top, int Second) TopTwo(ReadOnlySpan<double> scores)
    {
        int top = -1, second = -1;
        for (int k = 0; k < scores.Length; k++)
        {
            if (top < 0 || scores[k] > scores[top]) (second, top) = (top, k);
            else if (second < 0 || scores[k] > scores[second]) second = k;
        }
        return (top, second);
    }

    /// <summary>The no-ML baseline's score of every pair: the card-body TF-IDF cosine (−1 without cards).</summary>
    public static double[] BaselineAll(ModelSignals s, CandidateSet cands, int threads)
    {
        var score = new double[cands.Count];
        ForChunks(cands.Children.Length, threads, (lo, hi) =>
        {
            for (int i = lo; i < hi; i++)
                for (int j = cands.Offsets[i]; j < cands.Offsets[i + 1]; j++)
                    score[j] = PairFeatures.CardCosine(s, cands.Children[i], cands.Parents[j]);
        });
        return score;
    }

    /// <summary>Per child, its best-scoring candidate (−1 when it has none), that candidate's
    /// <see cref="Evaluation.ChildOutcome.Margin"/> over the runner-up and its raw score (ties keep the earlier, better-ranked candidate,
    /// as evaluation does).</summary>
    public static (int[] Parent, double[] Margin, double[] Top) BestPerChild(ModelSignals s, KnownLineage known, CandidateSet cands, CompiledEnsemble model, int threads)
    {
        int n = cands.Children.Length;
        var parent = new int[n];
        var margin = new double[n];
        var topScore = new double[n];
        ForChildren(s, known, cands, model, threads, (i, scores) =>
        {
            (int top, margin[i]) = Best(scores);
            parent[i] = top < 0 ? -1 : cands.Parents[cands.Offsets[i] + top];
            topScore[i] = top < 0 ? double.NaN : scores[top];
        });
        return (parent, margin, topScore);
    }

    /// <summary>
    /// <see cref="BestPerChild(ModelSignals, KnownLineage, CandidateSet, CompiledEnsemble, int)"/> without a candidate set: each child's candidates are generated into a per-thread buffer
    /// (<see cref="CandidateGenerator.OneChild(ModelSignals, CandidateIndex, int, int, CandidateGenerator.Scratch, ChildCandidates)"/>),
    /// featurized, scored and forgotten, so memory does not grow with the number of pairs (65M at full scale). Same
    /// result as generating the set first, then <see cref="Rerank"/> and (when <paramref name="sourceNameRule"/>)
    /// <see cref="ApplySourceNameRule"/>; children in fixed chunks, so identical for any thread count.
    /// </summary>
    public static (int[] Parent, double[] Margin, double[] Top) BestPerChild(ModelSignals s, CandidateIndex index, KnownLineage known, int[] children, int k,
        CompiledEnsemble model, int threads, TopTwoReranker? reranker = null, bool sourceNameRule = false)
    {
        int n = children.Length;
        var parent = new int[n];
        var margin = new double[n];
        var topScore = new double[n];
        // Parallel.For re-runs the local init each time a worker replica restarts (many times over a long loop), so the
        // work spaces (the generator's member table is on the large-object heap) are handed back and reused.
        var spare = new System.Collections.Concurrent.ConcurrentBag<(CandidateGenerator.Scratch Generator, ChildCandidates Candidates, float[] Features, double[] Scores)>();
        Parallel.For(0, (n + Chunk - 1) / Chunk, new ParallelOptions { MaxDegreeOfParallelism = threads <= 0 ? -1 : threads },
            () => spare.TryTake(out var w) ? w : (Generator: new CandidateGenerator.Scratch(index.PoolSize), Candidates: new ChildCandidates(k),
                Features: new float[k * PairFeatures.Count], Scores: new double[k]),
            (c, _, w) =>
            {
                for (int i = c * Chunk, end = Math.Min(n, (c + 1) * Chunk); i < end; i++)
                {
                    int got = CandidateGenerator.OneChild(s, index, children[i], k, w.Generator, w.Candidates);
                    PairFeatures.FillChild(s, known, children[i], w.Candidates.Parents.AsSpan(0, got), w.Candidates.Votes.AsSpan(0, got),
                        w.Candidates.Sources.AsSpan(0, got), w.Features);
                    model.RawBatch(w.Features.AsSpan(0, got * PairFeatures.Count), PairFeatures.Count, w.Scores.AsSpan(0, got));
                    (int top, margin[i]) = Best(w.Scores.AsSpan(0, got));
                    parent[i] = top < 0 ? -1 : w.Candidates.Parents[top];
                    topScore[i] = top < 0 ? double.NaN : w.Scores[top];
                    if (got < 2) continue;
                    var (t, u) = TopTwo(w.Scores.AsSpan(0, got));
                    if (reranker is not null && reranker.PrefersSecond(s, children[i], w.Candidates.Parents[t], w.Candidates.Parents[u], w.Scores[t], w.Scores[u]))
                    {
                        parent[i] = w.Candidates.Parents[u];   // the margin and top score stay the first stage's, as Rerank leaves them
                        (w.Scores[t], w.Scores[u]) = (w.Scores[u], w.Scores[t]);
                        t = TopTwo(w.Scores.AsSpan(0, got)).Top;   // as ApplySourceNameRule finds it after Rerank
                    }
                    if (!sourceNameRule) continue;
                    int pick = SourceNameRule.Pick(s, children[i], w.Candidates.Parents.AsSpan(0, got), w.Scores.AsSpan(0, got), t);
                    if (pick == t) continue;
                    (w.Scores[t], w.Scores[pick]) = (w.Scores[pick], w.Scores[t]);
                    parent[i] = w.Candidates.Parents[TopTwo(w.Scores.AsSpan(0, got)).Top];   // ties as ApplySourceNameRule leaves them
                }
                return w;
            },
            spare.Add);
        return (parent, margin, topScore);
    }

    /// <summary>The best score's index (the earlier on ties; −1 when empty) and its margin over the runner-up.</summary>
    private static (int Top, double Margin) Best(ReadOnlySpan<double> scores)
    {
        int top = -1;
        double best = double.NegativeInfinity, second = double.NaN;
        for (int k = 0; k < scores.Length; k++)
        {
            if (top < 0 || scores[k] > best)
            {
                if (top >= 0) second = best;
                (best, top) = (scores[k], k);
            }
            else if (double.IsNaN(second) || scores[k] > second) second = scores[k];
        }
        return (top, top < 0 ? double.NaN : Evaluation.ChildOutcome.MarginOf(best, second));
    }

    private delegate void ChildScores(int child, ReadOnlySpan<double> scores);

    /// <summary>Per child (in chunks on all cores): features of all its candidates into one pooled matrix, then the
    /// ensemble over the batch (<see cref="CompiledEnsemble.RawBatch(ReadOnlySpan{float}, int, Span{double})"/>); <paramref name="sink"/> gets the scores in candidate order.</summary>
    private static void ForChildren(ModelSignals s, KnownLineage known, CandidateSet cands, CompiledEnsemble model, int threads, ChildScores sink) =>
        ForChunks(cands.Children.Length, threads, (lo, hi) =>
        {
            int widest = 0;
            for (int i = lo; i < hi; i++) widest = Math.Max(widest, cands.Offsets[i + 1] - cands.Offsets[i]);
            float[] features = ArrayPool<float>.Shared.Rent(Math.Max(1, widest * PairFeatures.Count));
            double[] scores = ArrayPool<double>.Shared.Rent(Math.Max(1, widest));
            for (int i = lo; i < hi; i++)
            {
                int count = cands.Offsets[i + 1] - cands.Offsets[i];
                PairFeatures.FillChild(s, known, cands, i, features);
                model.RawBatch(features.AsSpan(0, count * PairFeatures.Count), PairFeatures.Count, scores.AsSpan(0, count));
                sink(i, scores.AsSpan(0, count));
            }
            ArrayPool<double>.Shared.Return(scores);
            ArrayPool<float>.Shared.Return(features);
        });

    private static void ForChunks(int n, int threads, Action<int, int> body) =>
        Parallel.For(0, (n + Chunk - 1) / Chunk, new ParallelOptions { MaxDegreeOfParallelism = threads <= 0 ? -1 : threads },
            c => body(c * Chunk, Math.Min(n, (c + 1) * Chunk)));
}
