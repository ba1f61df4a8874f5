using Phylo.Analyses.Similarity;
using Phylo.Graph;
using Xunit.Abstractions;

namespace Phylo.Tests.Similarity;

/// <summary>The study's 24 design configurations: exact mode against a literal enumeration of every draw outcome,
/// study mode and exact-mode samples against the exact values.</summary>
[Trait("Speed", "Slow")]
public class DesignTests(ITestOutputHelper output)
{
    private static readonly Lazy<(Phylo.Table.ModelTable Table, FamilyGraph Graph, BruteForce Reference, DesignOutcomes Outcomes)> Fixture = new(() =>
    {
        var (t, g) = SimilarityFixtures.FinetuneFamilies();
        return (t, g, new BruteForce(t, g), new DesignOutcomes(g));
    });

    public static TheoryData<Genome, SimilarityMeasure> TextMeasures()
    {
        var d = new TheoryData<Genome, SimilarityMeasure>();
        foreach (Genome g in SimilarityNames.TextGenomes) foreach (SimilarityMeasure m in StudySampler.Measures) d.Add(g, m);
        return d;
    }

    [Theory, MemberData(nameof(TextMeasures))]
    public void Exact_design_means_equal_the_enumerated_draw_outcomes(Genome genome, SimilarityMeasure measure)
    {
        var (t, g, reference, outcomes) = Fixture.Value;
        var section = SimilarityAnalysis.Run(t, g, new SimilarityOptions(Threads: 2, ExactLevenshtein: true));
        foreach (DesignConfig c in DesignConfig.All)
        {
            SimilarityValue v = section.Find(genome, measure, c, SampleDesign.Population)!;
            Assert.NotNull(v);
            (double mean, _, _, long n) = outcomes.Moments(reference, genome, measure, c);
            string where = $"{genome}/{measure}/{c.Key}";
            Assert.Equal(SimilarityMode.Exact, v.Mode);
            Assert.True(n > 0, $"{where}: the fixture has no pair for this configuration");
            Assert.True(Math.Abs(mean - v.Mean) <= 1e-12, $"{where}: Phylo {v.Mean:R} vs enumeration {mean:R}");
        }
    }

    [Fact]
    public void The_fixture_has_pairs_the_weights_tell_apart()
    {
        var (t, g, reference, outcomes) = Fixture.Value;
        // Configurations that share a kinship differ only by their weights: their exact means must not all coincide.
        double[] parentChild = [.. DesignConfig.All.Where(c => c.Kinship == PairType.ParentChild)
            .Select(c => outcomes.Moments(reference, Genome.Card, SimilarityMeasure.TfIdf, c).Mean)];
        Assert.True(parentChild.Distinct().Count() >= 8, string.Join(", ", parentChild));
        // an aunt who is her own niece: a/g23 is a child of a/c2 and of a/root
        int root = t.IndexOf["a/root"], g23 = t.IndexOf["a/g23"];
        Assert.Contains(outcomes.Of(DesignConfig.All[14]), o => o.X == g23 && o.Y == g23);
        Assert.DoesNotContain(Enumerable.Range(0, g.EdgeCount), e => !g.InView(e, GraphView.Finetune) && g.EdgeChild[e] == g23 && g.EdgeParent[e] == root);
    }

    [Fact]
    public void Study_mode_lands_within_four_standard_errors_of_exact()
    {
        // 50,000 study draws of every configuration and measure (the kept pairs' mean is study mode's estimate; the
        // bootstrap only adds its CI), against the enumerated exact value: the first test shows it is Phylo exact's.
        // Ten times the study's 5,000 draws: a bias over 4 SE at 50,000 draws fails it. 200,000 draws halved that
        // threshold at four times the cost (43 s of the CI suite).
        var (t, g, reference, outcomes) = Fixture.Value;
        const int draws = 50_000;
        GenomeFeatures features = GenomeFeatures.Build(t, 2);
        var sampler = new StudySampler(features, 7, 2);
        var weights = new DesignWeights(ViewGraph.Build(g, GraphView.Finetune));
        int checkedRows = 0;
        double worst = 0;
        foreach (SimilarityMeasure measure in StudySampler.Measures)
            foreach (DesignConfig c in DesignConfig.All)
            {
                double[][] kept = sampler.Evaluate(new StudyDraw(c.Design, weights), c, measure, draws).Kept(draws);
                for (int gi = 0; gi < SimilarityNames.TextGenomes.Length; gi++)
                {
                    Genome genome = SimilarityNames.TextGenomes[gi];
                    (double mean, double sd, double keptShare, _) = outcomes.Moments(reference, genome, measure, c);
                    keptShare = Math.Clamp(keptShare, 0, 1);
                    string where = $"{genome}/{measure}/{c.Key}";
                    int n = kept[gi].Length;
                    double keptSe = Math.Sqrt(draws * keptShare * (1 - keptShare)); // the kept count is binomial(draws, share)
                    Assert.True(Math.Abs(n - draws * keptShare) <= 4 * keptSe + 1, $"{where}: kept {n} of {draws}, expected {draws * keptShare:F0}");
                    double got = kept[gi].Average(), se = sd / Math.Sqrt(n);
                    Assert.True(Math.Abs(got - mean) <= 4 * se + 1e-12, $"{where}: study mode {got} vs exact {mean} (SE {se:E2})");
                    if (se > 0) worst = Math.Max(worst, Math.Abs(got - mean) / se);
                    checkedRows++;
                }
            }
        output.WriteLine($"{checkedRows} rows, largest |z| {worst:F2}");
        Assert.Equal(216, checkedRows);
    }

