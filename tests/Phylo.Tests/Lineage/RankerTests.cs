using Phylo.Lineage;
using Phylo.Lineage.Evaluation;
using Phylo.Lineage.Features;
using Phylo.Lineage.Ranking;

namespace Phylo.Tests.Lineage;

[Trait("Speed", "Slow")]
public sealed class RankerTests(LineageEcosystem eco) : IClassFixture<LineageEcosystem>
{
    [Fact]
    public void No_fold_trains_on_or_sees_the_lineage_of_a_held_out_family()
    {
        var g = eco.Graph;
        int[] folds = FamilySplit.Folds(g, 5, LineageEcosystem.Seed);
        var heldOnce = new int[g.NodeCount];
        for (int k = 0; k < 5; k++)
        {
            bool[] held = FamilySplit.HeldOut(folds, k);
            int[] test = FamilySplit.Children(g, held, wantHeldOut: true);
            Assert.NotEmpty(test);
            foreach (int c in test) heldOnce[c]++;
            int[] train = eco.Session.TrainingChildren(held);
            Assert.NotEmpty(train);
            foreach (int c in train) Assert.False(held[g.FamilyOf[c]], $"fold {k} trains on {eco.Table.Ids[c]} of a held-out family");
            foreach (int c in train)
                foreach (int e in g.InEdges(c)) Assert.False(held[g.FamilyOf[g.EdgeParent[e]]]);
            // what the ranker may know of a held-out family's lineage is nothing
            var known = KnownLineage.From(g, held);
            foreach (int c in test)
                foreach (int e in g.InEdges(c))
                {
                    Assert.Equal(0, known.Children[g.EdgeParent[e]]);
                    Assert.Equal(0, known.Generation[c]);
                }
        }
        // every child with a declared parent is held out exactly once; no declared edge crosses a fold
        for (int m = 0; m < g.NodeCount; m++) Assert.Equal(g.InEdges(m).Length > 0 ? 1 : 0, heldOnce[m]);
        for (int e = 0; e < g.EdgeCount; e++) Assert.Equal(folds[g.FamilyOf[g.EdgeParent[e]]], folds[g.FamilyOf[g.EdgeChild[e]]]);
    }

    [Fact]
    public void Folds_are_balanced_as_whole_families_allow()
    {
        int[] folds = FamilySplit.Folds(eco.Graph, 5, LineageEcosystem.Seed);
        var edges = new long[5];
        var largest = new long[eco.Graph.Families.Length];
        for (int e = 0; e < eco.Graph.EdgeCount; e++) largest[eco.Graph.FamilyOf[eco.Graph.EdgeChild[e]]]++;
        for (int e = 0; e < eco.Graph.EdgeCount; e++) edges[folds[eco.Graph.FamilyOf[eco.Graph.EdgeChild[e]]]]++;
        // Dealing largest first to the lightest fold: no fold exceeds the lightest by more than the largest family.
        Assert.True(edges.Max() - edges.Min() <= largest.Max(), string.Join(", ", edges));
        Assert.Throws<ArgumentException>(() => FamilySplit.Folds(eco.Graph, 1, 1));
    }

    [Fact]
    public void Cross_validated_ranker_beats_the_card_similarity_baseline()
    {
        LineageEvaluation r = eco.Trained.CrossValidation;
        Assert.Equal(5, r.PerFold.Length);
        Assert.Equal(FamilySplit.Children(eco.Graph, new bool[eco.Graph.Families.Length], false).Length, r.HeldOutChildren);
        Assert.True(r.Model[1].Mean > r.Baseline[1].Mean + 0.3, $"P@1 {r.Model[1].Mean:F3} vs baseline {r.Baseline[1].Mean:F3}");
        Assert.True(r.Model[3].Mean > r.Baseline[3].Mean, $"MRR {r.Model[3].Mean:F3} vs baseline {r.Baseline[3].Mean:F3}");
        Assert.Equal(r.Model[0].Mean, r.Baseline[0].Mean);   // same candidates
        for (int m = 0; m < 4; m++) Assert.InRange(r.Model[m].Mean, r.Model[m].Low, r.Model[m].High);
        Assert.Contains(r.Relations, x => x.Relation == "finetune");
        Assert.Contains(r.Relations, x => x.Relation == "adapter");
    }

