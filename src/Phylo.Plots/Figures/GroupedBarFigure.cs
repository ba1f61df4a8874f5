using ScottPlot;

namespace Phylo.Plots.Figures;

/// <summary>One bar series: a value with CI per group, in the figure's group order (NaN mean = no bar).</summary>
public sealed record BarSeries(string Label, IReadOnlyList<Estimate> Values);

/// <summary>Bars grouped on the x axis (one slot per series within a group), each with an asymmetric CI whisker.</summary>
public static class GroupedBarFigure
{
    public static string Render(IReadOnlyList<string> groups, IReadOnlyList<BarSeries> series, FigureText text, string path)
    {
        foreach (var s in series)
            if (s.Values.Count != groups.Count)
                throw new ArgumentException($"series {s.Label} has {s.Values.Count} values for {groups.Count} groups", nameof(series));
        var plot = Chart.New(text);
        var palette = new ScottPlot.Palettes.Category10();
        int slots = series.Count + 1;                      // one empty slot between groups
        bool any = false;
        for (int si = 0; si < series.Count; si++)
        {
            var color = palette.GetColor(si);
            var bars = new List<Bar>();
            var xs = new List<double>();
            var ys = new List<double>();
            var lows = new List<double>();
            var highs = new List<double>();
            for (int g = 0; g < groups.Count; g++)
            {
                var e = series[si].Values[g];
                if (double.IsNaN(e.Mean)) continue;
                double x = g * slots + si;
                bars.Add(new Bar { Position = x, Value = e.Mean, FillColor = color, LineWidth = 0 });
                if (double.IsNaN(e.CiLow) || double.IsNaN(e.CiHigh)) continue;
                xs.Add(x);
                ys.Add(e.Mean);
                lows.Add(Math.Max(0, e.Mean - e.CiLow));
                highs.Add(Math.Max(0, e.CiHigh - e.Mean));
            }
            if (bars.Count == 0) continue;
            any = true;
            var barPlot = plot.Add.Bars(bars);
            barPlot.LegendText = series[si].Label;
            if (xs.Count > 0)
            {
                // (xs, ys, xErrorPositive, xErrorNegative, yErrorPositive, yErrorNegative)
                var whiskers = new ScottPlot.Plottables.ErrorBar(xs, ys, null, null, highs, lows)
                {
                    Color = Colors.Black,
                    LineWidth = 1.5f,
                };
                plot.Add.Plottable(whiskers);
            }
        }
        if (!any)
        {
            Chart.NoData(plot);
            return Chart.Save(plot, text, path);
        }
        double center = (series.Count - 1) / 2.0;
        plot.Axes.Bottom.SetTicks(groups.Select((_, g) => g * slots + center).ToArray(), groups.ToArray());
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Margins(bottom: 0);
        plot.Axes.SetLimitsX(-1, (groups.Count - 1) * slots + series.Count);
        plot.ShowLegend(Alignment.UpperRight);
        plot.Legend.FontSize = 12;
        return Chart.Save(plot, text, path);
    }
}
