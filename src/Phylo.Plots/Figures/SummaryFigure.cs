using System.Globalization;
using System.Text;
using ScottPlot;

namespace Phylo.Plots.Figures;

/// <summary>One panel of the summary figure: bars top to bottom in rank order, with their value labels.</summary>
/// <param name="Note">Shown instead of bars when the panel has none (e.g. "not computed: …").</param>
public sealed record PanelBars(string Title, string[] Labels, double[] Values, string[] ValueLabels, string Axis, string? Note = null);

/// <summary>
/// The study's summary "megafigure" redrawn: one horizontal bar panel per list, two columns, in one PNG. The PNG's Data
/// text holds every bar drawn (panel, rank, label, value).
/// </summary>
public static class SummaryFigure
{
    public const int Width = 1800, PanelHeight = 380, TitleHeight = 60;

    public static string Render(IReadOnlyList<PanelBars> panels, FigureText text, string path)
    {
        int rows = (panels.Count + 1) / 2, height = TitleHeight + rows * PanelHeight;
        return Chart.SaveCanvas(Width, height, canvas =>
        {
            using var font = new SkiaSharp.SKFont(SkiaSharp.SKTypeface.Default, 28);
            using var paint = new SkiaSharp.SKPaint { Color = SkiaSharp.SKColors.Black, IsAntialias = true };
            canvas.DrawText(text.Title, Width / 2f, 42, SkiaSharp.SKTextAlign.Center, font, paint);
            for (int i = 0; i < panels.Count; i++)
            {
                float left = i % 2 * (Width / 2f), top = TitleHeight + i / 2 * PanelHeight;
                // A plot clears what it renders onto: clip it to its own cell, drawn at the cell's origin.
                canvas.Save();
                canvas.ClipRect(new SkiaSharp.SKRect(left, top, left + Width / 2f, top + PanelHeight));
                canvas.Translate(left, top);
                Panel(panels[i], i).Render(canvas, Width / 2, PanelHeight);
                canvas.Restore();
            }
        }, text, path, Data(panels));
    }

    private static Plot Panel(PanelBars p, int index)
    {
        var plot = new Plot();
        plot.Title(p.Title, size: 18);
        plot.XLabel(p.Axis, size: 13);
        plot.Axes.Left.TickLabelStyle.FontSize = 11;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 11;
        if (p.Values.Length == 0)
        {
            var label = plot.Add.Text(p.Note ?? "no data", 0.5, 0.5);
            label.LabelFontSize = 18;
            label.LabelAlignment = Alignment.MiddleCenter;
            plot.Axes.SetLimits(0, 1, 0, 1);
            plot.HideAxesAndGrid();
            return plot;
        }
        var color = new ScottPlot.Palettes.Category10().GetColor(index);
        int k = p.Values.Length;
        var bars = new List<Bar>(k);
        for (int i = 0; i < k; i++)
            bars.Add(new Bar { Position = k - 1 - i, Value = p.Values[i], FillColor = color, LineWidth = 0, Label = p.ValueLabels[i] });
        var plotted = plot.Add.Bars(bars);
        plotted.Horizontal = true;
        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, k).Select(i => (double)(k - 1 - i))], [.. p.Labels.Select(Short)]);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Margins(left: 0, right: 0.25);
        return plot;
    }

    /// <summary>Long model ids shortened for the axis (the full id is in the table and the Data text).</summary>
    private static string Short(string label) => label.Length <= 42 ? label : label[..39] + "…";

    /// <summary>panel,rank,label,value: every bar, as drawn.</summary>
    public static string Data(IReadOnlyList<PanelBars> panels)
    {
        var sb = new StringBuilder("panel,rank,label,value\n");
        foreach (var p in panels)
            for (int i = 0; i < p.Values.Length; i++)
                sb.Append(Csv(p.Title)).Append(',').Append(i + 1).Append(',').Append(Csv(p.Labels[i])).Append(',')
                    .Append(p.Values[i].ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        return sb.ToString();
    }

    internal static string Csv(string s) => s.AsSpan().IndexOfAny(",\"\n") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
