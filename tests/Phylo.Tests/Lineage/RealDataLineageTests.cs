using Phylo.Lineage;
using Phylo.Tests.Infrastructure;

namespace Phylo.Tests.Lineage;

public sealed class RealDataLineageTests
{
    /// <summary>All real families together, 5 family folds. Measured (seed 42): candidate recall 0.963, ranker P@1 0.587
    /// (fold mean), baseline 0.162; ECE 0.026 (native-notes/lineage.md).</summary>
    [RealDataFact]
    public void Ranker_recovers_hidden_real_edges_better_than_card_similarity()
    {
        var r = TestIngest.Run([.. RealData.FamilyFiles(), RealData.GraphSample]);
        var session = new LineageSession(r.Table, r.Graph, new LineageOptions { Seed = 42, Threads = 2 });
        var result = session.Evaluate();
        Assert.True(result.HeldOutChildren >= 2000, $"{result.HeldOutChildren} held-out children");
        Assert.True(result.Model[0].Mean >= 0.9, $"candidate recall {result.Model[0].Mean:F3}");
        Assert.True(result.Model[1].Mean > result.Baseline[1].Mean + 0.2, $"P@1 {result.Model[1].Mean:F3} vs {result.Baseline[1].Mean:F3}");
        Assert.True(result.Model[3].Mean > result.Baseline[3].Mean, $"MRR {result.Model[3].Mean:F3} vs {result.Baseline[3].Mean:F3}");
        Assert.True(result.Calibration.ExpectedError <= 0.08, $"ECE {result.Calibration.ExpectedError:F3}");
        var mention = result.Sources.Single(s => s.Key == "mention");
        Assert.True(mention.Recall > 0.2, "real cards name their parents in prose");
    }
}