    [Fact]
    public void Same_seed_gives_identical_trees_and_compiled_scores_match_MlNet()
    {
        bool[] held = FamilySplit.HeldOut(FamilySplit.Folds(eco.Graph, 5, LineageEcosystem.Seed), 0);
        LineageModel a = eco.Session.TrainRanker(held, out _, out _), b = eco.Session.TrainRanker(held, out _, out _);
        int[] test = FamilySplit.Children(eco.Graph, held, wantHeldOut: true);
        var known = KnownLineage.From(eco.Graph, held);
        var cands = eco.Session.Candidates(test);
        double[] sa = PairScoring.ScoreAll(eco.Session.Signals, known, cands, a.Ensemble, 2);
        double[] sb = PairScoring.ScoreAll(eco.Session.Signals, known, cands, b.Ensemble, 2);
        Assert.Equal(sa, sb);

        var rows = PairScoring.TrainingRows(eco.Session.Signals, known, eco.Graph, cands, 3, 5);
        var ml = a.ScoreWithMlNet(rows);
        float[] matrix = [.. rows.SelectMany(r => r.Features)];
        var batch = new double[rows.Count];
        a.Ensemble.RawBatch(matrix, PairFeatures.Count, batch);
        for (int i = 0; i < rows.Count; i++)
        {
            double raw = a.Ensemble.Raw(rows[i].Features);
            Assert.Equal(ml[i].Score, raw, 1e-4);
            Assert.Equal(ml[i].Probability, a.Ensemble.Probability(raw), 1e-5);
            Assert.Equal(raw, batch[i]);   // a pair scores the same bits alone or in a batch
        }

        var withMap = a.WithCalibration(new PlattMap(-0.7, 1.3));
        using var stream = new MemoryStream();
        withMap.Save(stream);
        string path = Path.Combine(Path.GetTempPath(), $"phylo-lineage-{Guid.NewGuid():N}.zip");
        File.WriteAllBytes(path, stream.ToArray());
        var loaded = LineageModel.Load(path);
        File.Delete(path);
        Assert.Equal(sa, PairScoring.ScoreAll(eco.Session.Signals, known, cands, loaded.Ensemble, 1));
        Assert.Equal(withMap.Probability(2.5), loaded.Probability(2.5));
    }

