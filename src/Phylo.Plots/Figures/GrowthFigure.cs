using ScottPlot;

namespace Phylo.Plots.Figures;

/// <summary>One line of a cumulative growth figure: the creation times (Unix seconds, any order) of its members.</summary>
public sealed record GrowthSeries(string Label, long[] CreatedAtUnixSeconds);

/// <summary>Cumulative member count over calendar time, one step line per series, log-scaled count axis.</summary>
public static class GrowthFigure
{
    /// <summary>Points drawn per series at most; larger series are thinned evenly (the last point is always kept).</summary>
    public const int MaxPointsPerSeries = 2000;

    public static string Render(IReadOnlyList<GrowthSeries> series, FigureText text, string path)
    {
        var plot = Chart.New(text, dateTimeX: true);
        var palette = new ScottPlot.Palettes.Category10();
        int drawn = 0;
        foreach (var s in series)
        {
            if (s.CreatedAtUnixSeconds.Length == 0) continue;
            var (xs, ys) = Cumulative(s.CreatedAtUnixSeconds);
            var line = plot.Add.Scatter(xs, Chart.Log10(ys));
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.Color = palette.GetColor(drawn++);
            line.LegendText = s.Label;
        }
        if (drawn == 0)
        {
            Chart.NoData(plot);
            return Chart.Save(plot, text, path);
        }
        Chart.LogScale(plot.Axes.Left);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Legend.FontSize = 12;
        return Chart.Save(plot, text, path);
    }

    /// <summary>(OLE date, count so far) after each creation, thinned to <see cref="MaxPointsPerSeries"/>.</summary>
    internal static (double[] X, double[] Y) Cumulative(long[] unixSeconds)
    {
        var sorted = (long[])unixSeconds.Clone();
        Array.Sort(sorted);
        int step = Math.Max(1, (sorted.Length + MaxPointsPerSeries - 1) / MaxPointsPerSeries);
        var xs = new List<double>();
        var ys = new List<double>();
        for (int i = 0; i < sorted.Length; i++)
        {
            if (i % step != 0 && i != sorted.Length - 1) continue;
            xs.Add(DateTimeOffset.FromUnixTimeSeconds(sorted[i]).UtcDateTime.ToOADate());
            ys.Add(i + 1);
        }
        return (xs.ToArray(), ys.ToArray());
    }
}
