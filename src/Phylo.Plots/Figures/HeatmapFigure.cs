using ScottPlot;

namespace Phylo.Plots.Figures;

/// <summary>
/// A labelled square count matrix (e.g. parent license → child license) on a log colour scale:
/// row i is drawn top to bottom, column j left to right, colour = log10(1 + count).
/// </summary>
public static class HeatmapFigure
{
    public static string Render(IReadOnlyList<string> labels, long[,] counts, FigureText text, string path)
    {
        int n = labels.Count;
        if (counts.GetLength(0) != n || counts.GetLength(1) != n)
            throw new ArgumentException($"counts is {counts.GetLength(0)}×{counts.GetLength(1)}, labels {n}", nameof(counts));
        var plot = Chart.New(text);
        if (n == 0)
        {
            Chart.NoData(plot);
            return Chart.Save(plot, text, path);
        }
        var intensities = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                intensities[i, j] = Math.Log10(1 + Math.Max(0, counts[i, j]));
        var map = plot.Add.Heatmap(intensities);
        map.Colormap = new ScottPlot.Colormaps.Viridis();
        var bar = plot.Add.ColorBar(map);
        bar.Label = "count (log scale)";
        Chart.LogScale(bar.Axis);
        double[] positions = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(positions, labels.ToArray());
        plot.Axes.Left.SetTicks(positions.Reverse().ToArray(), labels.ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 11;
        plot.Axes.Left.TickLabelStyle.FontSize = 11;
        // rotated labels are not measured by the layout: reserve room for the longest one
        plot.Axes.Bottom.MinimumSize = 40 + 6f * labels.Max(l => l.Length);
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        return Chart.Save(plot, text, path);
    }
}
