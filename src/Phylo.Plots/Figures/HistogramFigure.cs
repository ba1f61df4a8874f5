using System.Globalization;
using System.Text;
using ScottPlot;

namespace Phylo.Plots.Figures;

/// <summary>Counts in equal-width time bins: bin i spans [<see cref="Start"/>(i), Start(i + 1)) in Unix seconds.</summary>
public sealed record TimeHistogram(double FirstUnixSeconds, double LastUnixSeconds, long[] Counts)
{
    public double Start(int bin) => FirstUnixSeconds + (LastUnixSeconds - FirstUnixSeconds) * bin / Counts.Length;
}

/// <summary>A histogram over calendar time (the study's createdAt figure): one bar per bin, dates on x. The PNG's Data text
/// holds every bar (bin start as an ISO date-time, count).</summary>
public static class HistogramFigure
{
    public static string Render(TimeHistogram h, FigureText text, string path)
    {
        var plot = Chart.New(text, dateTimeX: true);
        if (h.Counts.Length == 0 || h.Counts.All(c => c == 0))
        {
            Chart.NoData(plot);
            return Chart.Save(plot, text, path, Data(h));
        }
        double width = (OaDate(h.Start(1)) - OaDate(h.Start(0))) * 0.95;
        var bars = new List<Bar>(h.Counts.Length);
        for (int i = 0; i < h.Counts.Length; i++)
            bars.Add(new Bar { Position = (OaDate(h.Start(i)) + OaDate(h.Start(i + 1))) / 2, Value = h.Counts[i], Size = width, FillColor = Colors.C0, LineWidth = 0 });
        plot.Add.Bars(bars);
        plot.Axes.Margins(bottom: 0);
        return Chart.Save(plot, text, path, Data(h));
    }

    private static double OaDate(double unixSeconds) => DateTime.UnixEpoch.AddSeconds(unixSeconds).ToOADate();

    /// <summary>bin_start,models: every bar as drawn.</summary>
    public static string Data(TimeHistogram h)
    {
        var sb = new StringBuilder("bin_start,models\n");
        for (int i = 0; i < h.Counts.Length; i++)
            sb.Append(IsoSeconds(h.Start(i))).Append(',').Append(h.Counts[i].ToString(CultureInfo.InvariantCulture)).Append('\n');
        return sb.ToString();
    }

    /// <summary>The instant as yyyy-MM-ddTHH:mm:ssZ (floored to the second), as tables/created_histogram writes it.</summary>
    public static string IsoSeconds(double unixSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds((long)Math.Floor(unixSeconds)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
