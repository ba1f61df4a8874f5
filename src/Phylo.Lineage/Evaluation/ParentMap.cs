namespace Phylo.Lineage.Evaluation;

/// <summary>
/// What the unconditional probability map reads of one model's scoring: the margin of its best candidate over the
/// runner-up (<see cref="ChildOutcome.Margin"/>), the best candidate's raw ranker score, and whether the model's name
/// says it is derived (a quantization, adapter or merge marker, <see cref="RelationGuess"/>). The margin says which
/// candidate; the raw score and the name say whether there is a parent at all: a root's best candidate is only the
/// least unlikely of weak ones.
/// </summary>
public readonly record struct ParentEvidence(double Margin, double TopScore, bool DerivedName)
{
    public const int Inputs = 3;

    public double this[int input] => input switch
    {
        0 => Margin,
        1 => TopScore,
        2 => DerivedName ? 1 : 0,
        _ => throw new ArgumentOutOfRangeException(nameof(input)),
    };

    public static readonly string[] Names = ["margin", "top raw score", "derived name"];
}

/// <summary>
/// P(the model's best candidate is its parent), unconditional: logistic regression of "the best candidate is a declared
/// parent" on <see cref="ParentEvidence"/>, fitted on out-of-fold predictions of children <i>and</i> of roots (models
/// without a declared parent, whose best candidate is never right), so a model that has no parent among its candidates
/// — a root — gets a low probability however plausible its candidates look. <c>Fit</c>'s <c>uses</c> says which inputs the
/// map reads (<c>Uses = 1</c>: the margin alone); every weight on an input is kept ≥ 0, so the probability never falls
/// as the margin, the raw score or the name's evidence grows (an input whose fitted weight would be negative is
/// dropped and the rest refitted). Fitted by Newton's method on the cross-entropy of Platt's smoothed targets with a
/// tiny ridge, as <see cref="PlattMap"/> is in one input.
/// </summary>
public sealed class ParentMap : IProbabilityMap
{
    public ParentMap(double bias, double[] weights)
    {
        if (weights.Length != ParentEvidence.Inputs || weights.Any(w => !(w >= 0)))
            throw new ArgumentException($"a parent map needs {ParentEvidence.Inputs} non-negative weights");
        Bias = bias;
        Weights = weights;
    }

    public double Bias { get; }
    public double[] Weights { get; }

    public double Probability(ParentEvidence e)
    {
        double z = Bias;
        for (int i = 0; i < Weights.Length; i++) if (Weights[i] != 0) z += Weights[i] * e[i];
        return z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
    }

    /// <summary>The map read on the margin alone (the other inputs zero): to compare with the one-input maps.</summary>
    double IProbabilityMap.Probability(double margin) => Probability(new ParentEvidence(margin, 0, false));

    /// <summary>Fits on <paramref name="evidence"/> and outcomes, reading the first <paramref name="uses"/> inputs.</summary>
    public static ParentMap Fit(ReadOnlySpan<ParentEvidence> evidence, ReadOnlySpan<bool> outcomes, int uses = ParentEvidence.Inputs)
    {
        var active = new bool[ParentEvidence.Inputs];
        for (int i = 0; i < uses; i++) active[i] = true;
        while (true)
        {
            var (bias, w) = Newton(evidence, outcomes, active);
            int worst = -1;
            for (int i = 0; i < w.Length; i++) if (active[i] && w[i] < 0 && (worst < 0 || w[i] < w[worst])) worst = i;
            if (worst < 0) return new ParentMap(bias, w);
            active[worst] = false;
        }
    }

