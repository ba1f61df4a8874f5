using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using Phylo.Graph;
using Phylo.Similarity;
using Phylo.Table;
using Phylo.Tests.Infrastructure;
using Phylo.Text;
using Xunit.Abstractions;

namespace Phylo.Tests.Text;

/// <summary>
/// Phylo's genomes, vocabularies and per-edge similarities on the real crawls against scikit-learn 1.2.1 / numpy 1.24 /
/// python-Levenshtein as the study ran them: tests/golden/make_similarity_golden.py wrote similarity-real.json from the
/// same files (docs/definitions.md, "Vocabulary and ties"). Phylo runs with <c>--tie-break numpy</c>.
/// </summary>
public class SklearnGoldenTests(ITestOutputHelper output)
{
    private static readonly Lazy<(TestIngest.Result Run, SimilaritySection Section, JsonDocument Golden)> Fixture = new(() =>
    {
        var run = TestIngest.Run(RealData.FamilyFiles());
        var section = SimilarityAnalysis.Run(run.Table, run.Graph, new SimilarityOptions(Threads: 2) { TieBreak = TieBreak.NumpyQuicksort, SampleSize = 1000 });
        return (run, section, JsonDocument.Parse(File.ReadAllBytes(GoldenPath())));
    });

    private static string GoldenPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "golden", "similarity-real.json");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("tests/golden/similarity-real.json not found above " + AppContext.BaseDirectory);
    }

    private static uint Crc(ReadOnlySpan<byte> b) => Crc32.HashToUInt32(b);

    [RealDataFact]
    public void Card_genomes_and_analyzer_output_match_sklearn()
    {
        var (run, _, golden) = Fixture.Value;
        ModelTable t = run.Table;
        JsonElement card = golden.RootElement.GetProperty("card");
        Assert.Equal(golden.RootElement.GetProperty("models").GetInt32(), t.Count);
        int[] models = CardGenome.Models(t);
        Assert.Equal(card.GetProperty("documents").GetInt32(), models.Length);
        var tok = new TermTokenizer();
        foreach (int m in models)
        {
            JsonElement doc = card.GetProperty("docs").GetProperty(t.Ids[m]);
            ReadOnlySpan<byte> text = CardGenome.Text(t, m);
            Assert.True(doc[0].GetUInt32() == Crc(text), $"{t.Ids[m]}: card genome differs");
            tok.Tokenize(text);
            var joined = new List<byte>();
            for (int i = 0; i < tok.TermCount; i++)
            {
                if (i > 0) joined.Add((byte)'\n');
                joined.AddRange(tok.Term(i).ToArray());
            }
            Assert.True(tok.TermCount == doc[1].GetInt32() && Crc(joined.ToArray()) == doc[2].GetUInt32(), $"{t.Ids[m]}: analyzer output differs");
        }
    }

    [RealDataFact]
    public void Metadata_genome_is_the_python_repr_of_the_list_record()
    {
        var (run, _, golden) = Fixture.Value;
        ModelTable t = run.Table;
        var record = new MetadataRecordGenome(t);
        JsonElement docs = golden.RootElement.GetProperty("metadata").GetProperty("docs");
        var off = new List<string>();
        for (int m = 0; m < t.Count; m++)
        {
            JsonElement doc = docs.GetProperty(t.Ids[m]);
            ReadOnlySpan<byte> text = record.Text(m);
            if (Crc(text) != doc[0].GetUInt32()) off.Add($"{t.Ids[m]}: {Encoding.UTF8.GetString(text)}");
        }
        Assert.True(off.Count == 0, $"{off.Count} records differ from Python's repr, e.g.\n" + string.Join("\n", off.Take(3)));
    }

    [RealDataFact]
    public void Numpy_vocabularies_are_sklearns_and_lexicographic_ones_a_stable_sorts()
    {
        var (run, section, golden) = Fixture.Value;
        ModelTable t = run.Table;
        foreach ((string name, Genome genome) in new[] { ("card", Genome.Card), ("metadata", Genome.Metadata) })
        {
            JsonElement g = golden.RootElement.GetProperty(name);
            int[] models = genome == Genome.Card ? CardGenome.Models(t) : [.. Enumerable.Range(0, t.Count)];
            ITextCorpus docs = genome == Genome.Card ? CardGenome.Corpus(t, models) : new MetadataRecordGenome(t).Corpus(models);
            Vocabulary numpy = Vocabulary.Fit(docs, 512, 2, TieBreak.NumpyQuicksort);
            Vocabulary stable = Vocabulary.Fit(docs, 512, 2);
            Assert.Equal(Strings(g.GetProperty("vocabulary")), Terms(numpy));
            Assert.Equal(Strings(g.GetProperty("vocabulary_stable")), Terms(stable));
            output.WriteLine($"{name}: {Terms(numpy).Except(Terms(stable)).Count()} of 512 terms differ between numpy's and the stable order");
        }
        double[] idf = golden.RootElement.GetProperty("card").GetProperty("idf").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Vocabulary fitted = Vocabulary.Fit(CardGenome.Corpus(t, CardGenome.Models(t)), 512, 2, TieBreak.NumpyQuicksort);
        for (int c = 0; c < idf.Length; c++) Assert.Equal(idf[c], fitted.Idf[c], 12);
        Assert.Equal(TieBreak.NumpyQuicksort, section.TieBreak);
    }

    [RealDataFact]
    public void Edge_similarities_match_sklearn_and_python_levenshtein()
    {
        var (run, section, golden) = Fixture.Value;
        ModelTable t = run.Table;
        FamilyGraph g = run.Graph;
        var expected = new Dictionary<(string, string), JsonElement>();
        foreach (JsonElement e in golden.RootElement.GetProperty("edges").EnumerateArray()) expected[(e[0].GetString()!, e[1].GetString()!)] = e;
        ResultTableColumns columns = new(section.Tables().Single(x => x.Name == "edges"));
        // (column, golden index): card TF-IDF, BoW, Levenshtein; metadata TF-IDF, BoW, Levenshtein
        (string Column, int At)[] measures = [("card_tfidf", 2), ("card_bow", 3), ("card_lev", 4), ("meta_tfidf", 5), ("meta_bow", 6), ("meta_lev", 7)];
        int edges = 0, cardEdges = 0, finetuneEdges = 0;
        var within = new int[measures.Length];
        var worst = new double[measures.Length];
        var missing = new List<string>();
        for (int e = 0; e < g.EdgeCount; e++)
        {
            string parent = t.Ids[g.EdgeParent[e]], child = t.Ids[g.EdgeChild[e]];
            if (!expected.TryGetValue((parent, child), out JsonElement want)) { missing.Add($"{parent} -> {child}"); continue; }
            edges++;
            if (g.InView(e, GraphView.Finetune)) finetuneEdges++;
            bool cards = want[2].ValueKind != JsonValueKind.Null;
            if (cards) cardEdges++;
            for (int k = 0; k < measures.Length; k++)
            {
                double got = columns[measures[k].Column][e];
                if (measures[k].Column == "meta_lev" && !g.InView(e, GraphView.Finetune)) { Assert.True(double.IsNaN(got)); continue; } // fine-tune edges only
                if (want[measures[k].At].ValueKind == JsonValueKind.Null) { Assert.True(double.IsNaN(got), $"{parent} -> {child}: {measures[k].Column}"); continue; }
                double d = Math.Abs(got - want[measures[k].At].GetDouble());
                worst[k] = Math.Max(worst[k], d);
                if (d <= 1e-6) within[k]++;
            }
        }
        Assert.True(missing.Count == 0, $"{missing.Count} of Phylo's edges are not in the golden file: {string.Join(", ", missing.Take(5))}");
        for (int k = 0; k < measures.Length; k++)
        {
            int n = k < 3 ? cardEdges : measures[k].Column == "meta_lev" ? finetuneEdges : edges;
            output.WriteLine($"{measures[k].Column}: {within[k]} of {n} edges within 1e-6 of the study's tools (largest difference {worst[k]:E2})");
            Assert.True(within[k] >= 0.99 * n, $"{measures[k].Column}: only {within[k]} of {n} edges within 1e-6");
        }
        Assert.True(cardEdges >= 300, $"only {cardEdges} edges with two card genomes");

        // The tie-break matters on this corpus: alphabetical ties give other card cosines on part of the edges.
        var lexicographic = SimilarityAnalysis.Run(t, g, new SimilarityOptions(Threads: 2) { TieBreak = TieBreak.Lexicographic, SampleSize = 1000 });
        double[] lex = new ResultTableColumns(lexicographic.Tables().Single(x => x.Name == "edges"))["card_tfidf"];
        int agree = 0;
        for (int e = 0; e < g.EdgeCount; e++)
            if (expected[(t.Ids[g.EdgeParent[e]], t.Ids[g.EdgeChild[e]])][2] is { ValueKind: JsonValueKind.Number } want && Math.Abs(lex[e] - want.GetDouble()) <= 1e-6) agree++;
        output.WriteLine($"--tie-break lexicographic: card TF-IDF within 1e-6 on {agree} of {cardEdges} edges");
        Assert.True(agree < cardEdges, "lexicographic ties should differ from sklearn's on this corpus");
    }

    private sealed class ResultTableColumns(Phylo.Report.ResultTable table)
    {
        public double[] this[string name] => ((Phylo.Report.DoubleColumn)table.Columns.Single(c => c.Name == name)).Values;
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    private static string[] Terms(Vocabulary v) => Enumerable.Range(0, v.Count).Select(v.TermString).ToArray();
}
