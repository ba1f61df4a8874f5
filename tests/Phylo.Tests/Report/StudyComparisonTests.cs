using System.Text.Json;
using Phylo.Drift;
using Phylo.Report;
using Phylo.Run;
using Phylo.Table;
using Phylo.Tests.Drift;
using Phylo.Tests.Infrastructure;
using Phylo.Tests.Plots;

namespace Phylo.Tests.Report;

/// <summary>Every published figure appears with three values: the study's, Phylo exact, Phylo study mode.</summary>
public class StudyComparisonTests
{
    private static readonly string Header = "| " + string.Join(" | ", StudyComparison.Header) + " |";
    private static readonly string HeaderWithBasis = "| " + string.Join(" | ", StudyComparison.Header) + " | " + StudyComparison.BasisHeader + " |";

    [Fact]
    public void Every_section_has_the_three_column_table_in_markdown_and_json()
    {
        string dir = FigureTests.TempDir();
        AnalysisRun.Execute(new AnalyzeOptions([ReportOutputTests.SmallCsv()], dir, Threads: 2, Sampled: true));
        string md = string.Join("\n", ReportFiles.ResultsOnly(Path.Combine(dir, "report.md")));
        foreach (string section in new[] { "## Family graph", "## Trait shares", "## Summary panels", "## Genetic similarity", "## Drift" })
        {
            string part = md[md.IndexOf(section, StringComparison.Ordinal)..];
            int next = part.IndexOf("\n## ", 3, StringComparison.Ordinal);
            string body = next < 0 ? part : part[..next];
            // similarity: one table per genome × measure, the design configuration in front of the three values
            if (section == "## Genetic similarity")
                Assert.Contains("| design | cfg | kinship | study | Phylo exact | Phylo study mode |", body, StringComparison.Ordinal);
            else
                Assert.True(body.Contains(Header, StringComparison.Ordinal) || body.Contains(HeaderWithBasis, StringComparison.Ordinal), section);
        }
        // Rows say which view and rule produced them; unverified study values say so.
        Assert.Contains("| fine-tune edges | 189,391 | 3 | 3 | exact: Phylo graph · study: study graph (self-links, cycle edges kept) |", md, StringComparison.Ordinal);
        Assert.Contains("| models with no license | 1,188,829 (unverified) | 8 | 8 | every model · models with the value (sets) |", md, StringComparison.Ordinal);

        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "report.json")));
        var root = doc.RootElement;
        var graph = Rows(root.GetProperty("graph").GetProperty("vsStudy"));
        Assert.Equal(189_391, graph["edgesByType.finetune"].GetProperty("study").GetInt64());
        Assert.Equal(3, graph["edgesByType.finetune"].GetProperty("exact").GetInt64());
        Assert.Equal(3, graph["edgesByType.finetune"].GetProperty("studyMode").GetInt64());
        Assert.Equal("org/base-a: 3", graph["topParents.1"].GetProperty("exact").GetString());
        Assert.Equal("org/base-a: 3", graph["topParents.1"].GetProperty("studyMode").GetString());
        Assert.Equal("black-forest-labs/FLUX.1-dev: 33,042", graph["topParents.1"].GetProperty("study").GetString());
        Assert.Equal("org/base-a: 5", graph["largestFamilies.1"].GetProperty("studyMode").GetString());

        var shares = Rows(root.GetProperty("traitShares").GetProperty("vsStudy"));
        Assert.Equal(298_442, shares["licenseCounts.apache-2.0"].GetProperty("study").GetInt64());

        // similarity: study mode is the sampled design (filled because Sampled = true), exact the population mean
        var sim = Rows(root.GetProperty("similarityVsStudy"));
        var pc = sim["metadata.tfidf.duo.1"];
        Assert.Equal(0.64, pc.GetProperty("study").GetDouble());
        Assert.Equal(JsonValueKind.Number, pc.GetProperty("exact").ValueKind);
        Assert.Equal(JsonValueKind.Number, pc.GetProperty("studyMode").ValueKind);
        Assert.Equal(0.64, sim["metadata-clean.tfidf.duo.1"].GetProperty("study").GetDouble());   // compared with the study's metadata
        Assert.Equal(JsonValueKind.Null, sim["card.levenshtein.quad_3.2"].GetProperty("study").ValueKind); // hidden in the published figure
        Assert.Equal(3 * 3 * 24, sim.Count);

        var drift = Rows(root.GetProperty("drift").GetProperty("vsStudy"));
        Assert.Equal(0.19763, drift["mutationRate.license.rate"].GetProperty("study").GetDouble());
        Assert.Equal("113 / 121", drift["ordering.license.agreeingMax"].GetProperty("study").GetString());
        Assert.Equal("186 / 189", drift["ordering.language.agreeingWeighted"].GetProperty("study").GetString());
        Assert.Equal("187 / 189", drift["ordering.language.agreeingMax"].GetProperty("study").GetString());
        Assert.Equal(558_942, drift["numeric.cardChars.n"].GetProperty("study").GetInt64());
        Assert.False(string.IsNullOrEmpty(drift["numeric.cardChars.n"].GetProperty("basis").GetString()));
        Assert.All(new[] { root.GetProperty("graph"), root.GetProperty("traitShares"), root.GetProperty("drift") },
            s => Assert.False(string.IsNullOrEmpty(s.GetProperty("vsStudy").GetProperty("studyMode").GetString())));
    }

    [Fact]
    public void Without_sampled_the_similarity_study_mode_is_empty()
    {
        string dir = FigureTests.TempDir();
        AnalysisRun.Execute(new AnalyzeOptions([ReportOutputTests.SmallCsv()], dir, Threads: 1));
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "report.json")));
        Assert.All(doc.RootElement.GetProperty("similarityVsStudy").GetProperty("rows").EnumerateArray(),
            r => Assert.Equal(JsonValueKind.Null, r.GetProperty("studyMode").ValueKind));
    }

    /// <summary>
    /// Two fine-tune swaps B → A (study rule: 2 transitions each, clean: 1) against three pure additions A → A+B
    /// (1 each under both rules): the study rule puts B first, the clean count A first.
    /// </summary>
    [Fact]
    public void Study_mode_ordering_counts_a_swap_twice_and_exact_once()
    {
        var g = new HandGraph();
        for (int i = 0; i < 2; i++)
        {
            g.Model($"s/p{i}", licenses: ["lic-b"]);
            g.Model($"s/c{i}", licenses: ["lic-a"], parents: HandGraph.Finetune($"s/p{i}"));
        }
        for (int i = 0; i < 3; i++)
        {
            g.Model($"a/p{i}", licenses: ["lic-a"]);
            g.Model($"a/c{i}", licenses: ["lic-a", "lic-b"], parents: HandGraph.Finetune($"a/p{i}"));
        }
        var (table, graph) = g.Build();
        var result = DriftAnalysis.Run(table, graph, new DriftOptions { Traits = [TraitKind.License], Parallelism = 1 });
        TraitOrder study = result.Orderings[0], clean = TraitOrdering.SolveClean(result.Transitions[0], study);
        Assert.Equal(["lic-b", "lic-a"], study.Order);
        Assert.Equal(["lic-a", "lic-b"], clean.Order);
        Assert.Equal(4.0 / 7, study.ForwardShare, 12);   // b→a 4 of 4 + 3
        Assert.Equal(3.0 / 5, clean.ForwardShare, 12);   // a→b 3 of 3 + 2

        var rows = DriftStudyRows.Of(result).ToDictionary(r => r.Key);
        Assert.Equal(clean.WeightedForwardShare, rows["ordering.license.forwardShare"].Exact.Number, 4);
        Assert.Equal(study.WeightedForwardShare, rows["ordering.license.forwardShare"].StudyMode.Number, 4);
        Assert.Equal("lic-a → lic-b", rows["ordering.license.maxOrder"].Exact.Text);
        Assert.Equal("lic-b → lic-a", rows["ordering.license.weightedOrder"].StudyMode.Text);
        Assert.Equal("4 / 7", rows["ordering.license.forward"].StudyMode.Text);
    }

    private static Dictionary<string, JsonElement> Rows(JsonElement comparison) =>
        comparison.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("key").GetString()!);
}