    [Fact]
    public void Sampled_exact_mode_covers_the_enumerated_values()
    {
        // With a sample size below the populations' sizes, the non-edge Levenshtein values come from seeded samples of
        // each configuration's own weighted distribution (or of its shape's uniform population).
        var (t, g) = SimilarityFixtures.Planted(1500, 31);
        var enumerated = SimilarityAnalysis.Run(t, g, new SimilarityOptions(Threads: 2, ExactLevenshtein: true, Views: [GraphView.Finetune]));
        var sampled = SimilarityAnalysis.Run(t, g, new SimilarityOptions(Seed: 5, Threads: 2, Views: [GraphView.Finetune]) { SampleSize = 60, DesignSampleSize = 60 });
        int samples = 0;
        var sampledConfigs = new HashSet<string>();
        foreach (Genome genome in SimilarityNames.TextGenomes)
            foreach (DesignConfig c in DesignConfig.All)
            {
                SimilarityValue e = enumerated.Find(genome, SimilarityMeasure.Levenshtein, c, SampleDesign.Population)!;
                SimilarityValue s = sampled.Find(genome, SimilarityMeasure.Levenshtein, c, SampleDesign.Population)!;
                if (s.Mode == SimilarityMode.Exact) { Assert.Equal(e.Mean, s.Mean, 12); continue; }
                samples++;
                sampledConfigs.Add(c.Key);
                Assert.Equal(60, s.N);
                double se = (s.CiHigh - s.CiLow) / (2 * 1.959963984540054);
                Assert.True(Math.Abs(s.Mean - e.Mean) <= 4 * se + 1e-12, $"{genome}/{c.Key}: sampled {s.Mean} [{s.CiLow}, {s.CiHigh}] vs exact {e.Mean}");
            }
        output.WriteLine($"{samples} sampled values: {string.Join(", ", sampledConfigs.Order())}");
        // siblings, 2-paths, aunt–niece and random pairs were sampled (this forest has too few 3-paths: the next test)
        Assert.True(sampledConfigs.Count >= 11, string.Join(", ", sampledConfigs));
    }

    [Fact]
    public void Design_samplers_draw_each_pair_with_its_exact_weight()
    {
        // Every non-edge configuration's sampler on the hand-built graph: 60,000 draws, each pair's frequency within
        // 4.5 standard errors of its share of the configuration's weight among pairs with a card on both ends.
        var (t, g, reference, outcomes) = Fixture.Value;
        bool[] present = [.. Enumerable.Range(0, t.Count).Select(i => reference.Has(Genome.Card, i))];
        var weights = new DesignWeights(ViewGraph.Build(g, GraphView.Finetune));
        var valid = new DesignSampler.ValidLists(weights.View, present);
        const int draws = 60_000;
        foreach (DesignConfig c in DesignConfig.All.Where(c => c.Shape is not (PairShape.Edge or PairShape.Random)))
        {
            var expected = new Dictionary<(int, int), double>();
            double total = 0;
            foreach (var (x, y, p) in outcomes.Of(c))
            {
                if (!present[x] || !present[y]) continue;
                var key = (Math.Min(x, y), Math.Max(x, y));
                expected[key] = expected.GetValueOrDefault(key) + p;
                total += p;
            }
            var sampler = DesignSampler.Build(c, weights, valid, present);
            var seen = new Dictionary<(int, int), int>();
            for (int i = 0; i < draws; i++)
            {
                Assert.True(sampler.Draw(9, 77, i, out int x, out int y), c.Key);
                var key = (Math.Min(x, y), Math.Max(x, y));
                Assert.True(expected.ContainsKey(key), $"{c.Key}: drew ({x}, {y}), which has no weight");
                seen[key] = seen.GetValueOrDefault(key) + 1;
            }
            foreach (var (key, p) in expected)
            {
                double share = p / total, se = Math.Sqrt(draws * share * (1 - share));
                Assert.True(Math.Abs(seen.GetValueOrDefault(key) - draws * share) <= 4.5 * se + 1, $"{c.Key} {key}: {seen.GetValueOrDefault(key)} draws, expected {draws * share:F1}");
            }
        }
    }

    [Fact]
    public void Study_draws_do_not_depend_on_threads_and_drop_pairs_without_the_genome()
    {
        var (t, g, reference, _) = Fixture.Value;
        string Json(int threads)
        {
            var s = SimilarityAnalysis.Run(t, g, new SimilarityOptions(Seed: 3, Threads: threads, Sampled: true) { StudyDraws = 500, BootstrapResamples = 200 });
            var ms = new MemoryStream();
            using (var w = new System.Text.Json.Utf8JsonWriter(ms)) { w.WriteStartObject(); s.WriteJson(w); w.WriteEndObject(); }
            return System.Text.Encoding.UTF8.GetString(ms.ToArray());
        }
        string one = Json(1);
        Assert.Equal(one, Json(3));
        var section = SimilarityAnalysis.Run(t, g, new SimilarityOptions(Seed: 3, Threads: 2, Sampled: true) { StudyDraws = 500, BootstrapResamples = 200 });
        foreach (DesignConfig c in DesignConfig.All)
        {
            // every metadata draw is kept; card draws lacking a card genome are dropped, not redrawn
            Assert.Equal(500, section.Find(Genome.Metadata, SimilarityMeasure.TfIdf, c, SampleDesign.Study)!.N);
            Assert.True(section.Find(Genome.Card, SimilarityMeasure.TfIdf, c, SampleDesign.Study)!.N < 500, c.Key);
        }
        _ = reference;
    }
}
