using System.Text;
using Phylo.Analyses.Similarity;
using Phylo.Tests.Kernels;
using Phylo.Text;

namespace Phylo.Tests.Similarity;

public class PairScorerTests
{
    [Fact]
    public void Decode_matches_rune_enumeration_at_every_length_valid_or_not()
    {
        var rng = new Random(3);
        int[] into = [];
        for (int len = 0; len <= KernelData.MaxLength; len++)
            foreach (bool invalid in (bool[])[false, true])
            {
                byte[] utf8 = len % 3 == 0 ? Encoding.ASCII.GetBytes(new string('a', len)) : KernelData.RandomUtf8(rng, len, invalid);
                var expected = new List<int>();
                foreach (Rune r in Encoding.UTF8.GetString(utf8).EnumerateRunes()) expected.Add(r.Value);
                int n = PairScorer.Decode(utf8, ref into);
                Assert.Equal(expected, into[..n]);
            }
    }

    [Fact]
    public void Batch_and_single_scores_equal_the_genome_kernels_bit_for_bit()
    {
        var (t, _) = SimilarityFixtures.Planted(600, 23);
        GenomeFeatures f = GenomeFeatures.Build(t, 1);
        var scorer = new PairScorer(f);
        var rng = new Random(9);
        int[] xs = Enumerable.Range(0, 400).Select(_ => rng.Next(t.Count)).ToArray();
        int[] ys = Enumerable.Range(0, 400).Select(_ => rng.Next(t.Count)).ToArray();
        foreach (Genome g in (Genome[])[Genome.Card, Genome.Metadata])
        {
            var batch = new double[xs.Length * 4];
            int slots = MeasureSlot.Of(g).Count;
            scorer.ScoreBatch(g, xs, ys, batch.AsSpan(0, xs.Length * slots));
            var one = new double[slots];
            for (int p = 0; p < xs.Length; p++)
            {
                scorer.Score(g, xs[p], ys[p], one);
                Assert.Equal(one, batch.AsSpan(p * slots, slots).ToArray());
                VectorGenome v = f.Vectors(g);
                Assert.Equal(v.Cosine(SimilarityMeasure.TfIdf, xs[p], ys[p]), one[0]);
                Assert.Equal(v.Cosine(SimilarityMeasure.Bow, xs[p], ys[p]), one[1]);
            }
        }
    }

    [Fact]
    public void A_batch_without_cosines_leaves_them_zero_and_every_other_measure_as_it_was()
    {
        var (t, _) = SimilarityFixtures.Planted(600, 31);
        GenomeFeatures f = GenomeFeatures.Build(t, 1);
        var scorer = new PairScorer(f);
        var rng = new Random(5);
        int[] xs = Enumerable.Range(0, 300).Select(_ => rng.Next(t.Count)).ToArray(); // > 2 sub-batches
        int[] ys = Enumerable.Range(0, 300).Select(_ => rng.Next(t.Count)).ToArray();
        foreach (Genome g in (Genome[])[Genome.Card, Genome.Metadata, Genome.Traits])
        {
            int slots = MeasureSlot.Of(g).Count;
            var full = new double[xs.Length * slots];
            var lean = new double[xs.Length * slots];
            scorer.ScoreBatch(g, xs, ys, full);
            scorer.ScoreBatch(g, xs, ys, lean, cosines: false);
            int cosineSlots = g == Genome.Traits ? 0 : 2;
            for (int p = 0; p < xs.Length; p++)
                for (int s = 0; s < slots; s++)
                {
                    double expected = s < cosineSlots && !double.IsNaN(full[p * slots + s]) ? 0 : full[p * slots + s];
                    Assert.Equal(expected, lean[p * slots + s]);
                }
        }
    }

    [Fact]
    public void Kernel_calls_of_any_size_give_every_pair_its_own_scores()
    {
        // 2,600 pairs: 21 sub-batches of 128, queued for the kernel 128, 200 (a flush before every sub-batch but the
        // first), 512, 1,000 or all at a time; pairs without the genome interleaved.
        var (t, _) = SimilarityFixtures.Planted(700, 37);
        GenomeFeatures f = GenomeFeatures.Build(t, 1);
        var scorer = new PairScorer(f);
        var rng = new Random(11);
        int[] xs = Enumerable.Range(0, 2600).Select(_ => rng.Next(t.Count)).ToArray();
        int[] ys = Enumerable.Range(0, 2600).Select(_ => rng.Next(t.Count)).ToArray();
        int kept = PairScorer.KernelPairs, lacking = 0;
        try
        {
            foreach (Genome g in (Genome[])[Genome.Card, Genome.Metadata, Genome.MetadataClean, Genome.Traits])
            {
                int slots = MeasureSlot.Of(g).Count;
                var expected = new double[xs.Length * slots];
                for (int p = 0; p < xs.Length; p++) scorer.Score(g, xs[p], ys[p], expected.AsSpan(p * slots, slots));
                lacking += expected.Count(double.IsNaN);
                foreach (int k in (int[])[128, 200, 512, 1000, 1 << 20])
                {
                    PairScorer.KernelPairs = k;
                    var batch = new double[xs.Length * slots];
                    batch.AsSpan().Fill(-1);
                    scorer.ScoreBatch(g, xs, ys, batch);
                    for (int p = 0; p < xs.Length; p++)
                        Assert.True(expected.AsSpan(p * slots, slots).SequenceEqual(batch.AsSpan(p * slots, slots)), $"{g}, {k} pairs a call, pair {p}");
                }
            }
            Assert.True(lacking > 0, "some pairs lack a genome");
        }
        finally
        {
            PairScorer.KernelPairs = kept;
        }
    }

    [Fact]
    public void Rendered_metadata_pool_holds_each_models_canonical_record()
    {
        var (t, _) = SimilarityFixtures.Planted(9000, 29); // > 2 render chunks of 4096
        var genome = new MetadataCleanGenome(t);
        var scratch = new MetadataCleanGenome.Scratch();
        Assert.Equal(t.Count, genome.Rendered.Count);
        for (int m = 0; m < t.Count; m++) Assert.True(genome.Render(m, scratch).SequenceEqual(genome.Text(m)), $"model {m}");
    }

    [Fact]
    public void On_demand_metadata_corpus_reads_the_pools_bytes_from_every_thread()
    {
        var (t, _) = SimilarityFixtures.Planted(9000, 31);
        var genome = new MetadataCleanGenome(t);
        int[] models = [.. Enumerable.Range(0, t.Count).Where(m => m % 3 != 1).Reverse()];
        ITextCorpus pooled = genome.Corpus(models), onDemand = genome.OnDemand(models);
        Assert.Equal(pooled.Count, onDemand.Count);
        int wrong = 0;
        Parallel.For(0, models.Length, i => { if (!onDemand[i].SequenceEqual(pooled[i])) Interlocked.Increment(ref wrong); });
        Assert.Equal(0, wrong);
    }
}
