using System.Text.Json;
using Phylo.Graph;
using Phylo.Similarity;

namespace Phylo.Tests.Similarity;

public class SampledDesignTests
{
    private static readonly Lazy<(Phylo.Table.ModelTable Table, FamilyGraph Graph)> Forest = new(() => SimilarityFixtures.Planted(3000, 17));

    [Fact]
    public void Numbered_populations_enumerate_exactly_the_brute_force_pairs()
    {
        var (t, g) = SimilarityFixtures.Tiny();
        var reference = new BruteForce(t, g);
        GenomeFeatures f = GenomeFeatures.Build(t, 1);
        foreach (Genome genome in (Genome[])[Genome.Card, Genome.Metadata, Genome.Traits])
        {
            bool[] present = f.Presence(genome);
            foreach (GraphView view in GraphViews.All)
                foreach (PairType type in PairTypes.All)
                {
                    PairPopulation pop = type == PairType.Random ? PairPopulation.Random(present) : PairPopulation.Build(type, ViewGraph.Build(g, view), present);
                    var listed = new List<(int, int)>();
                    for (long i = 0; i < pop.Total; i++) if (pop.TryUnrank(i, out int x, out int y)) listed.Add(Canon(type, x, y));
                    var expected = reference.Pairs(type, view).Where(p => reference.Has(genome, p.A) && reference.Has(genome, p.B)).Select(p => Canon(type, p.A, p.B)).ToList();
                    listed.Sort();
                    expected.Sort();
                    Assert.True(expected.SequenceEqual(listed), $"{genome}/{type}/{view}: {listed.Count} listed, {expected.Count} expected");
                }
        }
    }

    // Unordered types compare as sorted pairs; directed ones keep (elder, younger).
    private static (int, int) Canon(PairType t, int a, int b) => t is PairType.Siblings or PairType.Random && a > b ? (b, a) : (a, b);

    [Fact]
    public void Study_designs_cover_the_exact_means()
    {
        // Each configuration's study-mode mean and bootstrap CI against the same run's exact value (same vocabularies).
        var (t, g) = Forest.Value;
        var run = SimilarityAnalysis.Run(t, g, new SimilarityOptions(Seed: 3, Threads: 2, Sampled: true) { SampleSize = 500, BootstrapResamples = 2000 });
        int checkedValues = 0, covered = 0;
        foreach (SimilarityValue s in run.Values)
        {
            if (s.Config is not { } c || s.Design != SampleDesign.Study || s.N == 0) continue;
            SimilarityValue e = run.Find(s.Genome, s.Measure, c, SampleDesign.Population)!;
            if (e.Mode != SimilarityMode.Exact) continue;
            double half = (s.CiHigh - s.CiLow) / 2;
            Assert.True(half >= 0 && half < 0.1, $"{s}: CI half-width {half}");
            Assert.True(Math.Abs(s.Mean - e.Mean) <= 2.5 * half + 1e-12, $"{s} vs exact {e.Mean}");
            checkedValues++;
            if (e.Mean >= s.CiLow - 1e-12 && e.Mean <= s.CiHigh + 1e-12) covered++;
        }
        Assert.True(checkedValues >= 150, $"only {checkedValues} study values");
        Assert.True(covered >= 0.85 * checkedValues, $"{covered} of {checkedValues} CIs cover the exact mean");
    }

    [Fact]
    public void Population_samples_cover_the_enumerated_means()
    {
        var (t, g) = SimilarityFixtures.Planted(700, 23);
        var all = SimilarityAnalysis.Run(t, g, new SimilarityOptions(Seed: 4, Threads: 2, ExactLevenshtein: true));
        var sampled = SimilarityAnalysis.Run(t, g, new SimilarityOptions(Seed: 4, Threads: 2) { SampleSize = 1500 });
        AssertCoverage(sampled, SampleDesign.Population, all, minimum: 18);
    }

