using Phylo.Lineage;
using Phylo.Tests.Infrastructure;

namespace Phylo.Tests.Lineage;

public sealed class RealDataLineageTests
{
    /// <summary>All real families together: hide the held-out families' declared edges and recover them.
    /// Measured (seed 42): ranker P@1 0.213, MRR 0.287; baseline 0.116, 0.168 (bench/README.md, "Lineage").</summary>
    [RealDataFact]
    public void Ranker_recovers_hidden_real_edges_better_than_card_similarity()
    {
        var r = TestIngest.Run([.. RealData.FamilyFiles(), RealData.GraphSample]);
        var session = new LineageSession(r.Table, r.Graph, new LineageOptions { Seed = 42, Threads = 2 });
        var result = session.Evaluate();
        Assert.True(result.HeldOutChildren >= 100, $"{result.HeldOutChildren} held-out children");
        Assert.True(result.Model.PrecisionAt1 > result.Baseline.PrecisionAt1, $"P@1 {result.Model.PrecisionAt1:F3} vs {result.Baseline.PrecisionAt1:F3}");
        Assert.True(result.Model.Mrr > result.Baseline.Mrr, $"MRR {result.Model.Mrr:F3} vs {result.Baseline.Mrr:F3}");
    }
}
