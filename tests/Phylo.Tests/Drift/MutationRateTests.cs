using Phylo.Analyses;
using Phylo.Analyses.Drift;
using Phylo.Graph;
using Phylo.Table;

namespace Phylo.Tests.Drift;

public class MutationRateTests
{
    private static readonly DriftOptions Options = new() { Traits = [TraitKind.License, TraitKind.Language], Parallelism = 1 };

    private static (ModelTable, FamilyGraph) Graph()
    {
        var h = new HandGraph();
        h.Model("base", licenses: ["apache-2.0"], languages: ["English", "French"]);
        h.Model("swap", licenses: ["mit"], languages: ["English"], parents: HandGraph.Finetune("base"));         // license 1, language 1/2
        h.Model("both", licenses: ["apache-2.0", "mit"], parents: HandGraph.Finetune("base"));                   // license 1/2, no language
        h.Model("none", parents: HandGraph.Finetune("base"));                                                     // nothing: excluded
        h.Model("quant", licenses: ["apache-2.0"], languages: ["German"], parents: [("base", RelationMask.Quantized)]); // license 0, language 1
        h.Model("other", licenses: ["gemma"]);
        h.Model("merged", licenses: ["gemma"], parents: [("other", RelationMask.Merge), ("swap", RelationMask.Merge)]); // gemma→gemma 0, mit→gemma 1
        return h.Build();
    }

    [Fact]
    public void Rates_are_mean_jaccard_distances_over_edges_with_both_sets()
    {
        var (table, graph) = Graph();
        TraitMutation license = MutationRate.Finish(MutationRate.Compute(table, graph, FamilyShard.All, Options), Options)[0];

        Assert.Equal(new RateN((1 + 0.5) / 2, 2), license.Study);
        Assert.Equal(new RateN((1 + 0.5) / 2, 2), license.Views[(int)GraphView.Finetune]);
        Assert.Equal(new RateN((1 + 0.5 + 0 + 0 + 1) / 5, 5), license.Views[(int)GraphView.All]);
        Assert.Equal(new RateN(0, 1), license.Relations[(int)EdgeType.Quantized]);
        Assert.Equal(new RateN(0.5, 2), license.Relations[(int)EdgeType.Merge]);
        Assert.Equal(0, license.Relations[(int)EdgeType.Adapter].N);
        Assert.True(double.IsNaN(license.Relations[(int)EdgeType.Adapter].Rate));
        // Both links of "merged" are merges, so the no-merge forest leaves it a root.
        Assert.Equal(new RateN((1 + 0.5 + 0) / 3, 3), license.Views[(int)GraphView.NoMerge]);
    }

    [Fact]
    public void Language_rate_counts_only_edges_where_both_declare_languages()
    {
        var (table, graph) = Graph();
        TraitMutation language = MutationRate.Finish(MutationRate.Compute(table, graph, FamilyShard.All, Options), Options)[1];
        Assert.Equal(TraitKind.Language, language.Trait);
        Assert.Equal(new RateN(0.5, 1), language.Study);
        Assert.Equal(new RateN((0.5 + 1) / 2, 2), language.Views[(int)GraphView.All]);
    }

    [Fact]
    public void Large_sets_beyond_the_dense_histogram_are_exact()
    {
        var h = new HandGraph();
        var many = Enumerable.Range(0, 40).Select(i => "l" + i).ToArray();
        h.Model("p", licenses: many);
        h.Model("c", licenses: [.. many[..30], "x1", "x2", "x3"], parents: HandGraph.Finetune("p")); // ∩ 30, ∪ 43
        var (table, graph) = h.Build();
        var rate = MutationRate.Finish(MutationRate.Compute(table, graph, FamilyShard.All, Options), Options)[0].Study;
        Assert.Equal(new RateN(13.0 / 43, 1), rate);
    }
}
