using Phylo.Analyses.Similarity;
using Phylo.Graph;

namespace Phylo.Tests.Similarity;

/// <summary>The random-pair column sums of TF-IDF and BoW taken in one walk of a block equal, bit for bit, each
/// measure's own walk (the exact report depends on those bits through the fixed-point sums).</summary>
public class CosinePairSumsTests
{
    [Fact]
    public void Both_measures_in_one_walk_give_each_measures_own_bits()
    {
        var (t, g) = SimilarityFixtures.Planted(3000, 17);
        GenomeFeatures f = GenomeFeatures.Build(t, 2);
        FamilyBlocks blocks = FamilyBlocks.Build(g, 100);
        int checkedBlocks = 0;
        foreach (Genome genome in new[] { Genome.Card, Genome.Metadata, Genome.MetadataClean })
        {
            VectorGenome rows = f.Vectors(genome);
            var tfidf = new CosinePairSums(rows, SimilarityMeasure.TfIdf);
            var bow = new CosinePairSums(rows, SimilarityMeasure.Bow);
            for (int b = 0; b < blocks.Count; b++)
            {
                double[] a1 = new double[rows.Columns], b1 = new double[rows.Columns], a2 = new double[rows.Columns], b2 = new double[rows.Columns];
                var ownA = tfidf.AccumulateRandom(blocks[b], a1);
                var ownB = bow.AccumulateRandom(blocks[b], b1);
                var (x, y) = CosinePairSums.AccumulateRandom(blocks[b], tfidf, a2, bow, b2);
                Assert.Equal(ownA, x);
                Assert.Equal(ownB, y);
                Assert.Equal(a1, a2);
                Assert.Equal(b1, b2);
                if (ownA.Count > 0) checkedBlocks++;
            }
        }
        Assert.True(checkedBlocks >= 3, $"only {checkedBlocks} blocks with rows");
    }

    [Fact]
    public void Family_sums_of_a_measure_do_not_depend_on_the_measure_it_is_paired_with()
    {
        var (t, g) = SimilarityFixtures.Planted(3000, 17);
        GenomeFeatures f = GenomeFeatures.Build(t, 2);
        FamilyBlocks blocks = FamilyBlocks.Build(g, 100);
        VectorGenome rows = f.Vectors(Genome.Card);
        var tfidf = new CosinePairSums(rows, SimilarityMeasure.TfIdf);
        var bow = new CosinePairSums(rows, SimilarityMeasure.Bow);
        var scratch = new CosinePairSums.Scratch(rows.Columns, t.Count);
        long pairs = 0;
        foreach (GraphView v in GraphViews.All)
        {
            ViewGraph view = ViewGraph.Build(g, v);
            for (int b = 0; b < blocks.Count; b++)
            {
                double[] mixedA = new double[PairTypes.Count], mixedB = new double[PairTypes.Count];
                double[] aloneA = new double[PairTypes.Count], aloneA2 = new double[PairTypes.Count], aloneB = new double[PairTypes.Count], aloneB2 = new double[PairTypes.Count];
                long[] c1 = new long[PairTypes.Count], c2 = new long[PairTypes.Count], c3 = new long[PairTypes.Count];
                CosinePairSums.Accumulate(view, blocks[b], scratch, tfidf, mixedA, bow, mixedB, c1);
                CosinePairSums.Accumulate(view, blocks[b], scratch, tfidf, aloneA, tfidf, aloneA2, c2);
                CosinePairSums.Accumulate(view, blocks[b], scratch, bow, aloneB, bow, aloneB2, c3);
                Assert.Equal(aloneA, mixedA);
                Assert.Equal(aloneA, aloneA2);
                Assert.Equal(aloneB, mixedB);
                Assert.Equal(c1, c2);
                Assert.Equal(c1, c3);
                pairs += c1.Sum();
            }
        }
        Assert.True(pairs > 1000, $"only {pairs} pairs");
    }

    [Fact]
    public void Measures_of_two_genomes_are_rejected()
    {
        var (t, _) = SimilarityFixtures.Tiny();
        GenomeFeatures f = GenomeFeatures.Build(t, 2);
        var card = new CosinePairSums(f.Vectors(Genome.Card), SimilarityMeasure.TfIdf);
        var meta = new CosinePairSums(f.Vectors(Genome.Metadata), SimilarityMeasure.Bow);
        Assert.Throws<ArgumentException>(() => CosinePairSums.AccumulateRandom([0], card, new double[512], meta, new double[512]));
    }
}