    private static void AssertCoverage(SimilaritySection sampled, SampleDesign design, SimilaritySection exact, int minimum)
    {
        int checkedValues = 0, covered = 0;
        foreach (SimilarityValue s in sampled.Values)
        {
            if (s.Design != design || s.Mode != SimilarityMode.Sampled || s.N == 0) continue;
            if (s.Pair == PairType.Random && s.View != GraphView.All) continue; // one random sample, repeated per view
            SimilarityValue e = exact.Find(s.Genome, s.Measure, s.Pair, s.View, SampleDesign.Population)!;
            if (e.Mode != SimilarityMode.Exact) continue;
            double half = (s.CiHigh - s.CiLow) / 2;
            Assert.True(half > 0 && half < 0.1, $"{s}: CI half-width {half}");
            Assert.True(Math.Abs(s.Mean - e.Mean) <= 2 * half, $"{s} vs exact {e.Mean}");
            checkedValues++;
            if (e.Mean >= s.CiLow && e.Mean <= s.CiHigh) covered++;
        }
        Assert.True(checkedValues >= minimum, $"only {checkedValues} sampled values");
        Assert.True(covered >= 0.85 * checkedValues, $"{covered} of {checkedValues} CIs cover the exact mean");
    }

    [Fact]
    public void Planted_siblings_are_more_alike_than_parent_and_child()
    {
        var (t, g) = Forest.Value;
        var s = SimilarityAnalysis.Run(t, g, new SimilarityOptions(Threads: 2, Views: [GraphView.All]) { SampleSize = 3000 });
        foreach (SimilarityMeasure m in (SimilarityMeasure[])[SimilarityMeasure.TfIdf, SimilarityMeasure.Bow, SimilarityMeasure.Levenshtein, SimilarityMeasure.MinHash])
        {
            double sib = s.Find(Genome.Card, m, PairType.Siblings, GraphView.All, SampleDesign.Population)!.Mean;
            double pc = s.Find(Genome.Card, m, PairType.ParentChild, GraphView.All, SampleDesign.Population)!.Mean;
            double rnd = s.Find(Genome.Card, m, PairType.Random, GraphView.All, SampleDesign.Population)!.Mean;
            Assert.True(sib > pc && pc > rnd, $"{m}: siblings {sib}, parent-child {pc}, random {rnd}");
        }
    }

    [Fact]
    public void Results_do_not_depend_on_the_thread_count()
    {
        var (t, g) = SimilarityFixtures.Planted(1000, 29);
        string Json(int threads)
        {
            var section = SimilarityAnalysis.Run(t, g, new SimilarityOptions(Seed: 9, Threads: threads, Sampled: true) { SampleSize = 800, StudyDraws = 300, BootstrapResamples = 300 });
            var ms = new MemoryStream();
            using (var w = new Utf8JsonWriter(ms)) { w.WriteStartObject(); section.WriteJson(w); w.WriteEndObject(); }
            return System.Text.Encoding.UTF8.GetString(ms.ToArray());
        }
        Assert.Equal(Json(1), Json(3));
    }

    [Fact]
    public void Shard_partials_merge_to_the_single_run()
    {
        var (t, g) = Forest.Value;
        GenomeFeatures f = GenomeFeatures.Build(t, 2);
        ViewGraph[] views = GraphViews.All.Select(v => ViewGraph.Build(g, v)).ToArray();
        EdgeSimilarities edges = EdgeSimilarities.Compute(f, g, 2);
        FamilyBlocks blocks = FamilyBlocks.Build(g, 100);
        Assert.True(blocks.Count >= 4);
        SimilarityPartial whole = ExactBlocks.Compute(f, views, edges, blocks, 0, blocks.Count, 2);
        int a = blocks.Count / 3, b = 2 * blocks.Count / 3;
        SimilarityPartial merged = SimilarityPartial.Merge(
            SimilarityPartial.Merge(ExactBlocks.Compute(f, views, edges, blocks, 0, a, 1), ExactBlocks.Compute(f, views, edges, blocks, a, b, 2)),
            ExactBlocks.Compute(f, views, edges, blocks, b, blocks.Count, 1));
        Assert.Equal(whole.Sums, merged.Sums);
        Assert.Equal(whole.Counts, merged.Counts);
        Assert.Equal(whole.RandomSelf, merged.RandomSelf);
        for (int s = 0; s < MeasureSlot.Count; s++) Assert.Equal(whole.RandomColumns[s], merged.RandomColumns[s]);
    }

    [Fact]
    public void Keyed_draws_are_uniform_and_reproducible()
    {
        var counts = new int[7];
        for (int i = 0; i < 70_000; i++) counts[new KeyedRandom(1, 2, i).Below(7)]++;
        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
        Assert.Equal(new KeyedRandom(5, 6, 7).Next(), new KeyedRandom(5, 6, 7).Next());
        Assert.NotEqual(new KeyedRandom(5, 6, 7).Next(), new KeyedRandom(5, 6, 8).Next());
    }
}
