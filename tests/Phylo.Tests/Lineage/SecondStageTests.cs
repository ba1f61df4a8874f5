using Phylo.Lineage.Evaluation;
using Phylo.Lineage.Features;
using Phylo.Lineage.Ranking;

namespace Phylo.Tests.Lineage;

/// <summary>The second stage over each child's two best candidates (<see cref="TopTwoReranker"/>): what it trains on, what
/// it reads, and that inference applies it as evaluation does.</summary>
[Trait("Speed", "Slow")]
public sealed class SecondStageTests(LineageEcosystem eco) : IClassFixture<LineageEcosystem>
{
    [Fact]
    public void Second_stage_of_a_fold_never_trains_on_or_scores_that_fold()
    {
        var g = eco.Graph;
        int[] folds = FamilySplit.Folds(g, 5, LineageEcosystem.Seed);
        for (int k = -1; k < 5; k++)
        {
            var scoredOnce = new int[g.NodeCount];
            int plans = 0;
            foreach (var (held, scored) in eco.Session.SecondStagePlan(folds, k))
            {
                plans++;
                Assert.NotEmpty(scored);
                for (int f = 0; f < folds.Length; f++)
                    if (k >= 0 && folds[f] == k) Assert.True(held[f], $"fold {k}'s family {f} reaches a second-stage ranker");
                foreach (int c in scored)
                {
                    scoredOnce[c]++;
                    Assert.True(held[g.FamilyOf[c]], "scores are out of fold: the ranker that scores a child never trained on its family");
                    Assert.NotEqual(k, folds[g.FamilyOf[c]]);
                }
                foreach (int c in eco.Session.TrainingChildren(held))
                    Assert.False(k >= 0 && folds[g.FamilyOf[c]] == k, $"fold {k}'s {eco.Table.Ids[c]} trains a second-stage ranker");
            }
            Assert.Equal(k < 0 ? 5 : 4, plans);
            Assert.All(scoredOnce, n => Assert.True(n <= 1));
        }
    }

    [Fact]
    public void Inputs_are_antisymmetric_but_for_the_first_stage_order()
    {
        var s = eco.Session.Signals;
        int[] children = FamilySplit.Children(eco.Graph, new bool[eco.Graph.Families.Length], wantHeldOut: false)[..300];
        var cands = eco.Session.Candidates(children);
        Span<double> ab = stackalloc double[TopTwoReranker.Inputs], ba = stackalloc double[TopTwoReranker.Inputs];
        int nonzero = 0;
        for (int i = 0; i < children.Length; i++)
        {
            var range = cands.Of(i);
            for (int j = range.Start.Value; j + 1 < range.End.Value; j++)
            {
                int a = cands.Parents[j], b = cands.Parents[j + 1];
                TopTwoReranker.Features(s, children[i], a, b, 1.5, -0.25, ab);
                TopTwoReranker.Features(s, children[i], b, a, -0.25, 1.5, ba);
                for (int x = 0; x < TopTwoReranker.Inputs - 1; x++) Assert.Equal(ab[x], -ba[x]);
                Assert.Equal(1, ab[TopTwoReranker.Inputs - 1]);
                Assert.Equal(1.75, ab[0]);
                if (ab[2] != 0) nonzero++;
            }
        }
        Assert.True(nonzero > 0, $"{nonzero} pairs with one namesake");
    }

    [Fact]
    public void Fit_learns_which_of_two_is_the_parent_and_the_first_stage_prior()
    {
        // A namesake ahead of the parent loses; otherwise the first stage's best is right four times in five.
        var rows = new List<double[]>();
        var labels = new List<bool>();
        for (int n = 0; n < 400; n++)
        {
            bool namesake = n % 5 == 0;
            rows.Add([0.1 * (n % 7), 0, namesake ? 1 : 0, 1]);
            labels.Add(!namesake && n % 10 != 1);
        }
        var r = TopTwoReranker.Fit(rows, labels)!;
        Assert.True(r.Weights[2] < -1, string.Join(", ", r.Weights));
        Assert.True(r.Weights[3] > 0, string.Join(", ", r.Weights));
        Assert.True(r.Logit([0.3, 0, 1, 1]) < 0);
        Assert.True(r.Logit([0.3, 0, 0, 1]) > 0);
        // the first stage's order never counts against its choice: labels that say "the second is right" more often
        // refit without the order and the gap instead of weighting them negatively
        var contrary = TopTwoReranker.Fit(rows, [.. labels.Select(l => !l)])!;
        Assert.True(contrary.Weights[0] >= 0 && contrary.Weights[3] >= 0, string.Join(", ", contrary.Weights));
        Assert.Null(TopTwoReranker.Fit([], []));
        Assert.Throws<ArgumentException>(() => new TopTwoReranker([1, 2]));
    }

    [Fact]
    public void Streaming_inference_applies_the_second_stage_as_evaluation_does()
    {
        var s = eco.Session.Signals;
        var known = KnownLineage.From(eco.Graph, null, false);
        var ranker = eco.Session.TrainRanker(null, out _, out _);
        // a second stage that swaps often: a namesake loses, little trust in the first stage
        var second = new TopTwoReranker([0.05, 1, -3, 0.1]);
        int[] orphans = [.. Enumerable.Range(0, eco.Table.Count).Where(m => eco.Table.ParentRefOffsets[m + 1] == eco.Table.ParentRefOffsets[m])];
        var cands = eco.Session.Candidates(orphans);
        double[] raw = PairScoring.ScoreAll(s, known, cands, ranker.Ensemble, 2);
        var (firstParent, firstMargin, firstTop) = PairScoring.BestPerChild(s, known, cands, ranker.Ensemble, 2);
        int swapped = PairScoring.Rerank(s, cands, raw, second);
        Assert.True(swapped > 20, $"{swapped} swaps");
        var outcomes = ChildOutcome.Of(eco.Graph, cands, raw);
        var (parent, margin, top) = PairScoring.BestPerChild(s, eco.Session.Index, known, orphans, eco.Options.K, ranker.Ensemble, 3, second);
        int changed = 0;
        for (int i = 0; i < orphans.Length; i++)
        {
            Assert.Equal(outcomes[i].Top, parent[i]);
            Assert.Equal(firstMargin[i], margin[i]);   // the maps read the first stage's margin and top score
            Assert.Equal(firstTop[i], top[i]);
            if (parent[i] != firstParent[i]) changed++;
        }
        Assert.Equal(swapped, changed);
    }

    [Fact]
    public void Trained_model_keeps_its_second_stage_and_source_name_rule_through_save_and_load()
    {
        var model = eco.Trained.Model;
        Assert.NotNull(model.Reranker);
        Assert.True(model.SourceNameRule);
        using var stream = new MemoryStream();
        model.Save(stream);
        string path = Path.Combine(Path.GetTempPath(), $"phylo-lineage-{Guid.NewGuid():N}.zip");
        File.WriteAllBytes(path, stream.ToArray());
        var loaded = LineageModel.Load(path);
        File.Delete(path);
        Assert.Equal(model.Reranker!.Weights, loaded.Reranker!.Weights);
        Assert.True(loaded.SourceNameRule);
    }
}
