using Phylo.Analyses.Similarity;
using Phylo.Graph;
using Phylo.Text;

namespace Phylo.Tests.Similarity;

/// <summary>The exact blocks take both measures of a genome (TF-IDF and BoW) in one loop, their serial double sums
/// interleaved. Each interleaved sum must be the serial sum of its own measure bit for bit (the report's fixed-point
/// partials depend on those bits): rows of every length 0..257, models without the genome, one measure's dense vector
/// empty, a measure paired with itself; and the design walk of a measure must not depend on the measure it is paired with.</summary>
public class InterleavedSumsTests
{
    private const int Longest = 257, Missing = 40;

    /// <summary>Model i &lt;= <see cref="Longest"/> has a row of exactly i terms (counts 1..6); the last
    /// <see cref="Missing"/> models have no genome. The tokens of a document are shuffled, so each bigram is rare and the
    /// 300 features kept are the 300 unigrams.</summary>
    private static VectorGenome RowsOfEveryLength()
    {
        var random = new Random(15);
        var docs = new List<string>();
        for (int i = 0; i <= Longest; i++)
        {
            var terms = Enumerable.Range(0, 300).OrderBy(_ => random.Next()).Take(i)
                .SelectMany(term => Enumerable.Repeat($"t{term:D3}", 1 + random.Next(6)));
            docs.Add(string.Join(' ', terms.OrderBy(_ => random.Next())));
        }
        int[] models = [.. Enumerable.Range(0, docs.Count)];
        return VectorGenome.Build(Utf8Corpus.FromStrings(docs), models, docs.Count + Missing, 1, maxFeatures: 300);
    }

    private static double[] Dense(Random random, int columns, bool empty) =>
        [.. Enumerable.Range(0, columns).Select(_ => empty ? 0 : random.NextDouble() * 4 - 1)];

    private static long[] Bits(double[] v) => Array.ConvertAll(v, BitConverter.DoubleToInt64Bits);

    private static void Same(double serial, double interleaved, string where) =>
        Assert.True(BitConverter.DoubleToInt64Bits(serial) == BitConverter.DoubleToInt64Bits(interleaved),
            $"{where}: serial {serial:R}, interleaved {interleaved:R}");

    [Fact]
    public void Each_interleaved_sum_is_its_measures_serial_sum_bit_for_bit()
    {
        VectorGenome rows = RowsOfEveryLength();
        Assert.Equal(Enumerable.Range(0, Longest + 1), Enumerable.Range(0, Longest + 1).Select(m => rows.ColsOf(rows.RowOf[m]).Length));
        var tfidf = new CosinePairSums(rows, SimilarityMeasure.TfIdf);
        var bow = new CosinePairSums(rows, SimilarityMeasure.Bow);
        var random = new Random(7);
        int models = rows.RowOf.Length;
        foreach ((CosinePairSums first, CosinePairSums second) in new[] { (tfidf, bow), (bow, tfidf), (tfidf, tfidf) })
            for (int m = 0; m < models; m++)
            {
                string where = $"model {m}";
                bool emptySecond = m % 5 == 0; // one measure's dense vector all zero
                double[] d1 = Dense(random, rows.Columns, false), d2 = Dense(random, rows.Columns, emptySecond);

                var (x, y) = CosinePairSums.Dot(first, d1, second, d2, m);
                Same(first.Dot(m, d1), x, $"{where} dot");
                Same(second.Dot(m, d2), y, $"{where} other dot");

                var (sx, sy) = CosinePairSums.SelfSquare(first, second, m);
                Same(first.SelfSquare(m), sx, $"{where} self square");
                Same(second.SelfSquare(m), sy, $"{where} other self square");

                double[] a1 = (double[])d1.Clone(), a2 = (double[])d2.Clone(), b1 = (double[])d1.Clone(), b2 = (double[])d2.Clone();
                double q1 = 0.25, q2 = 0.5, r1 = 0.25, r2 = 0.5;
                bool serialHas = first.Add(a1, m, ref q1);
                second.Add(a2, m, ref q2);
                Assert.Equal(serialHas, CosinePairSums.Add(first, b1, second, b2, m, ref r1, ref r2));
                Assert.Equal(m < models - Missing, serialHas);
                Same(q1, r1, $"{where} squares");
                Same(q2, r2, $"{where} other squares");
                Assert.Equal(Bits(a1), Bits(b1));
                Assert.Equal(Bits(a2), Bits(b2));

                double[] c1 = (double[])d1.Clone(), c2 = (double[])d2.Clone();
                Assert.Equal(serialHas, CosinePairSums.Add(first, c1, second, c2, m));
                Assert.Equal(Bits(a1), Bits(c1));
                Assert.Equal(Bits(a2), Bits(c2));

                first.AddScaled(a1, m, 3);
                second.AddScaled(a2, m, 3);
                CosinePairSums.AddScaled(first, b1, second, b2, m, 3);
                Assert.Equal(Bits(a1), Bits(b1));
                Assert.Equal(Bits(a2), Bits(b2));
            }
    }

    [Fact]
    public void Design_sums_of_a_measure_do_not_depend_on_the_measure_it_is_paired_with()
    {
        var (t, g) = SimilarityFixtures.Planted(3000, 17);
        GenomeFeatures f = GenomeFeatures.Build(t, 2);
        FamilyBlocks blocks = FamilyBlocks.Build(g, 100);
        var weights = new DesignWeights(ViewGraph.Build(g, GraphView.Finetune));
        long pairs = 0;
        foreach (Genome genome in new[] { Genome.Card, Genome.Metadata, Genome.MetadataClean })
        {
            VectorGenome rows = f.Vectors(genome);
            var tfidf = new CosinePairSums(rows, SimilarityMeasure.TfIdf);
            var bow = new CosinePairSums(rows, SimilarityMeasure.Bow);
            var scratch = new DesignCosineSums.Scratch(rows.Columns);
            for (int b = 0; b < blocks.Count; b++)
            {
                var mixed = Sums(new DesignCosineSums(tfidf, bow, weights), blocks[b], scratch);
                var aloneA = Sums(new DesignCosineSums(tfidf, tfidf, weights), blocks[b], scratch);
                var aloneB = Sums(new DesignCosineSums(bow, bow, weights), blocks[b], scratch);
                Assert.Equal(Bits(aloneA.First), Bits(mixed.First));
                Assert.Equal(Bits(aloneA.First), Bits(aloneA.Second));
                Assert.Equal(Bits(aloneB.Second), Bits(mixed.Second));
                Assert.Equal(Bits(aloneB.First), Bits(aloneB.Second));
                Assert.Equal(Bits(aloneA.Weights), Bits(mixed.Weights));
                Assert.Equal(Bits(aloneB.Weights), Bits(mixed.Weights));
                Assert.Equal(aloneA.Counts, mixed.Counts);
                pairs += mixed.Counts.Sum();
            }
        }
        Assert.True(pairs > 1000, $"only {pairs} design pairs");
    }

    private static (double[] First, double[] Second, double[] Weights, long[] Counts) Sums(DesignCosineSums design, ReadOnlySpan<int> models,
        DesignCosineSums.Scratch scratch)
    {
        double[] first = new double[DesignConfig.Count], second = new double[DesignConfig.Count], weights = new double[DesignConfig.Count];
        long[] counts = new long[DesignConfig.Count];
        design.Accumulate(models, scratch, first, second, weights, counts);
        return (first, second, weights, counts);
    }
}
