using ScottPlot;

namespace Phylo.Plots.Figures;

/// <summary>How many items have a given value (e.g. 12 parents have exactly 40 children).</summary>
public readonly record struct FrequencyPoint(long Value, long Count);

/// <summary>A log–log scatter of a heavy-tailed distribution: value on x, number of items with it on y.</summary>
public static class FrequencyFigure
{
    /// <summary>The frequency of each positive value, ascending by value (zeros and negatives are left out: no log).</summary>
    public static FrequencyPoint[] Of(IEnumerable<int> values)
    {
        var counts = new SortedDictionary<long, long>();
        foreach (int v in values)
            if (v > 0) counts[v] = counts.GetValueOrDefault(v) + 1;
        return counts.Select(kv => new FrequencyPoint(kv.Key, kv.Value)).ToArray();
    }

    public static string Render(IReadOnlyList<FrequencyPoint> points, FigureText text, string path)
    {
        var plot = Chart.New(text);
        var shown = points.Where(p => p.Value > 0 && p.Count > 0).ToArray();
        if (shown.Length == 0)
        {
            Chart.NoData(plot);
            return Chart.Save(plot, text, path);
        }
        var markers = plot.Add.Markers(Chart.Log10(shown.Select(p => (double)p.Value)), Chart.Log10(shown.Select(p => (double)p.Count)));
        markers.MarkerSize = 7;
        markers.MarkerShape = MarkerShape.FilledCircle;
        markers.Color = Colors.C0;
        Chart.LogScale(plot.Axes.Bottom);
        Chart.LogScale(plot.Axes.Left);
        return Chart.Save(plot, text, path);
    }
}
