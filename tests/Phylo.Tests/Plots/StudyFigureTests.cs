using System.Globalization;
using Phylo.Analyses.Panels;
using Phylo.Analyses.Similarity.Diff;
using Phylo.Graph;
using Phylo.Plots;
using Phylo.Plots.Figures;
using Phylo.Table;
using Phylo.Tests.Infrastructure;

namespace Phylo.Tests.Plots;

/// <summary>The study's figures Phylo redraws: real PNGs whose embedded Data (what was drawn) matches the report's tables.</summary>
[Trait("Speed", "Slow")]
public class StudyFigureTests
{
    private static string[] DataLines(string png) =>
        Chart.ReadText(File.ReadAllBytes(png), Chart.DataKeyword)?.TrimEnd('\n').Split('\n') ?? throw new InvalidDataException($"{png}: no Data text");

    private static string Fig(string dir, string name) => FigureSet.PathOf(Path.Combine(dir, FigureSet.Dir), name);

    [Fact]
    public void Summary_figure_draws_the_summary_panels_table()
    {
        var (outcome, dir) = ReportOutputTests.SharedSmall;
        string png = Fig(dir, StudyFigures.SummaryName);
        Assert.True(Png.Read(png).DistinctColors > 64);
        var panels = outcome.Sections.OfType<PanelsSection>().Single();
        var titles = panels.Panels.ToDictionary(p => p.Key, p => (p.Title, Share: p.ShareOf.Length > 0));
        // tables/summary_panels.csv rows, turned into what the figure draws (shares as percent)
        var expected = File.ReadAllLines(Path.Combine(dir, "tables", "summary_panels.csv")).Skip(1).Select(line =>
        {
            var f = line.Split(',');
            var (title, share) = titles[f[0]];
            double value = share ? 100 * double.Parse(f[4], CultureInfo.InvariantCulture) : double.Parse(f[3], CultureInfo.InvariantCulture);
            return $"{title},{f[1]},{f[2]},{value.ToString("R", CultureInfo.InvariantCulture)}";
        });
        Assert.Equal(expected, DataLines(png).Skip(1));
        Assert.Contains("Parent models,1,org/base-a,3", DataLines(png));
    }

    [Fact]
    public void Histogram_draws_the_created_histogram_table()
    {
        var (_, dir) = ReportOutputTests.SharedSmall;
        string png = Fig(dir, StudyFigures.HistogramName);
        Assert.True(Png.Read(png).CountNear(SkiaSharp.SKColor.Parse("#1f77b4"), 30) > 100, "no bars drawn");
        var table = File.ReadAllLines(Path.Combine(dir, "tables", "created_histogram.csv")).Skip(1).Select(l => l.Split(',')).Select(f => $"{f[0]},{f[2]}");
        Assert.Equal(table, DataLines(png).Skip(1));
        Assert.Equal(7, DataLines(png).Skip(1).Sum(l => long.Parse(l.Split(',')[1], CultureInfo.InvariantCulture)));   // 8 models, one undated
    }

    [Fact]
    public void Family_trees_draw_every_model_of_the_family_once_with_its_relation()
    {
        var (outcome, dir) = ReportOutputTests.SharedSmall;
        var (table, graph) = (outcome.Table, outcome.Graph);
        var picks = StudyFigures.TreePicks(table, graph);
        Assert.Equal(["largest"], picks.Select(p => p.Name));   // base-a is the largest, the median-deep and the small one: drawn once
        var (name, family) = (picks[0].Name, picks[0].Family);
        string png = Fig(dir, "family_tree_" + name);
        Assert.True(Png.Read(png).DistinctColors > 16);
        var nodes = DataLines(png).Skip(1).Select(l => l.Split(',')).Where(f => f[0] == "node").ToArray();
        Assert.Equal(graph.Families[family].Size, nodes.Sum(f => int.Parse(f[7], CultureInfo.InvariantCulture)));
        Assert.Equal(["org/base-a", "org/ft1", "org/ft2", "org/ft3", "org/q1"], nodes.Select(f => f[2]).Order(StringComparer.Ordinal));
        foreach (var f in nodes.Where(f => f[5] != "-1"))
        {
            int child = table.IndexOf[f[2]], parent = table.IndexOf[nodes[int.Parse(f[5], CultureInfo.InvariantCulture)][2]];
            int edge = Enumerable.Range(0, graph.EdgeCount).Single(e => graph.EdgeParent[e] == parent && graph.EdgeChild[e] == child);
            Assert.Equal(graph.EdgeTypes[edge].Name(), f[6]);
        }
    }

