using Phylo.Graph;
using Phylo.Table;

namespace Phylo.Lineage.Evaluation;

/// <summary>Mean of one metric over folds and its 95 % interval (Student's t with K − 1 degrees of freedom: folds are few
/// and differ a lot, so the interval is wide when the families are), and the same metric pooled over every held-out child.</summary>
public sealed record FoldStatistic(double Mean, double Low, double High, double Pooled)
{
    public static FoldStatistic Of(IReadOnlyList<double> perFold, double pooled)
    {
        int k = perFold.Count;
        double mean = 0;
        foreach (double v in perFold) mean += v;
        mean /= k;
        double ss = 0;
        foreach (double v in perFold) ss += (v - mean) * (v - mean);
        double half = k < 2 ? double.NaN : StudentT975(k - 1) * Math.Sqrt(ss / (k - 1) / k);
        return new FoldStatistic(mean, mean - half, mean + half, pooled);
    }

    /// <summary>The 97.5 % quantile of Student's t (two-sided 95 %), tabulated for 1–30 degrees of freedom, 1.96 beyond.</summary>
    public static double StudentT975(int df) => df switch
    {
        <= 0 => double.NaN,
        <= 30 => T975[df - 1],
        _ => 1.959964,
    };

    private static readonly double[] T975 =
    [
        12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157, 2.228139,
        2.200985, 2.178813, 2.160369, 2.144787, 2.131450, 2.119905, 2.109816, 2.100922, 2.093024, 2.085963,
        2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831, 2.048407, 2.045230, 2.042272,
    ];
}

/// <summary>One candidate source's recall on its own (only its candidates, cut to K) over every child with a declared parent.</summary>
public sealed record SourceRecall(string Source, string Key, int Children, double Recall);

/// <summary>Metrics pooled over the held-out children whose declared links include one relation.</summary>
public sealed record RelationMetrics(string Relation, RankingMetrics Model, RankingMetrics Baseline);

/// <summary>How the probability map was chosen and how well calibrated the cross-fitted probabilities are.</summary>
/// <param name="Method">The map written with the model: Platt scaling of the margin.</param>
/// <param name="ExpectedError">Expected calibration error of its cross-fitted probabilities (the reliability table's).</param>
/// <param name="Alternatives">The same error for the maps not chosen (isotonic on the margin; either map on the raw top
/// score), so the choice can be rechecked on any data.</param>
public sealed record CalibrationReport(string Method, int Predictions, double ExpectedError, (string Method, double Error)[] Alternatives,
    CalibrationBand[] Reliability);

/// <summary>What <see cref="LineageSession.Evaluate"/> measured over K family folds.</summary>
public sealed record LineageEvaluation(
    int Folds, int CandidatesPerChild, FoldResult[] PerFold, FoldStatistic[] Model, FoldStatistic[] Baseline,
    SourceRecall[] Sources, RelationMetrics[] Relations, CalibrationReport Calibration, NoParentReport NoParent)
{
    public int HeldOutChildren => PerFold.Sum(f => f.HeldOutChildren);

    public static LineageEvaluation Summarize(FoldResult[] folds, int k, SourceRecall[] sources, FamilyGraph graph, CalibrationReport calibration,
        NoParentReport noParent)
    {
        var model = new FoldStatistic[4];
        var baseline = new FoldStatistic[4];
        var pooledModel = RankingMetrics.Of(folds.SelectMany(f => f.Model));
        var pooledBase = RankingMetrics.Of(folds.SelectMany(f => f.Baseline));
        for (int m = 0; m < 4; m++)
        {
            model[m] = FoldStatistic.Of([.. folds.Select(f => RankingMetrics.Of(f.Model)[m])], pooledModel[m]);
            baseline[m] = FoldStatistic.Of([.. folds.Select(f => RankingMetrics.Of(f.Baseline)[m])], pooledBase[m]);
        }
        return new LineageEvaluation(folds.Length, k, folds, model, baseline, sources, RelationBreakdown(folds, graph), calibration, noParent);
    }

    /// <summary>Per relation (finetune, adapter, quantized, merge, untyped) present among held-out children: metrics over the
    /// children with at least one declared link of that relation (a child with two relations counts in both).</summary>
    private static RelationMetrics[] RelationBreakdown(FoldResult[] folds, FamilyGraph graph)
    {
        var result = new List<RelationMetrics>();
        EdgeType[] order = [EdgeType.Finetune, EdgeType.Adapter, EdgeType.Quantized, EdgeType.Merge, EdgeType.Untyped];
        foreach (EdgeType type in order)
        {
            bool Has(ChildOutcome o)
            {
                foreach (int e in graph.InEdges(o.Child)) if (graph.EdgeTypes[e] == type) return true;
                return false;
            }
            var m = folds.SelectMany(f => f.Model).Where(Has).ToArray();
            if (m.Length == 0) continue;
            var b = folds.SelectMany(f => f.Baseline).Where(Has);
            result.Add(new RelationMetrics(type.Name(), RankingMetrics.Of(m), RankingMetrics.Of(b)));
        }
        return [.. result];
    }
}
