namespace Phylo.Lineage.Evaluation;

/// <summary>One fold at the threshold: its held-out roots and how many got a parent anyway, its held-out children (with
/// candidates) and how many got their declared parent or a wrong one.</summary>
public sealed record ThresholdOutcome(int Fold, int Roots, int RootsGivenParent, int Children, int ChildrenRight, int ChildrenWrong)
{
    public double RootRate => Roots == 0 ? double.NaN : (double)RootsGivenParent / Roots;
    public double ChildRate => Children == 0 ? double.NaN : (double)ChildrenRight / Children;
}

/// <summary>
/// The unconditional score (<see cref="ParentMap"/>: P[the best candidate is the model's parent], roots included) on
/// cross-fitted out-of-fold predictions: its calibration over children and roots together, and what
/// <c>infer --min-score</c> <see cref="Threshold"/> would do per fold — how often a root gets a parent (fold mean and
/// 95 % interval), how often a child gets its declared parent, and how many written edges are right (pooled).
/// <see cref="Uses"/>: how many of <see cref="ParentEvidence"/>'s inputs the shipped map reads — of the margin alone,
/// margin and raw score, all three, the one whose cross-fitted probabilities are best calibrated (ties: fewer inputs).
/// </summary>
public sealed record NoParentReport(int Uses, double Threshold, ThresholdOutcome[] PerFold, FoldStatistic RootsGivenParent, FoldStatistic ChildrenGivenRight,
    double WrittenPrecision, CalibrationReport Calibration)
{
    public static string InputNames(int uses) => string.Join(", ", ParentEvidence.Names.Take(uses));

    /// <summary><c>infer</c>'s default <c>--min-score</c>.</summary>
    public const double DefaultThreshold = 0.5;

    public static NoParentReport Of(ParentEvidence[] evidence, bool[] correct, int[] fold, bool[] root, int folds, double threshold = DefaultThreshold)
    {
        double[] Fitted(int uses) => CrossValidation.CrossFitted(evidence, correct, fold, folds, (x, c) => ParentMap.Fit(x, c, uses).Probability);
        var errors = new double[ParentEvidence.Inputs + 1];
        int best = 1;
        for (int u = 1; u <= ParentEvidence.Inputs; u++)
        {
            errors[u] = CalibrationBand.ExpectedError(CalibrationBand.Table(Fitted(u), correct));
            if (errors[u] < errors[best]) best = u;
        }
        double[] p = Fitted(best);
        var bands = CalibrationBand.Table(p, correct);
        var calibration = new CalibrationReport($"logistic regression on {InputNames(best)}, roots included", p.Length, CalibrationBand.ExpectedError(bands),
            [.. Enumerable.Range(1, ParentEvidence.Inputs).Where(u => u != best).Select(u => (InputNames(u), errors[u]))], bands);
        var perFold = new ThresholdOutcome[folds];
        long written = 0, right = 0;
        for (int k = 0; k < folds; k++)
        {
            int roots = 0, rootsGiven = 0, children = 0, childRight = 0, childWrong = 0;
            for (int i = 0; i < p.Length; i++)
            {
                if (fold[i] != k) continue;
                bool given = p[i] >= threshold;
                if (root[i]) { roots++; rootsGiven += given ? 1 : 0; }
                else
                {
                    children++;
                    if (given && correct[i]) childRight++;
                    else if (given) childWrong++;
                }
            }
            perFold[k] = new ThresholdOutcome(k, roots, rootsGiven, children, childRight, childWrong);
            written += rootsGiven + childRight + childWrong;
            right += childRight;
        }
        static FoldStatistic Stat(ThresholdOutcome[] f, Func<ThresholdOutcome, double> rate, Func<ThresholdOutcome, int> num, Func<ThresholdOutcome, int> den)
        {
            var rates = f.Select(rate).Where(double.IsFinite).ToArray();
            long d = f.Sum(den);
            return rates.Length == 0 ? new FoldStatistic(double.NaN, double.NaN, double.NaN, double.NaN) : FoldStatistic.Of(rates, d == 0 ? double.NaN : (double)f.Sum(num) / d);
        }
        return new NoParentReport(best, threshold, perFold,
            Stat(perFold, f => f.RootRate, f => f.RootsGivenParent, f => f.Roots),
            Stat(perFold, f => f.ChildRate, f => f.ChildrenRight, f => f.Children),
            written == 0 ? double.NaN : (double)right / written, calibration);
    }
}
