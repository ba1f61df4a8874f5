using Phylo.Plots.Figures;
using SkiaSharp;

namespace Phylo.Tests.Plots;

/// <summary>Each figure, fed plain data, writes a decodable PNG of the agreed size with its data visibly drawn.</summary>
public class FigureTests
{
    private static readonly FigureText Text = new("A title", "x label", "y label");

    // ScottPlot's Category10 palette: the first two series colours.
    private static readonly SKColor Blue = SKColor.Parse("#1f77b4");
    private static readonly SKColor Orange = SKColor.Parse("#ff7f0e");

    internal static string TempDir() =>
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "phylo-fig-" + Guid.NewGuid().ToString("N"))).FullName;

    internal static Png AssertFigure(string path)
    {
        Assert.True(File.Exists(path), path);
        var png = Png.Read(path);
        Assert.Equal((Chart.Width, Chart.Height), (png.Width, png.Height));
        Assert.True(png.DistinctColors > 16, $"{path}: only {png.DistinctColors} colours (blank?)");
        return png;
    }

    [Fact]
    public void Frequency_of_counts_positive_values_only_in_ascending_order()
    {
        Assert.Equal([new FrequencyPoint(1, 3), new FrequencyPoint(2, 1), new FrequencyPoint(40, 2)],
            FrequencyFigure.Of([0, 1, 40, 1, 2, 0, 40, 1, -3]));
    }

    [Fact]
    public void Frequency_figure_draws_its_markers()
    {
        var points = Enumerable.Range(1, 60).Select(v => new FrequencyPoint(v * v, 100_000 / (v * v))).ToArray();
        var png = AssertFigure(FrequencyFigure.Render(points, Text, Path.Combine(TempDir(), "f.png")));
        Assert.True(png.CountNear(Blue, 40) > 500, "markers not drawn");
    }

    [Fact]
    public void Empty_figures_still_render_a_titled_image()
    {
        string dir = TempDir();
        var empty = AssertFigure(FrequencyFigure.Render([], Text, Path.Combine(dir, "a.png")));
        Assert.Equal(0, empty.CountNear(Blue, 40));
        AssertFigure(GrowthFigure.Render([new GrowthSeries("none", [])], Text, Path.Combine(dir, "b.png")));
        AssertFigure(GroupedBarFigure.Render([], [], Text, Path.Combine(dir, "c.png")));
        AssertFigure(HeatmapFigure.Render([], new long[0, 0], Text, Path.Combine(dir, "d.png")));
    }

    [Fact]
    public void Title_travels_inside_the_png()
    {
        string path = FrequencyFigure.Render([new FrequencyPoint(1, 1)], new FigureText("Children per parent – ünïcode", "x", "y"),
            Path.Combine(TempDir(), "t.png"));
        Assert.Equal("Children per parent – ünïcode", Chart.ReadText(File.ReadAllBytes(path), Chart.TitleKeyword));
        Assert.Null(Chart.ReadText(File.ReadAllBytes(path), "Description"));
        Png.Read(path);   // still a valid PNG after the inserted chunk (CRC checked by the decoder)
    }

    [Fact]
    public void Growth_figure_draws_each_series()
    {
        long t0 = new DateTimeOffset(2022, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        var big = Enumerable.Range(0, 50_000).Select(i => t0 + i * 900L).Reverse().ToArray();   // unsorted input, thinned
        var small = Enumerable.Range(0, 40).Select(i => t0 + i * 86_400L * 9).ToArray();
        var png = AssertFigure(GrowthFigure.Render([new GrowthSeries("big", big), new GrowthSeries("small", small)], Text,
            Path.Combine(TempDir(), "g.png")));
        Assert.True(png.CountNear(Blue) > 200, "first series not drawn");
        Assert.True(png.CountNear(Orange) > 200, "second series not drawn");
    }

    [Fact]
    public void Cumulative_counts_every_member_once_in_time_order()
    {
        var (xs, ys) = GrowthFigure.Cumulative([300, 100, 200]);
        Assert.Equal([1.0, 2, 3], ys);
        Assert.True(xs[0] < xs[1] && xs[1] < xs[2]);
        var (_, thinned) = GrowthFigure.Cumulative(Enumerable.Range(0, 10_001).Select(i => (long)i).ToArray());
        Assert.True(thinned.Length <= GrowthFigure.MaxPointsPerSeries + 1);
        Assert.Equal(10_001, thinned[^1]);
    }

    [Fact]
    public void Pair_similarity_draws_a_series_per_genome_and_measure()
    {
        SimilarityRow[] rows =
        [
            new("sibling", "jaccard", "tags", 0.62, 0.60, 0.64),
            new("sibling", "cosine", "card", 0.41, 0.39, 0.44),
            new("parent-child", "jaccard", "tags", 0.71, 0.69, 0.73),
            new("parent-child", "cosine", "card", 0.55, 0.52, 0.58),
            new("random", "jaccard", "tags", 0.08, 0.07, 0.09),
        ];
        var png = AssertFigure(SimilarityFigures.PairSimilarity(rows, Text, Path.Combine(TempDir(), "s.png")));
        Assert.True(png.CountNear(Blue, 8) > 2000, "tags·jaccard bars missing");
        Assert.True(png.CountNear(Orange, 8) > 2000, "card·cosine bars missing");
    }

    [Fact]
    public void Parent_child_bars_use_two_series_and_reject_ragged_input()
    {
        var data = new ParentChildData(["finetune", "adapter", "quantized"],
            [new Estimate(3.1, 2.9, 3.3), new Estimate(2.2, 2.0, 2.5), new Estimate(1.4, 1.2, 1.5)],
            [new Estimate(2.4, 2.2, 2.6), new Estimate(2.0, 1.7, 2.2), Estimate.Missing]);
        var png = AssertFigure(SimilarityFigures.ParentChild(data, Text, Path.Combine(TempDir(), "p.png")));
        Assert.True(png.CountNear(Blue, 8) > 2000 && png.CountNear(Orange, 8) > 2000);
        Assert.Throws<ArgumentException>(() => SimilarityFigures.ParentChild(data with { Child = [Estimate.Missing] }, Text,
            Path.Combine(TempDir(), "bad.png")));
    }

    [Fact]
    public void Heatmap_spans_a_log_colour_range_and_checks_its_shape()
    {
        string[] labels = ["apache-2.0", "mit", "llama2", "cc-by-nc-4.0", "other"];
        var counts = new long[5, 5];
        for (int i = 0; i < 5; i++)
            for (int j = 0; j < 5; j++)
                counts[i, j] = (long)Math.Pow(10, (i + j) % 6);
        var png = AssertFigure(HeatmapFigure.Render(labels, counts, Text, Path.Combine(TempDir(), "h.png")));
        // viridis ends: dark purple for 1, yellow for 100,000
        Assert.True(png.CountNear(SKColor.Parse("#440154"), 30) > 1000, "low end of the colour scale missing");
        Assert.True(png.CountNear(SKColor.Parse("#fde725"), 30) > 1000, "high end of the colour scale missing");
        Assert.Throws<ArgumentException>(() => HeatmapFigure.Render(labels, new long[5, 4], Text, Path.Combine(TempDir(), "x.png")));
    }
}
