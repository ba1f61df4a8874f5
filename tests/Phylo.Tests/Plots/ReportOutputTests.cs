using System.Text.RegularExpressions;
using Parquet;
using Phylo.Analyses;
using Phylo.Plots;
using Phylo.Plots.Figures;
using Phylo.Run;
using Phylo.Tests.Infrastructure;

namespace Phylo.Tests.Plots;

/// <summary>The real pipeline (AnalysisRun) followed by the CLI's output writers, on a hand-built graph and on the real sample.</summary>
[Trait("Speed", "Slow")]
public partial class ReportOutputTests
{
    /// <summary>
    /// org/base-a → ft1, ft2, ft3 (finetune); ft1 → q1 (quantized); org/base-b → ad1 (adapter); org/lone alone.
    /// Out-degrees: base-a 3, ft1 1, base-b 1. Families: 5, 2, 1 models. ft3 has no creation date.
    /// </summary>
    internal static string SmallCsv() => TestIngest.TempFile(new PublishedCsv()
        .Row("org/base-a", created: "2023-01-01 00:00:00+00:00")
        .Row("org/ft1", parents: "['org/base-a']", finetune: "['org/base-a']", created: "2023-02-01 00:00:00+00:00")
        .Row("org/ft2", parents: "['org/base-a']", finetune: "['org/base-a']", created: "2023-03-01 00:00:00+00:00")
        .Row("org/ft3", parents: "['org/base-a']", finetune: "['org/base-a']", created: "")
        .Row("org/q1", parents: "['org/ft1']", quantized: "['org/ft1']", created: "2023-04-01 00:00:00+00:00")
        .Row("org/base-b", created: "2023-01-15 00:00:00+00:00")
        .Row("org/ad1", parents: "['org/base-b']", adapter: "['org/base-b']", created: "2023-05-01 00:00:00+00:00")
        .Row("org/lone", created: "2023-06-01 00:00:00+00:00")
        .ToString());

    internal static (AnalysisOutcome Outcome, string Dir) RunWithExtras(IReadOnlyList<string> inputs)
    {
        string dir = FigureTests.TempDir();
        return (RunInto(dir, inputs), dir);
    }

    private static readonly Lazy<(AnalysisOutcome Outcome, string Dir)> Small = new(() => RunWithExtras([SmallCsv()]));
    private static readonly Lazy<(AnalysisOutcome Outcome, string Dir)> Real = new(() => RunWithExtras(RealData.FamilyFiles().ToArray()));

    /// <summary>One run over <see cref="SmallCsv"/> for the tests that only read its outcome and folder (a test that
    /// writes into the folder runs its own): the pipeline and its figures once, not once per test.</summary>
    internal static (AnalysisOutcome Outcome, string Dir) SharedSmall => Small.Value;

    /// <summary>One run over the real crawls, shared like <see cref="SharedSmall"/>.</summary>
    internal static (AnalysisOutcome Outcome, string Dir) SharedReal => Real.Value;

