using Phylo.Analyses.Similarity;
using Phylo.Graph;

namespace Phylo.Tests.Similarity;

/// <summary><see cref="DrawnPairs"/> folds a sample's repeated pairs, and <see cref="PairSampler"/>'s sums over the
/// folded pairs are the bits of every draw scored one by one.</summary>
public class DrawnPairsTests
{
    private static readonly Lazy<(Phylo.Table.ModelTable Table, FamilyGraph Graph, GenomeFeatures Features)> Forest = new(() =>
    {
        var (t, g) = SimilarityFixtures.Planted(3000, 23);
        return (t, g, GenomeFeatures.Build(t, 1));
    });

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Draws_fold_into_distinct_pairs_in_first_drawn_order(int threads)
    {
        // 50,000 draws over few pairs (and (y, x) as a pair of its own), every seventh naming none.
        const int draws = 50_000;
        bool Draw(long i, out int x, out int y)
        {
            ulong r = new KeyedRandom(5, 9, i).Next();
            (x, y) = ((int)(r % 40), (int)(r / 40 % 40));
            return i % 7 != 3;
        }
        var drawn = new DrawnPairs();
        drawn.Collect(3, threads, Draw); // a smaller sample first: buffers are grown and reused
        drawn.Collect(draws, threads, Draw);
        var order = new List<(int, int)>();
        var times = new Dictionary<(int, int), int>();
        for (long i = 0; i < draws; i++)
        {
            if (!Draw(i, out int x, out int y)) continue;
            if (!times.ContainsKey((x, y))) order.Add((x, y));
            times[(x, y)] = times.GetValueOrDefault((x, y)) + 1;
        }
        Assert.Equal(order.Count, drawn.Count);
        for (int k = 0; k < order.Count; k++)
        {
            Assert.Equal(order[k], (drawn.Xs[k], drawn.Ys[k]));
            Assert.Equal(times[order[k]], drawn.Times[k]);
        }
        Assert.True(drawn.Count < 1700, $"{drawn.Count} distinct pairs"); // 1,600 ordered pairs at most
    }

    [Fact]
    public void Design_sample_sums_equal_every_draw_scored()
    {
        var (t, g, f) = Forest.Value;
        var weights = new DesignWeights(ViewGraph.Build(g, GraphView.Finetune));
        const int draws = 5_000;
        int folded = 0;
        foreach (Genome genome in SimilarityNames.TextGenomes)
        {
            bool[] present = f.Presence(genome);
            var valid = new DesignSampler.ValidLists(weights.View, present);
            foreach (DesignConfig c in DesignConfig.All.Where(c => c.Shape is not (PairShape.Edge or PairShape.Random)))
            {
                var sampler = DesignSampler.Build(c, weights, valid, present);
                if (sampler.Total <= 0) continue;
                ulong design = KeyedRandom.DesignSampleId(genome, c);
                var xs = new List<int>();
                var ys = new List<int>();
                for (long i = 0; i < draws; i++)
                    if (sampler.Draw(42, design, i, out int x, out int y) && x % 3 != 1) { xs.Add(x); ys.Add(y); }
                folded += xs.Count - xs.Zip(ys).Distinct().Count();
                foreach (int threads in (int[])[1, 2])
                {
                    PopulationSums s = new PairSampler(f, 42, threads).DesignSample(genome, sampler, design, draws, x => x % 3 != 1);
                    AssertSums(Reference(f, genome, xs, ys, selfPairs: true), s, $"{genome}/{c.Key}/{threads}");
                }
            }
        }
        Assert.True(folded > 10_000, $"only {folded} repeated draws: the folding was not exercised");
    }

    [Fact]
    public void Population_sample_sums_equal_every_draw_scored()
    {
        // Samples larger than their populations repeat many pairs (and are folded); the random population's are not
        // (Total > 32 × draws: drawn and scored as they come).
        var (t, g, f) = Forest.Value;
        int folded = 0, compared = 0;
        foreach (Genome genome in SimilarityNames.Genomes)
        {
            bool[] present = f.Presence(genome);
            var view = ViewGraph.Build(g, GraphView.All);
            foreach (PairType type in (PairType[])[PairType.Random, PairType.Siblings, PairType.AuntNiece])
            {
                var pop = type == PairType.Random ? PairPopulation.Random(present) : PairPopulation.Build(type, view, present);
                int draws = (int)Math.Min(20_000, Math.Max(1, pop.Total - 1));
                if (pop.Total < 2) continue;
                ulong design = KeyedRandom.DesignId(genome, type, GraphView.All);
                var xs = new List<int>();
                var ys = new List<int>();
                for (long i = 0; i < draws; i++)
                {
                    var rng = new KeyedRandom(42, design, i);
                    for (int attempt = 0; attempt < 64; attempt++)
                        if (pop.TryUnrank(rng.Below(pop.Total), out int x, out int y)) { xs.Add(x); ys.Add(y); break; }
                }
                folded += xs.Count - xs.Zip(ys).Distinct().Count();
                PopulationSums s = new PairSampler(f, 42, 2).Population(genome, pop, design, draws, exhaustive: false);
                AssertSums(Reference(f, genome, xs, ys, selfPairs: false), s, $"{genome}/{type}");
                compared++;
            }
        }
        Assert.Equal(12, compared);
        Assert.True(folded > 10_000, $"only {folded} repeated draws: the folding was not exercised");
    }

    /// <summary>Every draw scored in one batch and summed draw by draw, as the sampler did before folding.</summary>
    private static PopulationSums Reference(GenomeFeatures f, Genome genome, List<int> xs, List<int> ys, bool selfPairs)
    {
        int slots = MeasureSlot.Of(genome).Count;
        var values = new double[xs.Count * slots];
        new PairScorer(f).ScoreBatch(genome, xs.ToArray(), ys.ToArray(), values, cosines: false);
        var sum = new FixedSum[slots];
        var sq = new FixedSum[slots];
        long n = 0;
        for (int p = 0; p < xs.Count; p++)
        {
            if (!selfPairs && xs[p] == ys[p]) continue;
            n++;
            for (int s = 0; s < slots; s++)
            {
                sum[s] += FixedSum.Of(values[p * slots + s]);
                sq[s] += FixedSum.Of(values[p * slots + s] * values[p * slots + s]);
            }
        }
        return new PopulationSums(false, n, sum, sq);
    }

    private static void AssertSums(PopulationSums expected, PopulationSums actual, string what)
    {
        Assert.True(expected.N == actual.N, $"{what}: n {actual.N}, expected {expected.N}");
        Assert.True(expected.Sum.SequenceEqual(actual.Sum), $"{what}: sums differ");
        Assert.True(expected.SumOfSquares.SequenceEqual(actual.SumOfSquares), $"{what}: sums of squares differ");
    }
}