    private static (double Bias, double[] Weights) Newton(ReadOnlySpan<ParentEvidence> x, ReadOnlySpan<bool> y, bool[] active)
    {
        const int D = ParentEvidence.Inputs + 1;   // slot 0: the bias
        double pos = 0;
        foreach (bool o in y) pos += o ? 1 : 0;
        double neg = y.Length - pos, hi = (pos + 1) / (pos + 2), lo = 1 / (neg + 2);
        var theta = new double[D];
        theta[0] = Math.Log((pos + 1) / (neg + 1));
        double f = Loss(x, y, theta, active, hi, lo);
        var v = new double[D];
        for (int it = 0; it < 100; it++)
        {
            var g = new double[D];
            var h = new double[D, D];
            for (int n = 0; n < x.Length; n++)
            {
                Inputs(x[n], active, v);
                double p = Sigmoid(Dot(theta, v)), d = (y[n] ? hi : lo) - p, d2 = p * (1 - p);
                for (int i = 0; i < D; i++)
                {
                    g[i] += v[i] * d;
                    for (int j = 0; j < D; j++) h[i, j] += v[i] * v[j] * d2;
                }
            }
            for (int i = 0; i < D; i++) h[i, i] += 1e-9 + (active[Math.Max(0, i - 1)] || i == 0 ? 0 : 1);   // an unused input's weight stays 0
            if (g.All(gi => Math.Abs(gi) < 1e-9)) break;
            double[] step = Solve(h, g);
            double gd = 0;
            for (int i = 0; i < D; i++) gd -= g[i] * step[i];
            double t = 1;
            for (; t >= 1e-10; t /= 2)
            {
                var next = new double[D];
                for (int i = 0; i < D; i++) next[i] = theta[i] + t * step[i];
                double fn = Loss(x, y, next, active, hi, lo);
                if (fn < f + 1e-4 * t * gd) { theta = next; f = fn; break; }
            }
            if (t < 1e-10) break;
        }
        var w = new double[ParentEvidence.Inputs];
        for (int i = 0; i < w.Length; i++) w[i] = active[i] ? theta[i + 1] : 0;
        return (theta[0], w);
    }

    private static void Inputs(ParentEvidence e, bool[] active, double[] v)
    {
        v[0] = 1;
        for (int i = 0; i < ParentEvidence.Inputs; i++) v[i + 1] = active[i] ? e[i] : 0;
    }

    private static double Loss(ReadOnlySpan<ParentEvidence> x, ReadOnlySpan<bool> y, double[] theta, bool[] active, double hi, double lo)
    {
        var v = new double[theta.Length];
        double f = 0;
        for (int n = 0; n < x.Length; n++)
        {
            Inputs(x[n], active, v);
            double z = -Dot(theta, v), t = y[n] ? hi : lo;   // PlattMap's sign: p = 1 / (1 + e^z)
            f += z >= 0 ? t * z + Math.Log(1 + Math.Exp(-z)) : (t - 1) * z + Math.Log(1 + Math.Exp(z));
        }
        return f;
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    private static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    /// <summary>Solves <c>h · s = g</c> (h symmetric positive definite, tiny) by Gaussian elimination with partial pivoting.</summary>
    internal static double[] Solve(double[,] h, double[] g)
    {
        int d = g.Length;
        var a = (double[,])h.Clone();
        var b = (double[])g.Clone();
        for (int c = 0; c < d; c++)
        {
            int pivot = c;
            for (int r = c + 1; r < d; r++) if (Math.Abs(a[r, c]) > Math.Abs(a[pivot, c])) pivot = r;
            for (int k = 0; k < d; k++) (a[c, k], a[pivot, k]) = (a[pivot, k], a[c, k]);
            (b[c], b[pivot]) = (b[pivot], b[c]);
            for (int r = c + 1; r < d; r++)
            {
                double m = a[r, c] / a[c, c];
                for (int k = c; k < d; k++) a[r, k] -= m * a[c, k];
                b[r] -= m * b[c];
            }
        }
        var s = new double[d];
        for (int r = d - 1; r >= 0; r--)
        {
            double sum = b[r];
            for (int k = r + 1; k < d; k++) sum -= a[r, k] * s[k];
            s[r] = sum / a[r, r];
        }
        return s;
    }
}
