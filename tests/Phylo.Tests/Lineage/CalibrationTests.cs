using Phylo.Lineage.Evaluation;

namespace Phylo.Tests.Lineage;

public sealed class CalibrationTests(LineageEcosystem eco) : IClassFixture<LineageEcosystem>
{
    [Fact]
    public void Isotonic_map_pools_adjacent_violators()
    {
        // scores 1..6 with outcomes 1 0 | 1 1 0 | 1: PAV pools (1,2) → 0.5 and (3,4,5) → 2/3
        var map = IsotonicMap.Fit([1, 2, 3, 4, 5, 6], [true, false, true, true, false, true]);
        Assert.Equal([1.0, 3, 6], map.Starts);
        Assert.Equal(0.5, map.Values[0], 12);
        Assert.Equal(2.0 / 3, map.Values[1], 12);
        Assert.Equal(1.0, map.Values[2]);
        Assert.Equal(0.5, map.Probability(-10));
        Assert.Equal(2.0 / 3, map.Probability(5.5), 12);
    }

    [Fact]
    public void Both_maps_are_monotone_and_Platt_recovers_a_sigmoid()
    {
        var rng = new Random(3);
        int n = 20_000;
        var x = new double[n];
        var y = new bool[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = rng.NextDouble() * 10 - 5;
            y[i] = rng.NextDouble() < 1 / (1 + Math.Exp(-(1.5 * x[i] - 1)));
        }
        var platt = PlattMap.Fit(x, y);
        Assert.Equal(-1.5, platt.A, 0.1);
        Assert.Equal(1.0, platt.B, 0.1);
        var iso = IsotonicMap.Fit(x, y);
        for (double v = -6; v < 6; v += 0.01)
        {
            Assert.True(platt.Probability(v + 0.01) >= platt.Probability(v));
            Assert.True(iso.Probability(v + 0.01) >= iso.Probability(v));
        }
        // a fit that would decrease (higher score, less often right) falls back to the constant rate
        var flat = PlattMap.Fit(x, [.. y.Select(v => !v)]);
        Assert.Equal(0, flat.A);
    }

    [Fact]
    public void Out_of_fold_probabilities_match_observed_rates_on_a_synthetic_ecosystem()
    {
        var r = eco.Trained.CrossValidation.Calibration;
        Assert.True(r.Predictions > 1000, $"{r.Predictions} predictions");
        Assert.True(r.ExpectedError <= 0.05, $"ECE {r.ExpectedError:F3}");
        foreach (var band in r.Reliability.Where(b => b.Predictions >= 100))
            Assert.True(Math.Abs(band.MeanPredicted - band.Observed) <= 0.1, $"{band.Low:F1}–{band.High:F1}: predicted {band.MeanPredicted:F3}, observed {band.Observed:F3}");
        long total = r.Reliability.Sum(b => b.Predictions);
        Assert.Equal(r.Predictions, total);
    }

    [Fact]
    public void Fold_interval_is_a_t_interval()
    {
        var s = FoldStatistic.Of([0.5, 0.6, 0.7, 0.8, 0.9], 0.7);
        Assert.Equal(0.7, s.Mean, 12);
        double sd = Math.Sqrt(0.025);   // sample variance of the five values
        Assert.Equal(0.7 - 2.776445 * sd / Math.Sqrt(5), s.Low, 6);
        Assert.Equal(0.7 + 2.776445 * sd / Math.Sqrt(5), s.High, 6);
    }
}
