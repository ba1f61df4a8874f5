using CsCheck;
using Phylo.Analyses.Similarity;
using Phylo.Table;
using Phylo.Tests.Infrastructure;
using Phylo.Text;

namespace Phylo.Tests.Similarity;

/// <summary>The clean genome's term stream (pieces, no text) against tokenizing its rendered text, term for term.</summary>
public class CleanTermsTests
{
    private static readonly Gen<string[]> List = RecordTermsTests.Text.Array[0, 5];

    private static readonly Gen<ModelRecord> Record = Gen.Select(RecordTermsTests.Record, List, List, List, List, RecordTermsTests.Text, Gen.Int[0, 3])
        .Select(t =>
        {
            var (r, licenses, languages, datasets, arxiv, modelType, links) = t;
            r.Licenses = [.. licenses];
            r.Languages = [.. languages];
            r.Datasets = [.. datasets];
            r.Arxiv = [.. arxiv];
            r.ModelType = modelType.Length % 2 == 0 ? null : modelType;
            for (int i = 0; i < links; i++) r.Tags.Add($"base_model:{modelType}{i}"); // parent links, left out of the genome
            return r;
        });

    private static ITextCorpus Corpus(ModelTable table) => new MetadataCleanGenome(table).OnDemand([.. Enumerable.Range(0, table.Count)]);

    [Fact]
    public void Generated_records_give_the_terms_of_their_rendered_text()
    {
        Record.Array[1, 12].Sample(records =>
        {
            for (int i = 0; i < records.Length; i++) records[i].Id = $"{records[i].Id}/{i}";
            RecordTermsTests.AssertStreamsEqualText(Corpus(SimilarityFixtures.Build(records).Table));
        }, iter: 300);
    }

    [Fact]
    public void Planted_families_give_the_terms_of_their_rendered_text() =>
        RecordTermsTests.AssertStreamsEqualText(Corpus(SimilarityFixtures.Planted(400, seed: 4).Table));

    [RealDataTheory]
    [MemberData(nameof(RecordTermsTests.CrawlFiles), MemberType = typeof(RecordTermsTests))]
    public void Real_records_give_the_terms_of_their_rendered_text(string file) =>
        RecordTermsTests.AssertStreamsEqualText(Corpus(TestIngest.Run(Path.Combine(RealData.Dir, file)).Table));

    [Fact]
    public void Fit_over_term_streams_equals_the_fit_over_the_pool()
    {
        var (table, _) = SimilarityFixtures.Planted(3000, seed: 8);
        var genome = new MetadataCleanGenome(table);
        int[] all = [.. Enumerable.Range(0, table.Count)];
        foreach (int features in new[] { 16, 512 })
        {
            var (vocabA, rowsA) = CountRows.Fit(genome.OnDemand(all), features, 2);
            var (vocabB, rowsB) = CountRows.Fit(genome.Rendered, features, 2); // the pool: text, tokenized
            Assert.Equal(vocabB.Terms, vocabA.Terms);
            Assert.Equal(rowsB.Offsets, rowsA.Offsets);
            Assert.Equal(rowsB.Cols, rowsA.Cols);
            Assert.Equal(rowsB.Vals, rowsA.Vals);
        }
    }
}
