using Phylo.Lineage;
using Phylo.Lineage.Evaluation;
using Phylo.Lineage.Features;
using Phylo.Lineage.Ranking;

namespace Phylo.Tests.Lineage;

public sealed class RankerTests(LineageEcosystem eco) : IClassFixture<LineageEcosystem>
{
    [Fact]
    public void Evaluation_never_trains_on_a_held_out_family()
    {
        bool[] held = FamilySplit.HeldOut(eco.Graph, 0.2, LineageEcosystem.Seed);
        int[] train = FamilySplit.Children(eco.Graph, held, wantHeldOut: false);
        int[] test = FamilySplit.Children(eco.Graph, held, wantHeldOut: true);
        Assert.NotEmpty(test);
        foreach (int c in train) Assert.False(held[eco.Graph.FamilyOf[c]]);
        // no declared edge crosses the split: a family is one side
        for (int e = 0; e < eco.Graph.EdgeCount; e++)
            Assert.Equal(held[eco.Graph.FamilyOf[eco.Graph.EdgeParent[e]]], held[eco.Graph.FamilyOf[eco.Graph.EdgeChild[e]]]);
        long heldEdges = 0;
        foreach (int c in test) heldEdges += eco.Graph.InEdges(c).Length;
        Assert.InRange((double)heldEdges / eco.Graph.EdgeCount, 0.15, 0.2 + 1e-9);
        // what the ranker may know of a held-out family is nothing
        var known = KnownLineage.From(eco.Graph, held);
        foreach (int c in test)
            foreach (int e in eco.Graph.InEdges(c))
            {
                Assert.Equal(0, known.Children[eco.Graph.EdgeParent[e]]);
                Assert.Equal(0, known.Generation[c]);
            }
    }

    [Fact]
    public void Trained_ranker_beats_the_card_similarity_baseline_on_held_out_families()
    {
        LineageEvaluation r = eco.Session.Evaluate();
        Assert.True(r.HeldOutChildren > 100, $"{r.HeldOutChildren} held-out children");
        Assert.True(r.Model.PrecisionAt1 > r.Baseline.PrecisionAt1, $"P@1 {r.Model.PrecisionAt1:F3} vs baseline {r.Baseline.PrecisionAt1:F3}");
        Assert.True(r.Model.Mrr > r.Baseline.Mrr, $"MRR {r.Model.Mrr:F3} vs baseline {r.Baseline.Mrr:F3}");
        Assert.Equal(r.Model.CandidateRecall, r.Baseline.CandidateRecall);
        long pairs = 0;
        foreach (var b in r.Calibration) pairs += b.Pairs;
        Assert.True(pairs > 0);
    }

    [Fact]
    public void Same_seed_gives_identical_trees_and_compiled_scores_match_MlNet()
    {
        bool[] held = FamilySplit.HeldOut(eco.Graph, 0.2, LineageEcosystem.Seed);
        LineageModel a = eco.Session.Train(held), b = eco.Session.Train(held);
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

        string path = Path.Combine(Path.GetTempPath(), $"phylo-lineage-{Guid.NewGuid():N}.zip");
        a.Save(path);
        var loaded = LineageModel.Load(path);
        File.Delete(path);
        Assert.Equal(sa, PairScoring.ScoreAll(eco.Session.Signals, known, cands, loaded.Ensemble, 1));
    }
}
