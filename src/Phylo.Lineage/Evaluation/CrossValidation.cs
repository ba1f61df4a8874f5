using Phylo.Lineage.Features;
using Phylo.Lineage.Ranking;

namespace Phylo.Lineage.Evaluation;

/// <summary>One fold: its held-out families and children, what trained the ranker, and how the ranker and the baseline
/// ranked each held-out child (<see cref="ChildOutcome.TopScore"/> of <see cref="Model"/> is the raw ranker score), and how
/// it scored the held-out roots (<see cref="FamilySplit.Roots"/>: models that declare no parent, whose best candidate is
/// never right).</summary>
public sealed record FoldResult(int Fold, int HeldOutFamilies, int TrainingChildren, int TrainingRows, ChildOutcome[] Model, ChildOutcome[] Baseline,
    ChildOutcome[] Roots)
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
            var ranker = session.FoldRanker(held, out int rows);
            int trainChildren = session.TrainingChildren(held).Length;
            int[] test = FamilySplit.Children(graph, held, wantHeldOut: true);
            var known = KnownLineage.From(graph, held, session.Options.GraphFeatures);
            var cands = session.Candidates(test);
            double[] raw = PairScoring.ScoreAll(session.Signals, known, cands, ranker.Ensemble, session.Options.Threads);
            var second = session.TrainReranker(folds, k);
            int swapped = second is null ? 0 : PairScoring.Rerank(session.Signals, cands, raw, second);
            bool rule = session.Options.Ranker.SourceNameRule;
            int ruled = rule ? PairScoring.ApplySourceNameRule(session.Signals, cands, raw) : 0;
            double[] baseline = PairScoring.BaselineAll(session.Signals, cands, session.Options.Threads);
            var table = session.Table;
            int[] roots = [.. FamilySplit.Roots(graph, folds, results.Length, k, session.Options.Seed)
                .Where(m => table.ParentRefOffsets[m + 1] == table.ParentRefOffsets[m])];   // a parent outside the snapshot is still a parent
            var rootCands = session.Candidates(roots);
            double[] rootRaw = PairScoring.ScoreAll(session.Signals, known, rootCands, ranker.Ensemble, session.Options.Threads);
            if (second is not null) PairScoring.Rerank(session.Signals, rootCands, rootRaw, second);
            if (rule) PairScoring.ApplySourceNameRule(session.Signals, rootCands, rootRaw);
            var rootOutcomes = ChildOutcome.Of(graph, rootCands, rootRaw);
            results[k] = new FoldResult(k, families, trainChildren, rows, ChildOutcome.Of(graph, cands, raw), ChildOutcome.Of(graph, cands, baseline), rootOutcomes);
            session.Log($"fold {k + 1}/{results.Length}: {families:N0} families, {test.Length:N0} held-out children, {roots.Length:N0} held-out roots, {swapped:N0} second-stage swaps, {ruled:N0} source-name picks, " +
                        $"P@1 {RankingMetrics.Of(results[k].Model).PrecisionAt1:F3}");
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

    /// <summary>The out-of-fold evidence of every fold's children and roots (<see cref="ParentEvidence"/>; those without
    /// candidates left out) and whether the best candidate is a declared parent (never, for a root).</summary>
    public static (ParentEvidence[] Evidence, bool[] Correct, int[] Fold, bool[] Root) Unconditional(FoldResult[] folds, ModelSignals signals)
    {
        var x = new List<ParentEvidence>();
        var c = new List<bool>();
        var f = new List<int>();
        var r = new List<bool>();
        foreach (var fold in folds)
            foreach (var (outcomes, root) in new[] { (fold.Model, false), (fold.Roots, true) })
                foreach (var o in outcomes)
                {
                    if (double.IsNaN(o.TopScore)) continue;
                    x.Add(Evidence(signals, o.Child, o.Margin, o.TopScore));
                    c.Add(!root && o.FirstHit == 1);
                    f.Add(fold.Fold);
                    r.Add(root);
                }
        return ([.. x], [.. c], [.. f], [.. r]);
    }

    /// <summary>The <see cref="ParentEvidence"/> of a model's scoring.</summary>
    public static ParentEvidence Evidence(ModelSignals signals, int model, double margin, double topScore) =>
        new(margin, topScore, signals.Relation[model] != RelationGuess.Finetune);

    /// <summary>
    /// Cross-fitted probabilities: each fold's predictions mapped by a map fitted on the other folds' predictions only,
    /// so the calibration error measured on them is out of sample twice over (ranker and map).
    /// </summary>
    public static double[] CrossFitted(double[] scores, bool[] correct, int[] fold, int folds, Func<double[], bool[], IProbabilityMap> fit) =>
        CrossFitted<double>(scores, correct, fold, folds, (s, c) => fit(s, c).Probability);

    /// <summary><see cref="CrossFitted(double[], bool[], int[], int, Func{double[], bool[], IProbabilityMap})"/> for any kind of input.</summary>
    public static double[] CrossFitted<T>(T[] scores, bool[] correct, int[] fold, int folds, Func<T[], bool[], Func<T, double>> fit)
    {
        var p = new double[scores.Length];
        for (int k = 0; k < folds; k++)
        {
            var s = new List<T>();
            var c = new List<bool>();
            for (int i = 0; i < scores.Length; i++)
                if (fold[i] != k) { s.Add(scores[i]); c.Add(correct[i]); }
            if (s.Count == 0) continue;
            Func<T, double> map = fit([.. s], [.. c]);
            for (int i = 0; i < scores.Length; i++)
                if (fold[i] == k) p[i] = map(scores[i]);
        }
        return p;
    }
}
