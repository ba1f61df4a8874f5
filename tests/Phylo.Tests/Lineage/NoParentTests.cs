using Phylo.Lineage.Evaluation;
using static Phylo.Tests.Lineage.CandidateSourceTests;

namespace Phylo.Tests.Lineage;

/// <summary>The "no parent" outcome: roots are scored with the children, the unconditional map gives them a low
/// probability, and the map stays monotone in every input.</summary>
[Trait("Speed", "Slow")]
public sealed class NoParentTests(LineageEcosystem eco) : IClassFixture<LineageEcosystem>
{
    [Fact]
    public void A_root_whose_best_candidate_leads_clearly_but_scores_low_gets_no_parent()
    {
        // Hand-built out-of-fold evidence: children's best candidates score high (right 90 %), roots' score low but often
        // lead their runner-up by as much as a child's do — margin alone cannot tell them apart.
        var rng = new Random(11);
        var x = new List<ParentEvidence>();
        var y = new List<bool>();
        for (int i = 0; i < 4000; i++)
        {
            bool root = i % 2 == 0;
            double margin = rng.NextDouble() * 8;
            double top = root ? -6 + rng.NextDouble() * 4 : 1 + rng.NextDouble() * 6;
            x.Add(new ParentEvidence(margin, top, false));
            y.Add(!root && rng.NextDouble() < 0.9);
        }
        var conditionalOnly = ParentMap.Fit([.. x], [.. y], uses: 1);
        var map = ParentMap.Fit([.. x], [.. y]);
        var plausibleRoot = new ParentEvidence(Margin: 6, TopScore: -3, DerivedName: false);
        Assert.True(conditionalOnly.Probability(plausibleRoot) > 0.4, $"margin alone: {conditionalOnly.Probability(plausibleRoot):F3}");
        Assert.True(map.Probability(plausibleRoot) < 0.1, $"with the raw score: {map.Probability(plausibleRoot):F3}");
        Assert.True(map.Probability(new ParentEvidence(6, 4, false)) > 0.8);
    }

    [Fact]
    public void The_unconditional_map_is_monotone_in_every_input_and_drops_one_that_would_lower_it()
    {
        var rng = new Random(5);
        var x = new ParentEvidence[20_000];
        var y = new bool[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = new ParentEvidence(rng.NextDouble() * 20, rng.NextDouble() * 16 - 8, rng.Next(4) == 0);
            // the truth rises with margin and name, falls with the raw score: that weight must come out 0, not negative
            y[i] = rng.NextDouble() < 1 / (1 + Math.Exp(-(0.3 * x[i].Margin - 0.4 * x[i].TopScore + 1.5 * (x[i].DerivedName ? 1 : 0) - 3)));
        }
        var map = ParentMap.Fit(x, y);
        Assert.Equal(0, map.Weights[1]);
        Assert.True(map.Weights[0] > 0.1 && map.Weights[2] > 0.5, string.Join(", ", map.Weights));
        for (double m = 0; m < 20; m += 0.5)
            for (double t = -8; t < 8; t += 0.5)
            {
                double p = map.Probability(new ParentEvidence(m, t, false));
                Assert.True(map.Probability(new ParentEvidence(m + 0.5, t, false)) >= p);
                Assert.True(map.Probability(new ParentEvidence(m, t + 0.5, false)) >= p);
                Assert.True(map.Probability(new ParentEvidence(m, t, true)) >= p);
            }
        Assert.Throws<ArgumentException>(() => new ParentMap(0, [1, -0.1, 0]));
    }

    [Fact]
    public void Every_root_is_held_out_once_and_with_its_family()
    {
        var graph = eco.Graph;
        int[] folds = FamilySplit.Folds(graph, 5, eco.Options.Seed);
        var seen = new int[graph.NodeCount];
        for (int k = 0; k < 5; k++)
            foreach (int m in FamilySplit.Roots(graph, folds, 5, k, eco.Options.Seed))
            {
                Assert.Equal(graph.ParentOffsets[m], graph.ParentOffsets[m + 1]);
                int familyFold = folds[graph.FamilyOf[m]];
                Assert.True(familyFold < 0 || familyFold == k, $"root {m} of a fold-{familyFold} family held out by fold {k}");
                seen[m]++;
            }
        for (int m = 0; m < graph.NodeCount; m++)
            Assert.Equal(graph.ParentOffsets[m + 1] == graph.ParentOffsets[m] ? 1 : 0, seen[m]);
    }

    [Fact]
    public void Roots_of_a_synthetic_ecosystem_rarely_get_a_parent_and_children_mostly_get_theirs()
    {
        var n = eco.Trained.CrossValidation.NoParent;
        int roots = n.PerFold.Sum(f => f.Roots);
        Assert.True(roots > 5000, $"{roots} held-out roots");
        Assert.True(n.RootsGivenParent.Pooled <= 0.02, $"roots given a parent: {n.RootsGivenParent.Pooled:F3}");
        Assert.True(n.ChildrenGivenRight.Pooled >= 0.6, $"children given their parent: {n.ChildrenGivenRight.Pooled:F3}");
        Assert.True(n.Calibration.ExpectedError <= 0.05, $"ECE {n.Calibration.ExpectedError:F3}");
        Assert.NotNull(eco.Trained.Model.ParentMap);
    }

    [Fact]
    public void Infer_gives_a_root_with_plausible_candidates_no_parent_but_names_a_linked_parent()
    {
        // A ranker and maps trained on the synthetic ecosystem, applied to a hand-built snapshot: 'acme/orca-7b' shares
        // task, library, architecture and tags with a crowd of earlier models but names none and is named after none.
        var model = eco.Trained.Model;
        var (s, t) = Session(
            Model("acme/orca-7b", 40, 900, modelType: "bert", card: "# Orca 7B\nA model card about topic 1 with enough words to count as a body of text.",
                task: "fill-mask", library: "transformers", tags: ["pytorch", "topic-1"]),
            Model("org/obscure-base", 0, 12, modelType: "bert", task: "fill-mask", library: "transformers"),
            Model("kid/obscure-base-gguf", 10, 1, modelType: "bert", task: "fill-mask", library: "transformers",
                card: "This model is a quantized version of [org/obscure-base](https://huggingface.co/org/obscure-base)."));
        var edges = s.Infer(model, NoParentReport.DefaultThreshold);
        Assert.DoesNotContain(edges, e => e.Child == t.IndexOf["acme/orca-7b"]);
        Assert.Contains(edges, e => e.Child == t.IndexOf["kid/obscure-base-gguf"] && e.Parent == t.IndexOf["org/obscure-base"]);
        Assert.All(edges, e => Assert.InRange(e.Score, NoParentReport.DefaultThreshold, 1));
    }
}
