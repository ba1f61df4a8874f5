using System.Text;
using Phylo.Graph;
using Phylo.Similarity;

namespace Phylo.Tests.Similarity;

public class ExactModeTests
{
    private static readonly Lazy<(Phylo.Table.ModelTable Table, FamilyGraph Graph, SimilaritySection Section, BruteForce Reference)> Tiny = new(() =>
    {
        var (t, g) = SimilarityFixtures.Tiny();
        var section = SimilarityAnalysis.Run(t, g, new SimilarityOptions(Threads: 2));
        return (t, g, section, new BruteForce(t, g));
    });

    public static TheoryData<Genome, SimilarityMeasure> Slots()
    {
        var d = new TheoryData<Genome, SimilarityMeasure>();
        foreach (MeasureSlot s in MeasureSlot.All) d.Add(s.Genome, s.Measure);
        return d;
    }

    [Theory, MemberData(nameof(Slots))]
    public void Every_pair_type_in_every_view_equals_brute_force(Genome genome, SimilarityMeasure measure)
    {
        var (_, _, section, reference) = Tiny.Value;
        foreach (GraphView view in GraphViews.All)
            foreach (PairType pair in PairTypes.All)
            {
                SimilarityValue? v = section.Find(genome, measure, pair, view, SampleDesign.Population);
                if (genome == Genome.Metadata && measure == SimilarityMeasure.Levenshtein && pair != PairType.Random && view != GraphView.Finetune)
                {
                    Assert.Null(v);   // the study's record genome: Levenshtein on the fine-tune view only
                    continue;
                }
                Assert.NotNull(v);
                var (mean, n) = reference.Mean(genome, measure, pair, view);
                string where = $"{genome}/{measure}/{pair}/{view}";
                Assert.True(n == v.N, $"{where}: n {v.N} vs brute force {n}");
                Assert.Equal(SimilarityMode.Exact, v.Mode); // every population here is below the sample size
                if (n == 0) { Assert.True(double.IsNaN(v.Mean), where); continue; }
                Assert.True(Math.Abs(mean - v.Mean) <= 1e-9, $"{where}: {v.Mean} vs brute force {mean}");
            }
    }

    [Fact]
    public void The_fixture_exercises_every_pair_type_and_an_aunt_who_is_her_own_niece()
    {
        var (t, g, _, reference) = Tiny.Value;
        foreach (PairType pair in PairTypes.All)
            Assert.True(reference.Mean(Genome.Card, SimilarityMeasure.TfIdf, pair, GraphView.NoMerge).N > 0, pair.ToString());
        // m5 is a child of m2 and of m0 (m2's parent): under m0 it would be its own aunt.
        int m0 = t.IndexOf["f0/m0"], m2 = t.IndexOf["f0/m2"], m5 = t.IndexOf["f0/m5"];
        Assert.Contains(g.EdgeParent.Select((p, e) => (p, g.EdgeChild[e])), x => x == (m0, m5));
        Assert.Contains(g.EdgeParent.Select((p, e) => (p, g.EdgeChild[e])), x => x == (m2, m5));
    }

    [Fact]
    public void Edges_table_has_one_row_per_edge_with_brute_force_values()
    {
        var (t, g, section, reference) = Tiny.Value;
        var values = section.Tables().Single(t => t.Name == "similarity");          // every value of report.json's array
        Assert.Equal(section.Values.Count, values.RowCount);
        Assert.Equal(section.Values.Select(v => v.N), ((Phylo.Report.Int64Column)values.Columns.Single(c => c.Name == "n")).Values);
        var table = section.Tables().Single(t => t.Name == "edges");
        Assert.Equal("edges", table.Name);
        Assert.Equal(g.EdgeCount, table.RowCount);
        string[] names = ["parent", "child", "relation", "card_tfidf", "card_bow", "card_lev", "meta_tfidf", "meta_bow", "meta_lev",
            "meta_clean_tfidf", "meta_clean_bow", "meta_clean_lev", "traits_jaccard"];
        Assert.Equal(names, table.Columns.Select(c => c.Name));
        var cardLev = (Phylo.Report.DoubleColumn)table.Columns[5];
        var metaLev = (Phylo.Report.DoubleColumn)table.Columns[8];
        var traits = (Phylo.Report.DoubleColumn)table.Columns[12];
        for (int e = 0; e < g.EdgeCount; e++)
        {
            int p = g.EdgeParent[e], c = g.EdgeChild[e];
            Assert.Equal(t.Ids[p], table.Columns[0].Format(e));
            Assert.Equal(t.Ids[c], table.Columns[1].Format(e));
            if (reference.Has(Genome.Card, p) && reference.Has(Genome.Card, c))
                Assert.Equal(reference.Measure(Genome.Card, SimilarityMeasure.Levenshtein, p, c), cardLev.Values[e], 12);
            else Assert.True(double.IsNaN(cardLev.Values[e]));
            if (g.InView(e, GraphView.Finetune)) Assert.Equal(reference.Measure(Genome.Metadata, SimilarityMeasure.Levenshtein, p, c), metaLev.Values[e], 12);
            else Assert.True(double.IsNaN(metaLev.Values[e]));   // the record genome's Levenshtein: fine-tune edges only
            if (reference.Has(Genome.Traits, p) && reference.Has(Genome.Traits, c))
                Assert.Equal(reference.Measure(Genome.Traits, SimilarityMeasure.Jaccard, p, c), traits.Values[e], 12);
            else Assert.True(double.IsNaN(traits.Values[e]));
        }
    }

    [Fact]
    public void Json_has_one_object_per_value_with_null_for_nan()
    {
        var (_, _, section, _) = Tiny.Value;
        var ms = new MemoryStream();
        using (var w = new System.Text.Json.Utf8JsonWriter(ms)) { w.WriteStartObject(); section.WriteJson(w); w.WriteEndObject(); }
        using var doc = System.Text.Json.JsonDocument.Parse(ms.ToArray());
        var arr = doc.RootElement.GetProperty("similarity");
        Assert.Equal(section.Values.Count, arr.GetArrayLength());
        foreach (var o in arr.EnumerateArray())
        {
            foreach (string k in (string[])["genome", "measure", "kinship", "view", "mode", "estimate", "n", "mean", "ciLow", "ciHigh"]) Assert.True(o.TryGetProperty(k, out _), k);
            Assert.Equal(o.TryGetProperty("design", out _), o.TryGetProperty("config", out _));
            if (o.GetProperty("estimate").GetString() == "exact") Assert.Equal(System.Text.Json.JsonValueKind.Null, o.GetProperty("ciLow").ValueKind);
        }
        // 24 configurations × 3 measures × 3 text genomes in exact mode (no study mode in this run).
        Assert.Equal(216, arr.EnumerateArray().Count(o => o.TryGetProperty("design", out _)));
        Assert.Equal("lexicographic", doc.RootElement.GetProperty("similaritySettings").GetProperty("tieBreak").GetString());
        var md = new StringWriter();
        section.WriteMarkdown(md);
        Assert.Contains("| trio_1 | 2 | siblings | 0.893 [0.88, 0.91] |", md.ToString(), StringComparison.Ordinal); // the study's card siblings value beside ours
        Assert.Contains("### metadata-clean · TF-IDF cosine", md.ToString(), StringComparison.Ordinal);
    }
}
