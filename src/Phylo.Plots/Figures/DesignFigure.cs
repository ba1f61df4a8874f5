using ScottPlot;

namespace Phylo.Plots.Figures;

/// <summary>One configuration of the study's similarity figure: its design panel, label, and three estimates.</summary>
public sealed record DesignPoint(string Design, string Label, Estimate Study, Estimate Exact, Estimate StudyMode);

/// <summary>
/// The study's 8-panel similarity figure redrawn (docs/definitions.md, "The 24 design configurations"): configurations
/// left to right, grouped in one panel per design (panel widths 1, 1, 2, 3, 2, 4, 5, 6 as the study drew them, separated
/// by a gap and a line), y from 0 to 1; per configuration the study's published point with its CI, Phylo exact, and
/// Phylo study mode with its bootstrap CI, side by side.
/// </summary>
public static class DesignFigure
{
    private const double Gap = 0.6;
    private static readonly (string Label, double Offset, Color Color, MarkerShape Shape)[] Series =
    [
        ("study (published)", -0.22, Colors.Black, MarkerShape.FilledCircle),
        ("Phylo exact", 0, new Color(31, 119, 180), MarkerShape.FilledSquare),
        ("Phylo study mode", 0.22, new Color(255, 127, 14), MarkerShape.FilledDiamond),
    ];

    public static string Render(IReadOnlyList<DesignPoint> points, FigureText text, string path)
    {
        var plot = Chart.New(text);
        if (points.Count == 0 || points.All(p => double.IsNaN(p.Study.Mean) && double.IsNaN(p.Exact.Mean) && double.IsNaN(p.StudyMode.Mean)))
        {
            Chart.NoData(plot);
            return Chart.Save(plot, text, path);
        }
        // x of each configuration: its panel's start plus its rank in the panel; panels separated by a gap.
        var xs = new double[points.Count];
        var panels = new List<(string Design, double Start, double End)>();
        double x = 0;
        for (int i = 0; i < points.Count; i++)
        {
            if (i > 0 && points[i].Design != points[i - 1].Design) x += Gap;
            if (panels.Count == 0 || panels[^1].Design != points[i].Design) panels.Add((points[i].Design, x, x));
            xs[i] = x + 0.5;
            x += 1;
            panels[^1] = panels[^1] with { End = x };
        }
        for (int p = 1; p < panels.Count; p++)
        {
            var line = plot.Add.VerticalLine(panels[p].Start - Gap / 2);
            line.Color = Colors.Gray.WithAlpha(0.6);
            line.LineWidth = 1;
        }
        foreach (var (design, start, end) in panels)
        {
            var label = plot.Add.Text(design, (start + end) / 2, 1.03);
            label.LabelFontSize = 13;
            label.LabelAlignment = Alignment.LowerCenter;
        }
        for (int s = 0; s < Series.Length; s++)
        {
            var (name, offset, color, shape) = Series[s];
            var ex = new List<double>();
            var ey = new List<double>();
            var lo = new List<double>();
            var hi = new List<double>();
            var mx = new List<double>();
            var my = new List<double>();
            for (int i = 0; i < points.Count; i++)
            {
                Estimate e = s switch { 0 => points[i].Study, 1 => points[i].Exact, _ => points[i].StudyMode };
                if (double.IsNaN(e.Mean)) continue;
                mx.Add(xs[i] + offset);
                my.Add(e.Mean);
                if (double.IsNaN(e.CiLow) || double.IsNaN(e.CiHigh)) continue;
                ex.Add(xs[i] + offset);
                ey.Add(e.Mean);
                lo.Add(Math.Max(0, e.Mean - e.CiLow));
                hi.Add(Math.Max(0, e.CiHigh - e.Mean));
            }
            if (mx.Count == 0) continue;
            var markers = plot.Add.Markers(mx.ToArray(), my.ToArray());
            markers.MarkerSize = 7;
            markers.MarkerShape = shape;
            markers.Color = color;
            markers.LegendText = name;
            if (ex.Count == 0) continue;
            var whiskers = new ScottPlot.Plottables.ErrorBar(ex, ey, null, null, hi, lo) { Color = color, LineWidth = 1.5f };
            plot.Add.Plottable(whiskers);
        }
        plot.Axes.Bottom.SetTicks(xs, points.Select(p => p.Label).ToArray());
        plot.Axes.Bottom.TickLabelStyle.FontSize = 10;
        plot.Axes.Bottom.TickLabelStyle.Rotation = -60;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.Axes.Bottom.MinimumSize = 70;
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.SetLimits(-0.3, x + 0.3, 0, 1.1);
        plot.ShowLegend(Alignment.LowerRight);
        plot.Legend.FontSize = 12;
        return Chart.Save(plot, text, path);
    }
}
