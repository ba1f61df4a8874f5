using Phylo.Analyses.Similarity;
using Phylo.Graph;

namespace Phylo.Tests.Similarity;

/// <summary>Block-local rows (<see cref="BlockRows"/>) hold exactly the global rows' columns, values and inverse norms, and
/// the exact walks give the same bits reading them as reading the global rows — for blocks that cut families (relatives
/// outside the block), empty blocks, and blocks larger than the buffers' first size.</summary>
public class BlockRowsTests
{
    private static readonly Genome[] Texts = [Genome.Card, Genome.Metadata, Genome.MetadataClean];

    /// <summary>Cuts of the family-major model list at fixed strides: most blocks split a family.</summary>
    private static IEnumerable<int[]> Cuts(FamilyBlocks blocks, int stride)
    {
        for (int i = 0; i < blocks.Models.Length; i += stride)
            yield return blocks.Models[i..Math.Min(blocks.Models.Length, i + stride)];
    }

    [Fact]
    public void Block_local_rows_equal_the_global_rows()
    {
        var (t, g) = SimilarityFixtures.Planted(3000, 17);
        GenomeFeatures f = GenomeFeatures.Build(t, 2);
        int[] all = FamilyBlocks.Build(g, 100).Models;
        var block = new BlockRows(t.Count);
        Span<float> values = new float[512];
        long compared = 0;
        foreach (Genome genome in Texts)
        {
            VectorGenome rows = f.Vectors(genome);
            // Small, empty, the whole table (past the buffers' first size), then small again (stale entries must miss).
            foreach (int[] models in new[] { all[..50], [], all, all[100..130] })
            {
                block.Load(rows, models);
                Assert.Same(rows, block.Genome);
                Assert.Equal(models.Length, block.Count);
                var inBlock = new HashSet<int>(models);
                for (int m = 0; m < t.Count; m++)
                {
                    int e = block.Find(m);
                    if (!inBlock.Contains(m)) { Assert.Equal(-1, e); continue; }
                    Assert.True(e >= 0);
                    int r = rows.RowOf[m];
                    Assert.Equal(r >= 0, block.Has(e));
                    if (r < 0) { Assert.True(block.ColsOf(e).IsEmpty); continue; }
                    Assert.True(block.ColsOf(e).SequenceEqual(rows.ColsOf(r)));
                    foreach (SimilarityMeasure measure in new[] { SimilarityMeasure.TfIdf, SimilarityMeasure.Bow })
                    {
                        int n = rows.Values(measure, r, values);
                        Assert.Equal(values[..n].ToArray(), block.ValuesOf(measure, e).ToArray());
                        Assert.Equal(BitConverter.DoubleToInt64Bits(rows.InverseNorm(measure)[r]),
                            BitConverter.DoubleToInt64Bits(block.InverseNormOf(measure, e)));
                    }
                    compared++;
                }
            }
        }
        Assert.True(compared > 3000, $"only {compared} rows compared");
    }

    [Theory]
    [InlineData(37)]
    [InlineData(500)]
    public void Walks_over_block_local_rows_give_the_global_rows_bits(int stride)
    {
        var (t, g) = SimilarityFixtures.Planted(3000, 17);
        GenomeFeatures f = GenomeFeatures.Build(t, 2);
        ViewGraph[] views = GraphViews.All.Select(v => ViewGraph.Build(g, v)).ToArray();
        var weights = new DesignWeights(views.First(v => v.View == GraphView.Finetune));
        int[][] cuts = [.. Cuts(FamilyBlocks.Build(g, 100), stride), []];
        var local = new CosinePairSums.Scratch(512, t.Count);
        var global = new CosinePairSums.Scratch(512, t.Count);
        var design = new DesignCosineSums.Scratch(512);
        long pairs = 0;
        for (int x = 0; x < Texts.Length; x++)
        {
            VectorGenome rows = f.Vectors(Texts[x]);
            var tfidf = new CosinePairSums(rows, SimilarityMeasure.TfIdf);
            var bow = new CosinePairSums(rows, SimilarityMeasure.Bow);
            VectorGenome other = f.Vectors(Texts[(x + 1) % Texts.Length]);
            foreach (int[] models in cuts)
            {
                local.Block.Load(rows, models);
                global.Block.Load(other, models); // another genome's rows: every lookup must go to the global rows
                foreach (ViewGraph view in views)
                {
                    var (a, c) = FamilySums(view, models, local, tfidf, bow);
                    var (b, d) = FamilySums(view, models, global, tfidf, bow);
                    Assert.Equal(b, a);
                    Assert.Equal(d, c);
                    pairs += c.Sum();
                }
                foreach (CosinePairSums kernel in new[] { tfidf, bow })
                {
                    var kernels = new DesignCosineSums(kernel, weights);
                    Assert.Equal(DesignSums(kernels, models, design, null), DesignSums(kernels, models, design, local.Block));
                    Assert.Equal(DesignSums(kernels, models, design, null), DesignSums(kernels, models, design, global.Block));
                }
                double[] la = new double[rows.Columns], lb = new double[rows.Columns], ga = new double[rows.Columns], gb = new double[rows.Columns];
                var fromBlock = CosinePairSums.AccumulateRandom(models, tfidf, la, bow, lb, local.Block);
                var fromRows = CosinePairSums.AccumulateRandom(models, tfidf, ga, bow, gb);
                Assert.Equal(fromRows, fromBlock);
                Assert.Equal(ga, la);
                Assert.Equal(gb, lb);
            }
        }
        Assert.True(pairs > 1000, $"only {pairs} pairs");
    }

    private static (double[] Sums, long[] Counts) FamilySums(ViewGraph view, int[] models, CosinePairSums.Scratch s, CosinePairSums first, CosinePairSums second)
    {
        double[] sums = new double[2 * PairTypes.Count];
        long[] counts = new long[PairTypes.Count];
        CosinePairSums.Accumulate(view, models, s, first, sums.AsSpan(0, PairTypes.Count), second, sums.AsSpan(PairTypes.Count), counts);
        return (sums, counts);
    }

    private static double[] DesignSums(DesignCosineSums kernel, int[] models, DesignCosineSums.Scratch s, BlockRows? block)
    {
        double[] sums = new double[3 * DesignConfig.Count];
        long[] counts = new long[DesignConfig.Count];
        kernel.Accumulate(models, s, sums.AsSpan(0, DesignConfig.Count), sums.AsSpan(DesignConfig.Count, DesignConfig.Count), counts, block);
        for (int i = 0; i < DesignConfig.Count; i++) sums[2 * DesignConfig.Count + i] = counts[i];
        return sums;
    }
}
