using System.Text.Json;
using Phylo.Plots.Figures;
using Phylo.Tests.Infrastructure;
using Phylo.Tests.Plots;

namespace Phylo.Tests.Cli;

/// <summary><c>phylo family --png</c>, <c>phylo diff</c> and <c>--arxiv-categories</c> as a user runs them.</summary>
[Trait("Speed", "Slow")]
public class StudyFigureCliTests
{
    private static string Temp(string name) => Path.Combine(FigureTests.TempDir(), name);

    private static string[] Families => [.. RealData.FamilyFiles()];

    [RealDataFact]
    public void Family_png_draws_the_family_of_a_real_model()
    {
        string png = Temp("tree.png");
        var r = PhyloProcess.Run(["family", "epfl-llm/meditron-7b", .. Families, "--png", png]);
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith($"{png}: family of epfl-llm/meditron-7b, ", r.StdOut, StringComparison.Ordinal);
        Assert.True(Png.Read(png).DistinctColors > 16);
        Assert.StartsWith("Family of meta-llama/Llama-2-7b (", Chart.ReadText(File.ReadAllBytes(png), Chart.TitleKeyword), StringComparison.Ordinal);
    }

    [RealDataFact]
    public void Diff_png_aligns_two_real_models_on_either_genome()
    {
        foreach (string genome in new[] { "metadata", "card" })
        {
            string png = Temp($"diff-{genome}.png");
            var r = PhyloProcess.Run(["diff", "meta-llama/Llama-2-7b", "epfl-llm/meditron-7b", .. Families, "--png", png, "--genome", genome]);
            Assert.Equal(0, r.ExitCode);
            Assert.Contains($"({genome} genome)", r.StdOut, StringComparison.Ordinal);
            Assert.Contains("edit distance", r.StdOut, StringComparison.Ordinal);
            Assert.True(Png.Read(png).CountNear(SkiaSharp.SKColor.Parse("#ffd27f"), 10) > 50, "no replaced characters drawn");
        }
    }

    [RealDataFact]
    public void Unknown_models_and_unreadable_inputs_are_one_line_and_exit_2()
    {
        var r = PhyloProcess.Run(["diff", "meta-llama/Llama-2-7b", "nobody/nothing", .. Families]);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("phylo: nobody/nothing: not among the 1,252 models read", r.StdErr.Trim());
        r = PhyloProcess.Run("family", "meta-llama/Llama-2-7b", "/not/here.csv", "--png", Temp("x.png"));
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("phylo: /not/here.csv: no such file", r.StdErr.Trim());
        r = PhyloProcess.Run(["family", "nobody/nothing", .. Families, "--png", Temp("y.png")]);
        Assert.Equal((2, "phylo: nobody/nothing: not among the 1,252 models read"), (r.ExitCode, r.StdErr.Trim()));
        r = PhyloProcess.Run(["diff", "perplexity-ai/r1-1776", "Suziwan/Model1", .. Families, "--genome", "card"]);   // a slim crawl row: no card
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("has no card genome", r.StdErr, StringComparison.Ordinal);
        Assert.Single(r.StdErr.Trim().Split('\n'));
    }

    [RealDataFact]
    public void Arxiv_categories_fill_the_summary_panel()
    {
        string dir = Temp("out");
        var r = PhyloProcess.Run(["analyze", .. Families, "--out", dir, "--quiet", "--arxiv-categories", Path.Combine(RealData.Dir, "arxiv-categories.tsv")]);
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "report.json")));
        var arxiv = doc.RootElement.GetProperty("panels").GetProperty("arxiv");
        Assert.False(arxiv.TryGetProperty("notComputed", out _));
        Assert.True(arxiv.GetProperty("top").GetArrayLength() > 0);
        string bad = TestIngest.TempFile("1910.09700 cs.CY\n", ".tsv");
        r = PhyloProcess.Run(["analyze", .. Families, "--out", Temp("out2"), "--quiet", "--arxiv-categories", bad]);
        Assert.Equal((2, $"phylo: {bad}:1: expected 'arxiv_id<TAB>categories'"), (r.ExitCode, r.StdErr.Trim()));
    }
}
