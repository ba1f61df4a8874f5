using Phylo.Analyses;
using Phylo.Analyses.Panels;
using Phylo.Tests.Infrastructure;

namespace Phylo.Tests.Analyses;

/// <summary>The study's summary figure and createdAt histogram, each share as the study computed it.</summary>
public class SummaryPanelsTests
{
    /// <summary>Five models: licenses on three (one with two), tasks on four, languages on two, a library on one.</summary>
    private static string Csv() => TestIngest.TempFile(new PublishedCsv()
        .Row("o/a", licenses: "['mit']", languages: "['English']", pipeline: "text-generation", library: "peft", downloads: 50,
            arxiv: "['1910.09700', '2106.09685']", datasets: "['glue']", created: "2023-01-01 00:00:00+00:00")
        .Row("o/b", licenses: "['mit', 'apache-2.0']", pipeline: "text-generation", library: "", downloads: 900,
            arxiv: "['1910.09700']", datasets: "['glue', 'squad']", created: "2023-01-01 00:00:10+00:00")
        .Row("o/c", parents: "['o/a']", finetune: "['o/a']", licenses: "['apache-2.0']", languages: "['English', 'French']",
            pipeline: "fill-mask", library: "", downloads: 900, created: "2023-01-01 00:01:40+00:00")
        .Row("o/d", parents: "['o/a']", pipeline: "fill-mask", library: "", downloads: 3, created: "")
        .Row("o/e", parents: "['o/a', 'gone/x']", pipeline: "", library: "", downloads: 0, created: "2023-01-01 00:00:50+00:00")
        .ToString());

    private static string Mapping() => TestIngest.TempFile("arxiv_id\tcategories\n1910.09700\tcs.CY cs.LG\n2106.09685\tcs.CL cs.LG\n", ".tsv");

    private static PanelsSection Run(string? mapping)
    {
        var r = TestIngest.Run(Csv());
        var scope = ShardScope.Whole(r.Table, r.Graph);
        var p = PanelsPartial.Compute(r.Table, r.Graph, scope, mapping is null ? null : ArxivCategories.Load(mapping));
        return PanelsSection.Of(r.Table, p, CreatedHistogram.Of(r.Table, 10));
    }

    [Fact]
    public void Shares_use_the_study_s_denominators()
    {
        var s = Run(Mapping());
        Assert.Equal([new PanelItem("apache-2.0", 2, 2 / 5.0), new PanelItem("mit", 2, 2 / 5.0)], s["license"].Items);      // of all models
        Assert.Equal([new PanelItem("fill-mask", 2, 0.5), new PanelItem("text-generation", 2, 0.5)], s["task"].Items);       // of 4 with a task
        Assert.Equal([new PanelItem("English", 2, 1.0), new PanelItem("French", 1, 0.5)], s["language"].Items);             // of 2 with a language
        Assert.Equal([new PanelItem("peft", 1, 1.0)], s["library"].Items);
        Assert.Equal(["o/a: 2", "o/a, gone/x: 1"], s["parent"].Items.Select(i => $"{i.Label}: {i.Count}"));                  // bare list = [X]
        Assert.Equal(["glue: 2", "squad: 1"], s["dataset"].Items.Select(i => $"{i.Label}: {i.Count}"));
        Assert.Equal(["o/b: 900", "o/c: 900", "o/a: 50", "o/d: 3", "o/e: 0"], s["downloads"].Items.Select(i => $"{i.Label}: {i.Count}"));
    }

    [Fact]
    public void Arxiv_categories_count_models_once_per_category()
    {
        var s = Run(Mapping());
        // o/a cites both papers (cs.LG twice: counted once), o/b one.
        Assert.Equal(["cs.CY: 2", "cs.LG: 2", "cs.CL: 1"], s["arxiv"].Items.Select(i => $"{i.Label}: {i.Count}"));
        Assert.Null(s["arxiv"].NotComputed);
    }

    [Fact]
    public void Without_a_mapping_the_arxiv_panel_says_it_was_not_computed()
    {
        var s = Run(null);
        Assert.Empty(s["arxiv"].Items);
        Assert.Contains("--arxiv-categories", s["arxiv"].NotComputed, StringComparison.Ordinal);
        Assert.All(s.StudyRows().Where(r => r.Key.StartsWith("arxiv.", StringComparison.Ordinal)), r => Assert.Equal("not computed", r.Exact.Text));
        var md = new StringWriter();
        s.WriteMarkdown(md);
        Assert.Contains("| arXiv categories #1 | cs.LG: 329,296 | not computed | not computed | not computed |", md.ToString(), StringComparison.Ordinal);
    }

    [RealDataFact]
    public void Shards_merge_to_the_whole_on_the_real_crawls()
    {
        var r = TestIngest.Run(RealData.FamilyFiles());
        var mapping = ArxivCategories.Load(Path.Combine(RealData.Dir, "arxiv-categories.tsv"));
        var hist = CreatedHistogram.Of(r.Table);
        var whole = PanelsSection.Of(r.Table, PanelsPartial.Compute(r.Table, r.Graph, ShardScope.Whole(r.Table, r.Graph), mapping), hist);
        Assert.NotEmpty(whole["arxiv"].Items);
        for (int n = 2; n <= 4; n++)
        {
            var merged = PanelsPartial.Compute(r.Table, r.Graph, ShardScope.Of(r.Table, r.Graph, 0, n), mapping);
            for (int i = 1; i < n; i++) merged = PanelsPartial.Merge(merged, PanelsPartial.Compute(r.Table, r.Graph, ShardScope.Of(r.Table, r.Graph, i, n), mapping));
            var section = PanelsSection.Of(r.Table, merged, hist);
            foreach (var panel in whole.Panels) Assert.Equal(panel.Items, section[panel.Key].Items);
        }
    }

    [Fact]
    public void A_bad_mapping_line_names_file_and_line()
    {
        string bad = TestIngest.TempFile("arxiv_id\tcategories\n1910.09700 cs.CY\n", ".tsv");
        var e = Assert.Throws<PhyloInputException>(() => ArxivCategories.Load(bad));
        Assert.Equal($"{bad}:2: expected 'arxiv_id<TAB>categories'", e.Message);
    }

    [RealDataFact]
    public void The_study_s_mapping_loads()
    {
        var m = ArxivCategories.Load(Path.Combine(RealData.Dir, "arxiv-categories.tsv"));
        Assert.Equal(8_789, m.ByPaper.Count);                     // 8,790 lines; 2310.16609 is listed twice, alike
        Assert.Equal(["cs.CY", "cs.LG"], m.ByPaper["1910.09700"].Order(StringComparer.Ordinal));
        Assert.Equal(6, m.ByPaper.Values.Count(c => c.Length == 0));    // placeholder ids such as 0000.00000
        Assert.Contains("J.2", m.ByPaper["2205.14375"]);          // a wrapped line continues the previous paper's list
    }

    [Fact]
    public void Histogram_has_equal_bins_from_first_to_last_with_the_last_closed()
    {
        var s = Run(null);
        var h = s.Histogram;
        // times 0, 10, 100, 50 s after the first; 10 bins of 10 s: 0→bin 0, 10→bin 1, 50→bin 5, 100→bin 9 (last bin closed)
        Assert.Equal([1L, 1, 0, 0, 0, 1, 0, 0, 0, 1], h.Counts);
        Assert.Equal(1, h.Unknown);
        Assert.Equal(h.First + 10, h.Start(1), 9);
    }
}