    [Fact]
    public void Graph_figure_data_match_the_hand_built_graph()
    {
        var (outcome, _) = SharedSmall;
        Assert.Equal([new FrequencyPoint(1, 2), new FrequencyPoint(3, 1)], FigureSet.ChildrenPerParent(outcome.Graph));
        Assert.Equal([new FrequencyPoint(1, 1), new FrequencyPoint(2, 1), new FrequencyPoint(5, 1)], FigureSet.FamilySizes(outcome.Graph));

        var growth = FigureSet.LargestFamilyGrowth(outcome.Table, outcome.Graph, 2);
        Assert.Equal(2, growth.Length);
        Assert.StartsWith("org/base-a (5)", growth[0].Label);
        Assert.StartsWith("org/base-b (2)", growth[1].Label);
        long Unix(string d) => DateTimeOffset.Parse(d + "T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds();
        Assert.Equal(new[] { "2023-01-01", "2023-02-01", "2023-03-01", "2023-04-01" }.Select(Unix).Order(), growth[0].CreatedAtUnixSeconds.Order());
        Assert.Equal(new[] { "2023-01-15", "2023-05-01" }.Select(Unix).Order(), growth[1].CreatedAtUnixSeconds.Order());
    }

    [Fact]
    public void Extras_write_figures_parquet_and_a_self_contained_html()
    {
        var (outcome, dir) = SharedSmall;
        AssertOutputs(outcome, dir);
    }

    [RealDataFact]
    public void Extras_on_the_real_sample()
    {
        var (outcome, dir) = SharedReal;
        Assert.True(outcome.Graph.EdgeCount > 1000);
        AssertOutputs(outcome, dir);
        var sizes = FigureSet.FamilySizes(outcome.Graph);
        Assert.Equal(outcome.Graph.Families.Length, sizes.Sum(p => p.Count));
        Assert.Equal(outcome.Table.Count, sizes.Sum(p => p.Value * p.Count));
    }

    [Fact]
    public void Growth_table_counts_members_created_up_to_each_day()
    {
        var (outcome, dir) = SharedSmall;
        Assert.Equal(
            ["family_root,date,cumulative", "org/base-a,2023-01-01,1", "org/base-a,2023-02-01,2", "org/base-a,2023-03-01,3", "org/base-a,2023-04-01,4",
             "org/base-b,2023-01-15,1", "org/base-b,2023-05-01,2", "org/lone,2023-06-01,1"],
            File.ReadAllLines(Path.Combine(dir, "tables", "growth.csv")));
        Assert.True(outcome.Graph.Families.Length < Phylo.Analyses.Graph.FamilyGrowth.Families);
    }

    /// <summary>On the real crawls (real createdAt values): the growth table against a plain recomputation, and a drawn figure.</summary>
    [RealDataFact]
    public void Growth_on_real_dates_matches_a_plain_recomputation()
    {
        var (outcome, dir) = SharedReal;
        var (table, graph) = (outcome.Table, outcome.Graph);
        var expected = new List<string> { "family_root,date,cumulative" };
        var largest = Enumerable.Range(0, graph.Families.Length).OrderBy(f => -graph.Families[f].Size).ThenBy(f => f).Take(10);
        foreach (int f in largest)
        {
            var days = Enumerable.Range(0, table.Count)
                .Where(m => graph.FamilyOf[m] == f && table.CreatedAt[m] != Phylo.Table.ModelTable.UnknownTime)
                .Select(m => DateTimeOffset.FromUnixTimeSeconds(table.CreatedAt[m]).UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
                .GroupBy(d => d).OrderBy(d => d.Key, StringComparer.Ordinal).ToArray();
            int sum = 0;
            foreach (var day in days) expected.Add($"{table.Ids[graph.Families[f].Root]},{day.Key},{sum += day.Count()}");
        }
        string[] actual = File.ReadAllLines(Path.Combine(dir, "tables", "growth.csv"));
        Assert.True(actual.Length > 300, $"only {actual.Length} rows: are real dates parsed?");
        Assert.Equal(expected, actual);

        var png = FigureTests.AssertFigure(FigureSet.PathOf(Path.Combine(dir, FigureSet.Dir), FigureSet.FamilyGrowthName));
        Assert.True(png.CountNear(SkiaSharp.SKColor.Parse("#1f77b4"), 40) > 300, "the largest family's line is not drawn");
    }

    [Fact]
    public void Html_embeds_every_png_with_its_title_as_alt_text()
    {
        string dir = FigureTests.TempDir();
        File.WriteAllText(Path.Combine(dir, "report.md"), "# T\n\n## One\n\ntext\n");
        string figs = Path.Combine(dir, FigureSet.Dir);
        FrequencyFigure.Render([new FrequencyPoint(2, 3)], new FigureText("Alpha <&> \"q\"", "x", "y"), Path.Combine(figs, "b.png"));
        FrequencyFigure.Render([new FrequencyPoint(2, 3)], new FigureText("Beta", "x", "y"), Path.Combine(figs, "a.png"));
        using (var bitmap = new SkiaSharp.SKBitmap(40, 30))            // a PNG without a Title text: alt falls back to the name
        {
            bitmap.Erase(SkiaSharp.SKColors.Teal);
            using var data = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(Path.Combine(figs, "plain_figure.png"), data.ToArray());
        }
        string html = File.ReadAllText(HtmlReport.Write(dir, Directory.GetFiles(figs, "*.png")));
        var alts = ImgAlt().Matches(html).Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(["Beta", "Alpha &lt;&amp;&gt; &quot;q&quot;", "plain figure"], alts);   // ordinal file order: a, b, plain
        foreach (Match m in ImgSrc().Matches(html))
            Png.Read(Convert.FromBase64String(m.Groups[1].Value));
    }

    [Fact]
    public void Html_embeds_only_the_figures_of_this_run()
    {
        string dir = FigureTests.TempDir();
        string figs = Path.Combine(dir, FigureSet.Dir);
        FrequencyFigure.Render([new FrequencyPoint(2, 3)], new FigureText("Stale from an earlier run", "x", "y"), Path.Combine(figs, "aaa_stale.png"));
        var outcome = RunInto(dir, [SmallCsv()]);
        string html = File.ReadAllText(Path.Combine(dir, HtmlReport.FileName));
        Assert.DoesNotContain("Stale from an earlier run", html);
        Assert.True(File.Exists(Path.Combine(figs, "aaa_stale.png")));   // left alone, just not embedded
        AssertOutputs(outcome, dir, ignore: ["aaa_stale"]);
    }

    /// <summary>The engine's report, then the CLI's writers (Parquet, figures, report.html) into <paramref name="dir"/>.</summary>
    private static AnalysisOutcome RunInto(string dir, IReadOnlyList<string> inputs)
    {
        var o = new AnalyzeOptions(inputs, dir, Threads: 2);
        return AnalysisRun.WriteOutputs(AnalysisRun.Execute(o), o, Phylo.Cli.Output.OutputWriters.Report, SilentObserver.Instance);
    }

    private static void AssertOutputs(AnalysisOutcome outcome, string dir, string[]? ignore = null)
    {
        // figures: the three graph figures and the drift figures, each a real image
        string figs = Path.Combine(dir, FigureSet.Dir);
        var pngs = Directory.GetFiles(figs, "*.png").Select(f => Path.GetFileNameWithoutExtension(f))
            .Where(f => ignore is null || !ignore.Contains(f)).Order(StringComparer.Ordinal).ToArray();
        string[] expected = [FigureSet.ChildrenPerParentName, FigureSet.FamilyGrowthName, FigureSet.FamilySizesName,
            "languages_parent_child", "card_length_parent_child", "auto_generated_parent_child"];
        // …and the study's redrawn figures (their own sizes), drawn whenever there is data for them
        string[] study = [StudyFigures.SummaryName, StudyFigures.HistogramName, StudyFigures.DiffName, "family_tree_largest", "family_tree_median_depth", "family_tree_small"];
        Assert.Subset(pngs.ToHashSet(), expected.ToHashSet());
        Assert.Subset(pngs.ToHashSet(), study.Take(4).ToHashSet());
        string[] designs = [.. Phylo.Analyses.Similarity.SimilarityNames.TextGenomes.SelectMany(g => Phylo.Analyses.Similarity.StudySampler.Measures
            .Select(m => FigureSet.DesignFigureName(Phylo.Analyses.Similarity.SimilarityNames.Name(g), Phylo.Analyses.Similarity.SimilarityNames.Name(m))))];
        Assert.Equal(9, designs.Length);
        Assert.All(pngs, p => Assert.Contains(p, expected.Append("license_ordering").Append("pair_similarity").Concat(study).Concat(designs)));
        foreach (string name in pngs)
            if (study.Contains(name)) Assert.True(Png.Read(FigureSet.PathOf(figs, name)).DistinctColors > 16, name);
            else FigureTests.AssertFigure(FigureSet.PathOf(figs, name));

        // parquet: one per section table, each readable with the CSV's row count
        var tables = outcome.Sections.SelectMany(s => s.Tables()).ToArray();
        var parquet = Directory.GetFiles(Path.Combine(dir, "tables"), "*.parquet");
        Assert.Equal(tables.Length, parquet.Length);
        foreach (var t in tables)
        {
            var schema = ParquetReader.ReadSchemaAsync(Path.Combine(dir, "tables", t.Name + ".parquet")).GetAwaiter().GetResult();
            Assert.Equal(t.Columns.Select(c => c.Name), schema.GetDataFields().Select(f => f.Name));
        }

        // html: every heading of report.md, one decodable <img> per figure, nothing fetched from elsewhere
        string md = File.ReadAllText(Path.Combine(dir, "report.md"));
        string html = File.ReadAllText(Path.Combine(dir, HtmlReport.FileName));
        var headings = ReportMarkdown.Headings(md);
        Assert.NotEmpty(headings);
        var rendered = HeadingElement().Matches(html).Select(m => System.Net.WebUtility.HtmlDecode(Tag().Replace(m.Groups[1].Value, ""))).ToList();
        Assert.Equal([.. headings, .. pngs.Length > 0 ? (string[])["Figures"] : []], rendered); // report.html adds the figures' own heading
        var sources = ImgSrc().Matches(html).Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(pngs.Length, Regex.Count(html, "<img "));
        Assert.Equal(pngs.Length, sources.Length);
        var sizes = pngs.Select(n => { var f = Png.Read(FigureSet.PathOf(figs, n)); return (f.Width, f.Height); }).Order().ToArray();
        Assert.Equal(sizes, sources.Select(b64 => { var f = Png.Read(Convert.FromBase64String(b64)); return (f.Width, f.Height); }).Order());
        Assert.DoesNotMatch("(src|href)=\"(?!data:)", html);
        Assert.DoesNotContain("@import", html);
        Assert.DoesNotContain("url(", html);
    }

    [GeneratedRegex("<h[1-6] id=\"[^\"]*\">(.*?)</h[1-6]>")]
    private static partial Regex HeadingElement();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex("<img alt=\"([^\"]*)\"")]
    private static partial Regex ImgAlt();

    [GeneratedRegex("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"")]
    internal static partial Regex ImgSrc();
}
