using System.Text;
using Phylo.Analyses.Similarity;
using Phylo.Kernels;
using Phylo.Table;
using Phylo.Text;

namespace Phylo.Tests.Similarity;

public class GenomeTests
{
    [Fact]
    public void Metadata_genome_is_the_canonical_record_without_links_counters_or_empty_fields()
    {
        var (t, _) = SimilarityFixtures.Build([
            SimilarityFixtures.Model("org/base"),
            SimilarityFixtures.Model("org/child", parents: [("org/base", RelationMask.Finetune)], licenses: ["mit", "apache-2.0"],
                languages: ["French", "English"], task: "fill-mask", library: null, datasets: ["squad"],
                tags: ["zeta", "base_model:org/base", "alpha", "base_model:finetune:org/base"], modelType: "bert"),
        ]);
        string text = Encoding.UTF8.GetString(new MetadataCleanGenome(t).Render(1, new MetadataCleanGenome.Scratch()));
        Assert.Equal(
            "id: org/child\nauthor: org\npipeline_tag: fill-mask\nmodel_type: bert\nlicenses: apache-2.0, mit\n" +
            "languages: English, French\ndatasets: squad\ntags: alpha, zeta\n", text);
    }

    // Lists of 0..60 values (past the insertion sort's bound), repeated values, parent-link tags; the pool (rendered chunk
    // after chunk into one buffer) against each model rendered alone, and every list line against its values sorted
    // ordinally, independently of the genome's ranks.
    [Fact]
    public void Clean_pool_holds_each_models_render_with_its_lists_in_ordinal_order()
    {
        var rng = new Random(21);
        string[] words = [.. Enumerable.Range(0, 90).Select(i => $"{(char)('a' + rng.Next(26))}{(char)('A' + rng.Next(26))}{i}"), "Zeta", "zeta", "é", "base_model:x"];
        string[] Pick() => [.. Enumerable.Range(0, rng.Next(4) == 0 ? rng.Next(25, 61) : rng.Next(0, 5)).Select(_ => words[rng.Next(words.Length)])];
        var records = Enumerable.Range(0, 5_000).Select(i => SimilarityFixtures.Model($"org{i % 37}/m{i}", licenses: Pick(), languages: Pick(),
            datasets: Pick(), tags: Pick())).ToList();
        var (t, _) = SimilarityFixtures.Build(records);
        var genome = new MetadataCleanGenome(t);
        ITextCorpus pool = genome.Rendered;
        var scratch = new MetadataCleanGenome.Scratch();
        for (int m = 0; m < t.Count; m++)
        {
            string text = Encoding.UTF8.GetString(pool[m]);
            Assert.Equal(Encoding.UTF8.GetString(genome.Render(m, scratch)), text);
            foreach (string line in text.Split('\n').Where(l => l.StartsWith("tags: ", StringComparison.Ordinal) || l.StartsWith("datasets: ", StringComparison.Ordinal)))
            {
                string[] items = line[(line.IndexOf(": ", StringComparison.Ordinal) + 2)..].Split(", ");
                Assert.Equal(items.Order(StringComparer.Ordinal), items);
            }
        }
        bool[] only = [.. Enumerable.Range(0, t.Count).Select(m => m % 3 == 0)];
        var some = new MetadataCleanGenome(t, only);
        for (int m = 0; m < t.Count; m++)
            Assert.Equal(only[m] ? pool[m].ToArray() : [], some.Rendered[m].ToArray());
    }

    [Fact]
    public void Metadata_genome_is_the_python_repr_of_the_list_record()
    {
        // Expected strings printed by CPython 3.11: repr(dict) of the same record (quotes, escapes, key order, duplicates).
        string[] tags = ["it's", "say \"hi\"", "both ' and \"", "back\\slash", "new\nline\ttab\r", "nul\0del\u007f", "nbsp\u00a0soft\u00ad",
            "é日本語🤗", "ls\u2028ps\u2029", "tagchar\U000E0001", "c1\u0085x", "pua\ue000", "it's"];
        var m = SimilarityFixtures.Model("org/m-1", tags: tags, task: "text-generation", library: "transformers");
        m.HubObjectId = "65afd5fdaa335c2842e7f33c";
        m.Likes = 3;
        m.TrendingScore = -2;
        m.Private = 1;
        m.Downloads = 12_345_678_901;
        m.CreatedAt = 1_706_022_397;            // 2024-01-23T15:06:37Z
        m.CreatedMillis = 45;
        var bare = SimilarityFixtures.Model("solo", task: null, library: null);
        var (t, _) = SimilarityFixtures.Build([m, bare]);
        var genome = new MetadataRecordGenome(t);
        Assert.Equal(
            "{'_id': '65afd5fdaa335c2842e7f33c', 'id': 'org/m-1', 'likes': 3, 'trendingScore': -2, 'private': True, 'downloads': 12345678901, " +
            "'tags': [\"it's\", 'say \"hi\"', 'both \\' and \"', 'back\\\\slash', 'new\\nline\\ttab\\r', 'nul\\x00del\\x7f', 'nbsp\\xa0soft\\xad', " +
            "'\u00e9\u65e5\u672c\u8a9e\U0001f917', 'ls\\u2028ps\\u2029', 'tagchar\\U000e0001', 'c1\\x85x', 'pua\\ue000', \"it's\"], " +
            "'pipeline_tag': 'text-generation', 'library_name': 'transformers', 'createdAt': '2024-01-23T15:06:37.045Z', 'modelId': 'org/m-1'}",
            Encoding.UTF8.GetString(genome.Text(0)));
        Assert.Equal("{'id': 'solo', 'likes': 0, 'downloads': 0, 'tags': [], 'modelId': 'solo'}", Encoding.UTF8.GetString(genome.Text(1)));
        // a rendered span is the thread's buffer: the next render replaces it, so callers copy or use it first
        Assert.Equal(Encoding.UTF8.GetString(genome.Text(0)), Encoding.UTF8.GetString(genome.Corpus([0])[0]));
    }