    [Fact]
    public void A_wide_generation_shows_the_largest_branches_and_gathers_the_rest()
    {
        var csv = new PublishedCsv().Row("w/root");
        for (int i = 0; i < 120; i++) csv.Row($"w/leaf{i:D3}", parents: "['w/root']", finetune: "['w/root']");
        csv.Row("w/mid", parents: "['w/root']", adapter: "['w/root']").Row("w/grand", parents: "['w/mid']", quantized: "['w/mid']");
        var r = TestIngest.Run(TestIngest.TempFile(csv.ToString()));
        var layout = FamilyTreeLayout.Of(r.Graph, r.Graph.FamilyOf[r.Table.IndexOf["w/root"]], maxWidth: 50);
        Assert.Equal(123, layout.Nodes.Sum(n => n.Models));
        // generation 1 has 121 models > 50: the root shows its 50 largest branches (w/mid first: it has a child) and one mark
        var mark = Assert.Single(layout.Nodes, n => n.Model < 0);
        Assert.Equal((71, 1, EdgeType.Finetune), (mark.Models, mark.Generation, mark.Relation));
        Assert.Equal(50, layout.Nodes.Count(n => n.Generation == 1 && n.Model >= 0));
        Assert.Contains(layout.Nodes, n => n.Model == r.Table.IndexOf["w/grand"]);
        Assert.Contains("(71 models in 1 marks)", Assert.Single(layout.Notes), StringComparison.Ordinal);
        string png = TreeFigure.Render(layout, r.Table.Ids, new FigureText("wide", "", "generation"), Path.Combine(FigureTests.TempDir(), "t.png"));
        Assert.Contains(DataLines(png), l => l.StartsWith("node,", StringComparison.Ordinal) && l.EndsWith(",finetune,71", StringComparison.Ordinal));
    }

    [Fact]
    public void A_family_of_any_size_stays_near_the_width_per_generation()
    {
        var csv = new PublishedCsv().Row("big/root");
        for (int i = 0; i < 3000; i++) csv.Row($"big/c{i}", parents: "['big/root']", finetune: "['big/root']");
        for (int i = 0; i < 6000; i++) csv.Row($"big/g{i}", parents: $"['big/c{i % 1500}']", adapter: $"['big/c{i % 1500}']");
        var r = TestIngest.Run(TestIngest.TempFile(csv.ToString()));
        var layout = FamilyTreeLayout.Of(r.Graph, r.Graph.FamilyOf[0]);
        Assert.Equal(9001, layout.Nodes.Sum(n => n.Models));
        for (int g = 1; g <= layout.Depth; g++)
            Assert.InRange(layout.Nodes.Count(n => n.Generation == g), 1, 2 * FamilyTreeLayout.MaxWidth + 1);
    }

    [Fact]
    public void Diff_dna_draws_the_alignment_of_the_two_genomes()
    {
        var (outcome, dir) = ReportOutputTests.SharedSmall;
        var edge = StudyFigures.DiffEdge(outcome.Table, outcome.Graph);
        Assert.NotNull(edge);
        var genome = DiffGenomes.Metadata(outcome.Table);
        string p = genome(edge.Value.Parent), c = genome(edge.Value.Child);
        string png = Fig(dir, StudyFigures.DiffName);
        Assert.True(Png.Read(png).CountNear(SkiaSharp.SKColor.Parse("#7fff7f"), 10) > 50, "no inserted characters drawn");
        Assert.Equal(DiffDnaFigure.Data(GenomeDiff.Align(p, c)).TrimEnd('\n').Split('\n'), DataLines(png));
    }

    [Fact]
    public void The_diff_edge_is_the_study_example_when_present_else_the_most_downloaded_fine_tune_child()
    {
        string csv = TestIngest.TempFile(new PublishedCsv()
            .Row("o/p").Row("o/c1", parents: "['o/p']", finetune: "['o/p']", downloads: 5).Row("o/c2", parents: "['o/p']", finetune: "['o/p']", downloads: 7)
            .Row("o/c3", parents: "['o/p']", adapter: "['o/p']", downloads: 100).ToString());
        var r = TestIngest.Run(csv);
        Assert.Equal((r.Table.IndexOf["o/p"], r.Table.IndexOf["o/c2"]), StudyFigures.DiffEdge(r.Table, r.Graph));
        string study = TestIngest.TempFile(new PublishedCsv().Row(StudyFigures.StudyDiffParent)
            .Row(StudyFigures.StudyDiffChild, parents: $"['{StudyFigures.StudyDiffParent}']", finetune: $"['{StudyFigures.StudyDiffParent}']").Row("x/y", downloads: 99).ToString());
        var s = TestIngest.Run(study);
        Assert.Equal((s.Table.IndexOf[StudyFigures.StudyDiffParent], s.Table.IndexOf[StudyFigures.StudyDiffChild]), StudyFigures.DiffEdge(s.Table, s.Graph));
    }

    [RealDataFact]
    public void Figures_on_the_real_crawls()
    {
        var (outcome, dir) = ReportOutputTests.SharedReal;
        foreach (string name in new[] { StudyFigures.SummaryName, StudyFigures.HistogramName, StudyFigures.DiffName, "family_tree_largest" })
            Assert.True(Png.Read(Fig(dir, name)).DistinctColors > 16, name);
        var picks = StudyFigures.TreePicks(outcome.Table, outcome.Graph);
        Assert.Equal(3, picks.Count);
        Assert.Equal(outcome.Graph.Families.Max(f => f.Size), outcome.Graph.Families[picks[0].Family].Size);
        Assert.True(outcome.Graph.Families[picks[1].Family].Depth >= 2);
    }
}
