using System.Globalization;
using System.Text.RegularExpressions;
using Phylo.Plots;
using SkiaSharp;

namespace Phylo.Tests.Plots;

/// <summary>
/// report.html in a real browser: headless Chromium loads the file, the page's inline script counts the
/// images that decoded (naturalWidth &gt; 0) into body[data-images-loaded], --dump-dom prints that DOM, and
/// --screenshot shows what a reader would see.
/// </summary>
[Trait("Speed", "Slow")]
public partial class BrowserTests
{
    [ChromiumFact]
    public void Chromium_loads_every_figure_and_renders_a_non_blank_page()
    {
        var (_, dir) = ReportOutputTests.RunWithExtras([ReportOutputTests.SmallCsv()]);
        string html = Path.Combine(dir, HtmlReport.FileName);
        int figures = Directory.GetFiles(Path.Combine(dir, FigureSet.Dir), "*.png").Length;
        Assert.True(figures >= 11, $"{figures} figures: graph, drift, similarity and the study's redrawn figures expected");
        foreach (string name in new[] { StudyFigures.SummaryName, StudyFigures.HistogramName, StudyFigures.DiffName, "family_tree_largest" })
            Assert.True(File.Exists(FigureSet.PathOf(Path.Combine(dir, FigureSet.Dir), name)), name);   // …and loaded below, like every figure

        string shot = Path.Combine(dir, "screenshot.png");
        // Tall enough to reach the figures below the tables (they start ~43,000 CSS pixels down), drawn at half scale: a
        // 1200 × 45,000 screenshot at full scale took Chromium ~15 CPU-seconds to render and encode, a quarter of that here.
        var page = Load(html, "--screenshot=" + shot, "--window-size=1200,45000", "--force-device-scale-factor=0.5");
        Assert.Equal(figures, page.Images);
        Assert.Equal(figures, page.Total);
        Assert.Equal(figures, page.Loaded);

        var png = Png.Read(shot);
        Assert.Equal(600, png.Width);
        Assert.True(png.DistinctColors > 64, $"screenshot has only {png.DistinctColors} colours");
        Assert.True(png.CountNear(SKColor.Parse("#1f77b4"), 30) > 50, "no figure data visible in the screenshot");
    }

    internal sealed record Page(int Images, int Total, int Loaded);

    internal static Page Load(string htmlPath, params string[] extra)
    {
        string dom = Chromium.Run(new Uri(htmlPath).AbsoluteUri, ["--dump-dom", .. extra]);
        var body = BodyTag().Match(dom);
        Assert.True(body.Success, "no <body> in the dumped DOM: " + dom[..Math.Min(dom.Length, 300)]);
        var loaded = Attribute(body.Value, "data-images-loaded");
        Assert.True(loaded is not null, "the page's load script did not run: " + body.Value);
        return new Page(ImgTag().Count(dom), Attribute(body.Value, "data-images-total") ?? -1, loaded.Value);
    }

    private static int? Attribute(string tag, string name) =>
        Regex.Match(tag, name + "=\"(\\d+)\"") is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    [GeneratedRegex("<body[^>]*>")]
    private static partial Regex BodyTag();

    [GeneratedRegex("<img\\b")]
    private static partial Regex ImgTag();
}

/// <summary>The negative control, in its own class so it runs beside the main browser test: a corrupt image must not count.</summary>
public class BrowserBrokenImageTests
{
    [ChromiumFact]
    public void A_broken_image_is_not_counted_as_loaded()
    {
        var (_, dir) = ReportOutputTests.RunWithExtras([ReportOutputTests.SmallCsv()]);
        string html = File.ReadAllText(Path.Combine(dir, HtmlReport.FileName));
        var first = ReportOutputTests.ImgSrc().Match(html);
        Assert.True(first.Success);
        string broken = Path.Combine(dir, "broken.html");
        File.WriteAllText(broken, html.Replace(first.Groups[1].Value, "iVBORw0KGgoAAAAbroken", StringComparison.Ordinal));
        var page = BrowserTests.Load(broken);
        int figures = Directory.GetFiles(Path.Combine(dir, FigureSet.Dir), "*.png").Length;
        Assert.Equal(figures, page.Images);
        Assert.Equal(figures - 1, page.Loaded);
    }
}