    [Fact]
    public void Record_render_equals_the_repr_written_piece_by_piece_whatever_the_buffer()
    {
        // The render grows its buffer once to a bound and copies tags 32 bytes at a time: records past any small
        // buffer, tags of 1..70 bytes (one wider than a copy), escaped ids (a repr up to 10 bytes per character), and
        // a buffer holding garbage, against the repr assembled from PythonRepr's pieces one value at a time.
        var rng = new Random(15);
        string[] vocabulary = [.. Enumerable.Range(0, 40).Select(i => new string((char)('a' + i % 26), 1 + i * 7 % 70) + (i % 9 == 0 ? "'q" : ""))];
        string[] ids = ["org/plain", "org/\U000E0001\U000E0001tag", "org/\u0085\u2028\u00e9\U0001f917", new string('x', 300), "it's/\"both\""];
        var models = new List<ModelRecord>();
        for (int i = 0; i < 30; i++)
        {
            string[] tags = [.. Enumerable.Range(0, rng.Next(0, i % 5 == 0 ? 200 : 12)).Select(_ => vocabulary[rng.Next(vocabulary.Length)])];
            var m = SimilarityFixtures.Model(ids[i % ids.Length] + i, tags: tags,
                task: i % 3 == 0 ? null : "text-generation", library: i % 4 == 0 ? null : "transformers");
            m.HubObjectId = i % 2 == 0 ? null : new string('f', 24);
            m.Likes = i % 3 == 0 ? 0 : rng.NextInt64(0, 1L << 40);
            m.Downloads = i % 7 == 0 ? 7 : rng.NextInt64(0, 1L << 50);
            m.TrendingScore = i % 5 == 1 ? Phylo.Table.HubRecordColumns.Absent : rng.Next(-5, 1000);
            m.Private = (sbyte)(i % 3 - 1);
            m.CreatedAt = 1_706_022_397 + i * 86_461L;
            m.CreatedMillis = i * 31 % 1000;
            models.Add(m);
        }
        var (t, _) = SimilarityFixtures.Build([.. models]);
        var genome = new MetadataRecordGenome(t);
        for (int model = 0; model < t.Count; model++)
        {
            ModelRecord m = models.Single(r => r.Id == t.Ids[model]);
            string expected = PieceByPiece(m);
            foreach (byte[] start in (byte[][])[new byte[1], Enumerable.Repeat((byte)0xEE, 1 << 14).ToArray()])
            {
                byte[] buffer = start;
                int length = genome.Render(model, ref buffer);
                Assert.Equal(expected, Encoding.UTF8.GetString(buffer, 0, length));
            }
        }
    }

