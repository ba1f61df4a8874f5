namespace Phylo.Lineage.Evaluation;

/// <summary>A map from the ranker's raw score to a probability.</summary>
public interface IProbabilityMap
{
    double Probability(double raw);
}

/// <summary>
/// Isotonic regression (pool-adjacent-violators) of outcomes on scores: the non-decreasing step function that fits
/// the observed rates best in squared error. Block b covers scores from <see cref="Starts"/>[b] up to the next start
/// and maps them to <see cref="Values"/>[b]; a score below the first start takes the first value. Equal scores are
/// pooled before fitting, so they always get one probability.
/// </summary>
public sealed class IsotonicMap : IProbabilityMap
{
    public IsotonicMap(double[] starts, double[] values)
    {
        if (starts.Length != values.Length || starts.Length == 0) throw new ArgumentException("an isotonic map needs as many values as starts, at least one");
        for (int i = 1; i < starts.Length; i++)
            if (!(starts[i] > starts[i - 1]) || values[i] < values[i - 1]) throw new ArgumentException("an isotonic map's starts must increase and its values must not decrease");
        Starts = starts;
        Values = values;
    }

    public double[] Starts { get; }
    public double[] Values { get; }

    public double Probability(double raw)
    {
        int i = Array.BinarySearch(Starts, raw);
        if (i < 0) i = ~i - 1;
        return Values[Math.Max(0, i)];
    }

    public static IsotonicMap Fit(ReadOnlySpan<double> scores, ReadOnlySpan<bool> outcomes)
    {
        if (scores.Length == 0) return new IsotonicMap([0], [0]);
        var order = new int[scores.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        double[] s = scores.ToArray();
        Array.Sort(order, (a, b) => s[a] != s[b] ? s[a].CompareTo(s[b]) : a.CompareTo(b));
        var start = new List<double>();
        var sum = new List<double>();
        var count = new List<double>();
        for (int i = 0; i < order.Length;)
        {
            double x = s[order[i]], y = 0;
            int j = i;
            for (; j < order.Length && s[order[j]] == x; j++) y += outcomes[order[j]] ? 1 : 0;
            start.Add(x);
            sum.Add(y);
            count.Add(j - i);
            i = j;
            // Pool while the previous block's rate exceeds the last one's (cross-multiplied: no division).
            while (sum.Count > 1 && sum[^2] * count[^1] > sum[^1] * count[^2])
            {
                sum[^2] += sum[^1];
                count[^2] += count[^1];
                sum.RemoveAt(sum.Count - 1);
                count.RemoveAt(count.Count - 1);
                start.RemoveAt(start.Count - 1);
            }
        }
        var values = new double[sum.Count];
        for (int b = 0; b < values.Length; b++) values[b] = sum[b] / count[b];
        return new IsotonicMap([.. start], values);
    }
}

/// <summary>
/// Platt scaling: <c>p = 1 / (1 + e^(A·x + B))</c>, fitted by Newton's method with backtracking on the cross-entropy
/// of Platt's smoothed targets ((N₊ + 1) / (N₊ + 2) and 1 / (N₋ + 2)), as Lin, Lin and Weng (2007) give it. The map is
/// kept non-decreasing: a fit with A &gt; 0 (larger scores less often right) falls back to the constant rate.
/// </summary>
public sealed class PlattMap(double a, double b) : IProbabilityMap
{
    public double A { get; } = a;
    public double B { get; } = b;

    public double Probability(double raw)
    {
        double z = A * raw + B;
        return z >= 0 ? Math.Exp(-z) / (1 + Math.Exp(-z)) : 1 / (1 + Math.Exp(z));
    }

    public static PlattMap Fit(ReadOnlySpan<double> scores, ReadOnlySpan<bool> outcomes)
    {
        double pos = 0;
        foreach (bool o in outcomes) pos += o ? 1 : 0;
        double neg = outcomes.Length - pos;
        double hi = (pos + 1) / (pos + 2), lo = 1 / (neg + 2);
        double a = 0, b = Math.Log((neg + 1) / (pos + 1));
        double f = Loss(scores, outcomes, a, b, hi, lo);
        for (int it = 0; it < 100; it++)
        {
            double h11 = 1e-12, h22 = 1e-12, h21 = 0, g1 = 0, g2 = 0;
            for (int i = 0; i < scores.Length; i++)
            {
                double z = scores[i] * a + b, t = outcomes[i] ? hi : lo;
                double p = z >= 0 ? Math.Exp(-z) / (1 + Math.Exp(-z)) : 1 / (1 + Math.Exp(z));
                double q = 1 - p, d2 = p * q, d1 = t - p;
                h11 += scores[i] * scores[i] * d2;
                h22 += d2;
                h21 += scores[i] * d2;
                g1 += scores[i] * d1;
                g2 += d1;
            }
            if (Math.Abs(g1) < 1e-9 && Math.Abs(g2) < 1e-9) break;
            double det = h11 * h22 - h21 * h21;
            double da = -(h22 * g1 - h21 * g2) / det, db = -(-h21 * g1 + h11 * g2) / det;
            double gd = g1 * da + g2 * db, step = 1;
            while (step >= 1e-10)
            {
                double fa = Loss(scores, outcomes, a + step * da, b + step * db, hi, lo);
                if (fa < f + 1e-4 * step * gd) { a += step * da; b += step * db; f = fa; break; }
                step /= 2;
            }
            if (step < 1e-10) break;
        }
        if (a > 0) (a, b) = (0, Math.Log((neg + 1) / (pos + 1)));
        return new PlattMap(a, b);
    }

    private static double Loss(ReadOnlySpan<double> scores, ReadOnlySpan<bool> outcomes, double a, double b, double hi, double lo)
    {
        double f = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            double z = scores[i] * a + b, t = outcomes[i] ? hi : lo;
            f += z >= 0 ? t * z + Math.Log(1 + Math.Exp(-z)) : (t - 1) * z + Math.Log(1 + Math.Exp(z));
        }
        return f;
    }
}

/// <summary>One band of predicted probability and how often its predictions were right.</summary>
public sealed record CalibrationBand(double Low, double High, long Predictions, long Correct, double MeanPredicted)
{
    public double Observed => Predictions == 0 ? 0 : (double)Correct / Predictions;

    /// <summary>Ten equal bands of [0, 1].</summary>
    public static CalibrationBand[] Table(ReadOnlySpan<double> probability, ReadOnlySpan<bool> outcomes)
    {
        var n = new long[10];
        var pos = new long[10];
        var sum = new double[10];
        for (int i = 0; i < probability.Length; i++)
        {
            int b = Math.Clamp((int)(probability[i] * 10), 0, 9);
            n[b]++;
            sum[b] += probability[i];
            if (outcomes[i]) pos[b]++;
        }
        var bands = new CalibrationBand[10];
        for (int b = 0; b < 10; b++) bands[b] = new CalibrationBand(b / 10.0, (b + 1) / 10.0, n[b], pos[b], n[b] == 0 ? 0 : sum[b] / n[b]);
        return bands;
    }

    /// <summary>Expected calibration error over <paramref name="bands"/>: Σ (predictions in band / all) · |mean predicted − observed|.</summary>
    public static double ExpectedError(CalibrationBand[] bands)
    {
        long total = 0;
        foreach (var b in bands) total += b.Predictions;
        double ece = 0;
        if (total == 0) return 0;
        foreach (var b in bands) ece += (double)b.Predictions / total * Math.Abs(b.MeanPredicted - b.Observed);
        return ece;
    }
}