    /// <summary>The shipped shape (7 leaves: every tree read by its split-mask table) and trees of up to 15 leaves (more than
    /// <see cref="SplitMaskTables.MaxSplits"/> splits: walked; fewer: tables), each scored at every SIMD level this machine
    /// runs (vector and scalar table reads), against a plain walk of ML.NET's trees: the same bits on every batch size 0..257.</summary>
    [Theory]
    [InlineData(7)]
    [InlineData(15)]
    public void Table_reads_and_fixed_depth_walk_equal_a_plain_walk_of_the_trees_on_every_batch_size(int leaves)
    {
        bool[] held = FamilySplit.HeldOut(FamilySplit.Folds(eco.Graph, 5, LineageEcosystem.Seed), 1);
        var known = KnownLineage.From(eco.Graph, held);
        var training = PairScoring.TrainingRows(eco.Session.Signals, known, eco.Graph, eco.Session.Candidates(eco.Session.TrainingChildren(held)),
            LineageEcosystem.Seed, 16);
        LineageModel model = LineageModel.Train(training, LineageEcosystem.Seed, new RankerOptions(Trees: 30, Leaves: leaves, MinLeafRows: leaves == 7 ? 50 : 5));
        var fitted = (Microsoft.ML.Data.BinaryPredictionTransformer<Microsoft.ML.Calibrators.CalibratedModelParametersBase<
            Microsoft.ML.Trainers.LightGbm.LightGbmBinaryModelParameters, Microsoft.ML.Calibrators.PlattCalibrator>>)model.Transformer;
        var ensemble = fitted.Model.SubModel.TrainedTreeEnsemble;
        Assert.Contains(ensemble.Trees, t => t.NumberOfLeaves >= 4);   // the walk has depth to get wrong
        if (leaves == 7) Assert.All(ensemble.Trees, t => Assert.True(t.NumberOfNodes <= SplitMaskTables.MaxSplits));
        else Assert.Contains(ensemble.Trees, t => t.NumberOfNodes > SplitMaskTables.MaxSplits);

        // Real pairs, and the same rows with a random feature moved, so every path of every tree is likely taken.
        var cands = eco.Session.Candidates(FamilySplit.Children(eco.Graph, held, wantHeldOut: true));
        var rows = PairScoring.TrainingRows(eco.Session.Signals, known, eco.Graph, cands, 5, 16);
        var rng = new Random(19);
        var pool = new List<float[]>();
        foreach (var r in rows.Take(400))
        {
            pool.Add(r.Features);
            float[] moved = (float[])r.Features.Clone();
            moved[rng.Next(PairFeatures.Count)] = (float)(rng.NextDouble() * 40 - 1);
            pool.Add(moved);
        }

        double Plain(float[] f)
        {
            double raw = ensemble.Bias;
            for (int t = 0; t < ensemble.Trees.Count; t++)
            {
                var tree = ensemble.Trees[t];
                int at = tree.NumberOfNodes == 0 ? -1 : 0;
                while (at >= 0) at = f[tree.NumericalSplitFeatureIndexes[at]] <= tree.NumericalSplitThresholds[at] ? tree.LeftChild[at] : tree.RightChild[at];
                raw += ensemble.TreeWeights[t] * tree.LeafValues[~at];
            }
            return raw;
        }

        for (int n = 0; n <= 257; n++)
        {
            int start = rng.Next(pool.Count - n + 1);
            float[] matrix = [.. pool.Skip(start).Take(n).SelectMany(f => f)];
            foreach (var level in Phylo.Kernels.Simd.Supported)
            {
                var batch = new double[n];
                model.Ensemble.RawBatch(matrix, PairFeatures.Count, batch, level);
                for (int i = 0; i < n; i++) Assert.Equal(Plain(pool[start + i]), batch[i]);   // same bits: same leaves, same order
            }
        }
    }

    [Fact]
    public void Streaming_inference_equals_scoring_a_generated_candidate_set()
    {
        var model = eco.Session.TrainRanker(null, out _, out _).WithCalibration(new PlattMap(-0.8, 2), new ParentMap(-2, [0.4, 0.3, 1]));
        var three = new LineageSession(eco.Table, eco.Graph, eco.Options with { Threads = 3 });
        var whole = eco.Session.Infer(model, 0.3);
        Assert.Equal(whole, three.Infer(model, 0.3));
        int[] orphans = [.. Enumerable.Range(0, eco.Table.Count).Where(m => eco.Table.ParentRefOffsets[m + 1] == eco.Table.ParentRefOffsets[m])];
        var (parent, margin, top) = PairScoring.BestPerChild(eco.Session.Signals, KnownLineage.From(eco.Graph, null, false), eco.Session.Candidates(orphans), model.Ensemble, 2);
        var expected = new List<InferredEdge>();
        for (int i = 0; i < orphans.Length; i++)
        {
            double p = parent[i] < 0 ? 0 : model.ParentMap!.Probability(CrossValidation.Evidence(eco.Session.Signals, orphans[i], margin[i], top[i]));
            if (parent[i] >= 0 && p >= 0.3)
                expected.Add(new InferredEdge(orphans[i], parent[i], p, RelationGuess.Of(eco.Table.Ids[orphans[i]])));
        }
        Assert.True(expected.Count > 100, $"{expected.Count} edges");
        Assert.Equal(expected, whole);
    }
}