    /// <summary>The record's repr written one value at a time (the render before its pieces were pre-rendered).</summary>
    private static string PieceByPiece(ModelRecord m)
    {
        static string R(string s) => Encoding.UTF8.GetString(PythonRepr.Of(s));
        var b = new StringBuilder("{");
        if (!string.IsNullOrEmpty(m.HubObjectId)) b.Append("'_id': ").Append(R(m.HubObjectId)).Append(", ");
        b.Append("'id': ").Append(R(m.Id)).Append(", 'likes': ").Append(m.Likes);
        if (m.TrendingScore != Phylo.Table.HubRecordColumns.Absent) b.Append(", 'trendingScore': ").Append(m.TrendingScore);
        if (m.Private >= 0) b.Append(", 'private': ").Append(m.Private == 1 ? "True" : "False");
        b.Append(", 'downloads': ").Append(m.Downloads).Append(", 'tags': [").Append(string.Join(", ", m.Tags.Select(R))).Append(']');
        if (m.PipelineTag is not null) b.Append(", 'pipeline_tag': ").Append(R(m.PipelineTag));
        if (m.LibraryName is not null) b.Append(", 'library_name': ").Append(R(m.LibraryName));
        b.Append(", 'createdAt': '").Append(DateTime.UnixEpoch.AddSeconds(m.CreatedAt).AddMilliseconds(m.CreatedMillis)
            .ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture)).Append('\'');
        return b.Append(", 'modelId': ").Append(R(m.Id)).Append('}').ToString();
    }

    [Fact]
    public void Card_genome_needs_512_code_points_not_auto_generated_and_keeps_the_first_512()
    {
        string longCard = new string('é', 600);
        var (t, _) = SimilarityFixtures.Build([
            SimilarityFixtures.Model("a", longCard),
            SimilarityFixtures.Model("b", new string('x', 511)),
            SimilarityFixtures.Model("c", longCard + " automatically generated"),
            SimilarityFixtures.Model("d"),
        ]);
        Assert.True(CardGenome.Has(t, 0));
        Assert.False(CardGenome.Has(t, 1));
        Assert.False(CardGenome.Has(t, 2));
        Assert.False(CardGenome.Has(t, 3));
        Assert.Equal(new string('é', 512), Encoding.UTF8.GetString(CardGenome.Text(t, 0)));
    }

    [Fact]
    public void Trait_genome_types_values_by_kind()
    {
        var (t, _) = SimilarityFixtures.Build([
            SimilarityFixtures.Model("a", licenses: ["mit"], task: null, library: null),
            SimilarityFixtures.Model("b", datasets: ["mit"], task: null, library: null),
            SimilarityFixtures.Model("c", task: null, library: null),
        ]);
        var g = TraitGenome.Build(t);
        Assert.Equal(1, g[0].Length);
        Assert.NotEqual(g[0][0], g[1][0]);
        Assert.False(g.Has(2));
    }

    [Fact]
    public void Derived_rows_equal_the_vectorizer_rows()
    {
        var (t, _) = SimilarityFixtures.Tiny();
        int[] models = CardGenome.Models(t);
        ITextCorpus corpus = CardGenome.Corpus(t, models);
        var vg = VectorGenome.Build(corpus, models, t.Count, 1);
        SparseRows tf = new TermVectorizer(vg.Vocabulary, TermWeighting.TfIdf, true).Transform(corpus, 1);
        SparseRows bow = new TermVectorizer(vg.Vocabulary, TermWeighting.Counts, true).Transform(corpus, 1);
        AssertSameRows(vg, tf, bow);
    }

    /// <summary>Every row read from the 16-bit counts has the vectorizer's columns and float values bit for bit.</summary>
    private static void AssertSameRows(VectorGenome vg, SparseRows tf, SparseRows bow)
    {
        Assert.Equal(tf.RowCount, vg.RowCount);
        var vals = new float[vg.Columns];
        for (int r = 0; r < tf.RowCount; r++)
        {
            Assert.Equal(tf.ColsOf(r).ToArray(), Array.ConvertAll(vg.ColsOf(r).ToArray(), c => (int)c));
            int n = vg.Values(SimilarityMeasure.TfIdf, r, vals);
            Assert.Equal(tf.ValsOf(r).ToArray(), vals[..n]);
            n = vg.Values(SimilarityMeasure.Bow, r, vals);
            Assert.Equal(bow.ValsOf(r).ToArray(), vals[..n]);
            Assert.Equal(InverseNorm(tf.ValsOf(r)), vg.TfIdfInverseNorm[r]);
            Assert.Equal(InverseNorm(bow.ValsOf(r)), vg.BowInverseNorm[r]);
        }
    }

    [Fact]
    public void A_count_beyond_16_bits_is_kept_exactly()
    {
        // 70,000 of one term saturates its 16-bit count: the side table must give the exact values back.
        string[] docs = [string.Join(' ', Enumerable.Repeat("ab", 70_000)) + " cd cd ef", "ab cd", "", "ef gh gh"];
        var corpus = new ListCorpus(docs);
        int[] models = [0, 1, 2, 3];
        foreach (Vocabulary? fitted in (Vocabulary?[])[null, Vocabulary.Fit(corpus, 512)])
        {
            VectorGenome vg = fitted is null ? VectorGenome.Build(corpus, models, 4, 1) : VectorGenome.Build(fitted, corpus, models, 4, 1);
            Assert.True(vg.Counts.HasSaturated);
            SparseRows tf = new TermVectorizer(vg.Vocabulary, TermWeighting.TfIdf, true).Transform(corpus, 1);
            SparseRows bow = new TermVectorizer(vg.Vocabulary, TermWeighting.Counts, true).Transform(corpus, 1);
            AssertSameRows(vg, tf, bow);
        }
    }

    private sealed class ListCorpus(string[] docs) : ITextCorpus
    {
        private readonly byte[][] _utf8 = Array.ConvertAll(docs, System.Text.Encoding.UTF8.GetBytes);
        public int Count => _utf8.Length;
        public ReadOnlySpan<byte> this[int index] => _utf8[index];
    }

    private static double InverseNorm(ReadOnlySpan<float> vals)
    {
        double ss = Phylo.Kernels.SparseCosine.SumOfSquares(vals);
        return ss > 0 ? 1.0 / Math.Sqrt(ss) : 0.0;
    }
}
