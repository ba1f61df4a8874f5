using Phylo.Lineage.Features;
using Phylo.Lineage.Ranking;

namespace Phylo.Lineage.Evaluation;

/// <summary>One fold: its held-out families and children, what trained the ranker, and how the ranker and the baseline
/// ranked each held-out child (<see cref="ChildOutcome.TopScore"/> of <see cref="Model"/> is the raw ranker score).</summary>
public sealed record FoldResult(int Fold, int HeldOutFamilies, int TrainingChildren, int TrainingRows, ChildOutcome[] Model, ChildOutcome[] Baseline)
{
    public int HeldOutChildren => Model.Length;
}

/// <summary>
/// K-fold cross-validation by family (<see cref="FamilySplit.Folds"/>): per fold, the ranker is trained on the other
/// folds' children — with the held-out families' declared lineage invisible to its features — and ranks the held-out
/// children's candidates. Every child with a declared parent is held out exactly once, so the outcomes together are
/// out-of-fold predictions for all of them: what the probability map is fitted on.
/// </summary>
public static class CrossValidation
{
    public static FoldResult[] Run(LineageSession session)
    {
        var graph = session.Graph;
        int[] folds = FamilySplit.Folds(graph, session.Options.Folds, session.Options.Seed);
        var results = new FoldResult[session.Options.Folds];
        for (int k = 0; k < results.Length; k++)
        {
            bool[] held = FamilySplit.HeldOut(folds, k);
            int families = 0;
            foreach (bool h in held) families += h ? 1 : 0;
            var ranker = session.TrainRanker(held, out int trainChildren, out int rows);
            int[] test = FamilySplit.Children(graph, held, wantHeldOut: true);
            var known = KnownLineage.From(graph, held, session.Options.GraphFeatures);
            var cands = session.Candidates(test);
            double[] raw = PairScoring.ScoreAll(session.Signals, known, cands, ranker.Ensemble, session.Options.Threads);
            double[] baseline = PairScoring.BaselineAll(session.Signals, cands, session.Options.Threads);
            results[k] = new FoldResult(k, families, trainChildren, rows, ChildOutcome.Of(graph, cands, raw), ChildOutcome.Of(graph, cands, baseline));
            session.Log($"fold {k + 1}/{results.Length}: {families:N0} families, {test.Length:N0} held-out children, P@1 {RankingMetrics.Of(results[k].Model).PrecisionAt1:F3}");
        }
        return results;
    }

    /// <summary>The out-of-fold top predictions of every fold: (<see cref="ChildOutcome.Margin"/> of the child's best
    /// candidate, it is a declared parent), children without candidates left out (inference writes nothing for them).</summary>
    public static (double[] Margins, bool[] Correct, int[] Fold) OutOfFold(FoldResult[] folds) => OutOfFold(folds, o => o.Margin);

    /// <summary><see cref="OutOfFold(FoldResult[])"/> with another reading of each outcome (the raw top score, to compare maps).</summary>
    public static (double[] Inputs, bool[] Correct, int[] Fold) OutOfFold(FoldResult[] folds, Func<ChildOutcome, double> input)
    {
        var s = new List<double>();
        var c = new List<bool>();
        var f = new List<int>();
        foreach (var fold in folds)
            foreach (var o in fold.Model)
            {
                if (double.IsNaN(o.TopScore)) continue;
                s.Add(input(o));
                c.Add(o.FirstHit == 1);
                f.Add(fold.Fold);
            }
        return ([.. s], [.. c], [.. f]);
    }

    /// <summary>
    /// Cross-fitted probabilities: each fold's predictions mapped by a map fitted on the other folds' predictions only,
    /// so the calibration error measured on them is out of sample twice over (ranker and map).
    /// </summary>
    public static double[] CrossFitted(double[] scores, bool[] correct, int[] fold, int folds, Func<double[], bool[], IProbabilityMap> fit)
    {
        var p = new double[scores.Length];
        for (int k = 0; k < folds; k++)
        {
            var s = new List<double>();
            var c = new List<bool>();
            for (int i = 0; i < scores.Length; i++)
                if (fold[i] != k) { s.Add(scores[i]); c.Add(correct[i]); }
            if (s.Count == 0) continue;
            IProbabilityMap map = fit([.. s], [.. c]);
            for (int i = 0; i < scores.Length; i++)
                if (fold[i] == k) p[i] = map.Probability(scores[i]);
        }
        return p;
    }
}
