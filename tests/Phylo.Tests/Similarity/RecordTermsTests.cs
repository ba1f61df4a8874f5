using CsCheck;
using Phylo.Analyses.Similarity;
using Phylo.Table;
using Phylo.Tests.Infrastructure;
using Phylo.Text;

namespace Phylo.Tests.Similarity;

/// <summary>The record genome's term stream (built from pieces, without the text) against the oracle: tokenizing the
/// rendered record, term for term, on generated records with odd values and on the real crawls.</summary>
public class RecordTermsTests
{
    // Pieces chosen to sit on every seam rule: quotes (both reprs), escapes, Σ (final sigma looks across quotes and
    // colons), İ (lowercases to two code points), marks, one-character tokens, digits, underscores, empty strings.
    internal static readonly Gen<string> Piece = Gen.Frequency(
        (5, Gen.Char['a', 'z'].Select(c => c.ToString())),
        (2, Gen.Char['A', 'Z'].Select(c => c.ToString())),
        (2, Gen.Char['0', '9'].Select(c => c.ToString())),
        (2, Gen.Char[' ', '~'].Select(c => c.ToString())),
        (3, Gen.OneOf<string>("'", "\"", "\\", "\n", "\t", "\0", "\u007f", "\u00a0", "\u00ad", "é", "日本", "🤗", "\u2028", "Σ", "ΑΣ",
            "σ", "İ", "\u0301", "_", ":", ".", "'s", "Σ'", "x:Σ", "ǅ", "\U000E0001", "Ⅻ", "ª", "-", ", ", "[", "]", "{", "}")));

    internal static readonly Gen<string> Text = Piece.Array[0, 6].Select(p => string.Concat(p));

    internal static readonly Gen<ModelRecord> Record =
        Gen.Select(Text, Text.Array[0, 6], Gen.Long, Gen.Long, Gen.Int[0, 4], Gen.Int[0, 3], Gen.Long[-62_135_596_800L, 253_402_300_799L], Gen.Int[0, 999])
        .Select(Text, Text, Text, Gen.Bool)
        .Select(t =>
        {
            var ((id, tags, likes, downloads, trending, priv, created, millis), objectId, task, library, hasDate) = t;
            var r = SimilarityFixtures.Model(id, tags: tags, task: task.Length % 3 == 0 ? null : task, library: library.Length % 3 == 1 ? null : library);
            r.Likes = likes;
            r.Downloads = downloads;
            r.TrendingScore = trending == 0 ? HubRecordColumns.Absent : likes >> (trending * 16);
            r.Private = (sbyte)(priv - 1);
            r.CreatedAt = hasDate ? created : ModelRecord.UnknownTime;
            r.CreatedMillis = millis;
            r.HubObjectId = objectId.Length % 2 == 0 ? null : objectId;
            return r;
        });

    private static void AssertStreamsEqualText(ModelTable table) => AssertStreamsEqualText(new MetadataRecordGenome(table).Corpus([.. Enumerable.Range(0, table.Count)]));

    /// <summary>Every document's terms from the corpus's reader equal its text's, tokenized (and the reader's strings
    /// of the terms equal the text's).</summary>
    internal static void AssertStreamsEqualText(ITextCorpus corpus)
    {
        ITermReader reader = ((ITermCorpus)corpus).OpenReader();
        var tok = new TermTokenizer();
        var expected = new ulong[4096];
        for (int m = 0; m < corpus.Count; m++)
        {
            ulong[] got = reader.Hashes(m).ToArray();
            byte[] text = corpus[m].ToArray();
            tok.Tokenize(text);
            if (expected.Length < tok.TermCount) expected = new ulong[2 * tok.TermCount];
            int n = tok.HashTerms(expected);
            Assert.True(n == got.Length, $"model {m}: {got.Length} terms from pieces, {n} from the text {System.Text.Encoding.UTF8.GetString(text)}");
            for (int t = 0; t < n; t++)
                Assert.True(expected[t] == got[t], $"model {m}, term {t} ('{System.Text.Encoding.UTF8.GetString(tok.Term(t))}') of {System.Text.Encoding.UTF8.GetString(text)}");
            for (int t = 0; t < n; t += 7) Assert.Equal(tok.Term(t).ToArray(), reader.Term(t).ToArray());
        }
    }

    [Fact]
    public void Generated_records_give_the_terms_of_their_rendered_text()
    {
        Record.Array[1, 12].Sample(records =>
        {
            for (int i = 0; i < records.Length; i++) records[i].Id = $"{records[i].Id}/{i}"; // unique, non-empty
            var (table, _) = SimilarityFixtures.Build(records);
            AssertStreamsEqualText(table);
        }, iter: 300);
    }

    [Fact]
    public void Records_without_hub_columns_give_the_terms_of_their_rendered_text()
    {
        var (table, _) = SimilarityFixtures.Planted(400, seed: 3);
        AssertStreamsEqualText(table);
    }

    public static TheoryData<string> CrawlFiles()
    {
        var data = new TheoryData<string>();
        if (RealData.Root is null) { data.Add("(unset)"); return data; }
        data.Add(Path.GetFileName(RealData.GraphSample));
        foreach (string f in RealData.FamilyFiles()) data.Add(Path.Combine("hf-families", Path.GetFileName(f)));
        return data;
    }

    [RealDataTheory]
    [MemberData(nameof(CrawlFiles))]
    public void Real_records_give_the_terms_of_their_rendered_text(string file) =>
        AssertStreamsEqualText(TestIngest.Run(Path.Combine(RealData.Dir, file)).Table);

    // The fit reads an ITermCorpus through its reader: vocabulary and rows must be those of the rendered texts.
    [Fact]
    public void Fit_over_term_streams_equals_the_fit_over_rendered_text()
    {
        var (table, _) = SimilarityFixtures.Planted(3000, seed: 9);
        var genome = new MetadataRecordGenome(table);
        int[] all = [.. Enumerable.Range(0, table.Count)];
        var texts = new string[all.Length];
        for (int m = 0; m < all.Length; m++) texts[m] = System.Text.Encoding.UTF8.GetString(genome.Text(m));
        foreach (int features in new[] { 16, 512 })
        {
            var (vocabA, rowsA) = CountRows.Fit(genome.Corpus(all), features, 2);
            var (vocabB, rowsB) = CountRows.Fit(Utf8Corpus.FromStrings(texts), features, 2);
            Assert.Equal(vocabB.Terms, vocabA.Terms);
            Assert.Equal(rowsB.Offsets, rowsA.Offsets);
            Assert.Equal(rowsB.Cols, rowsA.Cols);
            Assert.Equal(rowsB.Vals, rowsA.Vals);
        }
    }
}
